"""Issue 8: the OpenAPI schema types every response body — no operation answers "some object".

The test walks every operation of ``/api/schema/`` and every response it documents. A body whose
schema says only ``type: object`` (no properties, typed additionalProperties, $ref, allOf/oneOf/anyOf;
``additionalProperties: {}`` is drf-spectacular's spelling of ``OpenApiTypes.OBJECT``), or a JSON
response with no schema at all, is a failure naming the operation. Binary documents (PDF,
XLSX, CSV, ZIP) are fine when their schema says ``format: binary``. Every offender is listed at once,
so the message is the to-do list.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

BINARY_MEDIA_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/csv",
    "application/zip",
    "application/octet-stream",
}


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = document["components"]["schemas"][name]
    return schema


def _has_shape(schema: dict[str, Any], document: dict[str, Any]) -> bool:
    if schema.get("properties") or any(schema.get(key) for key in ("allOf", "oneOf", "anyOf")):
        return True
    # drf-spectacular writes OpenApiTypes.OBJECT as {"type": "object", "additionalProperties": {}}: a map
    # of anything is still "some object". A map is typed only when its values are.
    values = schema.get("additionalProperties")
    return isinstance(values, dict) and bool(values) and untyped(values, document) is None


def untyped(schema: dict[str, Any] | None, document: dict[str, Any]) -> str | None:
    """Why this body's schema tells a client nothing about its shape, or None when it does."""
    if schema is None:
        return "no schema"
    schema = _resolve(schema, document)
    if schema.get("type") == "array":
        items = schema.get("items")
        reason = untyped(items, document) if items is not None else None
        return f"array of {reason}" if reason else None
    if schema.get("type") == "object" and not _has_shape(schema, document):
        return "untyped object"
    if not schema:
        return "empty schema (any value)"
    return None


def offenders(document: dict[str, Any]) -> list[str]:
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in {"get", "put", "post", "patch", "delete"}:
                continue
            name = f"{method.upper()} {path} ({operation.get('operationId', '?')})"
            for status, response in operation.get("responses", {}).items():
                response = _resolve(response, document) if "$ref" in response else response
                content = response.get("content")
                if not content:
                    if status != "204" and not status.startswith("3"):
                        found.append(f"{name} {status}: no body described")
                    continue
                for media_type, body in content.items():
                    schema = body.get("schema")
                    if media_type.split(";")[0] in BINARY_MEDIA_TYPES:
                        if not schema or schema.get("format") != "binary":
                            found.append(f"{name} {status} {media_type}: a document not typed as binary")
                        continue
                    if reason := untyped(schema, document):
                        found.append(f"{name} {status} {media_type}: {reason}")
    return found


@pytest.fixture
def schema(client: Any) -> dict[str, Any]:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def test_every_response_body_is_typed(schema: dict[str, Any]) -> None:
    found = offenders(schema)
    assert not found, f"{len(found)} response(s) without a typed body:\n" + "\n".join(found)


def test_the_schema_covers_the_core_operations(schema: dict[str, Any]) -> None:
    """The walk above must see the operations it is meant to judge (an empty schema would pass it)."""
    assert {"/api/v1/auth/token", "/api/v1/me", "/api/v1/university/load"} <= set(schema["paths"])


def test_errors_are_typed_as_problem_details(schema: dict[str, Any]) -> None:
    me = schema["paths"]["/api/v1/me"]["get"]["responses"]
    problem = _resolve(me["401"]["content"]["application/problem+json"]["schema"], schema)
    assert {"type", "title", "status", "code"} <= set(problem["required"])


@pytest.mark.parametrize(("body", "reason"), [
    ({"type": "object"}, "untyped object"),
    ({"type": "array", "items": {"type": "object"}}, "array of untyped object"),
    ({}, "empty schema (any value)"),
    (None, "no schema"),
    ({"type": "object", "properties": {"token": {"type": "string"}}}, None),
    ({"type": "object", "additionalProperties": {"type": "integer"}}, None),
    ({"type": "object", "additionalProperties": {}}, "untyped object"),  # OpenApiTypes.OBJECT
    ({"type": "object", "additionalProperties": True}, "untyped object"),
    ({"type": "object", "additionalProperties": {"type": "object"}}, "untyped object"),
    ({"type": "object", "properties": {}}, "untyped object"),
    ({"$ref": "#/components/schemas/Typed"}, None),
    ({"$ref": "#/components/schemas/Loose"}, "untyped object"),
])
def test_the_walk_tells_typed_from_untyped(body: dict[str, Any] | None, reason: str | None) -> None:
    document = {"components": {"schemas": {
        "Typed": {"type": "object", "properties": {"a": {"type": "string"}}},
        "Loose": {"type": "object"}}}}
    assert untyped(body, document) == reason


def test_the_walk_names_every_offender() -> None:
    document = {
        "components": {"schemas": {}},
        "paths": {
            "/a": {"get": {"operationId": "a_get", "responses": {
                "200": {"content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/b": {"post": {"operationId": "b_post", "responses": {
                "201": {"content": {"application/json": {}}},
                "204": {"description": "gone"}}}},
            "/c.pdf": {"get": {"operationId": "c_pdf", "responses": {
                "200": {"content": {"application/pdf": {
                    "schema": {"type": "string", "format": "binary"}}}}}}},
            "/d.csv": {"get": {"operationId": "d_csv", "responses": {
                "200": {"content": {"text/csv": {"schema": {"type": "object"}}}}}}},
        },
    }
    assert offenders(document) == [
        "GET /a (a_get) 200 application/json: untyped object",
        "POST /b (b_post) 201 application/json: no schema",
        "GET /d.csv (d_csv) 200 text/csv: a document not typed as binary",
    ]
