"""The frame of every page: sign-in, role-aware home, languages, no open sign-up."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def signed_in(client: Any, username: str) -> Any:
    response = client.post("/accounts/login/", {"login": username, "password": "contract-pass-1234"})
    assert response.status_code == 302, response.content[:500]
    return client


def test_home_needs_sign_in(client: Any, university: Any) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_sign_in_by_email(client: Any, university: Any) -> None:
    response = client.post("/accounts/login/", {"login": "g.sarsenova@example.edu",
                                                 "password": "contract-pass-1234"})
    assert response.status_code == 302


def test_wrong_password_is_a_form_error(client: Any, university: Any) -> None:
    response = client.post("/accounts/login/", {"login": "s25001", "password": "nope-nope-nope"})
    assert response.status_code == 200
    assert b'class="form-errors"' in response.content


def test_no_open_sign_up(client: Any, university: Any) -> None:
    """Accounts come from the university's records only."""
    from ektu_portal.accounts.models import User

    client.post("/accounts/signup/", {"username": "intruder", "email": "x@example.com",
                                      "password1": "x-Y-z-12345678", "password2": "x-Y-z-12345678"})
    assert not User.objects.filter(username="intruder").exists()
    assert b"intruder" not in client.get("/accounts/signup/", follow=True).content


@pytest.mark.parametrize(("username", "sees", "does_not_see"), [
    ("s25001", ["student-heading"], ["adviser-heading", "registrar-heading", "dean-heading"]),
    ("adv.sarsen", ["adviser-heading", "instructor-heading", "s25001"], ["student-heading", "s25002"]),
    ("dean.sdt", ["dean-heading", "6B06102"], ["6B07201", "student-heading"]),
    ("reg.office", ["registrar-heading"], ["student-heading", "dean-heading"]),
    ("admin.portal", ["admin-heading"], ["student-heading"]),
])
def test_home_shows_each_role_its_own_panel(client: Any, university: Any, username: str, sees: list[str],
                                            does_not_see: list[str]) -> None:
    page = signed_in(client, username).get("/").content.decode()
    for text in sees:
        assert text in page
    for text in does_not_see:
        assert text not in page


def test_kazakh_is_the_default_and_languages_switch(client: Any, university: Any) -> None:
    signed_in(client, "s25001")
    page = client.get("/").content.decode()
    assert '<html lang="kk">' in page
    assert "Менің оқуым" in page  # "My studies"
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="ru">' in page and "Моя учёба" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "My studies" in client.get("/").content.decode()


def test_unknown_page_is_a_friendly_404(client: Any, university: Any) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404 and b"<html" in response.content


def test_health_reports_database_and_redis(client: Any, db: Any) -> None:
    body = client.get("/health").json()
    assert body["database"] == "ok" and body["redis"] == "ok"
