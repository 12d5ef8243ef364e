from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ektu_portal.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out
        from django.db.models.signals import post_delete, post_save, pre_save
        from rest_framework.authtoken.models import Token

        from ektu_portal.accounts.authentication import forget_token, forget_user
        from ektu_portal.accounts.models import User
        from ektu_portal.accounts.signals import (
            note_password_change,
            revoke_tokens_on_password_change,
            revoke_tokens_on_sign_out,
        )

        # The cached API authentication (issue 15) forgets a token or user the moment it changes.
        post_delete.connect(forget_token, sender=Token, dispatch_uid="accounts-forget-token")
        post_save.connect(forget_user, sender=User, dispatch_uid="accounts-forget-user-saved")
        post_delete.connect(forget_user, sender=User, dispatch_uid="accounts-forget-user-deleted")
        # API tokens die with a sign-out and with a password change (issue 16).
        user_logged_out.connect(revoke_tokens_on_sign_out, dispatch_uid="accounts-revoke-tokens-sign-out")
        pre_save.connect(note_password_change, sender=User, dispatch_uid="accounts-note-password-change")
        post_save.connect(revoke_tokens_on_password_change, sender=User,
                          dispatch_uid="accounts-revoke-tokens-password-change")
