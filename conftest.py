"""Suite-wide fixtures. Every university in the tests enters through the real loader (contract §1)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "tests" / "fixtures"
PASSWORD = "contract-pass-1234"


def example_document() -> dict[str, Any]:
    return json.loads((FIXTURES / "example-university.json").read_text(encoding="utf-8"))


def two_school_document() -> dict[str, Any]:
    """The contract's example plus a second school, its dean, another adviser and students.

    Enough people for every cell of a permission matrix: own / other student, own / other
    adviser, dean of the student's school / of another school, instructor of the section / not.
    """
    doc = copy.deepcopy(example_document())
    doc["schools"].append({"code": "SEM",
                           "name": {"kk": "Жер туралы ғылымдар мектебі", "en": "School of Earth Sciences"}})
    doc["programs"].append({"code": "6B07201", "name": {"en": "Mining Engineering"}, "level": "bachelor",
                            "school": "SEM", "credits": 240})
    doc["people"] += [
        {"username": "adv.other", "full_name": "Қасымова Әсел", "roles": ["adviser", "instructor"],
         "school": "SDT"},
        {"username": "dean.sem", "full_name": "Төлеубаев Қанат", "roles": ["dean"], "school": "SEM"},
        {"username": "s25002", "full_name": "Жұмабаева Ұлжан", "roles": ["student"],
         "student": {"program": "6B06102", "intake_year": 2025, "course_year": 2, "funding": "paid",
                     "adviser": "adv.other"}},
        {"username": "s25101", "full_name": "Мұқанов Дәурен", "roles": ["student"],
         "student": {"program": "6B07201", "intake_year": 2025, "course_year": 2, "funding": "state_grant"}},
        {"username": "admin.portal", "full_name": "Portal Administrator", "roles": ["admin"]},
        {"username": "appeals.chair", "full_name": "Омаров Ерлан", "roles": ["appeals_commission"]},
    ]
    for person in doc["people"]:
        person["password"] = PASSWORD
    return doc


@pytest.fixture(autouse=True)
def _fresh_cache(request: pytest.FixtureRequest) -> None:
    """Rate-limit counters and cached values never leak from one test into the next."""
    if not request.config.pluginmanager.hasplugin("django"):
        return  # pure policy tests run without Django (-p no:django)
    from django.core.cache import cache

    cache.clear()  # the tests' own Redis database (settings_test), never the portal's


@pytest.fixture
def university(db: Any) -> dict[str, Any]:
    from ektu_portal.academics.loading import load_university

    document = two_school_document()
    load_university(document, allow_passwords=True, source="test fixture")
    return document


@pytest.fixture
def user(university: Any) -> Any:
    """user("s25001") → that person's User row."""
    from ektu_portal.accounts.models import User

    return lambda username: User.objects.get(username=username)


def token_clients() -> Any:
    """clients("s25001") → a DRF client signed in as that person by a real token (one token each)."""
    from rest_framework.test import APIClient

    tokens: dict[str, str] = {}

    def client(username: str | None = None) -> APIClient:
        c = APIClient()
        if username:
            if username not in tokens:
                response = c.post("/api/v1/auth/token", {"username": username, "password": PASSWORD},
                                  format="json")
                assert response.status_code == 200, response.content
                tokens[username] = response.json()["token"]
            c.credentials(HTTP_AUTHORIZATION="Token " + tokens[username])
        return c

    return client


@pytest.fixture
def api(university: Any) -> Any:
    """api("s25001") → a DRF client signed in as that person by a real token."""
    return token_clients()
