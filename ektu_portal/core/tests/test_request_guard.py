"""Issue 16: hostile input is refused as problem details, and every /api/ answer is problem details.

A NUL character cannot be stored in PostgreSQL text: before the guard, ``/verify/a%00b/`` and
``?student=a%00b`` reached a query and answered 500 (80 of the fuzzer's 97,000 requests), anonymous
visitors included. Unsafe methods on unknown API paths met Django's CSRF page, size errors its 400 page.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings

from ektu_portal.core.request_guard import RequestGuardMiddleware
from ektu_portal.core.views import bad_request

pytestmark = pytest.mark.django_db
PASSWORD = "contract-pass-1234"

NUL_REQUESTS = [
    "/verify/a%00b/",
    "/students/a%00b/transcript/",
    "/students/s25001/transcript/?period=a%00b",
    "/api/v1/students/a%00b/transcript",
    "/api/v1/registration/offer?student=a%00b",
    "/api/v1/registration/offer?a%00b=1",
    "/api/v1/registration/offer?student=a%2500b&period=%00",
]


def assert_problem(response: Any, status: int, code: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert (body["status"], body["code"]) == (status, code)
    assert body["type"].endswith(code) and body["title"]


@pytest.mark.parametrize("url", NUL_REQUESTS)
def test_a_nul_character_is_refused_for_anonymous_visitors(url: str, client: Client) -> None:
    assert_problem(client.get(url), 400, "malformed_request")


@pytest.mark.parametrize("url", NUL_REQUESTS)
def test_a_nul_character_is_refused_when_signed_in(url: str, university: Any, client: Client) -> None:
    client.post("/accounts/login/", {"login": "reg.office", "password": PASSWORD})
    assert_problem(client.get(url), 400, "malformed_request")
    assert_problem(client.post(url, {"x": "1"}), 400, "malformed_request")


def test_a_nul_character_in_a_cookie_is_refused(client: Client) -> None:
    client.cookies["sessionid"] = "abcdefgh\x00ijk"
    assert_problem(client.get("/"), 400, "malformed_request")


def test_an_encoded_percent_sign_is_not_a_nul(university: Any, client: Client) -> None:
    # "%2500" is the text "%00", which a name may harmlessly contain: it reaches the view (404 here).
    assert client.get("/verify/a%2500b/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_methods_on_unknown_api_paths_answer_404_problems(method: str, university: Any,
                                                                  client: Client) -> None:
    # Signed in through the browser session, without a CSRF token: before, Django's CSRF page (HTML).
    client.post("/accounts/login/", {"login": "s25001", "password": PASSWORD})
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.cookies = client.cookies
    assert_problem(getattr(csrf_client, method)("/api/v1/no-such-thing", {}), 404, "not_found")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_size_limit_is_a_413_problem(api: Any) -> None:
    response = api().post("/api/v1/auth/token", {"username": "s25001", "password": "x" * 2000}, format="json")
    assert_problem(response, 413, "request_too_large")


@pytest.mark.parametrize(("error", "status", "code"), [
    (RequestDataTooBig(), 413, "request_too_large"),
    (TooManyFieldsSent(), 400, "malformed_request"),
])
def test_django_400s_under_api_are_problems(error: Exception, status: int, code: str) -> None:
    # handler400: what Django answers when a body breaks its limits outside DRF's own handling.
    assert_problem(bad_request(RequestFactory().post("/api/v1/anything"), error), status, code)


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5)
def test_size_errors_on_pages_stay_pages(university: Any, client: Client) -> None:
    fields = {f"f{n}": "1" for n in range(20)}
    response = client.post("/accounts/login/", fields)
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")


def _html(status: int) -> HttpResponse:
    return HttpResponse("<h1>Server Error</h1>", status=status, content_type="text/html")


@pytest.mark.parametrize(("status", "code"), [(500, "server_error"), (403, "permission_denied"),
                                              (413, "request_too_large"), (502, "error")])
def test_an_html_error_under_api_becomes_a_problem(status: int, code: str) -> None:
    guard = RequestGuardMiddleware(lambda request: _html(status))
    assert_problem(guard(RequestFactory().get("/api/v1/me")), status, code)


def test_html_pages_and_api_successes_are_left_alone() -> None:
    page = RequestGuardMiddleware(lambda request: _html(500))(RequestFactory().get("/registration/"))
    assert (page.status_code, page.content) == (500, b"<h1>Server Error</h1>")

    def created(request: HttpRequest) -> HttpResponse:
        return HttpResponse(b"%PDF-1.7", status=200, content_type="application/pdf")

    pdf = RequestGuardMiddleware(created)(RequestFactory().get("/api/v1/registration/plans/1/pdf"))
    assert pdf.content == b"%PDF-1.7"


def test_the_allow_header_survives() -> None:
    guard = RequestGuardMiddleware(lambda request: HttpResponse("no", status=405, headers={"Allow": "GET"}))
    response = guard(RequestFactory().delete("/api/v1/me"))
    assert_problem(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"
