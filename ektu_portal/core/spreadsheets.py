"""Reading uploaded XLSX and CSV files the same way everywhere: a header row, then one record per row.

An import is refused as a whole, row by row: the caller's service names problems by the rows it
was given (``rows[3].r1``) and ``spreadsheet_problems`` says them in the spreadsheet's own words
("row 5, r1"), so the registrar finds the cell to correct.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from ektu_portal.core.errors import Problem, ValidationFailed

MAX_ROWS = 2000
# Issue 16: an upload is refused before it is parsed when it is larger than this (a grade sheet of a
# few hundred rows is tens of kilobytes; the whole campaign's applicants a few megabytes).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_ROW_REFERENCE = re.compile(r"rows\[(\d+)\]")
# OWASP CSV injection: a cell starting with one of these is a formula to Excel and LibreOffice.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetRejected(ValidationFailed):
    code = "spreadsheet_invalid"
    title = gettext_lazy("The file has problems; nothing was saved")


def read_table(name: str, content: bytes) -> list[list[Any]]:
    """The cells of an uploaded .xlsx (its first sheet) or .csv (UTF-8, with or without BOM), row by row.

    Refused whole, with every reason: a file over ``MAX_UPLOAD_BYTES`` (before parsing), a CSV field
    longer than the csv module takes, and any XLSX formula cell — its value is whatever the sheet last
    computed, or nothing at all when it was never computed, which once erased a mark silently.
    """
    lowered = name.lower()
    if len(content) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise SpreadsheetRejected([Problem("file", f"the file is larger than {limit} MB")])
    try:
        if lowered.endswith(".xlsx"):
            return _xlsx_values(content)
        if lowered.endswith(".csv"):
            return [list(r) for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))]
    except csv.Error as error:
        raise SpreadsheetRejected([Problem("file", f"cannot read the CSV: {error}")]) from None
    except (OSError, ValueError, KeyError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        problem = Problem("file", f"cannot read the file: {error.__class__.__name__}")
        raise SpreadsheetRejected([problem]) from None
    raise SpreadsheetRejected([Problem("file", "upload an .xlsx or .csv file")])


def _xlsx_values(content: bytes) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    table, formulas = [], []
    for number, row in enumerate(book.active.iter_rows(), start=1):
        values = []
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                formulas.append(Problem(f"row {number}, {cell.coordinate}",
                                        "a formula: type the value itself (a formula's result is not read)"))
            values.append(getattr(cell, "value", None))
        table.append(values)
    if formulas:
        raise SpreadsheetRejected(formulas)
    return table


def read_number(value: Any) -> tuple[Decimal | None, bool]:
    """(the number, True) from a form's, a file's or JSON's value; (None, True) when blank; (None, False)
    when it is not a number. A decimal comma is read as a point (2,5 = 2.5)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, True
    if isinstance(value, bool):
        return None, False
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
    except ArithmeticError:
        return None, False
    return (number, True) if number.is_finite() else (None, False)


def neutralised(value: Any) -> Any:
    """A value safe to put in an exported CSV/XLSX cell (OWASP CSV injection): text that a spreadsheet
    would run as a formula gets a leading apostrophe, so it shows as the text it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def numbered_records(table: list[list[Any]], *, key: str,
                     max_rows: int = MAX_ROWS) -> list[tuple[int, dict[str, Any]]]:
    """(spreadsheet row number, {column: cell}) for each row that is not blank. Column names are
    the header's, trimmed and in lower case; the ``key`` column must be there."""
    if not table:
        raise SpreadsheetRejected([Problem("row 1", "the file is empty")])
    header = [str(h).strip().lower() if h is not None else "" for h in table[0]]
    if key not in header:
        raise SpreadsheetRejected([Problem("row 1", f"no '{key}' column")])
    if len(table) - 1 > max_rows:
        raise SpreadsheetRejected([Problem("file", f"at most {max_rows} rows")])
    records = []
    for number, values in enumerate(table[1:], start=2):
        cells = dict(zip(header, values, strict=False))
        if all(v in (None, "") for v in cells.values()):
            continue
        records.append((number, cells))
    return records


def read_records(name: str, content: bytes, *, key: str, max_rows: int = MAX_ROWS) -> list[dict[str, Any]]:
    """The non-blank rows of an uploaded .xlsx or .csv as {column: cell}."""
    return [cells for _, cells in numbered_records(read_table(name, content), key=key, max_rows=max_rows)]


def spreadsheet_problems(problems: list[Problem], row_numbers: Sequence[int] | None = None) -> list[Problem]:
    """Service problems ("rows[3].r1") in spreadsheet words ("row 5, r1"). Row i is the spreadsheet's
    ``row_numbers[i]`` when given (blank rows skipped), else i + 2 (data starts on row 2)."""

    def row(index: int) -> int:
        return row_numbers[index] if row_numbers is not None and index < len(row_numbers) else index + 2

    renamed = []
    for problem in problems:
        path = problem.path
        if path.startswith("rows[") and "]" in path:
            index, rest = path[5:].split("]", 1)
            if index.isdigit():
                path = f"row {row(int(index))}" + (f", {rest.lstrip('.')}" if rest else "")
        message = _ROW_REFERENCE.sub(lambda match: f"row {row(int(match.group(1)))}", problem.message)
        renamed.append(Problem(path, message))
    return renamed
