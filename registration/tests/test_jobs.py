"""Registration's jobs on real PostgreSQL: RG-5 sections under their minimum size, RG-3
postrequisites of academic debts, RG-7 personal windows — idempotent, audited, and refused to
everybody but the registrar's office."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from ektu_portal.academics.models import AcademicPeriod, Discipline, Enrollment, Result, Section, Student
from ektu_portal.audit.models import AuditRecord
from grading.models import AcademicDebt
from registration import services
from registration.models import PersonalWindow, SmallSection, StudyPlan
from registration.notifications import send_postrequisite_notice, send_small_section_notice

pytestmark = pytest.mark.django_db


def seat(username: str, code: str) -> Enrollment:
    """An enrolment made earlier (set up directly: the test is about what the job does to it)."""
    section = Section.objects.get(code=code)
    Section.objects.filter(pk=section.pk).update(taken=section.taken + 1)
    return Enrollment.objects.create(section=section, student=Student.objects.get(user__username=username))


def decide_small(api: Any, who: str, small_section_id: int, decision: str) -> Any:
    return api(who).post(f"/api/v1/registration/small-sections/{small_section_id}/decision",
                         {"decision": decision}, format="json")


@pytest.fixture
def closed_registration(university: Any) -> AcademicPeriod:
    """2026-F's registration closed an hour ago; the period has not ended."""
    period = AcademicPeriod.objects.get(code="2026-F")
    period.registration_opens = timezone.now() - timedelta(days=10)
    period.registration_closes = timezone.now() - timedelta(hours=1)
    period.drop_off_opens = period.drop_off_closes = None
    period.save()
    return period


def test_small_sections_are_found_once_told_and_given_a_rechoice(api: Any, closed_registration: Any) -> None:
    seat("s25001", "DB2201-2026F-01")  # 1 of a minimum of 10
    get_user_model().objects.filter(username="s25001").update(email="s25001@edu.ektu.kz")
    now = timezone.now()
    assert services.find_small_sections(now=now) == 3  # DB2201 1/10, WEB2202 0/10, ML2203 0/8
    assert services.find_small_sections(now=now + timedelta(hours=1)) == 0  # once per period
    small = SmallSection.objects.get(section__code="DB2201-2026F-01")
    assert (small.registered, small.min_size, small.decision) == (1, 10, "pending")
    window = PersonalWindow.objects.get(student__user__username="s25001")
    assert (window.reason, window.closes - window.opens) == ("rechoice", timedelta(days=3))
    assert send_small_section_notice(small.pk) == 1 and "10" in mail.outbox[0].body
    # The calendar's window is closed, the student's own is open: they may re-choose (RG-5).
    assert api("s25001").post("/api/v1/registration/enrollments", {"section": "WEB2202-2026F-01"},
                              format="json").status_code == 201
    refused = api("s25002").post("/api/v1/registration/enrollments", {"section": "WEB2202-2026F-01"},
                                 format="json")
    assert (refused.status_code, refused.json()["code"]) == (409, "registration_closed")


def test_the_registrar_cancels_or_keeps_a_small_section(api: Any, closed_registration: Any) -> None:
    enrollment = seat("s25001", "DB2201-2026F-01")
    services.find_small_sections(now=timezone.now())
    db, web = (SmallSection.objects.get(section__code=c) for c in ("DB2201-2026F-01", "WEB2202-2026F-01"))
    listed = api("reg.office").get("/api/v1/registration/small-sections").json()["sections"]
    assert {row["section"] for row in listed} == {"DB2201-2026F-01", "WEB2202-2026F-01", "ML2203-2026F-01"}
    for who in ("s25001", "adv.sarsen", "dean.sdt"):
        response = decide_small(api, who, db.pk, "cancel")
        assert response.status_code == 403, who
    bad = decide_small(api, "reg.office", db.pk, "maybe")
    assert bad.status_code == 422
    assert SmallSection.objects.get(pk=db.pk).decision == "pending"
    cancelled = decide_small(api, "reg.office", db.pk, "cancel")
    assert cancelled.json()["decision"] == "cancelled"
    enrollment.refresh_from_db()
    assert enrollment.status == "dropped" and Section.objects.get(code="DB2201-2026F-01").taken == 0
    assert AuditRecord.objects.filter(action="enrollment.cancelled", object_id=str(enrollment.pk)).exists()
    again = decide_small(api, "reg.office", db.pk, "keep")
    assert (again.status_code, again.json()["code"]) == (409, "already_decided")
    kept = decide_small(api, "reg.office", web.pk, "keep")
    assert kept.json()["decision"] == "kept"


def test_old_periods_are_not_reopened(closed_registration: Any) -> None:
    """A first deployment does not find 'small sections' in years long over."""
    AcademicPeriod.objects.filter(code="2025-F").update(
        registration_closes=timezone.now() - timedelta(days=400))
    services.find_small_sections(now=timezone.now())
    assert not SmallSection.objects.filter(section__period__code="2025-F").exists()


@pytest.fixture
def debt_in_db2201(university: Any) -> AcademicDebt:
    """s25001 failed DB2201 in 2025-F and it became an academic debt (GR-10)."""
    student = Student.objects.get(user__username="s25001")
    result = Result.objects.create(student=student, discipline=Discipline.objects.get(code="DB2201"),
                                   period=AcademicPeriod.objects.get(code="2025-F"), r1=30, r2=30, exam=10)
    return AcademicDebt.objects.create(result=result, registered_at=timezone.now(), reason="F")


