"""Input and output shapes of the core's API (HackSoft style): the OpenAPI schema types every body."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from rest_framework import serializers

from ektu_portal.academics.loading import SCHEMA_PATH, LoadReport

# JSON Schema 2020-12 keywords that OpenAPI 3.0's schema objects do not have; the loader still checks
# them (contract §1), the published schema only describes them in words.
_NOT_IN_OPENAPI_30 = {"$schema", "$id", "$defs", "dependentRequired", "dependentSchemas"}


def _as_openapi(node: Any, defs: dict[str, Any]) -> Any:
    """The contract's JSON Schema node as an OpenAPI 3.0 schema object, its ``$ref``s inlined."""
    if isinstance(node, list):
        return [_as_openapi(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        # A sibling "description" refines the referenced definition (JSON Schema 2020-12 allows
        # siblings of $ref; OpenAPI 3.0 would ignore them), so merge it in.
        target = defs[node["$ref"].removeprefix("#/$defs/")]
        return _as_openapi({**target, **{k: v for k, v in node.items() if k != "$ref"}}, defs)
    converted: dict[str, Any] = {}
    for key, value in node.items():
        if key in _NOT_IN_OPENAPI_30:
            continue
        if key == "const":
            converted["enum"] = [value]
        elif key == "enum" and None in value:
            converted["enum"] = [choice for choice in value if choice is not None]
            converted["nullable"] = True
        elif key == "properties":
            converted[key] = {name: _as_openapi(child, defs) for name, child in value.items()}
        else:
            converted[key] = _as_openapi(value, defs)
    if "enum" in converted and "type" not in converted and all(isinstance(c, str) for c in converted["enum"]):
        converted["type"] = "string"
    if "dependentRequired" in node:
        pairs = "; ".join(f"{k} requires {', '.join(v)}" for k, v in node["dependentRequired"].items())
        converted["description"] = f"{converted.get('description', '')} ({pairs})".strip()
    return converted


@cache
def university_document_schema() -> dict[str, Any]:
    """Contract §1's ``ektu-university/1`` document, from the very JSON Schema the loader validates with."""
    contract = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    schema: dict[str, Any] = _as_openapi(contract, contract.get("$defs", {}))
    schema["description"] = (f"{contract.get('title', 'A university document')}. Validated against the "
                             "contract's JSON Schema; every problem is answered at once, with its JSON path.")
    return schema


class UniversityLoadQuery(serializers.Serializer[Any]):
    dry_run = serializers.BooleanField(default=False, help_text="validate and count; write nothing")


class KindCountSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    removed = serializers.IntegerField()


class LoadReportSerializer(serializers.Serializer[LoadReport]):
    """What a load did (or, with dry_run, would do): per kind of record, how many of each change."""

    dry_run = serializers.BooleanField()
    changed = serializers.BooleanField(
        help_text="whether anything was (or would be) created, updated or removed")
    counts = serializers.DictField(child=KindCountSerializer(),
                                   help_text='per kind of record, e.g. "schools", "people", "results"')
