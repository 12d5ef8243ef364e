"""Sheets as XLSX/CSV: exported, edited, imported back; a bad file is refused row by row."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ektu_portal.academics.models import Result

pytestmark = pytest.mark.django_db
CODE = "DB2201-2026F-01"


@pytest.fixture
def instructor(client: Any, university: Any) -> Any:
    from ektu_portal.academics.loading import load_university

    university["sections"][1]["enrolled"] = ["s25001", "s25002"]
    load_university(university, allow_passwords=True)
    client.post("/accounts/login/", {"login": "adv.sarsen", "password": "contract-pass-1234"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # the messages below are read in English
    return client


def upload(client: Any, name: str, content: bytes) -> Any:
    return client.post(f"/sheets/{CODE}/import", {"file": SimpleUploadedFile(name, content)}, follow=True)


def test_xlsx_round_trip(instructor: Any) -> None:
    exported = instructor.get(f"/sheets/{CODE}/export.xlsx")
    assert exported.status_code == 200
    book = load_workbook(io.BytesIO(exported.content))
    page = book.active
    header = [c.value for c in page[1]]
    assert header[:6] == ["student", "full_name", "r1", "r2", "exam", "outcome"]
    submitted = header.index("coursework_submitted")
    for row in page.iter_rows(min_row=2):
        row[2].value, row[3].value, row[4].value = 70, 80, 60  # what a registrar types in Excel
        row[submitted].value = "yes"  # DB2201 has a course work (GR-2)
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(instructor, "marks.xlsx", buffer.getvalue())
    assert b"Imported 2 rows." in response.content
    marks = set(Result.objects.filter(discipline__code="DB2201").values_list("r1", "r2", "exam"))
    assert marks == {(70, 80, 60)}


def test_csv_round_trip_and_values(instructor: Any) -> None:
    text = "student,r1,r2,exam,outcome,coursework_submitted\ns25001,90,95,88,,1\ns25002,60,70,,no_show,0\n"
    assert b"Imported 2 rows." in upload(instructor, "marks.csv", text.encode()).content
    exported = instructor.get(f"/sheets/{CODE}/export.csv").content.decode()
    # 0.6 × 92.5 + 0.4 × 88 = 90.7 → 91 → A-
    assert "s25001" in exported and ",91,A-," in exported
    assert "no_show" in exported


def test_a_bad_file_is_refused_row_by_row(instructor: Any) -> None:
    text = "student,r1,r2,exam\ns25001,80,abc,70\nnobody,50,50,50\ns25002,101,50,50\n"
    page = upload(instructor, "bad.csv", text.encode()).content.decode()
    assert "row 2, r2" in page and "row 3, student" in page and "row 4, r1" in page
    assert not Result.objects.filter(discipline__code="DB2201").exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("marks.txt", b"x", "upload an .xlsx or .csv file"),
    ("marks.xlsx", b"not a workbook", "cannot read the file"),
    ("marks.csv", b"name,r1\nx,1\n", "no &#x27;student&#x27; column"),
])
def test_unreadable_files(instructor: Any, name: str, content: bytes, message: str) -> None:
    assert message in upload(instructor, name, content).content.decode()


def test_other_instructors_and_students_get_nothing(client: Any, university: Any) -> None:
    for who in ("adv.other", "s25001"):
        client.post("/accounts/login/", {"login": who, "password": "contract-pass-1234"})
        assert client.get(f"/sheets/{CODE}/export.xlsx").status_code == 404
        assert client.post(f"/sheets/{CODE}/import", {"file": SimpleUploadedFile("a.csv", b"student\n")}
                           ).status_code == 404
        assert client.get(f"/sheets/{CODE}/").status_code == 404