def test_postrequisites_of_a_debt_leave_the_plan(debt_in_db2201: AcademicDebt) -> None:
    ml = seat("s25001", "ML2203-2026F-01")  # needs DB2201
    web = seat("s25001", "WEB2202-2026F-01")  # needs PRG1101, passed
    plan = StudyPlan.objects.create(student=ml.student, period=ml.section.period, status="approved",
                                    version=1)
    assert services.remove_postrequisites_of_debts(now=timezone.now()) == 1
    assert services.remove_postrequisites_of_debts(now=timezone.now()) == 0  # idempotent
    ml.refresh_from_db()
    web.refresh_from_db()
    assert (ml.status, web.status) == ("dropped", "enrolled")
    record = AuditRecord.objects.get(action="enrollment.postrequisite_removed")
    assert record.reason == "RG-3: the prerequisite DB2201 is an academic debt"
    plan.refresh_from_db()
    assert plan.status == "draft"  # the plan is corrected and approved again
    assert send_postrequisite_notice(ml.pk, ["DB2201"]) == 1
    assert mail.outbox[0].to == ["g.sarsenova@example.edu"] and "DB2201" in mail.outbox[0].body


def test_a_cleared_debt_removes_nothing(debt_in_db2201: AcademicDebt) -> None:
    seat("s25001", "ML2203-2026F-01")
    AcademicDebt.objects.filter(pk=debt_in_db2201.pk).update(cleared_at=timezone.now())
    assert services.remove_postrequisites_of_debts(now=timezone.now()) == 0


def test_a_readmitted_student_gets_a_week_of_their_own(api: Any, closed_registration: Any) -> None:
    enrol = {"section": "DB2201-2026F-01"}
    assert api("s25001").post("/api/v1/registration/enrollments", enrol, format="json").status_code == 409
    for who in ("s25001", "s25002", "adv.sarsen", "dean.sdt"):
        assert api(who).post("/api/v1/registration/personal-windows",
                             {"student": "s25001", "reason": "readmission", "basis": "№ 1"},
                             format="json").status_code == 403
    no_basis = api("reg.office").post("/api/v1/registration/personal-windows",
                                      {"student": "s25001", "reason": "readmission"}, format="json")
    assert (no_basis.status_code, no_basis.json()["code"]) == (400, "basis_required")
    unknown = api("reg.office").post("/api/v1/registration/personal-windows",
                                     {"student": "nobody", "reason": "transfer", "basis": "№ 1"},
                                     format="json")
    assert unknown.status_code == 404
    assert not PersonalWindow.objects.exists()
    granted = api("reg.office").post("/api/v1/registration/personal-windows",
                                     {"student": "s25001", "reason": "readmission",
                                      "basis": "№ 12-с, 20.11.2026", "period": "2026-F"}, format="json")
    assert granted.status_code == 201 and granted.json()["period"] == "2026-F"
    assert api("s25001").post("/api/v1/registration/enrollments", enrol, format="json").status_code == 201
    offer = api("s25001").get("/api/v1/registration/offer").json()
    assert offer["window_open"] is True and offer["window_closes"] == granted.json()["closes"]
    assert AuditRecord.objects.filter(action="personal_window.grant", reason="№ 12-с, 20.11.2026").exists()


@pytest.mark.parametrize(("who", "status"), [("reg.office", 200), ("s25001", 404), ("adv.sarsen", 404),
                                             ("dean.sdt", 404)])
def test_only_the_registrar_has_the_office_page(client: Any, university: Any, who: str, status: int) -> None:
    client.post("/accounts/login/", {"login": who, "password": "contract-pass-1234"})
    assert client.get("/registration/office/").status_code == status


def test_orientation_week_opens_for_every_first_year_student(api: Any, closed_registration: Any) -> None:
    Student.objects.filter(user__username__in=["s25001", "s25002"]).update(course_year=1)
    assert api("s25001").post("/api/v1/registration/orientation-week", {}, format="json").status_code == 403
    week = "/api/v1/registration/orientation-week"
    opened = api("reg.office").post(week, {"period": "2026-F"}, format="json")
    assert (opened.status_code, opened.json()) == (201, {"students": 2})
    windows = PersonalWindow.objects.filter(reason="orientation")
    assert sorted(w.student.user.username for w in windows) == ["s25001", "s25002"]
    assert all(w.closes - w.opens == timedelta(days=7) for w in windows)
    again = api("reg.office").post(week, {"period": "2026-F"}, format="json")
    assert again.json() == {"students": 0}  # nobody gets a second one
    assert api("s25001").post("/api/v1/registration/enrollments", {"section": "DB2201-2026F-01"},
                              format="json").status_code == 201


@pytest.mark.parametrize("period", [{}, [], 2026, True, "", "2026 F", "x" * 65])
def test_orientation_week_refuses_a_period_that_is_not_a_code(api: Any, closed_registration: Any,
                                                              period: Any) -> None:
    """Issue 16: {"period": {}} was taken for the period now running; anything but a code is refused,
    naming ``period``, and no window is opened."""
    Student.objects.filter(user__username="s25001").update(course_year=1)
    refused = api("reg.office").post("/api/v1/registration/orientation-week", {"period": period},
                                     format="json")
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert list(refused.json()["errors"]) == ["period"]
    assert not PersonalWindow.objects.exists()
