"""POST /api/v1/university/load (contract §1): the loader, for administrators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.academics.api.serializers import (
    LoadReportSerializer,
    UniversityLoadQuery,
    university_document_schema,
)
from ektu_portal.academics.loading import (
    DEFAULT_MAX_DOCUMENT_BYTES,
    MAX_NESTING,
    document_too_large,
    load_university,
    max_document_bytes,
    parse_document,
)
from ektu_portal.academics.permissions import can_load_university
from ektu_portal.core.errors import PermissionDenied
from ektu_portal.core.problems import problem_responses


class UniversityDocumentParser(BaseParser):
    """The document read within the loader's own limits, not the 2.5 MB every other body has.

    A whole university (30,000 people with their past results) is larger than Django's
    DATA_UPLOAD_MAX_MEMORY_SIZE, which stays as it is for every other endpoint: this parser reads the
    raw stream up to ``max_document_bytes()`` (``EKTU_UNIVERSITY_MAX_BYTES``). A body declared or found
    larger, or nested deeper than the format ever is, is refused as 422 problem details before the
    JSON parser runs (issue 16); text that is not JSON stays a 400 (``malformed_request``).

    Not a ``JSONParser``: DRF hands a JSONParser ``request.body``, which enforces the global limit.
    """

    media_type = "application/json"

    def parse(self, stream: IO[bytes] | None, media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> Any:
        limit = max_document_bytes()
        request = (parser_context or {}).get("request")
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        except ValueError:
            declared = 0
        if declared > limit:
            raise document_too_large(declared, limit)  # refused unread
        raw = stream.read(limit + 1) if stream is not None else b""
        try:
            return parse_document(raw, max_bytes=limit)
        except ValueError as error:
            raise ParseError(gettext("The body is not valid JSON: %(error)s") % {"error": error}) from error


_LIMITS = (f"At most EKTU_UNIVERSITY_MAX_BYTES bytes (default {DEFAULT_MAX_DOCUMENT_BYTES // 2**20} MiB) "
           f"and {MAX_NESTING} levels of nesting; text within the database's column lengths, without NUL "
           "characters, integers within their columns' ranges. A document over a limit is refused with 422 "
           "and every problem's JSON path; nothing is written.")


class UniversityLoadView(APIView):
    parser_classes = [UniversityDocumentParser]

    # The body is not run through a DRF serializer: the loader validates it against the contract's
    # JSON Schema and then its references, and names every problem by JSON path at once (contract §1).
    @extend_schema(request={"application/json": university_document_schema()},
                   parameters=[UniversityLoadQuery],
                   responses={200: LoadReportSerializer, **problem_responses(400, 401, 403, 422)},
                   summary="Load a university document (ektu-university/1)",
                   description=_LIMITS)
    def post(self, request: Request) -> Response:
        if not can_load_university(request.user):
            raise PermissionDenied("Only administrators load a university.")
        query = UniversityLoadQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        # The API never accepts passwords (contract §1): allow_passwords stays False.
        report = load_university(request.data, actor=request.user, dry_run=query.validated_data["dry_run"],
                                 source="the API")
        return Response(LoadReportSerializer(report).data)
