"""Contract §3 registration endpoints. Thin: parse, call the service, shape the answer."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from registration import selectors, services


class OfferView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Sections the student may see this period",
                   parameters=[OpenApiParameter("student", str, description="registrar: whose offer")])
    def get(self, request: Request) -> Response:
        student = services.student_for(request.user, request.query_params.get("student"))
        return Response(selectors.offer(student, timezone.now()))


class EnrollInput(serializers.Serializer):
    section = serializers.CharField()
    student = serializers.CharField(required=False)
    waitlist = serializers.BooleanField(default=True)


def enrollment_as_dict(enrollment: object) -> dict[str, object]:
    return {"id": enrollment.pk, "section": enrollment.section.code, "status": enrollment.status,  # type: ignore[attr-defined]
            "student": enrollment.student.user.username}  # type: ignore[attr-defined]


class EnrollmentsView(APIView):
    @extend_schema(request=EnrollInput, responses={201: OpenApiTypes.OBJECT},
                   summary="Enrol (or join the wait list of a full section)")
    def post(self, request: Request) -> Response:
        data = EnrollInput(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = services.enrollment_create(
            actor=request.user, section_code=data.validated_data["section"], now=timezone.now(),
            student_username=data.validated_data.get("student"), waitlist=data.validated_data["waitlist"])
        return Response(enrollment_as_dict(enrollment), status=201)


class EnrollmentView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Drop, while the calendar allows it (RG-2)")
    def delete(self, request: Request, enrollment_id: int) -> Response:
        enrollment = services.enrollment_drop(actor=request.user, enrollment_id=enrollment_id, now=timezone.now())
        return Response(enrollment_as_dict(enrollment))
