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


def test_the_kept_main_navigation_is_each_persons_own(university: Any) -> None:
    """Issue 15: the navigation is rendered once per language, roles and page and kept in the process.
    Whatever was kept before, each person sees their own links, in their language, with the current page
    marked — the same as rendered fresh."""
    from django.test import Client

    from ektu_portal.core.templatetags import portal_nav

    def nav(username: str, path: str, language: str) -> str:
        client = signed_in(Client(), username)
        client.post("/i18n/setlang/", {"language": language, "next": path})
        page = client.get(path).content.decode()
        return page[page.index('<nav class="main-nav"'):page.index("</nav>")]

    visits = [("s25001", "/", "kk"), ("reg.office", "/", "kk"), ("s25001", "/registration/", "kk"),
              ("s25001", "/", "ru"), ("reg.office", "/", "en"), ("adv.sarsen", "/", "kk")]
    portal_nav._rendered.clear()
    kept = [nav(*visit) for visit in visits]  # each after the ones before it were kept
    fresh = []
    for visit in visits:
        portal_nav._rendered.clear()
        fresh.append(nav(*visit))
    assert kept == fresh
    student, registrar, on_registration, russian, english, adviser = kept
    assert 'href="/registration/"' in student and 'href="/registration/office/"' not in student
    assert 'href="/registration/office/"' in registrar and 'href="/registration/"' not in registrar
    assert 'href="/registration/" aria-current="page"' in on_registration
    assert 'href="/registration/" aria-current="page"' not in student
    assert "Регистрация" in russian and "Registration office" in english
    assert 'href="/registration/plans/"' in adviser and 'href="/registration/plans/"' not in student
    assert len(set(kept)) == len(kept)
