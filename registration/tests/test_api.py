"""Contract §3 registration: offer, enrol, refusals, wait list, drop — and who may do it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ektu_portal.academics.models import AcademicPeriod, Enrollment, Section
from ektu_portal.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
ENROL = "/api/v1/registration/enrollments"


def enrol(api: Any, who: str, section: str, **extra: Any) -> Any:
    return api(who).post(ENROL, {"section": section, **extra}, format="json")


def test_offer_lists_the_plan_with_reasons(api: Any, open_window: AcademicPeriod) -> None:
    body = api("s25001").get("/api/v1/registration/offer").json()
    assert body["period"] == "2026-F" and body["window_open"] is True
    sections = {s["code"]: s for s in body["sections"]}
    # s25001 passed PRG1101 (B-): DB2201 and WEB2202 are open; ML2203 needs DB2201 first (RG-3).
    assert sections["DB2201-2026F-01"]["eligible"] is True
    assert sections["WEB2202-2026F-01"]["eligible"] is True
    assert (sections["ML2203-2026F-01"]["eligible"], sections["ML2203-2026F-01"]["reasons"]) == (
        False, ["prerequisite_missing"])
    for row in sections.values():
        assert {"code", "discipline", "credits", "capacity", "taken", "eligible", "reasons"} <= set(row)


def test_enrol_and_refusal_codes(api: Any, open_window: AcademicPeriod) -> None:
    response = enrol(api, "s25001", "DB2201-2026F-01")
    assert response.status_code == 201
    assert response.json() == {"id": response.json()["id"], "section": "DB2201-2026F-01",
                               "status": "enrolled", "student": "s25001"}
    assert Section.objects.get(code="DB2201-2026F-01").taken == 1
    again = enrol(api, "s25001", "DB2201-2026F-01")
    assert (again.status_code, again.json()["code"]) == (409, "already_enrolled")
    missing = enrol(api, "s25001", "ML2203-2026F-01")
    assert (missing.status_code, missing.json()["code"]) == (409, "prerequisite_missing")
    # WEB2202 and ML2203 are alternatives of group E3-1: one of them, not both (CR-4)
    assert enrol(api, "s25001", "WEB2202-2026F-01").status_code == 201
    unknown = enrol(api, "s25001", "NO-SUCH")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "section_not_found")
    past = enrol(api, "s25001", "PRG1101-2025F-01")
    assert past.json()["code"] in ("registration_closed", "already_enrolled")
    assert Enrollment.objects.filter(student__user__username="s25001",
                                     section__period__code="2026-F").count() == 2


def test_closed_window_refuses(api: Any, university: Any) -> None:
    response = enrol(api, "s25001", "DB2201-2026F-01")
    assert (response.status_code, response.json()["code"]) == (409, "registration_closed")
    assert not Enrollment.objects.filter(section__code="DB2201-2026F-01").exists()


def test_credit_limit(api: Any, open_window: AcademicPeriod) -> None:
    from registration.models import CreditLimit

    CreditLimit.objects.create(period=open_window, max_credits=8)
    assert enrol(api, "s25001", "DB2201-2026F-01").status_code == 201
    response = enrol(api, "s25001", "WEB2202-2026F-01")
    assert (response.status_code, response.json()["code"]) == (409, "credit_limit")


def passed_programming(username: str) -> None:
    from ektu_portal.academics.models import Discipline, Result, Student

    Result.objects.create(student=Student.objects.get(user__username=username),
                          period=AcademicPeriod.objects.get(code="2025-F"),
                          discipline=Discipline.objects.get(code="PRG1101"), r1=80, r2=80, exam=80)


def test_full_section_wait_list_and_promotion(api: Any, open_window: AcademicPeriod) -> None:
    passed_programming("s25002")
    Section.objects.filter(code="DB2201-2026F-01").update(capacity=1)
    first = enrol(api, "s25001", "DB2201-2026F-01").json()
    refused = enrol(api, "s25002", "DB2201-2026F-01", waitlist=False)
    assert (refused.status_code, refused.json()["code"]) == (409, "section_full")
    waiting = enrol(api, "s25002", "DB2201-2026F-01")
    assert (waiting.status_code, waiting.json()["status"]) == (201, "waitlisted")
    assert Section.objects.get(code="DB2201-2026F-01").taken == 1
    dropped = api("s25001").delete(f"{ENROL}/{first['id']}")
    assert dropped.status_code == 200 and dropped.json()["status"] == "dropped"
    assert Enrollment.objects.get(pk=waiting.json()["id"]).status == "enrolled"
    assert Section.objects.get(code="DB2201-2026F-01").taken == 1
    assert AuditRecord.objects.filter(action="enrollment.promote").count() == 1


def test_drop_only_while_the_calendar_allows(api: Any, open_window: AcademicPeriod) -> None:
    enrollment = enrol(api, "s25001", "DB2201-2026F-01").json()
    open_window.registration_closes = timezone.now() - timedelta(minutes=1)
    open_window.save()
    response = api("s25001").delete(f"{ENROL}/{enrollment['id']}")
    assert (response.status_code, response.json()["code"]) == (409, "registration_closed")
    assert Enrollment.objects.get(pk=enrollment["id"]).status == "enrolled"


@pytest.mark.parametrize(("who", "for_whom", "status"), [
    ("s25001", None, 201),            # a student for themselves
    ("s25002", "s25001", 403),        # another student
    ("reg.office", "s25001", 201),    # the registrar for anyone
    ("adv.sarsen", "s25001", 403),    # an adviser does not register (RG-1: they counsel)
    ("adv.other", "s25001", 403),     # another student's adviser
    ("dean.sdt", "s25001", 403),
    ("dean.sem", "s25001", 403),      # the dean of another school
    (None, None, 401),
])
def test_enrol_permission_matrix(api: Any, open_window: AcademicPeriod, who: str | None, for_whom: str | None,
                                 status: int) -> None:
    body = {"section": "DB2201-2026F-01", **({"student": for_whom} if for_whom else {})}
    assert api(who).post(ENROL, body, format="json").status_code == status
    assert Enrollment.objects.filter(section__code="DB2201-2026F-01").count() == (1 if status == 201 else 0)


@pytest.mark.parametrize(("who", "status"), [("s25001", 200), ("s25002", 404), ("reg.office", 200),
                                             ("adv.sarsen", 404), ("adv.other", 404), ("dean.sem", 404)])
def test_drop_permission_matrix(api: Any, open_window: AcademicPeriod, who: str, status: int) -> None:
    enrollment = enrol(api, "s25001", "DB2201-2026F-01").json()
    assert api(who).delete(f"{ENROL}/{enrollment['id']}").status_code == status


@pytest.mark.parametrize(("who", "query", "status"), [
    ("s25001", "", 200), ("reg.office", "?student=s25001", 200), ("s25002", "?student=s25001", 403),
    ("adv.sarsen", "", 404), ("adv.sarsen", "?student=s25001", 403), ("adv.other", "?student=s25001", 403),
    ("dean.sem", "?student=s25001", 403), (None, "", 401)])
def test_offer_permission_matrix(api: Any, open_window: AcademicPeriod, who: str | None, query: str,
                                 status: int) -> None:
    assert api(who).get("/api/v1/registration/offer" + query).status_code == status


def test_a_passed_discipline_is_neither_offered_nor_taken_again(api: Any,
                                                                 open_window: AcademicPeriod) -> None:
    from ektu_portal.academics.models import Section as SectionModel

    # a 2026-F section of PRG1101, which s25001 passed in 2025-F with B-
    SectionModel.objects.create(code="PRG1101-2026F-09", discipline=SectionModel.objects.get(
        code="PRG1101-2025F-01").discipline, period=open_window, capacity=30)
    offered = {s["code"] for s in api("s25001").get("/api/v1/registration/offer").json()["sections"]}
    assert "PRG1101-2026F-09" not in offered
    response = enrol(api, "s25001", "PRG1101-2026F-09")
    assert (response.status_code, response.json()["code"]) == (409, "already_passed")
