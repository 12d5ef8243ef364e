"""Issue 8: registration's operations in the OpenAPI schema type every body they answer with — to
the last nested field — and their errors as problem details; the contract §3 shapes stay exact."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db
SHAPES = ("properties", "additionalProperties", "$ref", "allOf", "oneOf", "anyOf")


def loose_parts(schema: dict[str, Any], document: dict[str, Any], where: str,
                seen: frozenset[str]) -> list[str]:
    """Every place in a body's schema, nested fields included, that says only "an object" (or nothing at
    all). A map (``additionalProperties``) is a shape: its keys are data (the problems' field errors)."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        if name in seen:
            return []
        component = document["components"]["schemas"][name]
        return loose_parts(component, document, f"{where}→{name}", seen | {name})
    if not schema:
        return [f"{where}: any value"]
    found = []
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            found += loose_parts(part, document, where, seen)
    if schema.get("type") == "object":
        extra = schema.get("additionalProperties")
        if not any(shape in schema for shape in SHAPES):
            found.append(f"{where}: untyped object")
        for name, part in schema.get("properties", {}).items():
            found += loose_parts(part, document, f"{where}.{name}", seen)
        if isinstance(extra, dict) and extra:
            found += loose_parts(extra, document, f"{where}{{}}", seen)
    if schema.get("type") == "array":
        found += loose_parts(schema.get("items", {}), document, f"{where}[]", seen)
    return found


@pytest.fixture
def schema(client: Any) -> dict[str, Any]:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def registration_operations(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{method.upper()} {path}": operation for path, operations in schema["paths"].items()
            if path.startswith("/api/v1/registration/") for method, operation in operations.items()}


def test_registration_answers_are_typed_to_the_last_field(schema: dict[str, Any]) -> None:
    operations = registration_operations(schema)
    assert len(operations) == 13  # every endpoint of registration/api/urls.py is judged
    found = []
    for name, operation in operations.items():
        for status, response in operation["responses"].items():
            content = response.get("content")
            if not content:
                found.append(f"{name} {status}: no body described")
            for media_type, body in (content or {}).items():
                if media_type == "application/pdf":
                    if body["schema"].get("format") != "binary":
                        found.append(f"{name} {status}: a PDF not typed as binary")
                    continue
                found += loose_parts(body.get("schema", {}), schema, f"{name} {status}", frozenset())
    assert not found, "\n".join(found)


def test_refusals_are_documented_as_problem_details(schema: dict[str, Any]) -> None:
    enrol = registration_operations(schema)["POST /api/v1/registration/enrollments"]["responses"]
    assert {"201", "401", "403", "404", "409"} <= set(enrol)
    assert "application/problem+json" in enrol["409"]["content"]


def test_the_contract_shapes_are_exact(api: Any, open_window: Any) -> None:
    """Contract §3: the offer and an enrolment keep every field they had (and gain none)."""
    offer = api("s25001").get("/api/v1/registration/offer").json()
    assert set(offer) == {"period", "window_open", "window_closes", "credit_limit", "credits_taken", "summer",
                          "price_per_credit", "cost_taken", "sections"}
    assert {frozenset(row) for row in offer["sections"]} == {frozenset({
        "code", "discipline", "name", "credits", "capacity", "taken", "language", "instructor",
        "elective_group", "semester", "eligible", "reasons", "my_status", "passed", "price"})}
    # the window closes as the calendar says, written with its offset
    assert offer["window_closes"] == open_window.registration_closes.isoformat()
    enrolled = api("s25001").post("/api/v1/registration/enrollments", {"section": "DB2201-2026F-01"},
                                  format="json").json()
    assert set(enrolled) == {"id", "section", "status", "student"}


def test_the_offer_while_nothing_is_open_says_only_that(api: Any, university: Any) -> None:
    assert api("s25001").get("/api/v1/registration/offer").json() == {"period": None, "window_open": False,
                                                                      "sections": []}
