"""§12 through the services, the pages and the API: transfers between programmes, into EKTU and out of it,
and readmission — filed with every refusal named on its field (nothing written), decided by the rector's
office on its day (TR-1, TR-4), ordered by the registrar's office (the incoming student's record made once,
the recount recorded, the personal window opened: TR-7, RG-7), with documents checked, deadlines in working
days (TR-6, TR-7) and a daily e-mail of what is overdue.

The calendar: the example's 2025-F (1 Sep – 27 Dec 2025) and 2026-F (1 Sep – 26 Dec 2026) plus 2026-S
(20 Jan – 30 May 2026) and 2027-S (20 Jan – 30 May 2027). So the summer vacation is 31 May – 31 Aug 2026
and the rector decides for 2026-F from 27 to 31 August 2026 (TR-4); the winter vacation is 27 Dec 2026 –
19 Jan 2027."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client

from conftest import PASSWORD, token_clients, two_school_document

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def at(day: str, hour: int = 11) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=ALMATY)


FILED = at("2026-08-10")      # summer vacation
DECIDED = at("2026-08-28")    # inside TR-4's window for 2026-F
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PREVIOUS = [{"title": "Programming basics", "ects": 6, "letter": "A-", "discipline": "PRG1101"},
            {"title": "History of Kazakhstan", "ects": 5, "letter": "F", "discipline": "HKZ1102"}]


@pytest.fixture(autouse=True)
def _english() -> Any:
    """The services answer in the active language; these tests read the English."""
    from django.utils.translation import override

    with override("en"):
        yield


@pytest.fixture
def university(db: Any) -> dict[str, Any]:
    from ektu_portal.academics.loading import load_university

    document = two_school_document()
    document["calendar"]["periods"] += [
        {"code": "2026-S", "kind": "semester", "academic_year": "2025-2026", "starts": "2026-01-20",
         "ends": "2026-05-30"},
        {"code": "2027-S", "kind": "semester", "academic_year": "2026-2027", "starts": "2027-01-20",
         "ends": "2027-05-30"}]
    # HKZ1102 (semester 1) runs in 2026-F: a newcomer can take it as academic difference this period.
    document["sections"].append({"code": "HKZ1102-2026F-01", "discipline": "HKZ1102", "period": "2026-F",
                                 "instructor": "adv.sarsen", "capacity": 30})
    document["curricula"].append({"program": "6B07201", "intake_year": 2025, "items": [
        {"discipline": "PRG1101", "semester": 1, "component": "mandatory"}]})
    document["people"] += [
        {"username": "rector.office", "full_name": "Серікбаев Нұрлан", "roles": ["vice_rector"]},
        {"username": "s24009", "full_name": "Оспанов Тимур", "roles": ["student"],
         "student": {"program": "6B06102", "intake_year": 2025, "course_year": 2, "funding": "paid"}},
    ]
    for person in document["people"]:
        person["password"] = PASSWORD
        if person["username"] == "reg.office":
            person["email"] = "registrar@ektu.kz"
    load_university(document, allow_passwords=True, source="test fixture")
    from ektu_portal.academics.models import Student

    Student.objects.filter(user__username="s24009").update(status=Student.Status.EXPELLED)
    return document


def actor(username: str) -> Any:
    from ektu_portal.accounts.models import User

    return User.objects.get(username=username)


def incoming(now: datetime = FILED, **changes: Any) -> Any:
    from mobility import services_transfers as services

    values = {"program": "6B06102", "course_year": 2, "full_name": "Ерланов Арман", "iin": "060301300555",
              "email": "arman@example.kz", "other_university": "Al-Farabi Kazakh National University",
              "funding": "paid", "first_period_completed": True, "items": PREVIOUS, **changes}
    return services.transfer_file(actor=actor("reg.office"), kind="incoming", values=values, now=now)


def decide(case: Any, now: datetime = DECIDED, decision: str = "approved", who: str = "rector.office") -> Any:
    from mobility import services_transfers as services

    return services.transfer_decide(actor=actor(who), case_id=case.pk, decision=decision,
                                    basis="Resolution No. 14", reason="" if decision == "approved" else "no",
                                    now=now)


def order(case: Any, number: str = "412-с", on: str = "2026-08-31") -> Any:
    from mobility import services_transfers as services

    return services.transfer_order(actor=actor("reg.office"), case_id=case.pk, number=number,
                                   on=date.fromisoformat(on), now=at(on, 15))


def problems(error: Any) -> dict[str, str]:
    return {p.path: p.message for p in error.value.problems}


# --- filing ---------------------------------------------------------------------------------------------

def test_an_incoming_transfer_is_filed_with_its_transcript_and_audited(university: Any) -> None:
    from ektu_portal.audit.models import AuditRecord

    case = incoming()
    assert (case.status, case.student, case.applied_on) == ("submitted", None, date(2026, 8, 10))
    assert [i["discipline"] for i in case.items] == ["PRG1101", "HKZ1102"]
    record = AuditRecord.objects.for_object(case).get()
    assert (record.actor_username, record.action, record.before) == ("reg.office", "transfer.file", None)


def test_every_problem_of_an_incoming_application_is_named_and_nothing_is_written(university: Any) -> None:
    from ektu_portal.core.errors import ValidationFailed
    from mobility.models import TransferCase

    with pytest.raises(ValidationFailed) as refused:
        incoming(program="NOPE", iin="12", email="", other_university="", course_year=None)
    assert set(problems(refused)) == {"program", "iin", "email", "other_university", "course_year"}
    assert not TransferCase.objects.exists()


def test_a_bad_transcript_line_is_named_by_the_recount_engine(university: Any) -> None:
    from ektu_portal.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        incoming(items=[{"title": "Programming", "ects": 6, "letter": "A-", "discipline": "NOPE999"}])
    assert "items[0].discipline" in problems(refused)


def test_readmission_after_expulsion_for_academic_dishonesty_is_refused_on_filing(university: Any) -> None:
    """TR-8: never, whatever the window — named on the reason of expulsion; nothing is written."""
    from ektu_portal.core.errors import ValidationFailed
    from mobility import services_transfers as services
    from mobility.models import TransferCase

    with pytest.raises(ValidationFailed) as refused:
        services.transfer_file(actor=actor("s24009"), kind="readmission", now=FILED, values={
            "program": "6B06102", "course_year": 2, "expulsion_reason": "academic_dishonesty",
            "expelled_on": "2026-03-01", "first_period_completed": True})
    assert problems(refused) == {"expulsion_reason": "TR-8: a student expelled for violating academic "
                                                     "integrity is never readmitted."}
    assert not TransferCase.objects.exists()


def test_between_programmes_of_different_groups_keeping_the_grant_is_refused(university: Any) -> None:
    """TR-5: s25001 holds a state grant; 6B07201 is not in 6B06102's group (neither has a group code)."""
    from ektu_portal.core.errors import ValidationFailed
    from mobility import services_transfers as services

    with pytest.raises(ValidationFailed) as refused:
        services.transfer_file(actor=actor("s25001"), kind="between_programmes", now=FILED, values={
            "program": "6B07201", "course_year": 2, "requested": "keep_grant",
            "first_period_completed": True})
    assert problems(refused) == {"requested": "TR-5: between programmes of different groups only on a paid "
                                              "basis."}


