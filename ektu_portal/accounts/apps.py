from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ektu_portal.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from rest_framework.authtoken.models import Token

        from ektu_portal.accounts.authentication import forget_token, forget_user
        from ektu_portal.accounts.models import User

        # The cached API authentication (issue 15) forgets a token or user the moment it changes.
        post_delete.connect(forget_token, sender=Token, dispatch_uid="accounts-forget-token")
        post_save.connect(forget_user, sender=User, dispatch_uid="accounts-forget-user-saved")
        post_delete.connect(forget_user, sender=User, dispatch_uid="accounts-forget-user-deleted")
