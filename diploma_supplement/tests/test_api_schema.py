"""Issue 8: every endpoint of the supplement's API has typed bodies in the OpenAPI schema; the PDF is
binary and its description says a preview is served until the supplement is issued."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_openapi_schema import offenders

pytestmark = pytest.mark.django_db

OURS = ("/api/v1/students/{username}/diploma-supplement.pdf",
        "/api/v1/students/{username}/diploma-supplement/issue",
        "/api/v1/diploma-supplements/batches", "/api/v1/diploma-supplements/batches/{batch_id}",
        "/api/v1/diploma-supplements/{number}/revoke", "/api/v1/accreditations",
        "/api/v1/accreditations/{accreditation_id}", "/api/v1/accreditations/{accreditation_id}/remove",
        "/api/v1/graduates/diploma-numbers")


@pytest.fixture
def schema(client: Any) -> dict[str, Any]:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def test_every_body_of_the_supplement_api_is_typed(schema: dict[str, Any]) -> None:
    assert set(OURS) <= set(schema["paths"])
    ours = {**schema, "paths": {path: schema["paths"][path] for path in OURS}}
    assert offenders(ours) == []


def test_the_pdf_is_binary_and_says_it_is_a_preview_until_issued(schema: dict[str, Any]) -> None:
    operation = schema["paths"]["/api/v1/students/{username}/diploma-supplement.pdf"]["get"]
    ok = operation["responses"]["200"]
    assert ok["content"]["application/pdf"]["schema"] == {"type": "string", "format": "binary"}
    assert "PREVIEW" in operation["description"] and "never issues" in operation["description"]
    assert "409" in operation["responses"] and "404" in operation["responses"]
