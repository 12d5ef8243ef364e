"""Issue 15: registration day's authentication — the API's and the pages' — answers from Redis, and still
refuses what Django and DRF refuse: a deleted token, a deactivated person, a session whose password
changed."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ektu_portal.accounts.authentication import CachedTokenAuthentication
from ektu_portal.accounts.models import User

pytestmark = pytest.mark.django_db
OFFER = "/api/v1/registration/offer"


def test_a_known_token_is_checked_without_a_query(api: Any, django_assert_num_queries: Any) -> None:
    assert api("s25001").get(OFFER).status_code == 200  # the first request reads the token and caches it
    key = Token.objects.get(user__username="s25001").key
    with django_assert_num_queries(0):
        user, _token = CachedTokenAuthentication().authenticate_credentials(key)
    assert (user.username, user.full_name, user.is_active) == ("s25001", "Әлиев Нұрлан Серікұлы", True)


def test_an_unknown_token_is_refused(university: Any) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get(OFFER).status_code == 401


def test_a_deleted_token_is_refused_at_once(api: Any) -> None:
    client = api("s25001")
    assert client.get(OFFER).status_code == 200
    Token.objects.filter(user__username="s25001").delete()
    assert client.get(OFFER).status_code == 401


def test_a_deactivated_person_is_refused_at_once(api: Any) -> None:
    client = api("s25001")
    assert client.get(OFFER).status_code == 200
    person = User.objects.get(username="s25001")
    person.is_active = False
    person.save()
    assert client.get(OFFER).status_code == 401


def test_the_cached_person_reads_the_password_from_the_database(api: Any) -> None:
    """The cache never holds the password: it is loaded when something asks for it."""
    api("s25001").get(OFFER)
    user, _token = CachedTokenAuthentication().authenticate_credentials(
        Token.objects.get(user__username="s25001").key)
    assert user.check_password("contract-pass-1234")


def test_a_session_works_until_the_password_changes(client: Any, university: Any) -> None:
    client.post("/accounts/login/", {"login": "s25001", "password": "contract-pass-1234"})
    assert client.get(OFFER).status_code == 200
    assert client.get(OFFER).status_code == 200  # from the cache
    person = User.objects.get(username="s25001")
    person.set_password("another-pass-5678")
    person.save()
    assert client.get(OFFER).status_code in (401, 403)  # signed out, as Django signs a session out


PAGE = "/registration/"


def _signed_in(client: Any) -> Any:
    client.post("/accounts/login/", {"login": "s25001", "password": "contract-pass-1234"})
    return client


def test_a_page_reads_the_signed_in_person_without_a_query(client: Any, university: Any,
                                                          django_assert_num_queries: Any) -> None:
    from django.contrib.auth import SESSION_KEY

    from ektu_portal.accounts.authentication import cached_session_user

    _signed_in(client)
    assert client.get(PAGE).status_code == 200  # the first page reads the person and keeps them
    session = client.session
    with django_assert_num_queries(0):
        user = cached_session_user(session)
    assert user is not None and (user.pk, user.username) == (int(session[SESSION_KEY]), "s25001")
    assert user.check_password("contract-pass-1234")  # the password is loaded when asked for


def test_a_page_signs_out_a_session_whose_password_changed(client: Any, university: Any) -> None:
    _signed_in(client)
    assert client.get(PAGE).status_code == 200
    assert client.get(PAGE).status_code == 200  # from the cache
    person = User.objects.get(username="s25001")
    person.set_password("another-pass-5678")
    person.save()
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_page_refuses_a_deactivated_person_at_once(client: Any, university: Any) -> None:
    _signed_in(client)
    assert client.get(PAGE).status_code == 200
    person = User.objects.get(username="s25001")
    person.is_active = False
    person.save()
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_page_shows_the_name_saved_a_moment_ago(client: Any, university: Any) -> None:
    """Saving a person forgets what was kept of them: the header names them as they are now."""
    _signed_in(client)
    client.get(PAGE)
    person = User.objects.get(username="s25001")
    person.full_name = "Әлиев Нұрлан Серікұлы-Жаңа"
    person.save()
    assert "Әлиев Нұрлан Серікұлы-Жаңа" in client.get(PAGE).content.decode()
