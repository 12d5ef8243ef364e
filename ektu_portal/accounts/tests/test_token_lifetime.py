"""Issue 16: API tokens expire (API_TOKEN_TTL) and die with a sign-out or a password change — in DRF's
token authentication (every endpoint but registration's) and in registration's cached one alike, at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ektu_portal.accounts import hot_cache
from ektu_portal.accounts.authentication import CachedTokenAuthentication, _token_key
from ektu_portal.accounts.models import User
from ektu_portal.accounts.tokens import TokenExpired

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token"
ME = "/api/v1/me"  # DRF's token authentication (the default)
OFFER = "/api/v1/registration/offer"  # the cached authentication (registration day)
PASSWORD = "contract-pass-1234"
DAY = 24 * 60 * 60


def token_client(username: str = "s25001") -> tuple[APIClient, str]:
    client = APIClient()
    response = client.post(TOKEN, {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token " + response.json()["token"])
    return client, response.json()["token"]


def age(key: str, seconds: int) -> None:
    """Move the token's issue back in time (a bulk update: no signal, as if time had passed)."""
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(seconds=seconds))


def test_the_token_says_when_it_expires(university: Any, settings: Any) -> None:
    settings.API_TOKEN_TTL = 7 * DAY
    before = timezone.now()
    response = APIClient().post(TOKEN, {"username": "s25001", "password": PASSWORD}, format="json")
    expires = datetime.fromisoformat(response.json()["expires"])
    assert before + timedelta(days=7) <= expires <= timezone.now() + timedelta(days=7)


def test_an_expired_token_is_refused_by_drf_token_authentication(university: Any, settings: Any) -> None:
    settings.API_TOKEN_TTL = 30 * DAY
    client, key = token_client()
    age(key, 30 * DAY - 60)
    assert client.get(ME).status_code == 200  # a minute of its 30 days left
    age(key, 30 * DAY + 1)
    expired = client.get(ME)
    assert (expired.status_code, expired.json()["code"]) == (401, "token_expired")
    assert expired["WWW-Authenticate"] == "Token"  # how to authenticate again (RFC 9110 §11.6.1)


def test_an_expired_token_is_refused_by_the_cached_authentication_at_once(
        university: Any, settings: Any, monkeypatch: pytest.MonkeyPatch,
        django_assert_num_queries: Any) -> None:
    settings.API_TOKEN_TTL = DAY
    client, key = token_client()
    assert client.get(OFFER).status_code == 200  # the token is now in the cache
    later = timezone.now() + timedelta(seconds=DAY + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with django_assert_num_queries(0), pytest.raises(TokenExpired):  # from the cache, without a query
        CachedTokenAuthentication().authenticate_credentials(key)
    expired = client.get(OFFER)
    assert (expired.status_code, expired.json()["code"]) == (401, "token_expired")
    assert expired["WWW-Authenticate"] == "Token"


def test_signing_in_again_replaces_an_expired_token(university: Any, settings: Any) -> None:
    settings.API_TOKEN_TTL = DAY
    client, old = token_client()
    assert token_client()[1] == old  # while it lasts, signing in again gives the same token
    age(old, DAY + 1)
    fresh_client, fresh = token_client()
    assert fresh != old
    assert fresh_client.get(ME).status_code == 200 and fresh_client.get(OFFER).status_code == 200
    assert client.get(ME).status_code == 401


def test_signing_out_revokes_the_token_in_both_authentications(client: Any, university: Any) -> None:
    api, key = token_client()
    assert api.get(OFFER).status_code == 200 and api.get(ME).status_code == 200  # cached now
    client.post("/accounts/login/", {"login": "s25001", "password": PASSWORD})
    client.post("/accounts/logout/")
    assert hot_cache.get(_token_key(key)) is None
    assert api.get(OFFER).status_code == 401
    assert api.get(ME).status_code == 401
    other, _ = token_client("s25002")  # someone else's sign-out revokes nothing of theirs
    assert other.get(ME).status_code == 200


def test_a_password_change_revokes_the_token_in_both_authentications(client: Any, university: Any) -> None:
    api, key = token_client()
    assert api.get(OFFER).status_code == 200 and api.get(ME).status_code == 200
    client.post("/accounts/login/", {"login": "s25001", "password": PASSWORD})
    changed = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "a-new-pass-5678!", "password2": "a-new-pass-5678!"})
    assert changed.status_code == 302
    assert api.get(OFFER).status_code == 401 and api.get(ME).status_code == 401
    assert not Token.objects.filter(key=key).exists()


def test_a_password_set_in_a_shell_revokes_the_token_and_other_saves_do_not(university: Any) -> None:
    api, _key = token_client()
    assert api.get(OFFER).status_code == 200
    person = User.objects.get(username="s25001")
    person.full_name = "Әлиев Нұрлан"
    person.save()  # not a password change: the token lives on
    assert api.get(ME).status_code == 200 and api.get(OFFER).status_code == 200
    person.set_password("another-pass-5678")
    person.save()
    assert api.get(OFFER).status_code == 401 and api.get(ME).status_code == 401
