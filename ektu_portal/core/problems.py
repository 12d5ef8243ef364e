"""RFC 9457 problem details for every API error (contract §2).

Every error body has ``type``, ``title``, ``status``, ``detail`` and a stable ``code``;
validation errors add ``problems`` (JSON path + message) or ``errors`` (field → messages).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ektu_portal.core.errors import DomainError, ValidationFailed

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://portal.ektu.kz/problems/"

_DRF_CODES = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
    exceptions.ParseError: "malformed_request",
    exceptions.ValidationError: "validation_failed",
}


def problem(status_code: int, code: str, title: str, detail: str = "", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"type": TYPE_BASE + code, "title": title, "status": status_code, "code": code}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return body


def problem_response(status_code: int, code: str, title: str, detail: str = "", **extra: Any) -> Response:
    return Response(problem(status_code, code, title, detail, **extra), status=status_code,
                    content_type=PROBLEM_CONTENT_TYPE)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        extra = dict(exc.extra)
        if isinstance(exc, ValidationFailed):
            extra["problems"] = [{"path": p.path, "message": p.message} for p in exc.problems]
        return problem_response(exc.status, exc.code, exc.title, exc.detail, **extra)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    code = next((c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), "error")
    if isinstance(exc, exceptions.ValidationError):
        body = problem(response.status_code, code, "The input has problems", errors=exc.detail)
        if response.status_code == 400:
            body["status"] = status.HTTP_422_UNPROCESSABLE_ENTITY
            response.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    else:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        body = problem(response.status_code, code, detail)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def api_not_found(request: Any, exception: Exception | None = None, **route: Any) -> JsonResponse:
    """404 under /api/ as a problem, not an HTML page (an unknown path is still a problem)."""
    return JsonResponse(problem(404, "not_found", "Not found", f"No endpoint at {request.path}"),
                        status=404, content_type=PROBLEM_CONTENT_TYPE)
