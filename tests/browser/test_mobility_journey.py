"""Issue 13's journey: a student applies for mobility, the selection commission selects them, the student
submits a learning agreement whose shortfall the page points out (MO-4), the coordinator records the
return through the recount engine (MO-5), and the student's transcript shows the recognized result; a
graduate whose mobility was recognized finds the period on their Diploma Supplement (field 6.1)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def mobility_call(browser: Any, transactional_db: Any) -> dict[str, Any]:
    """The two-school university with a mobility coordinator; a period starting in 45 days whose
    semester (for the 2025 intake) has MAT2105 as a mandatory discipline; TalTech (25 hours per ECTS
    credit, 2,0 = B) with a call for it closing in 10 days."""
    from django.utils import timezone

    from conftest import PASSWORD, two_school_document
    from ektu_portal.academics.loading import load_university
    from ektu_portal.accounts.models import User
    from mobility import services
    from registration.policy.eligibility import semester_of

    today = timezone.localdate()
    starts = today + timedelta(days=45)
    first = starts.year if starts.month >= 8 else starts.year - 1
    document = two_school_document()
    document["calendar"]["periods"].append({"code": "MOB-P", "kind": "semester",
                                            "academic_year": f"{first}-{first + 1}",
                                            "starts": starts.isoformat(),
                                            "ends": (starts + timedelta(days=110)).isoformat()})
    document["disciplines"].append({"code": "MAT2105", "name": {"en": "Discrete Mathematics"}, "credits": 5})
    document["curricula"][0]["items"].append({"discipline": "MAT2105", "semester": semester_of(2025, starts),
                                              "component": "mandatory"})
    document["people"].append({"username": "mob.coord", "full_name": "Ахметова Динара",
                               "roles": ["mobility_coordinator"], "password": PASSWORD})
    load_university(document, allow_passwords=True, source="browser test")
    coordinator = User.objects.get(username="mob.coord")
    partner = services.partner_save(actor=coordinator, name="TalTech", country="Estonia",
                                    kind="international")
    services.partner_rule_set(actor=coordinator, partner_id=partner.pk,
                              valid_from=today - timedelta(days=3000),
                              scale=[{"grade": "1,0", "letter": "A"}, {"grade": "2,0", "letter": "B"}],
                              hours_per_credit=Decimal(25))
    call = services.call_create(actor=coordinator, partner_id=partner.pk, period_code="MOB-P", places=1,
                                closes_on=today + timedelta(days=10))
    return {"call": call.pk}


def submit(page: Any, selector: str) -> None:
    with page.expect_navigation():  # the click posts a form; wait for the answer
        page.click(selector)


def test_apply_select_agree_return_and_see_the_transcript(browser: Any, live_server: Any,
                                                          mobility_call: dict[str, Any]) -> None:
    base, call = live_server.url, mobility_call["call"]
    student = browser.new_context(locale="en-GB").new_page()
    coordinator = browser.new_context(locale="en-GB").new_page()
    for page in (student, coordinator):
        page.set_default_timeout(15_000)

    # The student reads why international mobility still asks for English (no level given yet: MO-1),
    # and applies with B2.
    sign_in(student, base, "s25001")
    student.click("nav >> text=Academic mobility")
    assert "English below B2 (or no level given)." in student.locator("#eligibility").inner_text()
    student.select_option(f"form[data-call='{call}'] select[name=english]", "B2")
    submit(student, f"form[data-call='{call}'] button[type=submit]")
    assert "submitted, awaiting the selection commission" in student.locator("#my-applications").inner_text()

    # The selection commission selects them on its protocol (MO-2).
    sign_in(coordinator, base, "mob.coord")
    coordinator.goto(base + "/mobility/")
    row = coordinator.locator("#calls tr[data-application]")
    row.locator("select[name=decision]").select_option("selected")
    row.locator("input[name=basis]").fill("Protocol No. 3")
    submit(coordinator, "#calls tr[data-application] button[type=submit]")
    assert "selected" in coordinator.locator("#calls tr[data-application]").inner_text()

    # The learning agreement covers DB2201 only: MAT2105 (mandatory in the period) is pointed out (MO-4).
    student.goto(base + "/mobility/")
    student.fill("textarea[name=host]", "ITI0206; Databases; 6")
    student.fill("textarea[name=home]", "DB2201")
    submit(student, "[data-agreement] button.primary")
    check = student.locator("#agreement-check")
    assert check.locator("[data-missing=MAT2105]").is_visible()
    assert check.locator("[data-shortfall]").is_visible()
    assert "Shortfall:" in check.inner_text()

    # On return the coordinator records the host transcript on the QA commission's protocol (MO-5).
    coordinator.goto(base + "/mobility/")
    returned = coordinator.locator("form[action$='/return/']")
    returned.locator("textarea[name=lines]").fill("Databases; 6; 2,0; DB2201")
    returned.locator("input[name=basis]").fill("QA protocol No. 9")
    with coordinator.expect_navigation():
        returned.locator("button.primary").click()
    evidence = coordinator.locator("[data-evidence=DB2201]").inner_text()
    assert "2,0" in evidence and "QA protocol No. 9" in evidence

    # The student's transcript shows the recognized result with its source.
    student.goto(base + "/students/s25001/transcript/")
    assert "recognized: academic mobility" in student.content()


@pytest.fixture
def graduate_back_from_mobility(transactional_db: Any) -> None:
    """The supplement's complete graduate s25001, who spent 2023-S at TalTech: selected, and DB2201 recognized
    on return from 6 ECTS graded 1,0 (A on TalTech's scale; 6 × 25 hours cover 5 × 30)."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from conftest import PASSWORD
    from diploma_supplement.tests.documents import graduate_document
    from ektu_portal.academics.loading import load_university
    from ektu_portal.accounts.models import User
    from mobility import services

    document = graduate_document(status="graduated", diploma_number="ЖБ-Б 0000002", graduated_on="2026-06-30")
    document["people"].append({"username": "mob.coord", "full_name": "Ахметова Динара",
                               "roles": ["mobility_coordinator"], "password": PASSWORD})
    load_university(document, allow_passwords=True, source="browser test")
    almaty = ZoneInfo("Asia/Almaty")
    coordinator, student = User.objects.get(username="mob.coord"), User.objects.get(username="s25001")
    partner = services.partner_save(actor=coordinator, name="TalTech", country="Estonia",
                                    kind="international")
    services.partner_rule_set(actor=coordinator, partner_id=partner.pk, valid_from=date(2018, 9, 1),
                              scale=[{"grade": "1,0", "letter": "A"}, {"grade": "2,0", "letter": "B"}],
                              hours_per_credit=Decimal(25))
    call = services.call_create(actor=coordinator, partner_id=partner.pk, period_code="2023-S", places=1,
                                closes_on=date(2023, 1, 10))
    application = services.application_submit(actor=student, call_id=call.pk, english="B2",
                                              now=datetime(2022, 12, 1, 10, 0, tzinfo=almaty))
    services.application_decide(actor=coordinator, application_id=application.pk, decision="selected",
                                basis="Protocol No. 1", now=datetime(2022, 12, 20, 10, 0, tzinfo=almaty))
    services.return_apply(actor=coordinator, application_id=application.pk,
                          lines=[{"title": "Databases", "ects": Decimal(6), "grade": "1,0",
                                  "discipline": "DB2201"}],
                          basis="QA protocol No. 12", now=datetime(2023, 6, 15, 10, 0, tzinfo=almaty))


def test_the_mobility_period_is_on_the_graduates_supplement(browser: Any, live_server: Any,
                                                            graduate_back_from_mobility: None) -> None:
    from tests.browser.test_diploma_supplement import pdf_text

    base = live_server.url
    holder = browser.new_context(locale="en-GB").new_page()
    holder.set_default_timeout(30_000)
    sign_in(holder, base, "s25001")
    holder.goto(base + "/students/s25001/transcript/")
    assert "recognized: academic mobility" in holder.content()
    holder.click("nav >> text=Diploma Supplement")
    holder.wait_for_selector("[data-state=preview]")
    preview = holder.request.get(base + holder.locator("#download").get_attribute("href"))
    assert preview.status == 200
    # DS-3 field 6.1: host, country and the period's dates (2023-S: 23 January – 31 May 2023).
    assert "TalTech, Estonia (23/01/2023 – 31/05/2023)" in pdf_text(preview.body())
