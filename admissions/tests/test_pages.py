"""The commission's pages and the applicant's own status page: who reaches which, reasons beside their
fields, the translated words, and the one-time-code sign-in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from admissions import notifications, services
from admissions.models import Applicant, SignInCode
from admissions.tests.conftest import NOW, applicant

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/admissions/", "/admissions/applicants/new", "/admissions/applicants/A26-0001/",
               "/admissions/import", "/admissions/competitions/", "/admissions/rules/",
               "/admissions/competitions/G-B071/runs/1/", "/admissions/competitions/G-B071/compare?a=1&b=1"]


@pytest.fixture
def ranked(university: Any, officer: Any, save: Any) -> Any:
    save(applicant("A26-0001", unt={"total": 120}, certificate_average="4.50"))
    save(applicant("A26-0002", unt={"total": 120}, certificate_average="4.90", full_name="Марат Оспан"))
    save(applicant("A26-0003", unt={"total": 87}, citizenship="UZ", full_name="Azamat Karimov"))
    run = services.competition_run_now(actor=officer, now=NOW, code="G-B071", program_group="B071",
                                       track="bachelor", grants=1, intake_year=2026)
    return services.run_publish(actor=officer, code="G-B071", run=run.run, now=NOW)


@pytest.mark.parametrize(("who", "status"), [("adm.officer", 200), ("admin.portal", 200), ("reg.office", 404),
                                             ("s25001", 404), ("dean.sdt", 404), ("deputy.sdt", 404),
                                             ("qa.chair", 404)])
def test_staff_pages_matrix(ranked: Any, client: Any, user: Any, who: str, status: int) -> None:
    client.force_login(user(who))
    assert [client.get(url).status_code for url in STAFF_PAGES] == [status] * len(STAFF_PAGES)


@pytest.mark.parametrize("who", ["reg.office", "s25001", "dean.sdt", "deputy.sdt", "qa.chair"])
def test_nobody_else_reaches_the_commissions_actions(ranked: Any, client: Any, user: Any, who: str) -> None:
    """Admit, publish, import, the rules, the run's progress and its files: 404 for anybody else, and
    nothing changes."""
    from admissions.models import CompetitionRun, Threshold

    client.force_login(user(who))
    thresholds = Threshold.objects.count()
    answers = [
        client.post("/admissions/applicants/A26-0002/admit", {"funding": "paid"}).status_code,
        client.post("/admissions/competitions/G-B071/runs/1/publish", {"confirm": "on"}).status_code,
        client.post("/admissions/import", {}).status_code,
        client.post("/admissions/rules/", {
            "form": "threshold", "track": "bachelor", "requirement": "unt_total", "value": "1",
            "effective_from": "2026-01-01", "reason": "x"}).status_code,
        client.get("/admissions/competitions/G-B071/runs/1/progress").status_code,
        client.get("/admissions/competitions/G-B071/runs/1/list.xlsx").status_code,
        client.get("/admissions/competitions/G-B071/runs/1/list.pdf").status_code,
        client.get("/admissions/import/template.xlsx").status_code,
    ]
    assert answers == [404] * len(answers)
    assert Applicant.objects.get(number="A26-0002").student_id is None
    assert Threshold.objects.count() == thresholds
    assert CompetitionRun.objects.filter(published_at__isnull=False).count() == 1  # the fixture's own


def test_anonymous_is_sent_to_sign_in(ranked: Any, client: Any) -> None:
    for url in STAFF_PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_eligibility_says_why_in_the_readers_language(ranked: Any, client: Any, officer: Any) -> None:
    client.force_login(officer)
    page = client.get("/admissions/applicants/A26-0003/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    grant = re.search(r'data-route="state_grant".*?</tr>', page, re.S)
    paid = re.search(r'data-route="paid".*?</tr>', page, re.S)
    assert grant and "admission to paid study only" in grant.group(0) and "not eligible" in grant.group(0)
    assert paid and "eligible" in paid.group(0) and "paid_only" not in paid.group(0).replace(
        'data-reason="paid_only"', "")


def test_the_form_puts_each_reason_beside_its_field(university: Any, client: Any, officer: Any) -> None:
    client.force_login(officer)
    response = client.post("/admissions/applicants/new", {
        "number": "A26-0009", "full_name": "Тест", "citizenship": "KZ", "track": "bachelor",
        "program": "6B07101", "unt_total": "90", "unt_reading": "seven", "certificate_average": "4.5"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors == {"unt_reading": ["a whole number expected"]}
    assert not Applicant.objects.exists()


def test_the_form_saves_an_applicant(university: Any, client: Any, officer: Any) -> None:
    client.force_login(officer)
    response = client.post("/admissions/applicants/new", {
        "number": "M26-0001", "full_name": "Дана", "citizenship": "KZ", "track": "master_profile",
        "program": "7M06102", "kt_readiness": "20", "kt_profile_single": "20", "kt_profile_multiple": "20",
        "priorities": ["olympiad_winner"]})
    assert response.status_code == 302
    saved = Applicant.objects.get(number="M26-0001")
    assert saved.kt == {"readiness": 20, "profile_single": 20, "profile_multiple": 20}
    assert saved.priorities == ["olympiad_winner"]
    # the page shows it back in its fields, and a change is saved over it
    page = client.get("/admissions/applicants/M26-0001/")
    assert page.context["form"].initial["kt_readiness"] == 20


def test_the_kazakh_page_shows_no_raw_code(ranked: Any, client: Any, officer: Any) -> None:
    client.force_login(officer)
    for url in ("/admissions/applicants/A26-0003/", "/admissions/competitions/G-B071/runs/1/"):
        text = re.sub(r"<[^>]+>", " ", client.get(url, HTTP_ACCEPT_LANGUAGE="kk").content.decode())
        for code in ("paid_only", "state_grant", "certificate_average", "unt_total_below", "master_profile"):
            assert code not in text, (url, code)


def test_the_run_page_names_the_tie_break(ranked: Any, client: Any, officer: Any) -> None:
    client.force_login(officer)
    page = client.get("/admissions/competitions/G-B071/runs/1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = re.search(r'data-applicant="A26-0001".*?</tr>', page, re.S)
    assert row and "certificate" in row.group(0)  # 120 = 120; 4.90 beat 4.50


# --- the applicant's own status page -----------------------------------------------------------------------


def _code(number: str) -> str:
    applicant_row = Applicant.objects.get(number=number)
    assert notifications.send_sign_in_code(applicant_row.pk, now=timezone.now()) == 1
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]


def test_an_applicant_signs_in_with_a_code_and_sees_where_they_stand(ranked: Any, client: Any) -> None:
    asked = client.post("/admissions/status/sign-in", {"number": "A26-0001", "send": "1"})
    assert asked.status_code == 200 and b'name="code"' in asked.content
    code = _code("A26-0001")
    assert mail.outbox[-1].to == ["a26-0001@example.kz"]
    signed = client.post("/admissions/status/sign-in", {"number": "A26-0001", "code": code, "check": "1"})
    assert signed.status_code == 302
    page = client.get("/admissions/status/", HTTP_ACCEPT_LANGUAGE="en")
    standing = page.context["standing"]
    # 120 and 120: A26-0002's certificate average 4.90 beat 4.50 — rank 2, no grant, cut-off 120
    assert (standing.rank, standing.awarded, standing.cutoff_score) == (2, False, 120)
    assert "average grade of the certificate" in page.context["decided"]
    text = page.content.decode()
    assert "Әлия Серікова" in text and "Марат Оспан" not in text  # only their own
    # the code works once
    client.post("/admissions/status/sign-out")
    again = client.post("/admissions/status/sign-in", {"number": "A26-0001", "code": code, "check": "1"})
    assert again.status_code == 422


def test_five_wrong_codes_and_the_code_is_dead(ranked: Any, client: Any) -> None:
    code = _code("A26-0002")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post("/admissions/status/sign-in", {"number": "A26-0002", "code": wrong, "check": "1"})
    assert client.post("/admissions/status/sign-in", {"number": "A26-0002", "code": code,
                                                      "check": "1"}).status_code == 422
    assert SignInCode.objects.get().attempts == 5


def test_an_expired_code_does_not_work(ranked: Any) -> None:
    code = _code("A26-0002")
    later = timezone.now() + services.CODE_LIFETIME
    assert services.sign_in_code_check(number="A26-0002", code=code, now=later) is None


def test_the_status_page_needs_a_signed_in_applicant(client: Any, university: Any) -> None:
    response = client.get("/admissions/status/")
    assert response.status_code == 302 and response["Location"].endswith("/admissions/status/sign-in")


def test_an_unknown_number_asks_for_a_code_like_any_other(university: Any, client: Any,
                                                          django_capture_on_commit_callbacks: Any) -> None:
    """No one learns from the page whether a number applied."""
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/admissions/status/sign-in", {"number": "Z99-0000", "send": "1"})
    assert response.status_code == 200 and b'name="code"' in response.content and callbacks == []


# --- the commission's own actions through its pages --------------------------------------------------------


def test_a_threshold_set_on_the_rules_page(university: Any, client: Any, officer: Any) -> None:
    from admissions.models import Threshold

    client.force_login(officer)
    refused = client.post("/admissions/rules/", {"form": "threshold", "track": "bachelor",
                                                 "requirement": "kt_total", "value": "60",
                                                 "effective_from": "2027-06-01", "reason": "Order 5"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 422
    errors = refused.context["forms"]["threshold"].errors
    assert errors["requirement"] == ["the track does not use this requirement"]
    done = client.post("/admissions/rules/", {"form": "threshold", "track": "bachelor",
                                              "requirement": "unt_total", "value": "60",
                                              "effective_from": "2027-06-01", "reason": "Order 5"})
    assert done.status_code == 302
    assert Threshold.objects.filter(track="bachelor", requirement="unt_total").count() == 2


def test_a_competition_started_on_its_page_waits_for_the_job(university: Any, client: Any, officer: Any,
                                                             save: Any,
                                                             django_capture_on_commit_callbacks: Any) -> None:
    save(applicant("A26-0001"))
    client.force_login(officer)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/admissions/competitions/", {"code": "G-B071", "program_group": "B071",
                                                             "track": "bachelor", "grants": "5",
                                                             "intake_year": "2026"})
    assert response.status_code == 302 and response["Location"] == "/admissions/competitions/G-B071/runs/1/"
    assert len(queued) == 1  # the ranking job, sent once the run is saved
    page = client.get(response["Location"])
    assert b'id="run-progress"' in page.content
    progress = client.get("/admissions/competitions/G-B071/runs/1/progress").json()
    assert (progress["status"], progress["done"]) == ("queued", 0)
    from admissions import services

    services.competition_rank(run_id=page.context["run"].pk, now=NOW)  # what the job does
    assert b'id="ranking"' in client.get(response["Location"]).content


def test_an_applicant_corrected_on_its_page(university: Any, client: Any, officer: Any, save: Any) -> None:
    save(applicant("A26-0001"))
    client.force_login(officer)
    form = client.get("/admissions/applicants/A26-0001/").context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data.update(unt_total="40", unt_profile_1="5", unt_profile_2="6")  # 14 + 7 + 8 + 5 + 6 = 40
    response = client.post("/admissions/applicants/A26-0001/", data)
    assert response.status_code == 302
    saved = Applicant.objects.get(number="A26-0001")
    assert saved.unt["total"] == 40 and saved.unt["subjects"]["profile_2"] == 6
    page = client.get("/admissions/applicants/A26-0001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-reason="unt_total_below"' in page  # 40 < 50: shown at once


def test_an_applicant_finds_their_status_from_the_sign_in_page(client: Any) -> None:
    """Applicants have no account yet: the portal's sign-in page shows them the way to their status."""
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    link = re.search(r'<a href="([^"]+)" id="applicant-status">([^<]+)</a>', page)
    assert link is not None and "See where your application stands" in link.group(2)
    assert client.get(link.group(1)).status_code == 200
