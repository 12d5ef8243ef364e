"""Issue 8: every page action is a form; a refusal shows every reason beside the field it concerns
and writes nothing (no row, no audit record)."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ektu_portal.academics.models import AcademicPeriod, Enrollment, Section, Student
from ektu_portal.audit.models import AuditRecord
from registration import services
from registration.models import CreditLimit, PersonalWindow, SmallSection, StudyPlan

pytestmark = pytest.mark.django_db
PASSWORD = "contract-pass-1234"


def sign_in(client: Any, who: str) -> Any:
    client.post("/accounts/login/", {"login": who, "password": PASSWORD})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def element(page: str, element_id: str) -> str:
    """The text of the element with this id (what sits beside the field)."""
    match = re.search(rf'<(\w+)[^>]*id="{re.escape(element_id)}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"no #{element_id} on the page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(2))).split())


def row(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start:page.index("</tr>", start)]


def test_every_reason_against_a_section_is_beside_it(client: Any, open_window: AcademicPeriod) -> None:
    # 8 credits at most; DB2201 (5) taken: ML2203 (5 more, and its prerequisite DB2201 not mastered)
    # is refused for both reasons at once (RG-3, the credit limit).
    CreditLimit.objects.create(period=open_window, max_credits=8)
    sign_in(client, "s25001")
    assert client.post("/registration/", {"section": "DB2201-2026F-01"}).status_code == 302
    records = AuditRecord.objects.count()

    response = client.post("/registration/", {"section": "ML2203-2026F-01"})
    assert response.status_code == 422
    page = response.content.decode()
    beside = element(row(page, '<tr data-section="ML2203-2026F-01"'), "refusal-ML2203-2026F-01")
    assert "A prerequisite is not mastered (RG-3)" in beside
    assert "This would pass the period's credit limit" in beside
    assert not Enrollment.objects.filter(section__code="ML2203-2026F-01").exists()
    assert AuditRecord.objects.count() == records


def test_a_plan_with_nothing_in_it_is_refused_beside_the_submit_button(client: Any,
                                                                       open_window: AcademicPeriod) -> None:
    response = sign_in(client, "s25001").post("/registration/", {"submit_plan": "1"})
    assert response.status_code == 422
    assert element(response.content.decode(), "submit-plan-errors") == (
        "The plan has no disciplines: register first")
    assert not StudyPlan.objects.exists()
    assert not AuditRecord.objects.filter(action__startswith="study_plan").exists()


def test_a_return_without_a_comment_is_refused_beside_the_comment(client: Any, api: Any,
                                                                   open_window: AcademicPeriod) -> None:
    api("s25001").post("/api/v1/registration/enrollments", {"section": "DB2201-2026F-01"}, format="json")
    plan_id = api("s25001").post("/api/v1/registration/plan/submit", {}, format="json").json()["id"]
    response = sign_in(client, "adv.sarsen").post(f"/registration/plans/{plan_id}/",
                                                  {"decision": "return", "comment": "  "})
    assert response.status_code == 422
    assert element(response.content.decode(), "comment-errors") == "Say why the plan is returned"
    assert StudyPlan.objects.get().status == "submitted"
    assert not AuditRecord.objects.filter(action="study_plan.adviser_return").exists()


def test_a_window_without_its_order_or_for_nobody_is_refused_beside_the_field(client: Any,
                                                                               university: Any) -> None:
    sign_in(client, "reg.office")
    no_order = client.post("/registration/office/",
                           {"student": "s25001", "reason": "readmission", "basis": ""})
    assert no_order.status_code == 422
    assert element(no_order.content.decode(), "id_basis-errors") == "Name the order the window is based on."
    nobody = client.post("/registration/office/", {"student": "nobody", "reason": "transfer", "basis": "№ 1"})
    assert nobody.status_code == 422
    assert element(nobody.content.decode(), "id_student-errors") == "There is no student with this username."
    assert not PersonalWindow.objects.exists()
    assert not AuditRecord.objects.filter(action="personal_window.grant").exists()


def test_a_section_decided_already_is_refused_in_its_row(client: Any, university: Any) -> None:
    period = AcademicPeriod.objects.get(code="2026-F")
    period.registration_opens = timezone.now() - timedelta(days=10)
    period.registration_closes = timezone.now() - timedelta(hours=1)
    period.save()
    Enrollment.objects.create(section=Section.objects.get(code="DB2201-2026F-01"),
                              student=Student.objects.get(user__username="s25001"))
    services.find_small_sections(now=timezone.now())
    small = SmallSection.objects.get(section__code="DB2201-2026F-01")
    sign_in(client, "reg.office")
    kept = client.post("/registration/office/", {"small_section": small.pk, "decision": "keep"})
    assert kept.status_code == 302

    response = client.post("/registration/office/", {"small_section": small.pk, "decision": "cancel"})
    assert response.status_code == 422
    assert "This section is already decided." in row(response.content.decode(),
                                                     '<tr data-small-section="DB2201-2026F-01"')
    assert SmallSection.objects.get(pk=small.pk).decision == "kept"
    assert Enrollment.objects.get(section__code="DB2201-2026F-01").status == "enrolled"