def test_the_first_period_must_be_completed(university: Any) -> None:
    from ektu_portal.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        incoming(first_period_completed=False)
    assert list(problems(refused)) == ["first_period_completed"]


def test_a_student_files_only_their_own_and_never_an_incoming_case(university: Any) -> None:
    from ektu_portal.core.errors import PermissionDenied
    from mobility import services_transfers as services

    case = services.transfer_file(actor=actor("s25002"), kind="outgoing", now=FILED, values={
        "other_university": "Satbayev University", "first_period_completed": True})
    assert case.student.user.username == "s25002"  # the student's own record, whatever they name
    with pytest.raises(PermissionDenied):
        services.transfer_file(actor=actor("s25002"), kind="incoming", now=FILED, values={})


# --- the rector's decision (TR-1, TR-4) ----------------------------------------------------------------

@pytest.mark.parametrize(("day", "expected"), [
    ("2026-08-26", ["TR-4"]),            # the day before the window: in the vacation, too early
    ("2026-08-27", []),                  # the window's first day
    ("2026-08-31", []),                  # its last day (the period starts on 1 September)
    ("2026-09-01", ["TR-1", "TR-4"]),    # the period has started
])
def test_the_rector_approves_only_in_the_vacation_within_five_days_of_the_period(
        university: Any, day: str, expected: list[str]) -> None:
    from ektu_portal.core.errors import ValidationFailed

    case = incoming()
    if not expected:
        assert decide(case, now=at(day)).status == "approved"
        return
    with pytest.raises(ValidationFailed) as refused:
        decide(case, now=at(day))
    assert [p.message[:4] for p in refused.value.problems] == expected


