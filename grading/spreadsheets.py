"""Grade sheets as XLSX and CSV: export for the registrar's office, import refused row by row.

An imported file becomes exactly the rows of a PUT to the sheet (same service, same checks),
so a bad file is refused with the spreadsheet's own row numbers and nothing is written.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

# Reading a file is shared with every other import (core.spreadsheets); the sheet's columns are grading's.
from ektu_portal.core.spreadsheets import (
    MAX_ROWS,
    SpreadsheetRejected,
    neutralised,
    numbered_records,
    read_table,
    spreadsheet_problems,
)

__all__ = ["COLUMNS", "SpreadsheetRejected", "read_rows", "spreadsheet_problems", "to_csv", "to_xlsx"]

COLUMNS = ["student", "full_name", "r1", "r2", "exam", "outcome", "classes_held", "absences",
           "lates_over_20_min", "coursework_submitted", "admission_rating", "final_score", "letter", "status"]
EDITABLE = ("r1", "r2", "exam", "outcome", "classes_held", "absences", "lates_over_20_min",
            "coursework_submitted")
YES, NO = {"1", "true", "yes", "да", "иә", "x", "+"}, {"0", "false", "no", "нет", "жоқ", "", "-"}


def _cells(sheet: dict[str, Any]) -> list[list[Any]]:
    # Names come from people; a name like "=HYPERLINK(…)" must not become a live formula (issue 16).
    return [[neutralised(row.get(column)) for column in COLUMNS] for row in sheet["rows"]]


def to_xlsx(sheet: dict[str, Any]) -> bytes:
    book = Workbook()
    page = book.active
    page.title = sheet["section"][:31]
    page.append(COLUMNS)
    for cell in page[1]:
        cell.font = Font(bold=True)
    for row in _cells(sheet):
        page.append(row)
    page.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMN", (12, 34, 6, 6, 6, 10, 8, 8, 8, 10, 10, 8, 7, 13), strict=True):
        page.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(sheet: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(_cells(sheet))
    return buffer.getvalue()


def _number(value: Any) -> Any:
    """A cell as the API would receive it: blank → null, "80"/80.0 → 80, anything else as is
    (refused later)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def _rows_from_table(table: list[list[Any]]) -> list[dict[str, Any]]:
    rows = []
    for _, cells in numbered_records(table, key="student", max_rows=MAX_ROWS):
        row: dict[str, Any] = {"student": str(cells.get("student") or "").strip()}
        for column in EDITABLE:
            if column not in cells:
                continue
            value = cells[column]
            if column == "outcome":
                row[column] = (str(value).strip() or None) if value is not None else None
            elif column == "coursework_submitted":
                text = str(value if value is not None else "").strip().lower()
                row[column] = (value if isinstance(value, bool)
                               else (True if text in YES else False if text in NO else value))
            elif column in ("absences", "lates_over_20_min"):
                row[column] = _number(value) if _number(value) is not None else 0
            else:
                row[column] = _number(value)
        rows.append(row)
    return rows


def read_rows(name: str, content: bytes) -> list[dict[str, Any]]:
    """The rows of an uploaded .xlsx or .csv, in the sheet PUT's shape."""
    return _rows_from_table(read_table(name, content))
