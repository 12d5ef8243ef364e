"""API tokens revoked when their person signs out or their password changes (issue 16, ASVS 7.x).

Sign-out: Django's ``user_logged_out`` (allauth's sign-out and the admin's send it). Password change:
any save of a person whose password hash is no longer the stored one (allauth's change / set / reset
forms, the admin's password form, ``set_password`` + ``save`` in a shell). A bulk ``update`` bypasses
signals: whoever writes passwords in bulk revokes tokens with ``tokens.tokens_revoke`` too.
"""

from __future__ import annotations

from typing import Any

from ektu_portal.accounts.models import User
from ektu_portal.accounts.tokens import tokens_revoke


def revoke_tokens_on_sign_out(sender: Any, request: Any, user: User | None, **_: Any) -> None:
    if user is not None and user.pk is not None:
        tokens_revoke(user_id=user.pk)


def note_password_change(sender: Any, instance: User, update_fields: Any = None, **_: Any) -> None:
    """Before a save: does it change the stored password hash? (Read once, only when the password may
    be among the fields written; signing in saves ``last_login`` alone.)"""
    instance._ektu_password_changed = False  # type: ignore[attr-defined]
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._ektu_password_changed = stored is not None and stored != instance.password  # type: ignore[attr-defined]


def revoke_tokens_on_password_change(sender: Any, instance: User, created: bool = False, **_: Any) -> None:
    if getattr(instance, "_ektu_password_changed", False):
        instance._ektu_password_changed = False  # type: ignore[attr-defined]
        tokens_revoke(user_id=instance.pk)
