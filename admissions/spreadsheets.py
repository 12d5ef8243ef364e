"""Applicants from XLSX/CSV (the national testing centre's lists): one row per applicant, flat columns.

Columns are the contract §6 field names; nested values are spread over prefixed columns:
``unt_total``, ``unt_<subject>`` (``unt_history_kz`` …), ``unt2_total``/``unt2_<subject>`` for an
electronic UNT's second result, ``kt_<block>``, ``creative_<exam>``, ``certificate_kind`` and
``certificate_score`` (AD-4). Lists (``priorities``, ``quota_categories``, ``documents``) are
comma-separated. A row becomes exactly what the API receives, so the same checks refuse it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from admissions.policy.applicant import FIELDS
from ektu_portal.core.spreadsheets import neutralised, numbered_records, read_table

MAX_APPLICANT_ROWS = 20_000  # a campaign's file from the testing centre: thousands of rows

NESTED = ("unt", "unt_second", "international_certificate", "creative_exams", "kt")
FLAT = tuple(name for name in FIELDS if name not in NESTED)
TEMPLATE_COLUMNS = ("number", "full_name", "full_name_latin", "iin", "citizenship", "email", "phone", "track",
                    "program", "unt_total", "unt_history_kz", "unt_reading", "unt_math_literacy",
                    "unt_profile_1", "unt_profile_2", "creative_drawing", "kt_foreign_language",
                    "kt_readiness", "kt_profile_single", "kt_profile_multiple",
                    "foreign_language_certificate", "oecd_degree_until", "master_degree",
                    "work_experience_months", "cefr_certificate",
                    "entrance_exam", "military_service_ended", "interview_date", "certificate_average",
                    "priorities", "quota_categories", "documents")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def record_from_cells(cells: Mapping[str, Any]) -> dict[str, Any]:
    """One spreadsheet row as the API's applicant object."""
    record: dict[str, Any] = {name: cells.get(name) for name in FLAT if name in cells}
    unt: dict[str, Any] = {}
    unt2: dict[str, Any] = {}
    kt: dict[str, Any] = {}
    creative: dict[str, Any] = {}
    for column, value in cells.items():
        if _blank(value):
            continue
        if column.startswith("unt2_"):
            target, name = unt2, column[5:]
        elif column.startswith("unt_"):
            target, name = unt, column[4:]
        elif column.startswith("kt_"):
            kt[column[3:]] = value
            continue
        elif column.startswith("creative_"):
            creative[column[9:]] = value
            continue
        else:
            continue
        if name == "total":
            target["total"] = value
        else:
            target.setdefault("subjects", {})[name] = value
    if unt:
        record["unt"] = unt
    if unt2:
        record["unt_second"] = unt2
    if kt:
        record["kt"] = kt
    if creative:
        record["creative_exams"] = creative
    if not _blank(cells.get("certificate_kind")) or not _blank(cells.get("certificate_score")):
        record["international_certificate"] = {"kind": cells.get("certificate_kind"),
                                               "score": cells.get("certificate_score")}
    return record


def column_of(path: str) -> str:
    """A field's path as the spreadsheet's column: ``unt.subjects.reading`` → ``unt_reading``."""
    head, _, rest = path.partition(".")
    if head in ("unt", "unt_second"):
        prefix = "unt_" if head == "unt" else "unt2_"
        return prefix + (rest.removeprefix("subjects.") if rest else "total")
    if head == "kt" and rest:
        return f"kt_{rest}"
    if head == "creative_exams" and rest:
        return f"creative_{rest}"
    if head == "international_certificate":
        return f"certificate_{rest or 'kind'}"
    return head.split("[")[0]


def read_applicants(name: str, content: bytes) -> tuple[list[dict[str, Any]], list[int]]:
    """The rows of an uploaded file as API objects, and each one's row number in the spreadsheet."""
    records = numbered_records(read_table(name, content), key="number", max_rows=MAX_APPLICANT_ROWS)
    return [record_from_cells(cells) for _, cells in records], [number for number, _ in records]


def template_xlsx() -> bytes:
    """An empty file with every column, for the staff to fill in."""
    book = Workbook()
    sheet = book.active
    sheet.title = "applicants"
    sheet.append(list(TEMPLATE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ranking_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """A published competition list (AD-18) as XLSX; names neutralised (no formula runs)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralised(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
