"""Issue 12's journey: a student of another university is transferred into EKTU. The registrar's office files
the case with the previous transcript; the comparison sheet shows a recognized discipline and a difference
discipline; the rector's office approves within the five days before the next period (TR-4); the registrar's
office records the order (TR-7), which makes the student's record; the student sets a password from the
e-mailed link and registers for the difference discipline in their personal one-week window (RG-7)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests.browser.test_grading_journey import sign_out
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def vacation_before_a_period(transactional_db: Any) -> dict[str, Any]:
    """The two-school university on a calendar around today: a semester that ended 10 days ago and the
    next one starting in 2 days — today is in the vacation and within TR-4's five days. The curriculum is
    the intake now in its second course; HKZ1102 (semester 1, mandatory) runs in the next period."""
    from django.utils import timezone

    from conftest import PASSWORD, two_school_document
    from ektu_portal.academics.loading import load_university
    from mobility.selectors_transfers import intake_year_for

    today = timezone.localdate()
    intake = intake_year_for(2, today)
    document = two_school_document()
    ended, starts = today - timedelta(days=10), today + timedelta(days=2)
    document["calendar"]["periods"] = [
        {"code": "PREV", "kind": "semester", "starts": (ended - timedelta(days=110)).isoformat(),
         "ends": ended.isoformat()},
        {"code": "NEXT", "kind": "semester", "starts": starts.isoformat(),
         "ends": (starts + timedelta(days=110)).isoformat()}]
    document["curricula"][0]["intake_year"] = intake
    document["results"] = []  # the example's results are of periods this calendar does not have
    document["sections"] = [{"code": "HKZ1102-NEXT-01", "discipline": "HKZ1102", "period": "NEXT",
                             "instructor": "adv.sarsen", "capacity": 25}]
    for person in document["people"]:
        if person.get("student"):
            person["student"]["intake_year"] = intake
    document["people"].append({"username": "rector.office", "full_name": "Серікбаев Нұрлан",
                               "roles": ["vice_rector"], "password": PASSWORD})
    load_university(document, allow_passwords=True, source="browser test")
    return {"today": today}


def submit(page: Any, selector: str) -> None:
    with page.expect_navigation():  # the click posts a form; wait for the answer
        page.click(selector)


def test_a_student_is_transferred_in_and_registers_for_the_difference(
        browser: Any, live_server: Any, vacation_before_a_period: dict[str, Any]) -> None:
    from django.core import mail

    from ektu_portal.academics.models import Student
    from mobility.notifications import send_welcome

    base = live_server.url
    page = browser.new_context(locale="en-GB").new_page()
    page.set_default_timeout(15_000)

    # The registrar's office files the application with the previous transcript.
    sign_in(page, base, "reg.office")
    page.click("nav >> text=Transfers")
    page.select_option("select[name=kind]", "incoming")
    page.select_option("select[name=program]", "6B06102")
    page.fill("input[name=course_year]", "2")
    page.fill("input[name=other_university]", "Al-Farabi Kazakh National University")
    page.select_option("select[name=funding]", "paid")
    page.check("input[name=first_period_completed]")
    page.fill("input[name=full_name]", "Ерланов Арман")
    page.fill("input[name=iin]", "060301300555")
    page.fill("input[name=email]", "arman@example.kz")
    page.fill("textarea[name=transcript]", "Programming basics | 6 | A- | PRG1101\n"
                                           "History of Kazakhstan | 5 | F | HKZ1102")
    submit(page, "#transfer-apply button[type=submit]")
    case_url = page.url
    assert re.search(r"/mobility/transfers/\d+/$", case_url), page.locator(
        ".field-error, .form-errors").all_inner_texts()

    # The comparison sheet: PRG1101 recognized with A-; HKZ1102 (an F there) is academic difference,
    # taken in this period (it is in the timetable).
    sheet = page.locator("#case-comparison")
    assert "A-" in sheet.locator("[data-recognized=PRG1101]").inner_text()
    assert "in this period" in sheet.locator("[data-difference=HKZ1102]").inner_text()
    sign_out(page)

    # The rector's office approves, today being within the five days before the next period.
    sign_in(page, base, "rector.office")
    page.goto(case_url)
    page.select_option("#case-decision select[name=decision]", "approved")
    page.fill("#case-decision input[name=basis]", "Resolution No. 14")
    submit(page, "#case-decision button[type=submit]")
    assert page.locator(".status-line").get_attribute("data-status") == "approved"
    sign_out(page)

    # The registrar's office records the order: the student's record is made.
    sign_in(page, base, "reg.office")
    page.goto(case_url)
    page.fill("#case-order input[name=number]", "412-с")
    page.fill("#case-order input[name=on]", vacation_before_a_period["today"].isoformat())
    submit(page, "#case-order button[type=submit]")
    assert page.locator(".status-line").get_attribute("data-status") == "ordered"
    order = page.request.get(base + page.locator("a[href$='order.pdf']").get_attribute("href"))
    assert order.status == 200 and order.body().startswith(b"%PDF-")
    sign_out(page)

    # The new student sets a password from the e-mailed link (the worker's e-mail, sent here) ...
    student = Student.objects.select_related("user").get(iin="060301300555")
    send_welcome(student.pk)
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[-1].body).group(0)
    page.goto(base + link[link.index("/accounts/"):])
    page.wait_for_selector("input[name=password1]")
    page.fill("input[name=password1]", "contract-pass-1234")
    page.fill("input[name=password2]", "contract-pass-1234")
    submit(page, "form button[type=submit]")
    # ... signs in and registers for the difference discipline in the personal window (RG-7).
    page.goto(base + "/")
    page.fill("#id_login", student.user.username)
    page.fill("#id_password", "contract-pass-1234")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    page.click("nav >> text=Registration")
    row = page.locator("tr[data-section='HKZ1102-NEXT-01']")
    row.locator("button").click()
    page.wait_for_selector("tr[data-section='HKZ1102-NEXT-01'].mine")
    assert student.enrollments.filter(section__code="HKZ1102-NEXT-01", status="enrolled").exists()