def test_a_refusal_needs_its_reason_and_is_final(university: Any) -> None:
    from ektu_portal.core.errors import ValidationFailed
    from mobility import services_transfers as services

    case = incoming()
    with pytest.raises(ValidationFailed) as refused:
        services.transfer_decide(actor=actor("rector.office"), case_id=case.pk, decision="refused",
                                 basis="Resolution No. 2", reason="", now=at("2026-10-01"))
    assert list(problems(refused)) == ["reason"]
    case = decide(case, now=at("2026-10-01"), decision="refused")  # refusing needs no window
    assert case.status == "refused"
    with pytest.raises(services.TransferRefused):
        decide(case)


def test_only_the_rector_office_decides_an_incoming_case(university: Any) -> None:
    from ektu_portal.core.errors import NotFound, PermissionDenied

    case = incoming()
    with pytest.raises(PermissionDenied):
        decide(case, who="reg.office")
    with pytest.raises(PermissionDenied):
        decide(case, who="dean.sdt")  # sees the case of their school, decides only transfers out
    with pytest.raises(NotFound):
        decide(case, who="s25001")


# --- the order (TR-7, RG-7) ---------------------------------------------------------------------------

def test_the_order_makes_the_student_records_the_recount_and_opens_the_window(university: Any) -> None:
    from ektu_portal.academics.models import Result, Student
    from ektu_portal.audit.models import AuditRecord
    from registration.models import PersonalWindow

    case = order(decide(incoming()))
    student = Student.objects.select_related("user").get(iin="060301300555")
    assert case.status == "ordered" and case.student == student
    # Course 2 in 2026/2027 is the 2025 intake; paid (they were paid, TR-5).
    assert (student.program.code, student.intake_year, student.course_year, student.funding) == (
        "6B06102", 2025, 2, "paid")
    assert student.user.full_name == "Ерланов Арман" and not student.user.has_usable_password()
    recognized = Result.objects.get(student=student)
    assert (recognized.discipline.code, recognized.recognized_from, recognized.recognized_letter) == (
        "PRG1101", "transfer", "A-")
    window = PersonalWindow.objects.get(student=student)
    assert (window.period.code, window.reason) == ("2026-F", "transfer")
    assert (window.closes - window.opens).days == 7
    assert AuditRecord.objects.filter(action="transfer.order").count() == 1


def test_the_same_order_again_changes_nothing(university: Any) -> None:
    from ektu_portal.academics.models import Result, Student
    from registration.models import PersonalWindow

    case = order(decide(incoming()))
    again = order(case)
    assert again.pk == case.pk
    assert Student.objects.filter(iin="060301300555").count() == 1
    assert Result.objects.filter(student__iin="060301300555").count() == 1
    assert PersonalWindow.objects.filter(student__iin="060301300555").count() == 1


