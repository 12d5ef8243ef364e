"""API tokens expire and are revoked (issue 16; OWASP ASVS 5.0 7.x).

A token (DRF's ``authtoken``, one per person) lives ``API_TOKEN_TTL`` seconds from its ``created``;
after that both authentications (DRF's, and the registration API's cached one) answer 401 problem
details with code ``token_expired``. Signing in again replaces an expired token with a new one.
Tokens are deleted when their person signs out or their password changes (``accounts.signals``); the
deletion makes the cached authentication forget them at once (``authentication.forget_token``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_lazy
from rest_framework import exceptions
from rest_framework.authtoken.models import Token

from ektu_portal.core.errors import DomainError


class TokenExpired(DomainError, exceptions.AuthenticationFailed):
    """An expired token: a DRF authentication failure (DRF marks the request unauthenticated and keeps
    looking for nothing else) answered as the portal's problem details with its own code."""

    status = 401
    code = "token_expired"
    title = gettext_lazy("The token has expired")

    def __init__(self) -> None:
        super().__init__(gettext("The API token has expired: sign in again for a new one."))


def token_lifetime() -> timedelta:
    return timedelta(seconds=settings.API_TOKEN_TTL)


def token_expires(created: datetime) -> datetime:
    return created + token_lifetime()


def token_expired(created: datetime, now: datetime) -> bool:
    return now >= token_expires(created)


def token_issue(*, user: AbstractBaseUser, now: datetime) -> Token:
    """The person's token for a sign-in: the one they hold while it lasts, a new one in place of an
    expired one (never an expired key again)."""
    token = Token.objects.filter(user=user).first()
    if token is not None and not token_expired(token.created, now):
        return token
    if token is not None:
        token.delete()  # post_delete: the cached authentication forgets it
    try:
        with transaction.atomic():
            return Token.objects.create(user=user)
    except IntegrityError:  # a simultaneous sign-in of the same person made it first
        return Token.objects.get(user=user)


def tokens_revoke(*, user_id: int) -> int:
    """Delete the person's API tokens (sign-out, password change); each deletion is forgotten by the
    cached authentication at once (post_delete signal)."""
    deleted, _ = Token.objects.filter(user_id=user_id).delete()
    return deleted
