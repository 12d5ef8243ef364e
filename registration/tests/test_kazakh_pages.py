"""Issue 9: what a Kazakh reader meets on registration's pages — no raw code, people by name, names in
Kazakh alphabetical order."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from ektu_portal.academics.models import AcademicPeriod, Program, Student

pytestmark = pytest.mark.django_db
PASSWORD = "contract-pass-1234"
# What the page showed before issue 9 (`study_plan.submit · draft → submitted`) and every code of RG-6.
RAW_CODES = ("study_plan.", "adviser_approve", "adviser_return", "dean_approve", "dean_return", "reopened",
             "draft", "submitted", "returned", "approved")


def sign_in_kk(client: Any, who: str) -> Any:
    client.post("/accounts/login/", {"login": who, "password": PASSWORD})
    client.post("/i18n/setlang/", {"language": "kk", "next": "/"})
    return client


def text_of(page: str, start: str, end: str) -> str:
    """The words a reader sees between two markers of the page (tags and attributes left out)."""
    part = page[page.index(start):]
    part = part[:part.index(end)]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())


def test_plan_history_reads_in_kazakh_with_full_names(api: Any, client: Any,
                                                       open_window: AcademicPeriod) -> None:
    student = api("s25001")
    student.post("/api/v1/registration/enrollments", {"section": "DB2201-2026F-01"}, format="json")
    plan_id = student.post("/api/v1/registration/plan/submit", {}, format="json").json()["id"]
    api("adv.sarsen").post(f"/api/v1/registration/plans/{plan_id}/decision",
                           {"decision": "return", "comment": "Басқа топты таңдаңыз"}, format="json")

    page = sign_in_kk(client, "adv.sarsen").get(f"/registration/plans/{plan_id}/").content.decode()
    history = text_of(page, '<ol class="history">', "</ol>")
    assert not [code for code in RAW_CODES if code in history], history
    assert "s25001" not in history and "adv.sarsen" not in history
    # The student submitted it ("Submitted to the adviser": Эдвайзерге жіберілді; draft → with the adviser:
    # жоба → эдвайзерде), the adviser returned it ("Returned for changes": Түзетуге қайтарылды; with the
    # adviser → returned for changes: эдвайзерде → түзетуге қайтарылды) — the words of locale/kk — each
    # step by the person's full name, the comment as written.
    assert "Әлиев Нұрлан Серікұлы · Эдвайзерге жіберілді · жоба → эдвайзерде" in history
    assert "Сәрсенова Гүлнар · Түзетуге қайтарылды · эдвайзерде → түзетуге қайтарылды" in history
    assert "«Басқа топты таңдаңыз»" in history
    # The heading names the period in words, not "2026-F".
    assert "2026-F" not in text_of(page, "<h1", "</h1>")


def test_the_adviser_sees_advisees_by_name_in_kazakh_order(client: Any, open_window: AcademicPeriod) -> None:
    users = get_user_model()
    program = Program.objects.get(code="6B06102")
    adviser = users.objects.get(username="adv.sarsen")
    for username, full_name in (("s25090", "Бекова Дана"), ("s25091", "Ахметов Асқар")):
        Student.objects.create(user=users.objects.create_user(username=username, full_name=full_name),
                               program=program, intake_year=2025, course_year=2, funding="paid",
                               adviser=adviser)
    page = sign_in_kk(client, "adv.sarsen").get("/registration/plans/").content.decode()
    advisees = text_of(page, 'id="advisees"', "</section>")
    # The Kazakh alphabet: А, Ә, Б — so Әлиев stands between Ахметов and Бекова (a code-point sort
    # would put Ә after every Russian letter, last).
    names = ["Ахметов Асқар", "Әлиев Нұрлан Серікұлы", "Бекова Дана"]
    assert [advisees.index(name) for name in names] == sorted(advisees.index(name) for name in names)
    assert not re.search(r"s250\d\d", advisees)  # names, never usernames


def test_the_adviser_sees_who_is_at_risk_of_the_attendance_limit(api: Any, client: Any,
                                                                 university: Any) -> None:
    """GR-3, beyond the rule: 10 classes missed and 10 lates over 20 minutes (five make one more missed
    class: 2) of 30 held is 12 of 30 — 40%, the warning mark (grading decides; the queue shows it)."""
    from ektu_portal.academics.loading import load_university

    university["sections"][1]["enrolled"] = ["s25001"]  # DB2201-2026F-01, taught by adv.sarsen
    load_university(university, allow_passwords=True)
    response = api("adv.sarsen").put("/api/v1/sections/DB2201-2026F-01/sheet", {"rows": [
        {"student": "s25001", "classes_held": 30, "absences": 10, "lates_over_20_min": 10}]}, format="json")
    assert response.status_code == 200, response.content
    client.post("/accounts/login/", {"login": "adv.sarsen", "password": PASSWORD})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/registration/plans/").content.decode()
    advisee = text_of(page, 'data-advisee="', "</tr>")
    assert "Әлиев Нұрлан Серікұлы" in advisee and "DB2201 · 40.0% missed" in advisee
