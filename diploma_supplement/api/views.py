"""Contract §3: the Diploma Supplement as PDF. Issuing (one graduate, a selection, a batch) by the dean's
office; revocation, accreditations and diploma numbers by the registrar's office. Thin: every rule,
look-up and permission is the services' and ``permissions.access_*``'s."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from diploma_supplement import permissions, selectors, services
from diploma_supplement.api.serializers import (
    AccreditationInput,
    AccreditationOutput,
    BatchInput,
    BatchOutput,
    DiplomaNumbersInput,
    DiplomaNumbersOutput,
    IssuedSupplementOutput,
    RemoveInput,
    RevokeInput,
)
from diploma_supplement.views import supplement_pdf_response
from ektu_portal.core.errors import PermissionDenied
from ektu_portal.core.problems import problem_responses

PDF_DESCRIPTION = (
    "The holder's Diploma Supplement (PDF/A-3b with its data as an ELMO XML attachment). When the dean's "
    "office has issued it, this is the issued document (header `X-Supplement-Number`); until then it is a "
    "watermarked PREVIEW with no number (\"PREVIEW — not an official document\", header "
    "`X-Supplement-Preview: true`) — downloading never issues one. 409 `supplement_incomplete` names in "
    "`missing` what the records lack (DS-1).")


class SupplementPdfView(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY,
                                                                        description=PDF_DESCRIPTION),
                              **problem_responses(401, 404, 409)},
                   summary="The Diploma Supplement as PDF: issued, else a preview (the student, the "
                           "registrar, their dean)", description=PDF_DESCRIPTION)
    def get(self, request: Request, username: str) -> HttpResponse:
        document = services.supplement_for_download(actor=request.user, username=username, now=timezone.now())
        return supplement_pdf_response(document)


class SupplementIssueView(APIView):
    @extend_schema(request=None,
                   responses={201: IssuedSupplementOutput, **problem_responses(401, 403, 404, 409)},
                   summary="Issue one graduate's official, numbered supplement (the dean's office; audited)")
    def post(self, request: Request, username: str) -> Response:
        supplement = services.supplement_issue(actor=request.user, username=username, now=timezone.now())
        return Response(IssuedSupplementOutput(supplement).data, status=status.HTTP_201_CREATED)


class BatchesView(APIView):
    @extend_schema(request=BatchInput, responses={201: BatchOutput, **problem_responses(401, 404, 409, 422)},
                   summary="Issue and print the supplements of selected graduates, or of every ready "
                           "graduate of a program and year (the dean's office; a Celery job)")
    def post(self, request: Request) -> Response:
        given = BatchInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        batch = services.batch_start(actor=request.user, program_code=data["program"], year=data["year"],
                                     students=data["students"], now=timezone.now())
        return Response(BatchOutput(batch).data, status=status.HTTP_201_CREATED)


class BatchView(APIView):
    @extend_schema(responses={200: BatchOutput, **problem_responses(401, 404)},
                   summary="A print batch's progress (the dean's office of its school)")
    def get(self, request: Request, batch_id: int) -> Response:
        return Response(BatchOutput(permissions.access_batch(request.user, batch_id)).data)


class RevokeView(APIView):
    @extend_schema(request=RevokeInput, responses={200: IssuedSupplementOutput,
                                                   **problem_responses(401, 403, 404, 409, 422)},
                   summary="Revoke an issued supplement (the registrar's office; audited)")
    def post(self, request: Request, number: str) -> Response:
        given = RevokeInput(data=request.data)
        given.is_valid(raise_exception=True)
        supplement = services.supplement_revoke(actor=request.user, number=number,
                                                reason=given.validated_data["reason"], now=timezone.now())
        return Response(IssuedSupplementOutput(supplement).data)


class AccreditationsView(APIView):
    @extend_schema(responses={200: AccreditationOutput(many=True), **problem_responses(401)},
                   summary="The recorded accreditations the supplement states (DS-3 (2), (6))")
    def get(self, request: Request) -> Response:
        return Response(AccreditationOutput(selectors.accreditations(), many=True).data)

    @extend_schema(request=AccreditationInput, responses={201: AccreditationOutput,
                                                          **problem_responses(401, 403, 422)},
                   summary="Record an accreditation (the registrar's office; audited)")
    def post(self, request: Request) -> Response:
        given = AccreditationInput(data=request.data)
        given.is_valid(raise_exception=True)
        row = services.accreditation_record(actor=request.user, **given.validated_data)
        return Response(AccreditationOutput(row).data, status=status.HTTP_201_CREATED)


class AccreditationView(APIView):
    @extend_schema(request=AccreditationInput, responses={200: AccreditationOutput,
                                                          **problem_responses(401, 403, 404, 422)},
                   summary="Correct a recorded accreditation (the registrar's office; audited)")
    def put(self, request: Request, accreditation_id: int) -> Response:
        given = AccreditationInput(data=request.data)
        given.is_valid(raise_exception=True)
        row = services.accreditation_record(actor=request.user, accreditation_id=accreditation_id,
                                            **given.validated_data)
        return Response(AccreditationOutput(row).data)


class AccreditationRemoveView(APIView):
    @extend_schema(request=RemoveInput, responses={204: None, **problem_responses(401, 403, 404, 422)},
                   summary="Remove an accreditation recorded in error (the registrar's office; audited)")
    def post(self, request: Request, accreditation_id: int) -> Response:
        given = RemoveInput(data=request.data)
        given.is_valid(raise_exception=True)
        services.accreditation_remove(actor=request.user, accreditation_id=accreditation_id,
                                      reason=given.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class DiplomaNumbersView(APIView):
    @extend_schema(request=DiplomaNumbersInput,
                   responses={200: DiplomaNumbersOutput, **problem_responses(401, 403, 422)},
                   summary="Record graduates' diploma numbers and award dates (registrar); all rows or none")
    def post(self, request: Request) -> Response:
        if not permissions.can_record_diploma_numbers(request.user):  # refused before the body is read
            raise PermissionDenied("Only the registrar's office records diploma numbers.")
        given = DiplomaNumbersInput(data=request.data)
        given.is_valid(raise_exception=True)
        recorded = services.diploma_numbers_record(actor=request.user, rows=given.validated_data["rows"],
                                                   reason=given.validated_data["reason"],
                                                   today=timezone.localdate())
        return Response(DiplomaNumbersOutput(recorded).data)
