"""Applicants from a spreadsheet: refused row by row with every reason, nothing written on any problem."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from admissions import services
from admissions.models import Applicant
from admissions.spreadsheets import read_applicants
from admissions.tests.conftest import NOW
from ektu_portal.audit.models import AuditRecord
from ektu_portal.core.spreadsheets import SpreadsheetRejected

pytestmark = pytest.mark.django_db

HEADER = ["number", "full_name", "track", "program", "citizenship", "unt_total", "unt_history_kz",
          "unt_reading", "unt_math_literacy", "unt_profile_1", "unt_profile_2", "certificate_average",
          "priorities"]
GOOD = [
    ["A26-0101", "Асқар Беков", "bachelor", "6B07101", "KZ", 95, 15, 8, 9, 33, 30, "4,75", "altyn_belgi"],
    ["A26-0102", "Гүлім Сейт", "bachelor", "6B07102", "KZ", 80, 12, 7, 7, 27, 27, "4.10", ""],
]


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_import(officer: Any, content: bytes, name: str = "list.xlsx") -> tuple[int, int]:
    records, rows = read_applicants(name, content)
    return services.applicants_import(actor=officer, records=records, row_numbers=rows, source=name, now=NOW)


def test_a_good_file_creates_every_applicant(university: Any, officer: Any) -> None:
    assert run_import(officer, xlsx(GOOD)) == (2, 0)
    first = Applicant.objects.get(number="A26-0101")
    assert first.unt == {"total": 95, "subjects": {"history_kz": 15, "reading": 8, "math_literacy": 9,
                                                   "profile_1": 33, "profile_2": 30}}
    assert str(first.certificate_average) == "4.75" and first.priorities == ["altyn_belgi"]
    assert AuditRecord.objects.filter(action="applicant.import").count() == 2


def test_one_bad_row_refuses_the_file_with_its_row_and_column(university: Any, officer: Any) -> None:
    bad = ["A26-0103", "Болат Нұр", "bachelor", "6B07101", "KZ", 70, "fourteen", 8, 9, 20, 19, "4.0", ""]
    unknown = ["A26-0104", "Дина Ай", "bachelor", "6B99999", "KZ", 70, 14, 8, 9, 20, 19, "4.0", ""]
    with pytest.raises(SpreadsheetRejected) as refused, translation.override("en"):
        run_import(officer, xlsx([*GOOD, bad, unknown]))
    # rows 2–3 are good; row 4's history is not a number, row 5's programme is unknown
    assert [str(p) for p in refused.value.problems] == [
        "row 4, unt_history_kz: a whole number expected",
        'row 5, program: unknown programme "6B99999"']
    assert not Applicant.objects.exists()
    assert not AuditRecord.objects.filter(action="applicant.import").exists()


def test_a_number_twice_in_one_file_is_refused(university: Any, officer: Any) -> None:
    with pytest.raises(SpreadsheetRejected) as refused:
        run_import(officer, xlsx([GOOD[0], GOOD[0]]))
    assert [p.path for p in refused.value.problems] == ["row 3, number"]


def test_importing_again_updates_what_changed(university: Any, officer: Any) -> None:
    run_import(officer, xlsx(GOOD))
    changed = [GOOD[0], [*GOOD[1][:5], 85, 12, 7, 7, 30, 29, "4.10", ""]]
    assert run_import(officer, xlsx(changed)) == (0, 1)
    assert Applicant.objects.get(number="A26-0102").unt["total"] == 85


def test_csv_with_blank_rows_and_a_bom(university: Any, officer: Any) -> None:
    text = "\ufeff" + ",".join(HEADER) + "\n" + ",".join(str(c) for c in GOOD[1]) + "\n,,,,,,,,,,,,\n"
    assert run_import(officer, text.encode(), "list.csv") == (1, 0)


def test_only_the_admissions_staff_import(university: Any, user: Any) -> None:
    from ektu_portal.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        run_import(user("reg.office"), xlsx(GOOD))