def test_the_new_student_is_e_mailed_their_username_and_a_password_link(
        university: Any, django_capture_on_commit_callbacks: Any) -> None:
    from mobility.tasks import welcome_transferred

    case = decide(incoming())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order(case)
    assert len(callbacks) == 1
    case.refresh_from_db()
    welcome_transferred.apply(args=[case.student_id])  # what the worker runs once the order committed
    assert mail.outbox[-1].to == ["arman@example.kz"]
    assert "t060301300555" in mail.outbox[-1].body and "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_no_order_before_the_decision_nor_with_a_number_used(university: Any) -> None:
    from ektu_portal.core.errors import Conflict
    from mobility import services_transfers as services

    with pytest.raises(services.TransferRefused):
        order(incoming())
    first = order(decide(incoming()))
    second = decide(incoming(iin="060301300556", full_name="Әлиев Санжар"))
    with pytest.raises(Conflict):
        order(second, number=first.order_number)


def test_the_comparison_sheet_shows_recognized_and_difference_disciplines(university: Any) -> None:
    """RC-3: HKZ1102 at F is not recounted; RC-5: it is difference, in 2026-F's timetable."""
    from mobility import selectors_transfers as selectors

    view = selectors.comparison(incoming(), date(2026, 8, 28))
    assert view is not None
    assert [(r.discipline, r.letter, r.credits) for r in view.sheet.recognized] == [("PRG1101", "A-", 5)]
    assert [(d.code, d.semester, d.this_period) for d in view.difference] == [("HKZ1102", 1, True)]
    assert view.period.code == "2026-F"


def test_readmission_reactivates_the_student_on_a_paid_basis(university: Any) -> None:
    from ektu_portal.academics.models import Student
    from mobility import services_transfers as services

    case = services.transfer_file(actor=actor("s24009"), kind="readmission", now=FILED, values={
        "program": "6B06102", "course_year": 2, "expulsion_reason": "other", "expelled_on": "2026-03-01",
        "first_period_completed": True})
    order(decide(case), number="77-в")
    student = Student.objects.get(user__username="s24009")
    assert (student.status, student.funding, student.course_year) == ("active", "paid", 2)


# --- a transfer out (TR-6) ----------------------------------------------------------------------------

def test_a_transfer_out_runs_its_three_steps_in_working_days_and_expels_the_student(university: Any) -> None:
    from ektu_portal.academics.models import Student
    from mobility import selectors_transfers as selectors
    from mobility import services_transfers as services

    # Applied Wed 26 Aug 2026: Thu 27, Fri 28, (Sat 29, Sun 30 — and 30 August, Constitution Day),
    # Mon 31 → decision due 31 August.
    case = services.transfer_file(actor=actor("s25002"), kind="outgoing", now=at("2026-08-26"), values={
        "other_university": "Satbayev University", "first_period_completed": True})
    due = {d.code: d.due for d, _late in selectors.deadlines(case, date(2026, 8, 26))}
    assert due == {"tr6_outgoing_decision": date(2026, 8, 31)}
    assert [d.code for d, late in selectors.deadlines(case, date(2026, 9, 1)) if late] == [
        "tr6_outgoing_decision"]
    case = decide(case, now=at("2026-08-28"), who="dean.sdt")  # the dean of the student's school
    with pytest.raises(services.TransferRefused):
        order(case, number="90-о", on="2026-08-28")  # not before the receiving university asks
    services.transfer_receiving_request(actor=actor("reg.office"), case_id=case.pk, on=date(2026, 8, 28),
                                        now=at("2026-08-28"))
    case = order(case, number="90-о", on="2026-08-31")
    assert Student.objects.get(user__username="s25002").status == "expelled"
    case = services.transfer_file_sent(actor=actor("reg.office"), case_id=case.pk, on=date(2026, 9, 2),
                                       now=at("2026-09-02"))
    assert case.status == "closed"
    assert not [d for d, late in selectors.deadlines(case, date(2026, 12, 1)) if late]


