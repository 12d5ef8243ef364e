"""Fixtures of admissions' tests: the two-school university of the suite plus admissions' programmes
(every level, groups of programmes, a creative one) and the people of the permission matrix."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

ALMATY = ZoneInfo("Asia/Almaty")
# The campaign: mid-July 2026; the autumn semester 2026-F starts on 1 September (AD-9: S−5 is 27 August).
NOW = datetime(2026, 7, 15, 10, 0, tzinfo=ALMATY)

PROGRAMS = [
    {"code": "6B07101", "name": {"kk": "Машина жасау", "en": "Mechanical Engineering"}, "level": "bachelor",
     "school": "SDT", "group": "B071", "credits": 240},
    {"code": "6B07102", "name": {"en": "Materials Engineering"}, "level": "bachelor", "school": "SDT",
     "group": "B071", "credits": 240},
    {"code": "6B07301", "name": {"kk": "Сәулет", "en": "Architecture"}, "level": "bachelor", "school": "SDT",
     "group": "B073", "credits": 240, "creative": True},
    {"code": "7M06101", "name": {"en": "Computer Science (scientific)"}, "level": "master_scientific",
     "school": "SDT", "group": "M094", "credits": 120},
    {"code": "7M06102", "name": {"en": "Computer Science (profile)"}, "level": "master_profile",
     "school": "SDT", "group": "M095", "credits": 90},
    {"code": "7M07301", "name": {"en": "Architecture (master)"}, "level": "master_scientific",
     "school": "SDT", "group": "M099", "credits": 120, "creative": True},
    {"code": "8D06101", "name": {"en": "Computer Science (PhD)"}, "level": "doctorate_phd", "school": "SDT",
     "group": "D094", "credits": 180},
    {"code": "8D06102", "name": {"en": "Computer Science (profile doctorate)"}, "level": "doctorate_profile",
     "school": "SDT", "group": "D095", "credits": 180},
]

PEOPLE = [
    {"username": "adm.officer", "full_name": "Қабылдау Комиссиясы", "roles": ["admissions"]},
    {"username": "qa.chair", "full_name": "Сапа Комиссиясы", "roles": ["qa_commission"]},
    {"username": "deputy.sdt", "full_name": "Орынбасар Декан", "roles": ["deputy_dean"], "school": "SDT"},
]


def seed_campaign_rules() -> None:
    """The rules the data migration seeds (thresholds, priority order, quota categories), again: a
    transactional test's database was emptied by the one before it (the test runner's flush)."""
    import importlib

    from django.apps import apps

    importlib.import_module("admissions.migrations.0002_campaign_rules").seed(apps, None)


def admissions_document() -> dict[str, Any]:
    from conftest import PASSWORD, two_school_document

    document = two_school_document()
    document["programs"] += PROGRAMS
    document["people"] += [{**person, "password": PASSWORD} for person in PEOPLE]
    return document


@pytest.fixture
def university(db: Any) -> dict[str, Any]:
    """Overrides the suite's: the same university, with admissions' programmes and people."""
    from ektu_portal.academics.loading import load_university

    document = admissions_document()
    load_university(document, allow_passwords=True, source="admissions test fixture")
    return document


def applicant(number: str, **fields: Any) -> dict[str, Any]:
    """A bachelor applicant of 6B07101 with UNT 87 who meets everything (contract §6's example)."""
    record: dict[str, Any] = {
        "number": number, "full_name": "Әлия Серікова", "track": "bachelor", "program": "6B07101",
        "citizenship": "KZ", "email": f"{number.lower()}@example.kz",
        "unt": {"total": 87, "subjects": {"history_kz": 14, "reading": 7, "math_literacy": 8, "profile_1": 30,
                                          "profile_2": 28}},
        "certificate_average": "4.85", "priorities": []}
    record.update(fields)
    return record


@pytest.fixture
def officer(user: Any) -> Any:
    return user("adm.officer")


@pytest.fixture
def save(officer: Any) -> Any:
    """save({...}) → the applicant, entered by the admissions officer at NOW."""
    from admissions import services

    def entered(record: dict[str, Any]) -> Any:
        return services.applicant_save(actor=officer, data=record, now=NOW)[0]

    return entered
