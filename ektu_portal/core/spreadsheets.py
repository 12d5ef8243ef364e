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
from typing import Any

from openpyxl import load_workbook

from ektu_portal.core.errors import Problem, ValidationFailed

MAX_ROWS = 2000
_ROW_REFERENCE = re.compile(r"rows\[(\d+)\]")


class SpreadsheetRejected(ValidationFailed):
    code = "spreadsheet_invalid"
    title = "The file has problems; nothing was saved"


def read_table(name: str, content: bytes) -> list[list[Any]]:
    """The cells of an uploaded .xlsx (its first sheet) or .csv (UTF-8, with or without BOM), row by row."""
    lowered = name.lower()
    try:
        if lowered.endswith(".xlsx"):
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            return [list(r) for r in book.active.iter_rows(values_only=True)]
        if lowered.endswith(".csv"):
            return [list(r) for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))]
    except (OSError, ValueError, KeyError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        problem = Problem("file", f"cannot read the file: {error.__class__.__name__}")
        raise SpreadsheetRejected([problem]) from None
    raise SpreadsheetRejected([Problem("file", "upload an .xlsx or .csv file")])


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
