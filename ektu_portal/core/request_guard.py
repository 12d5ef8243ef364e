"""Hostile input is refused at the door, and every /api/ answer is problem details (contract §2).

One middleware, first in ``MIDDLEWARE``, instead of a check in each view:

- A NUL character cannot be stored in PostgreSQL text, so a path, query or cookie carrying one
  (``/verify/a%00b/``, ``?student=a%00b``) reached a query and answered 500 — anonymously too.
  It is refused here as 400 problem details before any view, session or lookup sees it.
- Whatever answers an ``/api/`` request with an HTML error page (a size limit, a CSRF refusal, an
  unexpected 500 page) has its body replaced by problem details with the same status, so an API
  client never has to parse Django's HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse

from ektu_portal.core.problems import PROBLEM_CONTENT_TYPE, problem

# The code and title an API client meets for an error answered without a problem body.
_STATUS_PROBLEMS: dict[int, tuple[str, str]] = {
    400: ("malformed_request", "The request is malformed"),
    401: ("not_authenticated", "Not signed in"),
    403: ("permission_denied", "You may not do this"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    413: ("request_too_large", "The request is too large"),
    500: ("server_error", "Something went wrong on our side"),
    503: ("unavailable", "The service is unavailable"),
}


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "\x00" in request.path_info:
        return True
    # The raw query, decoded as the QueryDict would decode it: "%00" in a key or a value.
    if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return True
    return any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items())


def _problem_answer(status: int, code: str, title: str, detail: str = "") -> JsonResponse:
    return JsonResponse(problem(status, code, title, detail), status=status,
                        content_type=PROBLEM_CONTENT_TYPE)


def _is_json(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return _problem_answer(400, "malformed_request", "The request is malformed",
                                   "The address, query or a cookie contains a NUL character (%00).")
        response = self.get_response(request)
        if request.path.startswith("/api/") and response.status_code >= 400 and not _is_json(response):
            code, title = _STATUS_PROBLEMS.get(response.status_code, ("error", "The request failed"))
            problem_response = _problem_answer(response.status_code, code, title)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    problem_response[header] = response[header]
            return problem_response
        return response
