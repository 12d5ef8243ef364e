"""Issue 16: hostile spreadsheets — formulas in, formulas out, oversized files and fields."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from ektu_portal.core.spreadsheets import MAX_UPLOAD_BYTES, SpreadsheetRejected, read_table
from grading.spreadsheets import to_csv, to_xlsx

SHEET = {"section": "DB2201-2026F-01", "rows": [
    {"student": "s25001", "full_name": '=HYPERLINK("http://evil.example","click")', "r1": 80, "r2": 90},
    {"student": "s25002", "full_name": "+7 777", "r1": 70, "r2": None},
    {"student": "s25003", "full_name": "@SUM(A1)", "r1": 60, "r2": 61},
    {"student": "s25004", "full_name": "-1+1", "r1": 50, "r2": 52},
    {"student": "s25005", "full_name": "Әлия Серікова", "r1": 90, "r2": 95},
]}


def test_exported_csv_carries_no_formula() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(SHEET))))
    names = [row[1] for row in rows[1:]]
    assert names == ["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+7 777", "'@SUM(A1)", "'-1+1",
                     "Әлия Серікова"]
    assert rows[1][2] == "80"  # numbers stay numbers


def test_exported_xlsx_carries_no_formula() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(SHEET)))
    cells = [row[1] for row in book.active.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for cell in cells)
    assert cells[0].value.startswith("'=HYPERLINK")


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_formula_cell_is_refused_not_read_as_empty() -> None:
    # A formula saved without a cached value reads as nothing: the mark would silently be erased.
    content = xlsx([["student", "r1"], ["s25001", 87], ["s25002", "=40+47"]])
    with pytest.raises(SpreadsheetRejected) as refused:
        read_table("sheet.xlsx", content)
    assert [str(p) for p in refused.value.problems] == [
        "row 3, B3: a formula: type the value itself (a formula's result is not read)"]


def test_values_are_read() -> None:
    assert (read_table("sheet.xlsx", xlsx([["student", "r1"], ["s25001", 87]]))
            == [["student", "r1"], ["s25001", 87]])


def test_an_oversized_file_is_refused_before_it_is_read() -> None:
    with pytest.raises(SpreadsheetRejected, match="larger than"):
        read_table("big.csv", b"student\n" + b"x" * (MAX_UPLOAD_BYTES + 1))


def test_a_huge_csv_field_is_a_refusal_not_a_crash() -> None:
    with pytest.raises(SpreadsheetRejected, match="cannot read the CSV"):
        read_table("field.csv", b"student,r1\n" + b"a" * 200_000 + b",1\n")