def test_overdue_cases_are_e_mailed_to_the_registrar_once_a_day(university: Any) -> None:
    from mobility import services_transfers as services

    services.transfer_file(actor=actor("s25002"), kind="outgoing", now=at("2026-08-26"), values={
        "other_university": "Satbayev University", "first_period_completed": True})
    assert services.overdue_digest(now=at("2026-08-31")) == 0  # due that day: not late yet
    assert services.overdue_digest(now=at("2026-09-01")) == 1
    assert services.overdue_digest(now=at("2026-09-01", 18)) == 0  # the day's e-mail is sent
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["registrar@ektu.kz"]
    assert "Жұмабаева Ұлжан" in mail.outbox[0].body
    assert services.overdue_digest(now=at("2026-09-02")) == 1


# --- documents ------------------------------------------------------------------------------------------

def test_documents_are_checked_by_their_content_and_size(university: Any, settings: Any) -> None:
    from ektu_portal.core.errors import ValidationFailed
    from mobility import services_transfers as services

    case = incoming()
    document = services.transfer_document_add(actor=actor("reg.office"), case_id=case.pk, kind="transcript",
                                              name="C:\\scans\\transcript.pdf", content=PDF, now=FILED)
    assert (document.name, document.content_type, document.size) == ("transcript.pdf", "application/pdf",
                                                                      len(PDF))
    with pytest.raises(ValidationFailed) as refused:
        services.transfer_document_add(actor=actor("reg.office"), case_id=case.pk, kind="transcript",
                                       name="transcript.pdf", content=b"MZ\x90\x00 not a pdf", now=FILED)
    assert list(problems(refused)) == ["file"]
    settings.TRANSFER_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ValidationFailed) as refused:
        services.transfer_document_add(actor=actor("reg.office"), case_id=case.pk, kind="other",
                                       name="big.pdf", content=PDF + b"0" * 100, now=FILED)
    assert "larger than" in problems(refused)["file"]
    assert case.documents.count() == 1


# --- pages and API ----------------------------------------------------------------------------------------

