"""Registration day's enrolment request without DRF's generic machinery (issue 15).

Measured in-process with the students' facts read ahead, DRF's request wrapping, content negotiation,
authentication classes, input and output serializers and response finalizing took more of an enrolment's
CPU than the enrolment itself (bench/README.md). The request a student's browser or script sends on
registration day is always the same shape: ``Authorization: Token …``, a JSON object naming a section and
perhaps ``waitlist``. That shape is answered here, by the same authentication
(``CachedTokenAuthentication``), the same service (``enrollment_create_fast``), the same problem details
(``problems.exception_handler``) and DRF's own JSON renderer, with the headers DRF's view would add.

Anything else — another way of signing in, a body that is not exactly that shape, a token refused, an
``Accept`` that is not JSON, a name of a student (the registrar's office) — returns None, and DRF's view
answers as it always has. Being stricter than the serializer only sends more requests the long way;
test_quick_view holds the two ways' answers equal, scenario by scenario.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from rest_framework.compat import split_header_value
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from ektu_portal.accounts.authentication import CachedTokenAuthentication
from ektu_portal.core import problems
from registration import services
from registration.api.serializers import EnrollmentSerializer

JSON_ACCEPTS = frozenset(("", "*/*", "application/json"))
FIELDS = frozenset(("section", "waitlist"))


def _wanted(request: HttpRequest) -> tuple[str, str, bool] | None:
    """(token key, section code, waitlist) when the request has registration day's usual shape."""
    if request.method != "POST" or request.META.get("QUERY_STRING") \
            or request.content_type != "application/json" \
            or request.content_params.get("charset", "utf-8").lower() != "utf-8" \
            or request.META.get("HTTP_ACCEPT", "") not in JSON_ACCEPTS:
        return None
    keyword, _, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if keyword != "Token" or not key or " " in key:
        return None
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):  # DRF's parser words the problem
        return None
    if not isinstance(body, dict) or not body.keys() <= FIELDS:
        return None
    section, waitlist = body.get("section"), body.get("waitlist", True)
    # What CharField would take unchanged (no trimming, no NUL or lone surrogate) and a plain boolean.
    if not isinstance(section, str) or not section or not section.isprintable() \
            or section != section.strip() or not isinstance(waitlist, bool):
        return None
    return key, section, waitlist


def quick_enrolment(request: HttpRequest, view: Any) -> HttpResponse | None:
    """The answer of ``POST /api/v1/registration/enrollments`` (``view``: the DRF view answering
    otherwise, whose headers the answer carries), or None: let DRF's view answer."""
    wanted = _wanted(request)
    if wanted is None:
        return None
    key, section, waitlist = wanted
    try:
        user, _token = CachedTokenAuthentication().authenticate_credentials(key)
    except AuthenticationFailed:  # 401 with its WWW-Authenticate, as DRF words it
        return None
    request.user = user  # as DRF sets it: the access log names who asked
    try:
        enrollment = services.enrollment_create_fast(actor=user, section_code=section, now=timezone.now(),
                                                     waitlist=waitlist)
    except Exception as error:  # noqa: BLE001 - the API's own handler decides, as under DRF
        response = problems.exception_handler(error, {"view": view, "request": request})
        if response is None:
            raise
    else:
        response = Response(EnrollmentSerializer(enrollment).data, status=201)
    return _finalized(response, view)


def _finalized(response: Response, view: Any) -> Response:
    """What ``APIView.finalize_response`` does to a response: DRF's JSON renderer, the view's headers."""
    response.accepted_renderer = JSONRenderer()
    response.accepted_media_type = JSONRenderer.media_type
    response.renderer_context = {"view": view, "response": response}
    headers = dict(view.default_response_headers)
    vary = headers.pop("Vary", None)
    if vary is not None:
        patch_vary_headers(response, list(split_header_value(vary)))
    for name, value in headers.items():
        response[name] = value
    return response
