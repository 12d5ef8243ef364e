"""GR-12: a sheet posts only when every row is complete and the exams have begun — refused naming every
missing row and the day the session begins. GR-17: the state exam's appeal deadline counts from its
exam date, recorded on the sheet."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock

import pytest

from ektu_portal.academics.loading import load_university
from ektu_portal.academics.models import AcademicPeriod, Discipline, Enrollment, Section, Student
from grading import services
from grading.models import GradeSheet
from grading.tests.conftest import DB2201, at

pytestmark = pytest.mark.django_db
SHEET = f"/api/v1/sections/{DB2201}/sheet"


@pytest.fixture
def db2201(university: Any) -> None:
    """2026-F's exam session: 14–26 December 2026 (the contract's example calendar)."""
    university["sections"][1]["enrolled"] = ["s25001", "s25002"]
    load_university(university, allow_passwords=True)
    assert AcademicPeriod.objects.get(code="2026-F").exam_session_starts == date(2026, 12, 14)


def complete(user: Any) -> None:
    services.sheet_update(actor=user("adv.sarsen"), code=DB2201, rows=[
        {"student": "s25001", "r1": 70, "r2": 80, "exam": 60, "coursework_submitted": True},
        {"student": "s25002", "r1": 40, "r2": 45}])  # not admitted: complete without an exam


def test_posting_mid_period_names_every_missing_row_and_the_first_day(db2201: None, user: Any) -> None:
    services.sheet_update(actor=user("adv.sarsen"), code=DB2201, rows=[
        {"student": "s25001", "r1": 70, "r2": 80, "coursework_submitted": True},   # admitted, no exam yet
        {"student": "s25002", "r1": 60}])                                         # R2 missing
    with pytest.raises(services.ValidationFailed) as refused:
        services.sheet_post(actor=user("adv.sarsen"), code=DB2201, now=at(2026, 11, 30))
    problems = {p.path: p.message for p in refused.value.problems}
    # rows in the sheet's order (by name): Әлиев (s25001), then Жұмабаева (s25002)
    assert "s25001" in problems["rows[0].exam"] and "s25002" in problems["rows[1].r2"]
    assert "14.12.2026" in problems["exam_session"]
    assert refused.value.code == "sheet_incomplete"
    assert GradeSheet.objects.get(section__code=DB2201).posted_at is None


def test_a_complete_sheet_waits_for_the_exam_session(db2201: None, user: Any) -> None:
    complete(user)
    with pytest.raises(services.ValidationFailed) as refused:
        services.sheet_post(actor=user("adv.sarsen"), code=DB2201, now=at(2026, 12, 13, 23, 59))
    assert refused.value.code == "exams_not_begun"
    assert [p.path for p in refused.value.problems] == ["exam_session"]
    posted = services.sheet_post(actor=user("adv.sarsen"), code=DB2201, now=at(2026, 12, 14, 9))
    assert posted.appeal_window_closes_at == at(2026, 12, 15, 13)


def test_the_api_refuses_an_early_post(api: Any, db2201: None, user: Any) -> None:
    complete(user)
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 12, 1)):
        response = api("adv.sarsen").post(SHEET + "/post")
    assert (response.status_code, response.json()["code"]) == (422, "exams_not_begun")
    assert "14.12.2026" in response.json()["problems"][0]["message"]


def test_a_summer_period_without_a_recorded_session_posts_in_its_last_week(university: Any,
                                                                           user: Any) -> None:
    """CR-2: a period ends with an exam session of at least a week; with no session in the calendar the
    summer sheet waits for the period's last seven days."""
    summer = AcademicPeriod.objects.create(code="2026-S", kind="summer", academic_year="2025-2026",
                                           starts=date(2026, 6, 15), ends=date(2026, 8, 1))
    section = Section.objects.create(code="WEB2202-2026S-01",
                                     discipline=Discipline.objects.get(code="WEB2202"),
                                     period=summer, instructor=user("adv.sarsen"), capacity=30, taken=1)
    Enrollment.objects.create(section=section, student=Student.objects.get(user__username="s25001"))
    services.sheet_update(actor=user("adv.sarsen"), code=section.code,
                          rows=[{"student": "s25001", "r1": 70, "r2": 80, "exam": 90}])
    with pytest.raises(services.ValidationFailed) as refused:
        services.sheet_post(actor=user("adv.sarsen"), code=section.code, now=at(2026, 7, 25))
    assert "26.07.2026" in str(refused.value.problems)
    assert services.sheet_post(actor=user("adv.sarsen"), code=section.code, now=at(2026, 7, 26)).is_posted


# --- GR-17: the state exam ----------------------------------------------------------------------------

@pytest.fixture
def state_exam(university: Any, user: Any) -> str:
    """History of Kazakhstan (a state exam, GR-17) in 2026-F, s25001 admitted with 75 and 80."""
    section = Section.objects.create(code="HKZ1102-2026F-01",
                                     discipline=Discipline.objects.get(code="HKZ1102"),
                                     period=AcademicPeriod.objects.get(code="2026-F"),
                                     instructor=user("adv.sarsen"), capacity=30, taken=1)
    Enrollment.objects.create(section=section, student=Student.objects.get(user__username="s25001"))
    return section.code


def test_a_state_exam_sheet_needs_its_exam_date(state_exam: str, user: Any) -> None:
    services.sheet_update(actor=user("adv.sarsen"), code=state_exam,
                          rows=[{"student": "s25001", "r1": 75, "r2": 80, "exam": 70}])
    with pytest.raises(services.ValidationFailed) as refused:
        services.sheet_post(actor=user("adv.sarsen"), code=state_exam, now=at(2026, 12, 20))
    assert [p.path for p in refused.value.problems] == ["exam_date"]
    with pytest.raises(services.ValidationFailed) as refused:  # an exam that has not happened yet
        services.sheet_post(actor=user("adv.sarsen"), code=state_exam, now=at(2026, 12, 20),
                            exam_date=date(2026, 12, 21))
    assert [p.path for p in refused.value.problems] == ["exam_date"]
    assert GradeSheet.objects.get(section__code=state_exam).posted_at is None


@pytest.mark.parametrize("given", ["with the marks", "at posting"])
def test_the_state_exam_appeal_deadline_counts_from_the_exam(state_exam: str, user: Any, given: str) -> None:
    """GR-17: "no later than the day after the exam" — the exam on 16 December, the sheet posted on the
    17th at 18:00: appeals are accepted to the end of the 17th, not to the end of the 18th."""
    exam_day = date(2026, 12, 16)
    services.sheet_update(actor=user("adv.sarsen"), code=state_exam,
                          rows=[{"student": "s25001", "r1": 75, "r2": 80, "exam": 70}],
                          exam_date=exam_day if given == "with the marks" else None)
    sheet = services.sheet_post(actor=user("adv.sarsen"), code=state_exam, now=at(2026, 12, 17, 18),
                                exam_date=exam_day if given == "at posting" else None)
    assert (sheet.exam_date, sheet.appeal_window_closes_at) == (exam_day, at(2026, 12, 18, 0))


def test_the_api_records_the_state_exam_date(api: Any, state_exam: str) -> None:
    url = f"/api/v1/sections/{state_exam}/sheet"
    response = api("adv.sarsen").put(url, {"rows": [{"student": "s25001", "r1": 75, "r2": 80, "exam": 70}],
                                           "exam_date": "2026-12-16"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["kind"], response.json()["exam_date"]) == ("state_exam", "2026-12-16")
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 12, 16, 17)):
        response = api("adv.sarsen").post(url + "/post", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["appeal_window_closes_at"] == "2026-12-18T00:00:00+05:00"
