"""Fixtures of mobility's tests: the suite's two-school university plus the people §8 names."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PASSWORD, two_school_document


@pytest.fixture
def university(db: Any) -> dict[str, Any]:
    """The two-school university with a mobility coordinator (MO-7), a master's programme and its
    first-year student, a first-year bachelor (MO-1's course years), and MAT2105 (5 credits), mandatory
    in semester 3 of 6B06102: s25001's 2026-F then plans DB2201 5 + MAT2105 5 + one of WEB2202 / ML2203
    5 = 15 credits."""
    from ektu_portal.academics.loading import load_university

    document = two_school_document()
    document["programs"].append({"code": "7M06101", "name": {"en": "Computer Science"},
                                 "level": "master_scientific", "school": "SDT", "credits": 120})
    document["people"] += [
        {"username": "mob.coord", "full_name": "Ахметова Динара", "roles": ["mobility_coordinator"]},
        {"username": "m25001", "full_name": "Серікова Аружан", "roles": ["student"],
         "student": {"program": "7M06101", "intake_year": 2026, "course_year": 1, "funding": "paid"}},
        {"username": "s26001", "full_name": "Бекова Айгерім", "roles": ["student"],
         "student": {"program": "6B06102", "intake_year": 2026, "course_year": 1, "funding": "paid"}},
    ]
    # MO-4 needs a mandatory discipline in s25001's mobility period (2026-F: semester 3).
    document["disciplines"].append({"code": "MAT2105", "name": {"en": "Discrete Mathematics"}, "credits": 5})
    document["curricula"][0]["items"].append({"discipline": "MAT2105", "semester": 3,
                                              "component": "mandatory"})
    for person in document["people"]:
        person["password"] = PASSWORD
    load_university(document, allow_passwords=True, source="test fixture")
    return document
