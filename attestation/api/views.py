"""Contract §9: final attestation. Thin: parse with an input serializer, call the service or selector
(which look up and check through attestation.permissions), answer with an output serializer."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from attestation import permissions, selectors, services
from attestation.api import serializers as s
from ektu_portal.core.problems import PROBLEM_CONTENT_TYPE, ProblemSerializer


class CommissionsView(APIView):
    @extend_schema(request=s.CommissionInput, responses={
        201: s.CommissionSerializer, 200: s.CommissionSerializer, **s.problems(403, 404, 409),
        # A refused composition names every broken rule (CompositionProblem); input that fails the
        # serializer is the usual problem with ``errors`` by field: the 422 body is one or the other.
        (422, PROBLEM_CONTENT_TYPE): OpenApiResponse(PolymorphicProxySerializer(
            component_name="CommissionRefusal", resource_type_field_name=None,
            serializers=[s.CompositionProblemSerializer, ProblemSerializer]),
            description="every broken rule of FA-4, or malformed input")},
        summary="Compose a programme's attestation commission (FA-4); the same code again replaces it")
    def post(self, request: Request) -> Response:
        data = s.CommissionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        commission, created = services.commission_save(
            actor=request.user, code=values["code"], program_code=values["program"], year=values["year"],
            members=[services.MemberInput(**m) for m in values["members"]],
            proposed_on=values.get("proposed_on"), approved_on=values.get("approved_on"),
            approval_basis=values["approval_basis"])
        body = {"code": commission.code, "program": commission.program, "year": commission.year,
                "members": commission.members, "proposed_on": commission.proposed_on,
                "approved_on": commission.approved_on,
                "flags": selectors.commission_flags(commission, timezone.localdate())}
        return Response(s.CommissionSerializer(body).data, status=201 if created else 200)


class PublicationsView(APIView):
    @extend_schema(request=s.PublicationInput,
                   responses={201: s.PublicationSerializer, **s.problems(403, 404, 422)},
                   summary="Record a master's publication or conference talk on the thesis topic (FA-1)")
    def post(self, request: Request, username: str) -> Response:
        data = s.PublicationInput(data=request.data)
        data.is_valid(raise_exception=True)
        publication = services.publication_record(actor=request.user, username=username, now=timezone.now(),
                                                  **data.validated_data)
        return Response(s.PublicationSerializer(publication).data, status=201)


class AdmissionView(APIView):
    @extend_schema(parameters=[s.AdmissionQuery], responses={200: s.AdmissionListSerializer,
                                                             **s.problems(403, 404, 422)},
                   summary="The programme's final-year students: admitted, or excluded and why (FA-1)")
    def get(self, request: Request) -> Response:
        query = s.AdmissionQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        program = permissions.access_program(request.user, query.validated_data["program"],
                                             can=permissions.can_view_programme_attestation)
        return Response(s.AdmissionListSerializer(selectors.admission_list(program)).data)


class HonoursView(APIView):
    @extend_schema(responses={200: s.HonoursSerializer, **s.problems(403, 404)},
                   summary="Whether the student meets the criteria of a diploma with honours (FA-9)")
    def get(self, request: Request, username: str) -> Response:
        student = permissions.access_attestation_student(request.user, username,
                                                         can=permissions.can_view_honours)
        return Response(s.HonoursSerializer(selectors.student_honours(student, timezone.localdate())).data)
