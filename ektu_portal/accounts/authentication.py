"""Authentication without a database query per request (issue 15), for the API and the pages.

DRF's ``TokenAuthentication`` reads the token and its user from PostgreSQL on every request, and Django's
``AuthenticationMiddleware`` (and through it DRF's ``SessionAuthentication``) reads the session's user
again. On registration day one student sends a dozen requests within seconds, so all three are answered
from Redis (shared by every web process) after the first: the token is still checked — looked up by its
digest, exactly as sent — and so are the user's ``is_active`` and, for a session, the session's password
hash, as Django checks them.

Freshness: deleting a token, or saving or deleting a user, forgets what was cached of them at once
(signals, connected in ``AccountsConfig.ready``); changes that bypass signals (a bulk update) are seen
within ``TTL`` seconds. The password itself is never cached: the cached user defers it, and anything that
reads it loads it from the database.

Tokens expire ``API_TOKEN_TTL`` seconds after they were issued (issue 16): ``ExpiringTokenAuthentication``
(DRF's, for every other endpoint) and the cached one alike answer 401 ``token_expired`` — the cached one
keeps the token's ``created`` beside the user and checks it on every request.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from ektu_portal.accounts import hot_cache as cache
from ektu_portal.accounts.models import User
from ektu_portal.accounts.tokens import TokenExpired, token_expired

TTL = 60
# Everything of the user but the password (deferred: loaded only if some code asks for it), in the model's
# own order, as ``Model.from_db`` takes them.
FIELDS = tuple(field.attname for field in User._meta.concrete_fields if field.attname != "password")


def _token_key(key: str) -> str:
    # "api-token" since a cached token holds its ``created`` too (issue 16): older entries are not read.
    return "auth:api-token:" + hashlib.sha256(key.encode()).hexdigest()


def _user_key(user_id: Any) -> str:
    return f"auth:user:{user_id}"


def _fields(user: User) -> tuple[Any, ...]:
    return tuple(getattr(user, name) for name in FIELDS)


def _user(fields: tuple[Any, ...]) -> User:
    return User.from_db("default", list(FIELDS), list(fields))


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's ``Authorization: Token <key>``; a token older than ``API_TOKEN_TTL`` is refused (401
    problem details, code ``token_expired``)."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        user, token = super().authenticate_credentials(key)  # refuses an unknown token or inactive user
        if token_expired(token.created, timezone.now()):
            raise TokenExpired()
        return user, token


class CachedTokenAuthentication(ExpiringTokenAuthentication):
    """``Authorization: Token <key>``, as DRF's, with the token and its user cached for ``TTL`` seconds."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        cached = cache.get(_token_key(key))
        if cached is not None:
            fields, created = cached
            if token_expired(created, timezone.now()):
                raise TokenExpired()
            user = _user(fields)
            return user, Token(key=key, user_id=user.pk, created=created)
        user, token = super().authenticate_credentials(key)  # unknown, expired token or inactive user
        cache.set(_token_key(key), (_fields(user), token.created), TTL)
        return user, token


def cached_session_user(session: Any) -> User | None:
    """The user a signed-in session names, from the cache (read once from the database and kept), when
    nothing is out of the ordinary: a known backend, no fallback secret keys, an active user and the
    session's password hash matching theirs. None otherwise — Django's own ``get_user`` then decides,
    and signs out a session whose password changed."""
    user_id = session.get(SESSION_KEY) if session is not None else None
    if (user_id is None or session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS
            or settings.SECRET_KEY_FALLBACKS):
        return None
    cached = cache.get(_user_key(user_id))
    if cached is None:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return None
        cached = (_fields(user), user.get_session_auth_hash())
        cache.set(_user_key(user_id), cached, TTL)
    fields, session_hash = cached
    if not constant_time_compare(session.get(HASH_SESSION_KEY) or "", session_hash):
        return None
    return _user(fields)


class CachedSessionAuthentication(SessionAuthentication):
    """The signed-in session, as DRF's (CSRF checked for unsafe methods), with the user read from the cache;
    a session whose password hash no longer matches, or any case out of the ordinary, is left to Django's
    own ``request.user`` (which signs it out)."""

    def authenticate(self, request: Request) -> tuple[User, None] | None:
        user = cached_session_user(getattr(request._request, "session", None))
        if user is None:
            return super().authenticate(request)
        self.enforce_csrf(request)
        return user, None


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's ``request.user`` for pages, read as the API reads a session (``cached_session_user``):
    on registration day a student opens the page again and again, and the user's row was a query every
    time (issue 15). Anything the cache cannot answer is Django's own ``get_user``."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _page_user(request))  # type: ignore[assignment]


def _page_user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):  # once per request, as Django's own middleware keeps it
        request._cached_user = cached_session_user(request.session) or auth.get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


def forget_token(sender: Any, instance: Token, **_: Any) -> None:
    cache.delete(_token_key(instance.key))


def forget_user(sender: Any, instance: User, **_: Any) -> None:
    tokens = Token.objects.filter(user_id=instance.pk).values_list("key", flat=True)
    cache.delete_many([_user_key(instance.pk), *(_token_key(key) for key in tokens)])


# The OpenAPI schema names these schemes (drf-spectacular): the same header and cookie as DRF's own
# token and session schemes, under names of their own, so the schema does not see two different
# authenticators under one name.
from drf_spectacular.extensions import OpenApiAuthenticationExtension  # noqa: E402


class CachedTokenScheme(OpenApiAuthenticationExtension):
    target_class = CachedTokenAuthentication
    name = "cachedTokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": 'Token-based authentication with required prefix "Token"'}


class CachedSessionScheme(OpenApiAuthenticationExtension):
    target_class = CachedSessionAuthentication
    name = "cachedCookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
