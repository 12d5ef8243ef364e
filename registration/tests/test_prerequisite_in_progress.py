"""RG-3 with its Interpretation, both halves: a prerequisite studied right now counts as met when
registering for the next period; if it ends as an academic debt, the postrequisite leaves the plan."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from ektu_portal.academics.models import AcademicPeriod, Discipline, Enrollment, Result, Section, Student
from grading.models import AcademicDebt
from registration import services

pytestmark = pytest.mark.django_db
ML_SPRING = "ML2203-2027S-01"


@pytest.fixture
def studying_db2201(university: Any) -> AcademicPeriod:
    """s25001 studies DB2201 in 2026-F (no grade yet); registration for spring 2027 is open, where
    ML2203 (prerequisite DB2201) is offered."""
    Enrollment.objects.create(section=Section.objects.get(code="DB2201-2026F-01"),
                              student=Student.objects.get(user__username="s25001"))
    spring = AcademicPeriod.objects.create(
        code="2027-S", kind="semester", academic_year="2026-2027", starts=date(2027, 1, 18),
        ends=date(2027, 5, 29), registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=timezone.now() + timedelta(days=7))
    Section.objects.create(code=ML_SPRING, discipline=Discipline.objects.get(code="ML2203"), period=spring,
                           capacity=20)
    return spring


def row_of(api: Any) -> dict[str, Any]:
    offer = api("s25001").get("/api/v1/registration/offer").json()
    assert offer["period"] == "2027-S"
    return next(r for r in offer["sections"] if r["code"] == ML_SPRING)


def test_a_prerequisite_in_progress_counts_as_met_in_the_api(api: Any,
                                                            studying_db2201: AcademicPeriod) -> None:
    row = row_of(api)
    assert (row["eligible"], row["reasons"]) == (True, [])
    response = api("s25001").post("/api/v1/registration/enrollments", {"section": ML_SPRING}, format="json")
    assert (response.status_code, response.json()["status"]) == (201, "enrolled")


def test_a_prerequisite_in_progress_counts_as_met_on_the_page(client: Any,
                                                              studying_db2201: AcademicPeriod) -> None:
    client.post("/accounts/login/", {"login": "s25001", "password": "contract-pass-1234"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/registration/", {"section": ML_SPRING}, follow=True)
    assert b"Registered." in response.content
    assert b"a prerequisite is not mastered" not in response.content
    assert Enrollment.objects.get(section__code=ML_SPRING).status == "enrolled"


def test_a_prerequisite_never_studied_is_still_missing(api: Any, university: Any) -> None:
    AcademicPeriod.objects.create(
        code="2027-S", kind="semester", academic_year="2026-2027", starts=date(2027, 1, 18),
        ends=date(2027, 5, 29), registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=timezone.now() + timedelta(days=7))
    Section.objects.create(code=ML_SPRING, discipline=Discipline.objects.get(code="ML2203"),
                           period=AcademicPeriod.objects.get(code="2027-S"), capacity=20)
    assert row_of(api)["reasons"] == ["prerequisite_missing"]


def test_a_prerequisite_that_ends_as_a_debt_takes_the_postrequisite_out(
        api: Any, studying_db2201: AcademicPeriod) -> None:
    assert api("s25001").post("/api/v1/registration/enrollments", {"section": ML_SPRING},
                              format="json").status_code == 201
    student = Student.objects.get(user__username="s25001")
    failed = Result.objects.create(student=student, discipline=Discipline.objects.get(code="DB2201"),
                                   period=AcademicPeriod.objects.get(code="2026-F"), r1=30, r2=30, exam=10)
    AcademicDebt.objects.create(result=failed, registered_at=timezone.now(), reason="F")

    assert services.remove_postrequisites_of_debts(now=timezone.now(), student_ids=[student.pk]) == 1
    assert Enrollment.objects.get(section__code=ML_SPRING).status == "dropped"
    # and no longer offered as if the prerequisite were in progress: it ended as a debt (an F)
    assert row_of(api)["reasons"] == ["prerequisite_missing"]
