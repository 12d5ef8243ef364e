"""Hostile university documents (issue 16): every problem named at its path as 422 problem details —
never a 500 or an HTML page — and nothing written; a document larger than Django's 2.5 MB still loads."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from conftest import example_document
from ektu_portal.academics.models import Program
from ektu_portal.accounts.models import User

pytestmark = pytest.mark.django_db

LOAD = "/api/v1/university/load"


def post_raw(api: Any, body: bytes | str, query: str = "") -> Any:
    raw = body.encode() if isinstance(body, str) else body
    return api("admin.portal").post(LOAD + query, data=raw, content_type="application/json")


def problems_of(response: Any) -> dict[str, str]:
    assert response["Content-Type"] == "application/problem+json", response.content[:300]
    body = response.json()
    assert body["code"] == "invalid_university"
    return {p["path"]: p["message"] for p in body["problems"]}


def hostile_document() -> dict[str, Any]:
    """The fixture's own university (already loaded) with five values the database cannot hold."""
    doc = copy.deepcopy(example_document())
    doc["people"][0]["full_name"] = "Сарсен\x00бек"  # PostgreSQL text cannot hold a NUL
    doc["people"][1]["full_name"] = "Ә" * 10_000  # the column holds 200
    doc["programs"][0]["credits"] = 2**40  # an integer column holds up to 2**31 - 1
    doc["people"][3]["student"]["intake_year"] = -2025
    doc["disciplines"][0]["name"]["kk"] = "x" * 301  # a name holds 300, in each language
    return doc


def test_each_hostile_value_is_named_at_its_path_and_nothing_is_written(api: Any) -> None:
    names_before = dict(User.objects.values_list("username", "full_name"))
    credits_before = Program.objects.get(code=example_document()["programs"][0]["code"]).credits

    response = api("admin.portal").post(LOAD, hostile_document(), format="json")

    assert response.status_code == 422
    problems = problems_of(response)
    assert "NUL" in problems["people[0].full_name"]
    assert "10000" in problems["people[1].full_name"] and "200" in problems["people[1].full_name"]
    assert "1099511627776" in problems["programs[0].credits"]
    assert "-2025" in problems["people[3].student.intake_year"]
    assert "300" in problems["disciplines[0].name.kk"]
    assert dict(User.objects.values_list("username", "full_name")) == names_before
    assert Program.objects.get(code=example_document()["programs"][0]["code"]).credits == credits_before


def test_the_command_names_the_same_problems(tmp_path: Path, capsys: Any, university: Any) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile_document()), encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError, match="5 problem"):
        call_command("load_university", str(path))
    err = capsys.readouterr().err
    for where in ("people[0].full_name", "people[1].full_name", "programs[0].credits",
                  "people[3].student.intake_year", "disciplines[0].name.kk"):
        assert where in err


def test_nesting_a_hundred_thousand_deep_is_refused_before_parsing(api: Any, tmp_path: Path,
                                                                  capsys: Any) -> None:
    deep = '{"format": "ektu-university/1", "people": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = post_raw(api, deep)
    assert response.status_code == 422
    assert "100001" in problems_of(response)["(document)"]  # the document itself, then 100,000 arrays

    path = tmp_path / "deep.json"
    path.write_text(deep)
    with translation.override("en"), pytest.raises(CommandError, match="1 problem"):
        call_command("load_university", str(path))
    assert "(document): arrays and objects nest 100001 deep" in capsys.readouterr().err


def test_brackets_inside_names_are_not_nesting(api: Any) -> None:
    doc = example_document()
    doc["people"][0]["full_name"] = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{ \\\" ]]"
    response = post_raw(api, json.dumps(doc), "?dry_run=true")
    assert response.status_code == 200, response.content[:300]


def test_a_document_over_the_limit_is_refused_unread(api: Any, monkeypatch: Any) -> None:
    body = json.dumps(example_document())
    monkeypatch.setenv("EKTU_UNIVERSITY_MAX_BYTES", str(len(body.encode()) - 1))
    response = post_raw(api, body, "?dry_run=true")
    assert response.status_code == 422
    message = problems_of(response)["(document)"]
    assert str(len(body.encode())) in message and str(len(body.encode()) - 1) in message
    monkeypatch.setenv("EKTU_UNIVERSITY_MAX_BYTES", str(len(body.encode())))
    assert post_raw(api, body, "?dry_run=true").status_code == 200


def test_a_document_larger_than_djangos_upload_limit_loads(api: Any, settings: Any) -> None:
    """Every other body keeps DATA_UPLOAD_MAX_MEMORY_SIZE; the loader's endpoint has its own limit."""
    doc = example_document()
    outcomes = [{"en": f"Outcome {i}: " + "designs and runs data systems " * 60} for i in range(1_800)]
    doc["programs"][0]["learning_outcomes"] = outcomes
    body = json.dumps(doc)
    assert len(body.encode()) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = post_raw(api, body)
    assert response.status_code == 200, response.content[:300]
    assert len(Program.objects.get(code=doc["programs"][0]["code"]).learning_outcomes) == 1_800


def test_text_that_is_not_json_is_a_malformed_request(api: Any) -> None:
    for body in ('{"format": "ektu-university/1", "programs": [{"credits": NaN}]}', "{", b"\xff\xfe{"):
        response = post_raw(api, body)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "malformed_request"


def test_a_window_in_year_one_is_refused_not_stored(api: Any) -> None:
    """Year 1 in Almaty is the year before UTC's year 1: stored, every page reading it would fail."""
    doc = example_document()
    doc["calendar"]["periods"][1]["registration"]["opens"] = "0001-01-01T00:00"
    response = api("admin.portal").post(LOAD, doc, format="json")
    assert response.status_code == 422
    assert "1900" in problems_of(response)["calendar.periods[1].registration.opens"]
