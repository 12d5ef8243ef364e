"""Contract §2: base path, token sign-in, who-am-I, problem details, OpenAPI."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_token_and_me(api: Any) -> None:
    body = api("s25001").get("/api/v1/me").json()
    assert body == {"username": "s25001", "full_name": "Әлиев Нұрлан Серікұлы", "roles": ["student"]}
    assert sorted(api("adv.sarsen").get("/api/v1/me").json()["roles"]) == ["adviser", "instructor"]


def test_session_sign_in_works_for_the_api(university: Any, client: Any) -> None:
    assert client.post("/accounts/login/",
                       {"login": "s25001", "password": "contract-pass-1234"}).status_code == 302
    assert client.get("/api/v1/me").json()["username"] == "s25001"


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"username": "s25001", "password": "wrong-password"}, 401, "invalid_credentials"),
    ({"username": "nobody", "password": "contract-pass-1234"}, 401, "invalid_credentials"),
    ({"username": "s25001"}, 422, "validation_failed"),
])
def test_token_refusals_are_problems(api: Any, body: dict[str, str], status: int, code: str) -> None:
    response = api().post("/api/v1/auth/token", body, format="json")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["status"], problem["code"]) == (status, code)
    assert problem["type"].endswith(code) and problem["title"]


def test_malformed_json_is_a_problem(api: Any) -> None:
    response = api().generic("POST", "/api/v1/auth/token", "{not json", content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "malformed_request")


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/api/v1/me", 401, "not_authenticated"),
    ("/api/v1/no-such-endpoint", 404, "not_found"),
])
def test_errors_without_sign_in(api: Any, path: str, status: int, code: str) -> None:
    response = api().get(path)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_wrong_method_is_a_problem(api: Any) -> None:
    response = api("s25001").delete("/api/v1/me")
    assert (response.status_code, response.json()["code"]) == (405, "method_not_allowed")


def test_no_trailing_slash_redirects(api: Any) -> None:
    # A POST must never meet a redirect (contract §2).
    response = api().post("/api/v1/auth/token", {"username": "s25001", "password": "contract-pass-1234"},
                          format="json")
    assert response.status_code == 200


def test_openapi_schema_and_docs(client: Any, db: Any) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/auth/token", "/api/v1/me", "/api/v1/university/load"} <= set(paths)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
