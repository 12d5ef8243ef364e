"""The registrar enters or imports graduates' diploma numbers (contract §1): every problem of every
row named, nothing written on any problem, each change audited; the registrar's alone."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from diploma_supplement import services
from ektu_portal.academics.models import Student
from ektu_portal.audit.models import AuditRecord
from ektu_portal.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db
PAGE = "/graduates/diploma-numbers/"
API = "/api/v1/graduates/diploma-numbers"
IIN_S25001 = "070501300123"  # s25001's IIN in the contract's example


@pytest.fixture
def graduates(university: Any) -> None:
    """s25001 and s25002 have graduated; s25101 is still studying."""
    Student.objects.filter(user__username__in=["s25001", "s25002"]).update(status=Student.Status.GRADUATED)


@pytest.fixture
def registrar(client: Any, user: Any, graduates: None) -> Any:
    client.force_login(user("reg.office"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # messages below are read in English
    return client


def recorded_before(username: str, number: str, on: date) -> None:
    Student.objects.filter(user__username=username).update(diploma_number=number, graduated_on=on)


def numbers() -> dict[str, tuple[str | None, date | None]]:
    return {username: (number, on) for username, number, on in Student.objects.values_list(
        "user__username", "diploma_number", "graduated_on")}


def upload(client: Any, name: str, content: bytes, **extra: str) -> Any:
    return client.post(PAGE, {"form": "file", "file-file": SimpleUploadedFile(name, content),
                              **{f"file-{k}": v for k, v in extra.items()}}, follow=True)


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_good_file_records_every_graduate_and_audits_each(registrar: Any) -> None:
    content = xlsx([["student", "full_name", "diploma_number", "graduated_on"],
                    [IIN_S25001, "Әлиев Нұрлан Серікұлы", "ЖБ-Б 1234567", datetime(2026, 6, 30)],  # by IIN
                    [None, None, None, None],  # a blank row between is skipped
                    ["s25002", "Жұмабаева Ұлжан", 1234568, "30.06.2026"]])  # a bare number, a dd.mm.yyyy date
    page = upload(registrar, "numbers.xlsx", content).content.decode()
    assert "Recorded 2 diploma numbers; 0 were already recorded." in page
    got = numbers()
    assert got["s25001"] == ("ЖБ-Б 1234567", date(2026, 6, 30))
    assert got["s25002"] == ("1234568", date(2026, 6, 30))
    assert got["s25101"] == (None, None)
    records = AuditRecord.objects.filter(action="student.diploma_number").order_by("object_repr")
    assert [(r.actor_username, r.object_repr.split()[0], r.before, r.after, r.reason) for r in records] == [
        ("reg.office", "s25001", {"diploma_number": None, "graduated_on": None},
         {"diploma_number": "ЖБ-Б 1234567", "graduated_on": "2026-06-30"}, "imported from numbers.xlsx"),
        ("reg.office", "s25002", {"diploma_number": None, "graduated_on": None},
         {"diploma_number": "1234568", "graduated_on": "2026-06-30"}, "imported from numbers.xlsx"),
    ]
    assert all(r.at for r in records)  # when
    # The same file again changes nothing and adds nothing to the log.
    page = upload(registrar, "numbers.xlsx", content).content.decode()
    assert "Recorded 0 diploma numbers; 2 were already recorded." in page
    assert AuditRecord.objects.filter(action="student.diploma_number").count() == 2


def test_a_file_with_two_bad_rows_names_both_and_records_nothing(registrar: Any) -> None:
    text = ("student,diploma_number,graduated_on\n"
            "s25001,ЖБ-Б 1234567,2026-06-30\n"
            "s25101,ЖБ-Б 1234568,2026-06-30\n"  # row 3: still studying
            "s25002,ЖБ-Б 1234569,2999-06-30\n")  # row 4: a day still to come
    response = upload(registrar, "numbers.csv", text.encode(), reason="the platform's June list")
    page = response.content.decode()
    assert 'data-row="row 3, student"' in page and "has not graduated" in page
    assert 'data-row="row 4, graduated_on"' in page and "still to come" in page
    assert "row 2" not in page
    assert all(value == (None, None) for value in numbers().values())
    assert not AuditRecord.objects.filter(action="student.diploma_number").exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("numbers.txt", b"x", "upload an .xlsx or .csv file"),
    ("numbers.csv", b"username,diploma_number,graduated_on\nx,1,2026-06-30\n",
     "no &#x27;student&#x27; column"),
    ("numbers.csv", b"student,diploma_number\ns25001,1\n", "no &#x27;graduated_on&#x27; column"),
])
def test_unreadable_files_are_refused_as_a_whole(registrar: Any, name: str, content: bytes,
                                                 message: str) -> None:
    assert message in upload(registrar, name, content).content.decode()
    assert all(value == (None, None) for value in numbers().values())


def test_one_graduate_entered_by_hand_and_a_problem_shown_on_its_field(registrar: Any) -> None:
    recorded_before("s25002", "ЖБ-Б 0000001", date(2026, 6, 30))
    form = {"form": "one", "one-student": "s25001", "one-diploma_number": "ЖБ-Б 0000001",
            "one-graduated_on": "2026-06-30", "one-reason": ""}
    page = registrar.post(PAGE, form).content.decode()
    assert 'data-field="diploma_number"' in page and "already student &quot;s25002&quot;" in page
    assert numbers()["s25001"] == (None, None)
    response = registrar.post(PAGE, {**form, "one-diploma_number": "ЖБ-Б 0000002"}, follow=True)
    assert "Recorded 1 diploma numbers" in response.content.decode()
    assert numbers()["s25001"] == ("ЖБ-Б 0000002", date(2026, 6, 30))
    audit = AuditRecord.objects.get(action="student.diploma_number")
    assert audit.reason == "entered by the registrar's office"


def test_the_api_records_rows_and_answers_with_counts(api: Any, graduates: None) -> None:
    body = {"rows": [{"student": "s25001", "diploma_number": "ЖБ-Б 1234567", "graduated_on": "2026-06-30"},
                     {"student": "s25002", "diploma_number": "ЖБ-Б 1234568", "graduated_on": "2026-06-29"}],
            "reason": "national platform export of 30 June"}
    response = api("reg.office").post(API, body, format="json")
    assert response.status_code == 200
    assert response.json() == {"recorded": 2, "unchanged": 0, "students": ["s25001", "s25002"]}
    assert numbers()["s25002"] == ("ЖБ-Б 1234568", date(2026, 6, 29))
    reasons = AuditRecord.objects.filter(action="student.diploma_number").values_list("reason", flat=True)
    assert set(reasons) == {"national platform export of 30 June"}
    again = api("reg.office").post(API, body, format="json")
    assert again.json() == {"recorded": 0, "unchanged": 2, "students": []}


def test_the_api_names_every_row_problem_and_writes_nothing(api: Any, graduates: None) -> None:
    recorded_before("s25002", "ЖБ-Б 0000009", date(2026, 6, 1))
    body = {"rows": [
        {"student": "nobody", "diploma_number": "ЖБ-Б 0000001", "graduated_on": "2026-06-30"},
        {"student": "s25001", "diploma_number": "ЖБ-Б 0000009", "graduated_on": "2026-06-30"},  # s25002's
        {"student": "s25101", "diploma_number": "ЖБ-Б 0000001", "graduated_on": ""},  # also rows[0]'s number
        {"student": "s25001", "diploma_number": "", "graduated_on": "30/06/2026"},
    ]}
    response = api("reg.office").post(API, body, format="json")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    problems = {p["path"]: p["message"] for p in response.json()["problems"]}
    assert response.json()["code"] == "invalid_diploma_numbers"
    assert 'unknown student "nobody"' in problems["rows[0].student"]
    assert '"s25002"' in problems["rows[1].diploma_number"]
    assert "has not graduated" in problems["rows[2].student"]
    assert "rows[0]" in problems["rows[2].diploma_number"]
    assert "missing" in problems["rows[2].graduated_on"]
    assert "rows[1]" in problems["rows[3].student"]  # s25001 twice
    assert "missing" in problems["rows[3].diploma_number"]
    assert "not a date" in problems["rows[3].graduated_on"]
    assert numbers()["s25001"] == (None, None) and numbers()["s25002"] == ("ЖБ-Б 0000009", date(2026, 6, 1))


def test_two_graduates_given_each_others_numbers_are_put_right_in_one_go(api: Any, graduates: None) -> None:
    recorded_before("s25001", "ЖБ-Б 0000002", date(2026, 6, 30))
    recorded_before("s25002", "ЖБ-Б 0000001", date(2026, 6, 30))
    body = {"rows": [{"student": "s25001", "diploma_number": "ЖБ-Б 0000001", "graduated_on": "2026-06-30"},
                     {"student": "s25002", "diploma_number": "ЖБ-Б 0000002", "graduated_on": "2026-06-30"}],
            "reason": "the numbers were swapped"}
    assert api("reg.office").post(API, body, format="json").json()["recorded"] == 2
    assert numbers()["s25001"][0] == "ЖБ-Б 0000001" and numbers()["s25002"][0] == "ЖБ-Б 0000002"
    before = AuditRecord.objects.get(action="student.diploma_number", object_repr__startswith="s25001").before
    assert before == {"diploma_number": "ЖБ-Б 0000002", "graduated_on": "2026-06-30"}


@pytest.mark.parametrize(("who", "page_status", "post_status", "api_status"), [
    ("reg.office", 200, 302, 200),  # the form is recorded and the page shown again
    ("s25001", 404, 404, 403),
    ("dean.sdt", 404, 404, 403),
    ("adv.sarsen", 404, 404, 403),
    (None, 302, 302, 401),  # sent to sign in
])
def test_only_the_registrar_records_diploma_numbers(client: Any, api: Any, user: Any, graduates: None,
                                                     who: str | None, page_status: int, post_status: int,
                                                     api_status: int) -> None:
    if who:
        client.force_login(user(who))
    assert client.get(PAGE).status_code == page_status
    body = {"rows": [{"student": "s25001", "diploma_number": "ЖБ-Б 1234567", "graduated_on": "2026-06-30"}]}
    assert api(who).post(API, body, format="json").status_code == api_status
    assert client.post(PAGE, {"form": "one", "one-student": "s25002", "one-diploma_number": "ЖБ-Б 7654321",
                              "one-graduated_on": "2026-06-30"}).status_code == post_status
    recorded = {u for u, (number, _) in numbers().items() if number}
    assert recorded == ({"s25001", "s25002"} if who == "reg.office" else set())


def test_the_service_refuses_anyone_but_the_registrar(user: Any, graduates: None) -> None:
    with pytest.raises(PermissionDenied):
        services.diploma_numbers_record(actor=user("dean.sdt"), reason="x", today=date(2026, 7, 1), rows=[
            {"student": "s25001", "diploma_number": "ЖБ-Б 1234567", "graduated_on": "2026-06-30"}])


def test_the_registrar_reaches_the_page_from_the_supplements_list(registrar: Any) -> None:
    assert f'href="{PAGE}"' in registrar.get("/diploma-supplement/").content.decode()
