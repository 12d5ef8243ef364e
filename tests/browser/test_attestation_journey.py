"""Issue 14's journey: on defence day the attestation secretary runs the session in the browser — attendance
and the quorum, the student's protocol with its timer, each member's grade, the closed-session votes on
the grade, the degree and honours (FA-9 criteria shown), publishing — and the graduate's transcript then
shows the thesis grade."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def defence_day(browser: Any, transactional_db: Any) -> dict[str, Any]:
    """The attestation university; the 6B06102 commission with a session today and s22001's thesis on it,
    every document in three weeks ago (FA-3)."""
    from django.utils import timezone

    from attestation import services
    from attestation.tests.conftest import BACHELOR_MEMBERS, attestation_document
    from ektu_portal.academics.loading import load_university
    from ektu_portal.accounts.models import User

    document = attestation_document()
    load_university(document, allow_passwords=True, source="browser test")
    secretary = User.objects.get(username="att.secretary")
    today = timezone.localdate()
    commission, _ = services.commission_save(
        actor=secretary, code="GAK-6B06102", program_code="6B06102", year=today.year,
        members=[services.MemberInput(**m) for m in BACHELOR_MEMBERS], secretary=secretary)
    session = services.session_create(actor=secretary, commission_code=commission.code, day=today,
                                      starts_at=timezone.localtime().time().replace(microsecond=0),
                                      room="A-301",
                                      schedule_approved_on=today - timedelta(days=30))
    thesis = services.thesis_create(actor=secretary, username="s22001", year=today.year,
                                    topic="Расписание на графах", supervisor="Сәрсенова Гүлнар",
                                    session_id=session.pk)
    handed_in = today - timedelta(days=21)
    services.thesis_documents_record(actor=secretary, thesis_id=thesis.pk, changes={
        "supervisor_review_on": handed_in, "supervisor_verdict": "admitted", "reviewer": "Омаров Ерлан",
        "reviewer_qualification": "phd", "external_review_on": handed_in, "review_letter": "A",
        "plagiarism_certificate_on": handed_in})
    return {"session": session.pk, "period": _period_code(today), "defence_on": today.isoformat()}


def _period_code(day: Any) -> str:
    from attestation.selectors import period_of

    period = period_of(day)
    assert period is not None
    return period.code


def submit(page: Any, selector: str) -> None:
    with page.expect_navigation():  # the click posts a form; wait for the answer
        page.click(selector)


def test_the_secretary_runs_a_defence_to_a_published_result(browser: Any, live_server: Any,
                                                             defence_day: dict[str, Any]) -> None:
    base = live_server.url
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)

    sign_in(page, base, "att.secretary")
    page.click("nav >> text=Final attestation")
    page.click(f"a[href='/attestation/sessions/{defence_day['session']}/']")

    # attendance: the chair, two faculty and the secretary — 4 of 5, a quorum (FA-5)
    for name in ("Смағұлов Бауыржан", "Дүйсенбаев Ерлан", "Сәрсенова Гүлнар", "Бекова Айгүл"):
        page.get_by_label(re.compile(name)).check()
    submit(page, "#attendance-form button[type=submit]")
    assert page.locator("#quorum").inner_text() == "quorum"

    submit(page, "tr[data-student=s22001] button")  # start the defence: the talk's timer runs
    timer = page.locator("#talk-timer")
    assert timer.get_attribute("role") == "timer"
    # A locator assertion, not wait_for_function: the portal's CSP forbids the eval that one needs.
    expect(timer).to_have_text(re.compile(r"^0:0[1-9]$"))
    submit(page, "#talk-end-form button")
    page.fill("#defence-end-form textarea", "Why graphs? — Because the timetable is one.")
    submit(page, "#defence-end-form button")
    assert page.locator("#talk-timer").get_attribute("class") == "timer"  # within 15 minutes: no attention

    # each member present grades; the proposal is their mean: (95 + 97 + 96 + 96) / 4 = 96
    grades = page.locator("#member-grades input[type=number]")
    assert grades.count() == 4
    for i, score in enumerate((95, 97, 96, 96)):
        grades.nth(i).fill(str(score))
    submit(page, "#member-grades button")
    assert page.locator("#suggested").inner_text() == "96"
    assert page.locator("#grade-vote input[name=grade-proposal]").input_value() == "96"

    # the closed session: the grade, then the degree, then honours — every member for
    submit(page, "#grade-vote button")
    assert page.locator("#decided-grade").inner_text() == "A (96)"
    submit(page, "#degree-vote button")
    assert page.locator("#degree").inner_text() == "awarded"
    # FA-9 shown: every grade A, GPA 4.00 with the thesis, the thesis A
    assert page.locator("#honours-meets").inner_text() == "meets the criteria"
    submit(page, "#honours-vote button")
    assert page.locator("#honours").inner_text() == "yes"

    page.click(f"a[href='/attestation/sessions/{defence_day['session']}/']")
    submit(page, "#publish-form button")
    assert page.locator("#published").is_visible()
    assert "A (96)" in page.locator("tr[data-student=s22001]").inner_text()
    context.close()

    # the graduate's transcript shows the thesis grade (grading's result, in the defence day's period)
    from rest_framework.test import APIClient

    client = APIClient()
    token = client.post("/api/v1/auth/token", {"username": "s22001", "password": "contract-pass-1234"},
                        format="json").json()["token"]
    client.credentials(HTTP_AUTHORIZATION="Token " + token)
    transcript = client.get("/api/v1/students/s22001/transcript").json()
    thesis = next(r for r in transcript["results"] if r["discipline"] == "FA4101")
    assert (thesis["period"], thesis["final_score"], thesis["letter"], thesis["status"]) == (
        defence_day["period"], 96, "A", "graded")
    assert transcript["credits_earned"] == 240  # 228 + the thesis's 12 (CR-3)

    # …and so does the graduate's Diploma Supplement (DS-4): the registrar's office records the diploma
    # the national platform numbered and the holder's identity, and the student's preview lists the thesis
    import io
    from datetime import date

    from pypdf import PdfReader

    from diploma_supplement import services as supplements
    from ektu_portal.academics.models import Program, RoleAssignment, Student
    from ektu_portal.accounts.models import User

    Student.objects.filter(user__username="s22001").update(birth_date=date(2004, 5, 17), iin="040517500123")
    # what the administrator records once for the programme and the university (DS-3 2.1, 4.2, 7.2)
    Program.objects.filter(code="6B06102").update(
        qualification_kk="Инженерия және технологиялар бакалавры",
        learning_outcomes=[{"en": f"Outcome {n} of software engineering", "kk": f"{n}-нәтиже"}
                           for n in range(1, 9)])
    vice_rector = User.objects.create(username="vice.rector", full_name="Әбенов Ерлан")
    RoleAssignment.objects.create(user=vice_rector, role="vice_rector")
    supplements.diploma_numbers_record(actor=User.objects.get(username="reg.office"),
                                       reason="national platform",
                                       rows=[{"student": "s22001", "diploma_number": "ЖБ-Б 7700001",
                                              "graduated_on": defence_day["defence_on"]}],
                                       today=date.fromisoformat(defence_day["defence_on"]))
    pdf = client.get("/api/v1/students/s22001/diploma-supplement.pdf")
    assert pdf.status_code == 200, pdf.json().get("missing")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert re.search(r"FA4101 .{0,160}? 12 12 360 96 A 4\.00", text), text[:3000]
