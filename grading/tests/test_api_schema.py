"""Issue 8: every grading operation in the OpenAPI schema types its bodies — no bare "object" — and
answers its 4xx with problem details (contract §2)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from grading.api.urls import urlpatterns

pytestmark = pytest.mark.django_db


def grading_paths() -> set[str]:
    """The schema's paths of grading's routes: ``sections/<str:code>/sheet`` →
    ``/api/v1/sections/{code}/sheet``."""
    return {"/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(p.pattern)) for p in urlpatterns}


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def untyped(schema: dict[str, Any], node: dict[str, Any], where: str) -> list[str]:
    """Where a body (or a part of it) is an object that says nothing of its fields."""
    node = resolve(schema, node)
    if node.get("type") == "array":
        return untyped(schema, node["items"], where + "[]")
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in node:
            return [w for part in node[combined] for w in untyped(schema, part, where)]
    if node.get("type") == "object" or "properties" in node:
        if not node.get("properties"):
            return [where]
        return [w for name, part in node["properties"].items() for w in untyped(schema, part,
                                                                                f"{where}.{name}")
                if resolve(schema, part).get("type") in ("object", "array") or "$ref" in part]
    return []


@pytest.fixture
def schema() -> dict[str, Any]:
    """The schema of grading's routes as ``/api/schema/`` builds them (the same generator and settings),
    on their own: another app's schema does not decide this test."""
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generator = SchemaGenerator(patterns=[path("api/v1/", include("grading.api.urls"))])
    import json

    return dict(json.loads(OpenApiJsonRenderer().render(generator.get_schema(request=None, public=True))))


def test_every_grading_operation_is_typed(schema: dict[str, Any]) -> None:
    paths = grading_paths()
    assert paths <= set(schema["paths"]), paths - set(schema["paths"])
    problems = []
    for path in sorted(paths):
        for method, operation in schema["paths"][path].items():
            where = f"{method.upper()} {path}"
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                problems += untyped(schema, media["schema"], where + " request")
            for status, response in operation["responses"].items():
                if status.startswith("2"):
                    for media in response.get("content", {}).values():
                        problems += untyped(schema, media["schema"], f"{where} {status}")
                if status.startswith("4"):  # the shared problem details (core.problems), typed once
                    refs = [m["schema"].get("$ref", "") for m in response.get("content", {}).values()]
                    if not refs or not all(r.endswith("/Problem") for r in refs):
                        problems.append(f"{where} {status} is not a problem")
            if not any(s.startswith("2") and r.get("content") for s, r in operation["responses"].items()):
                problems.append(f"{where} has no typed success body")
    assert problems == []


def test_the_new_operations_are_in_the_schema(schema: dict[str, Any]) -> None:
    assert {"/api/v1/appeals/to-enter", "/api/v1/appeals/{appeal_id}/enter", "/api/v1/sheets/{sheet_id}",
            "/api/v1/sheets/{sheet_id}/post", "/api/v1/students/{username}/attendance",
            "/api/v1/advisees/at-risk"} <= set(schema["paths"])
