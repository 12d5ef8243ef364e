"""Issue 9: API problem titles follow Accept-Language, and are English when none is sent."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/students/nobody/transcript"


@pytest.mark.parametrize(("header", "english"), [(None, True), ("en", True), ("kk", False), ("ru", False),
                                                 ("ru-RU,ru;q=0.9,en;q=0.5", False)])
def test_a_problem_title_speaks_the_language_asked_for(api: Any, header: str | None, english: bool) -> None:
    extra = {"HTTP_ACCEPT_LANGUAGE": header} if header else {}
    body = api("reg.office").get(URL, **extra).json()
    assert body["code"] == "student_not_found"
    if english:
        assert body["title"] == "Not found"
    else:
        assert re.search(r"[а-яәғқңөұүһі]", body["title"], re.IGNORECASE), body["title"]


def test_drf_s_own_problems_are_english_without_a_header(api: Any) -> None:
    body = api(None).get("/api/v1/me").json()
    assert (body["code"], body["title"]) == ("not_authenticated",
                                             "Authentication credentials were not provided.")
