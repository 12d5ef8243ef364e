"""GR-3, beyond the rule: a student sees classes missed against the 50% limit per discipline, is e-mailed
once on passing 40%, and the adviser sees which advisees are at risk."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from ektu_portal.academics.models import Student
from grading import services
from grading.models import AttendanceWarning
from grading.notifications import send_attendance_warnings
from grading.selectors import advisees_at_risk, student_attendance
from grading.tests.conftest import DB2201

pytestmark = pytest.mark.django_db
SHEET = f"/api/v1/sections/{DB2201}/sheet"


@pytest.fixture
def counted(api: Any, enrolled: None) -> None:
    """30 classes held. s25001: 10 missed + 10 lates (= 2 more, GR-3) = 12 — 40%, at risk.
    s25002: 11 missed + 4 lates (none counts yet) = 11 — 36.7%."""
    response = api("adv.sarsen").put(SHEET, {"rows": [
        {"student": "s25001", "classes_held": 30, "absences": 10, "lates_over_20_min": 10},
        {"student": "s25002", "classes_held": 30, "absences": 11, "lates_over_20_min": 4}]}, format="json")
    assert response.status_code == 200, response.content


def student(username: str) -> Student:
    return Student.objects.get(user__username=username)


def test_a_student_sees_missed_classes_against_the_limit(counted: None) -> None:
    [line] = [line for line in student_attendance(student("s25001")) if line.discipline.code == "DB2201"]
    assert (line.classes_held, line.absences, line.lates_over_20_min, line.missed) == (30, 10, 10, 12)
    assert (line.missed_percent, line.limit_percent, line.at_risk, line.over_limit) == (
        Decimal("40.0"), Decimal(50), True, False)
    [other] = student_attendance(student("s25002"))
    assert (other.missed, other.missed_percent, other.at_risk) == (11, Decimal("36.7"), False)


def test_over_the_limit(api: Any, counted: None) -> None:
    api("adv.sarsen").put(SHEET, {"rows": [{"student": "s25001", "absences": 16}]}, format="json")
    [line] = student_attendance(student("s25001"))
    # 16 + 10 // 5 = 18 of 30 = 60%: more than half (GR-3)
    assert (line.missed, line.missed_percent, line.over_limit) == (18, Decimal("60.0"), True)


def test_the_student_is_emailed_once(counted: None, django_capture_on_commit_callbacks: Any) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username__in=["s25001", "s25002"]).update(email="x@edu.ektu.kz")
    get_user_model().objects.filter(username="s25001").update(email="s25001@edu.ektu.kz")
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.attendance_warnings_send(now=now) == 1
    assert [c.func.__self__.name for c in callbacks] == ["grading.notify_attendance_warnings"]
    assert services.attendance_warnings_send(now=now + timedelta(hours=1)) == 0  # never twice
    warning = AttendanceWarning.objects.get()
    assert (warning.result.student.user.username, warning.missed, warning.classes_held) == ("s25001", 12, 30)
    assert send_attendance_warnings([warning.pk]) == 1
    assert mail.outbox[0].to == ["s25001@edu.ektu.kz"]
    assert "DB2201" in mail.outbox[0].body and "12" in mail.outbox[0].body and "50%" in mail.outbox[0].body


def test_a_posted_sheet_warns_nobody(api: Any, counted: None) -> None:
    """Once the sheet is posted the classes are over: there is nothing left to warn about."""
    api("adv.sarsen").put(SHEET, {"rows": [
        {"student": "s25001", "r1": 70, "r2": 80, "exam": 60, "coursework_submitted": True},
        {"student": "s25002", "r1": 40, "r2": 45}]}, format="json")
    assert api("adv.sarsen").post(SHEET + "/post").status_code == 200
    assert services.attendance_warnings_send(now=timezone.now()) == 0
    assert advisees_at_risk(student("s25001").adviser) == ()


def test_the_adviser_sees_advisees_at_risk(counted: None, user: Any) -> None:
    [risk] = advisees_at_risk(user("adv.sarsen"))  # s25001's adviser
    assert (risk.student, risk.full_name, risk.discipline.code, risk.missed_percent) == (
        "s25001", "Әлиев Нұрлан Серікұлы", "DB2201", Decimal("40.0"))
    assert advisees_at_risk(user("adv.other")) == ()  # s25002's adviser: 36.7% is not at risk


@pytest.mark.parametrize(("who", "status"), [
    ("s25001", 200), ("adv.sarsen", 200), ("dean.sdt", 200), ("reg.office", 200),
    ("s25002", 404), ("adv.other", 404), ("dean.sem", 404), (None, 401)])
def test_attendance_api_permission_matrix(api: Any, counted: None, who: str | None, status: int) -> None:
    response = api(who).get("/api/v1/students/s25001/attendance")
    assert response.status_code == status
    if status == 200:
        [line] = response.json()
        assert (line["discipline"], line["missed"], line["missed_percent"], line["at_risk"]) == (
            "DB2201", 12, "40.0", True)


@pytest.mark.parametrize(("who", "status", "students"), [
    ("adv.sarsen", 200, ["s25001"]), ("adv.other", 200, []), ("s25001", 403, None), ("reg.office", 403, None),
    (None, 401, None)])
def test_at_risk_api(api: Any, counted: None, who: str | None, status: int,
                     students: list[str] | None) -> None:
    response = api(who).get("/api/v1/advisees/at-risk")
    assert response.status_code == status
    if students is not None:
        assert [r["student"] for r in response.json()] == students