def browser(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_a_refused_application_on_the_page_shows_its_reason_on_the_field(university: Any) -> None:
    from mobility.models import TransferCase

    client = browser("reg.office")
    form = {"kind": "incoming", "program": "6B06102", "course_year": "2", "full_name": "Ерланов Арман",
            "iin": "123", "email": "arman@example.kz", "other_university": "KazNU", "requested": "paid",
            "funding": "paid", "first_period_completed": "on",
            "transcript": "Programming basics | 6 | A- | PRG1101\nnonsense line"}
    response = client.post("/mobility/transfers/apply/", form, **EN)
    assert response.status_code == 422
    assert "These lines do not read: 2." in response.content.decode()
    readable = "Programming basics | 6 | A- | PRG1101"
    response = client.post("/mobility/transfers/apply/", {**form, "transcript": readable}, **EN)
    assert response.status_code == 422
    assert 'id="id_iin-error">The IIN: 12 digits.' in response.content.decode()
    assert not TransferCase.objects.exists()
    response = client.post("/mobility/transfers/apply/",
                           {**form, "iin": "060301300555", "transcript": readable})
    case = TransferCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mobility/transfers/{case.pk}/"
    assert case.items == [{"title": "Programming basics", "discipline": "PRG1101", "ects": 6, "letter": "A-"}]


def test_the_case_page_in_kazakh_shows_the_sheet_and_no_raw_codes(university: Any) -> None:
    case = decide(incoming())
    body = browser("reg.office").get(f"/mobility/transfers/{case.pk}/",
                                     HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert 'data-recognized="PRG1101"' in body and 'data-difference="HKZ1102"' in body
    for raw in ("approved", "incoming", "transfer.file", "keep_grant"):
        assert f">{raw}<" not in body and f" {raw} " not in body


def test_the_order_and_the_comparison_sheet_print_in_kazakh_and_russian(university: Any) -> None:
    case = order(decide(incoming()))
    client = browser("reg.office")
    for path in (f"/mobility/transfers/{case.pk}/order.pdf", f"/mobility/transfers/{case.pk}/comparison.pdf"):
        for language in ("", "?language=ru"):
            response = client.get(path + language)
            assert response.status_code == 200 and response.content.startswith(b"%PDF-"), path


def test_the_api_files_decides_and_orders(university: Any) -> None:
    api = token_clients()
    filed = api("reg.office").post("/api/v1/mobility/transfers", {
        "kind": "incoming", "program": "6B06102", "course_year": 2, "full_name": "Ерланов Арман",
        "iin": "060301300555", "email": "arman@example.kz", "other_university": "KazNU", "funding": "paid",
        "first_period_completed": True, "items": PREVIOUS}, format="json")
    assert filed.status_code == 201, filed.content
    case = filed.json()
    assert (case["status"], case["student"], case["deadlines"]) == ("submitted", None, [])
    sheet = api("reg.office").get(f"/api/v1/mobility/transfers/{case['id']}/comparison").json()
    assert sheet["sheet"]["difference"][0]["discipline"] == "HKZ1102"
    refused = api("s25001").post(f"/api/v1/mobility/transfers/{case['id']}/decision",
                                 {"decision": "approved", "basis": "x"}, format="json")
    assert refused.status_code == 404  # a student does not see another person's case
    bad = api("reg.office").post("/api/v1/mobility/transfers", {"kind": "teleport"}, format="json")
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/problem+json")


# --- who sees and does what ----------------------------------------------------------------------------

ROLES = ("s25002", "s25001", "reg.office", "dean.sdt", "dean.sem", "rector.office", None)


@pytest.fixture
def outgoing_case(university: Any) -> Any:
    """s25002 (6B06102, school SDT) leaves for Satbayev University; a transcript is on the case."""
    from mobility import services_transfers as services

    case = services.transfer_file(actor=actor("s25002"), kind="outgoing", now=at("2026-08-26"), values={
        "other_university": "Satbayev University", "first_period_completed": True})
    services.transfer_document_add(actor=actor("s25002"), case_id=case.pk, kind="transcript", name="t.pdf",
                                   content=PDF, now=at("2026-08-26"))
    return case


@pytest.mark.parametrize(("who", "expected"), [
    ("s25002", 200), ("s25001", 404), ("reg.office", 200), ("dean.sdt", 200), ("dean.sem", 404),
    ("rector.office", 200), (None, 302)])
def test_who_sees_a_case_page_its_document_and_its_api(outgoing_case: Any, who: str | None,
                                                       expected: int) -> None:
    client = browser(who) if who else Client()
    document = outgoing_case.documents.get()
    for path in (f"/mobility/transfers/{outgoing_case.pk}/",
                 f"/mobility/transfers/{outgoing_case.pk}/documents/{document.pk}/"):
        assert client.get(path).status_code == expected, path
    api = token_clients()(who)
    assert api.get(f"/api/v1/mobility/transfers/{outgoing_case.pk}").status_code == (
        401 if who is None else expected)


@pytest.mark.parametrize(("who", "expected"), [
    ("s25002", 403), ("s25001", 404), ("reg.office", 403), ("dean.sdt", 200), ("dean.sem", 404),
    ("rector.office", 200), (None, 401)])
def test_who_decides_a_transfer_out(outgoing_case: Any, who: str | None, expected: int) -> None:
    response = token_clients()(who).post(f"/api/v1/mobility/transfers/{outgoing_case.pk}/decision",
                              {"decision": "refused", "basis": "Resolution No. 1", "reason": "incomplete"},
                              format="json")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(("who", "expected"), [
    ("s25002", 403), ("s25001", 404), ("reg.office", 200), ("dean.sdt", 403), ("dean.sem", 404),
    ("rector.office", 403), (None, 401)])
def test_who_records_the_receiving_universitys_request(outgoing_case: Any, who: str | None,
                                                       expected: int) -> None:
    decide(outgoing_case, now=at("2026-08-28"))
    response = token_clients()(who).post(f"/api/v1/mobility/transfers/{outgoing_case.pk}/receiving-request",
                                         {"on": "2026-08-28"}, format="json")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(("who", "sees"), [
    ("s25002", {"outgoing"}), ("s25001", set()), ("reg.office", {"outgoing", "incoming"}),
    ("dean.sdt", {"outgoing", "incoming"}), ("dean.sem", set()), ("rector.office", {"outgoing", "incoming"})])
def test_who_sees_which_cases_in_the_list(outgoing_case: Any, who: str, sees: set[str]) -> None:
    incoming()
    listed = token_clients()(who).get("/api/v1/mobility/transfers").json()
    assert {case["kind"] for case in listed} == sees
    page = browser(who).get("/mobility/transfers/", **EN)
    assert page.status_code == 200  # students file from it; deans and the offices keep it, empty or not
    assert page.content.decode().count("data-case=") == len(sees)


def test_the_list_page_is_not_for_anonymous_visitors(university: Any) -> None:
    assert Client().get("/mobility/transfers/").status_code == 302
    assert token_clients()(None).get("/api/v1/mobility/transfers").status_code == 401


def test_difference_not_passed_by_the_end_of_the_year_becomes_debt_once(university: Any) -> None:
    """RC-5: HKZ1102, the incoming student's difference, is due by the end of the academic year 2026/2027
    (2027-S, the year's last period, ends 30 May 2027); not passed by then, it becomes academic debt."""
    from grading.models import AcademicDebt
    from mobility import services_transfers as services

    case = order(decide(incoming()))
    case.refresh_from_db()
    assert (case.difference, case.difference_due.code) == (["HKZ1102"], "2027-S")
    assert services.transfer_difference_sweep(now=at("2027-05-30")) == 0  # the last day: still in time
    assert services.transfer_difference_sweep(now=at("2027-05-31")) == 1
    debt = AcademicDebt.objects.get()
    assert (debt.result.discipline.code, debt.result.period.code) == ("HKZ1102", "2027-S")
    assert services.transfer_difference_sweep(now=at("2027-06-01")) == 0  # swept once


@pytest.mark.parametrize(("who", "link"), [("dean.sdt", True), ("rector.office", True), ("reg.office", True),
                                           ("s25001", False)])
def test_the_transfers_page_leads_to_vacant_grants(university: Any, who: str, link: bool) -> None:
    """Deans have no mobility page; the transfers page is where they find TR-9's lists."""
    body = browser(who).get("/mobility/transfers/", **EN).content.decode()
    assert ('data-nav="vacant-grants"' in body) is link


def test_a_digest_that_could_not_be_sent_is_sent_by_the_next_run(university: Any) -> None:
    """The day's row is written with the e-mail, never before it: a failed send leaves the day open."""
    from unittest import mock

    from mobility import services_transfers as services
    from mobility.models import TransferDigest

    services.transfer_file(actor=actor("s25002"), kind="outgoing", now=at("2026-08-26"), values={
        "other_university": "Satbayev University", "first_period_completed": True})
    with mock.patch("mobility.notifications.send_mail", side_effect=OSError("SMTP down")), \
            pytest.raises(OSError):
        services.overdue_digest(now=at("2026-09-01"))
    assert not TransferDigest.objects.exists()
    assert services.overdue_digest(now=at("2026-09-01", 12)) == 1
    assert len(mail.outbox) == 1
