"""Contract §6: an applicant's record read field by field — what each track requires, cells as
spreadsheets give them, and every problem named by its path."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from admissions.policy.applicant import read_applicant

CONTRACT_EXAMPLE: dict[str, Any] = {
    "number": "A26-0001", "full_name": "Әлия Серікова", "track": "bachelor", "program": "6B07101",
    "citizenship": "KZ",
    "unt": {"total": 87, "subjects": {"history_kz": 14, "reading": 7, "math_literacy": 8,
                                      "profile_1": 30, "profile_2": 28}},
    "creative_exams": {"drawing": 6},
    "kt": {"foreign_language": 30, "readiness": 12, "profile_single": 15, "profile_multiple": 20},
    "foreign_language_certificate": "IELTS 6.0", "oecd_degree_until": None,
    "master_degree": False, "work_experience_months": 0, "cefr_certificate": False,
    "entrance_exam": None, "military_service_ended": None, "interview_date": None,
    "certificate_average": "4.85", "priorities": ["altyn_belgi"]}


def paths(raw: dict[str, Any]) -> list[str]:
    record, problems = read_applicant(raw)
    assert record is None
    return [p.path for p in problems]


def test_the_contract_example_reads() -> None:
    record, problems = read_applicant(CONTRACT_EXAMPLE)
    assert problems == [] and record is not None
    assert record.unt is not None and record.unt.total == 87 and record.unt.subjects["profile_2"] == 28
    assert record.certificate_average == Decimal("4.85") and record.priorities == ("altyn_belgi",)


BASE = {"number": "A1", "full_name": "Name", "program": "P", "citizenship": "KZ"}


@pytest.mark.parametrize(("track", "required"), [
    ("bachelor", ["unt"]),
    ("bachelor_reduced", ["unt"]),
    ("master_scientific", ["kt"]),
    ("master_profile", ["kt"]),
    ("master_creative", ["kt"]),
    ("phd", ["master_degree", "work_experience_months", "entrance_exam"]),
    ("doctorate_profile", ["master_degree", "work_experience_months", "entrance_exam"]),
    ("bachelor_after_service", ["military_service_ended", "interview_date"]),
    ("master_after_service", ["military_service_ended", "interview_date"]),
    ("bachelor_foreign", ["interview_date"]),
])
def test_each_track_names_every_missing_field(track: str, required: list[str]) -> None:
    assert paths({**BASE, "track": track}) == required


def test_the_five_fields_every_applicant_has() -> None:
    assert paths({}) == ["number", "full_name", "track", "program", "citizenship"]
    assert paths({**BASE, "track": "astronaut"}) == ["track"]


def test_null_is_missing_and_false_or_zero_is_not() -> None:
    record, problems = read_applicant({**BASE, "track": "phd", "master_degree": False,
                                       "work_experience_months": 0, "entrance_exam": 80})
    assert problems == [] and record is not None and record.master_degree is False
    assert paths({**BASE, "track": "phd", "master_degree": None, "work_experience_months": 0,
                  "entrance_exam": 80}) == ["master_degree"]


def test_a_certificate_stands_instead_of_the_unt() -> None:
    """AD-4."""
    record, problems = read_applicant({**BASE, "track": "bachelor",
                                       "international_certificate": {"kind": "sat", "score": 1350}})
    assert problems == [] and record is not None and record.international_certificate is not None
    assert record.international_certificate.kind == "SAT"
    gre = {"kind": "GRE", "score": 300}
    assert paths({**BASE, "track": "bachelor", "international_certificate": gre}) == [
        "international_certificate.kind"]


def test_spreadsheet_cells_read_as_they_come() -> None:
    record, problems = read_applicant({
        **BASE, "track": "bachelor_after_service", "number": 260001.0,
        "military_service_ended": datetime(2025, 6, 30), "interview_date": "27.08.2026",
        "certificate_average": "4,85", "priorities": "altyn_belgi, olympiad_winner"})
    assert problems == [] and record is not None
    assert record.number == "260001" and record.military_service_ended == date(2025, 6, 30)
    assert record.interview_date == date(2026, 8, 27) and record.certificate_average == Decimal("4.85")
    assert record.priorities == ("altyn_belgi", "olympiad_winner")


def test_the_unt_total_is_the_sum_of_the_subjects_when_not_given() -> None:
    record, _ = read_applicant({**BASE, "track": "bachelor", "unt": {"subjects": {"a": "14", "b": 36.0}}})
    assert record is not None and record.unt is not None and record.unt.total == 50


def test_every_bad_value_is_named_at_once_and_nothing_is_read() -> None:
    found = paths({**BASE, "track": "master_scientific", "iin": "12345", "email": "nobody",
                   "citizenship": "KAZ",
                   "kt": {"foreign_language": "thirty", "readiness": 12.5, "essay": 10,
                          "profile_single": 151},
                   "certificate_average": "6", "priorities": ["golden"], "interview_date": "tomorrow"})
    assert found == ["citizenship", "iin", "email", "kt.foreign_language", "kt.readiness", "kt.essay",
                     "kt.profile_single", "interview_date", "certificate_average", "priorities[0]"]


def test_unknown_quota_categories_are_refused() -> None:
    record, problems = read_applicant({**BASE, "track": "bachelor", "unt": {"total": 90},
                                       "quota_categories": ["rural_youth", "moon"]},
                                      quota_categories={"rural_youth"})
    assert record is None
    assert [(p.path, p.params) for p in problems] == [("quota_categories[1]", {"code": "moon"})]
