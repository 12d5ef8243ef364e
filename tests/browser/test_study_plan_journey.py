"""Issue 5's journey: a student chooses electives (one refused for a missing prerequisite, with
the reason shown) and submits the plan; the adviser approves; the dean approves; the PDF opens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.test_grading_journey import sign_out
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def open_window(live_university: dict[str, Any]) -> None:
    from django.utils import timezone

    from ektu_portal.academics.models import AcademicPeriod

    AcademicPeriod.objects.filter(code="2026-F").update(
        registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=timezone.now() + timedelta(days=7))


def test_choose_submit_approve_print(browser: Any, live_server: Any, open_window: None) -> None:
    from registration.models import StudyPlan

    base = live_server.url
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    page.set_default_timeout(15_000)

    sign_in(page, base, "s25001")
    page.click("nav >> text=Registration")
    ml = page.locator("tr[data-section='ML2203-2026F-01']")
    assert "a prerequisite is not mastered" in ml.inner_text()  # RG-3, shown before trying
    assert ml.locator("button").count() == 0
    for code in ("DB2201-2026F-01", "WEB2202-2026F-01"):
        page.locator(f"tr[data-section='{code}'] button").click()
        page.wait_for_selector(f"tr[data-section='{code}'].mine")  # chosen without a reload
    assert page.locator("#credits-taken").inner_text() == "10"
    with page.expect_navigation():
        page.click("#submit-plan")
    assert page.locator("#study-plan .plan-status").get_attribute("data-status") == "submitted"
    sign_out(page)

    sign_in(page, base, "adv.sarsen")
    page.click("nav >> text=Study plans")
    row = page.locator("tr[data-plan]")
    assert "Әлиев Нұрлан Серікұлы" in row.inner_text()
    with page.expect_navigation():  # the click posts a form; wait for the answer
        row.locator("button[value=approve]").click()
    assert "No plan is waiting for you." in page.content()
    sign_out(page)

    sign_in(page, base, "dean.sdt")
    page.click("nav >> text=Study plans")
    page.click("tr[data-plan] a")
    with page.expect_navigation():  # the click posts a form; wait for the answer
        page.click("#plan-decision button[value=approve]")
    plan = StudyPlan.objects.get()
    assert plan.status == "approved"
    page.goto(f"{base}/registration/plans/{plan.pk}/")
    assert page.locator(".plan-status").get_attribute("data-status") == "approved"
    pdf = page.request.get(base + page.locator("#plan-pdf").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    context.close()


def test_the_waiting_room_goes_live_without_a_reload(browser: Any, live_server: Any,
                                                     live_university: dict[str, Any]) -> None:
    """Registration day: the student signed in ahead waits on the page; at the opening it becomes
    the live offer by itself — no reload, no new sign-in."""
    from django.utils import timezone

    from ektu_portal.academics.models import AcademicPeriod

    base = live_server.url
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, base, "s25001")
    opens = timezone.now() + timedelta(seconds=6)
    AcademicPeriod.objects.filter(code="2026-F").update(registration_opens=opens,
                                                        registration_closes=opens + timedelta(days=7))
    page.goto(base + "/registration/")
    assert page.locator("#waiting-room .countdown").is_visible()
    page.evaluate("window.__stayed = true")  # gone if the page reloads
    page.wait_for_selector("tr[data-section='DB2201-2026F-01']")
    assert page.evaluate("window.__stayed") is True
    page.locator("tr[data-section='DB2201-2026F-01'] button").click()
    page.wait_for_selector("tr[data-section='DB2201-2026F-01'].mine")
    context.close()
