"""Contract §3: the Diploma Supplement as PDF; revocation and graduates' diploma numbers by the registrar."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from diploma_supplement import permissions, services
from diploma_supplement.api.serializers import DiplomaNumbersInput, DiplomaNumbersOutput, ProblemsOutput
from diploma_supplement.views import supplement_pdf_response
from ektu_portal.core.errors import PermissionDenied


class SupplementPdfView(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY},
                   summary="The Diploma Supplement as PDF/A (the student, the registrar, their dean)")
    def get(self, request: Request, username: str) -> HttpResponse:
        supplement = services.supplement_for_download(actor=request.user, username=username, now=timezone.now())
        return supplement_pdf_response(supplement)


class RevokeView(APIView):
    @extend_schema(request=inline_serializer("Revoke", {"reason": serializers.CharField()}),
                   responses=OpenApiTypes.OBJECT, summary="Revoke an issued supplement (registrar)")
    def post(self, request: Request, number: str) -> Response:
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        supplement = services.revoke(actor=request.user, number=number, reason=str(reason), now=timezone.now())
        return Response({"number": supplement.number, "revoked_at": supplement.revoked_at.isoformat(),
                         "reason": supplement.revoked_reason})


class DiplomaNumbersView(APIView):
    @extend_schema(request=DiplomaNumbersInput,
                   responses={200: DiplomaNumbersOutput, (422, "application/problem+json"): ProblemsOutput},
                   summary="Record graduates' diploma numbers and award dates (registrar); all rows or none")
    def post(self, request: Request) -> Response:
        if not permissions.can_record_diploma_numbers(request.user):
            raise PermissionDenied("Only the registrar's office records diploma numbers.")
        given = DiplomaNumbersInput(data=request.data)
        given.is_valid(raise_exception=True)
        recorded = services.diploma_numbers_record(actor=request.user, rows=given.validated_data["rows"],
                                                   reason=given.validated_data["reason"])
        return Response(DiplomaNumbersOutput(recorded).data)
