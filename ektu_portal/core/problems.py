"""RFC 9457 problem details for every API error (contract §2).

Every error body has ``type``, ``title``, ``status``, ``detail`` and a stable ``code``;
validation errors add ``problems`` (JSON path + message) or ``errors`` (field → messages).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, status
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


class ProblemItemSerializer(serializers.Serializer):
    """One problem of many, located by its JSON path, row or field (OSIS: every reason at once)."""

    path = serializers.CharField(
        help_text='where, e.g. "students[3].iin" or "rows[2].exam"; empty for the whole')
    message = serializers.CharField()


@extend_schema_field({"type": "object", "additionalProperties": {},
                      "description": "field name → messages (nested for nested fields)"})
class FieldErrorsField(serializers.JSONField):
    """DRF's own validation errors: a field name maps to its messages, or to a nested object of them."""


# The one shared description of an error body: every app's ``extend_schema`` points its 4xx
# responses here (through ``problem_responses``) so the schema types what a client meets.
class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details (contract §2): every error answer of the API has this shape."""

    type = serializers.URLField(help_text="a URI naming the kind of problem; ends with the code")
    title = serializers.CharField(help_text="a short, human-readable summary")
    status = serializers.IntegerField(help_text="the HTTP status code")
    code = serializers.CharField(help_text='stable and machine-readable, e.g. "section_full"')
    detail = serializers.CharField(required=False, help_text="this occurrence, in words")
    problems = ProblemItemSerializer(many=True, required=False,
                                     help_text="every problem found, when there are several (422)")
    errors = FieldErrorsField(required=False, help_text="input that failed validation, field by field (422)")
    missing = serializers.ListField(child=serializers.CharField(), required=False,
                                    help_text="what a document still lacks (e.g. a Diploma Supplement)")


_PROBLEM_DESCRIPTIONS = {
    400: "The request is malformed",
    401: "Not signed in, or the credentials are wrong",
    403: "Signed in, but not allowed to do this",
    404: "Not found, or not visible to you",
    405: "Method not allowed",
    409: "Conflicts with the current state",
    413: "The request body is too large",
    415: "Unsupported media type",
    422: "The input has problems (every one is named)",
    429: "Too many requests",
}


def problem_responses(*status_codes: int) -> dict[tuple[int, str], OpenApiResponse]:
    """Typed error responses: ``extend_schema(responses={200: Out, **problem_responses(403, 404)})``.

    Keyed by (status, media type) so the schema says ``application/problem+json``, the type the
    answer really has (a client or schemathesis checking conformance meets what is documented).
    400 is always among them: any request can be malformed — a NUL in its address or query is refused
    before any view (request_guard), a body that is not JSON by the parser.
    """
    return {(code, PROBLEM_CONTENT_TYPE): OpenApiResponse(
        ProblemSerializer, description=_PROBLEM_DESCRIPTIONS.get(code, "A problem"))
        for code in sorted({400, *status_codes})}


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
        answer = problem_response(exc.status, exc.code, str(exc.title), exc.detail, **extra)
        if getattr(exc, "auth_header", None):  # a refused credential says how to authenticate (RFC 9110)
            answer["WWW-Authenticate"] = exc.auth_header
        return answer
    if isinstance(exc, RequestDataTooBig):
        return problem_response(413, "request_too_large", "The request is too large",
                                "The body is over the portal's size limit; nothing was read or written.")
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


@csrf_exempt
def api_not_found(request: Any, exception: Exception | None = None, **route: Any) -> JsonResponse:
    """404 under /api/ as a problem, not an HTML page (an unknown path is still a problem).

    Exempt from CSRF: a POST or DELETE to an unknown path is answered 404 like a GET, not with the
    CSRF failure page (there is nothing there to protect).
    """
    return JsonResponse(problem(404, "not_found", "Not found", f"No endpoint at {request.path}"),
                        status=404, content_type=PROBLEM_CONTENT_TYPE)
