"""Contract §3: grade sheets, appeals, transcripts. Thin: parse, call a service, shape."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.core.errors import Problem, ValidationFailed
from grading import permissions, selectors, services
from grading.api.serializers import TranscriptSerializer


class SheetRowInput(serializers.Serializer):
    student = serializers.CharField()
    r1 = serializers.IntegerField(min_value=0, max_value=100, allow_null=True, required=False)
    r2 = serializers.IntegerField(min_value=0, max_value=100, allow_null=True, required=False)
    exam = serializers.IntegerField(min_value=0, max_value=100, allow_null=True, required=False)
    outcome = serializers.ChoiceField(choices=["no_show", "annulled"], allow_null=True, required=False)


class SheetInput(serializers.Serializer):
    rows = SheetRowInput(many=True)


class SheetView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="The grade sheet of a section")
    def get(self, request: Request, code: str) -> Response:
        section = permissions.access_sheet(request.user, code)
        return Response(selectors.sheet_as_dict(section))

    @extend_schema(request=SheetInput, responses=OpenApiTypes.OBJECT,
                   summary="Enter marks; every row is checked before any is saved")
    def put(self, request: Request, code: str) -> Response:
        rows = request.data.get("rows") if isinstance(request.data, dict) else None
        # The service validates row by row (with JSON paths) so every problem is named at once.
        section = services.sheet_update(actor=request.user, code=code, rows=rows,
                                        reason=str(request.data.get("reason", "")) if isinstance(request.data, dict)
                                        else "")
        return Response(selectors.sheet_as_dict(section))


class SheetPostView(APIView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT, summary="Post the sheet (GR-12, GR-13)")
    def post(self, request: Request, code: str) -> Response:
        sheet = services.sheet_post(actor=request.user, code=code, now=timezone.now())
        return Response(selectors.sheet_as_dict(sheet.section))


class AppealInput(serializers.Serializer):
    section = serializers.CharField()
    student = serializers.CharField()
    reason = serializers.CharField()


def appeal_as_dict(appeal: Any) -> dict[str, Any]:
    return {"id": appeal.pk, "status": appeal.status, "student": appeal.result.student.user.username,
            "discipline": appeal.result.discipline.code, "period": appeal.result.period.code,
            "reason": appeal.reason, "filed_at": appeal.filed_at.isoformat(),
            "points_added": appeal.points_added,
            "decided_at": appeal.decided_at.isoformat() if appeal.decided_at else None,
            "exam": appeal.result.exam}


class AppealsView(APIView):
    @extend_schema(request=AppealInput, responses={201: OpenApiTypes.OBJECT}, summary="File an appeal (GR-13)")
    def post(self, request: Request) -> Response:
        data = AppealInput(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = services.appeal_file(actor=request.user, section_code=data.validated_data["section"],
                                      student_username=data.validated_data["student"],
                                      reason=data.validated_data["reason"], now=timezone.now())
        return Response(appeal_as_dict(appeal), status=201)


class DecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["granted", "rejected"])
    points_added = serializers.IntegerField(min_value=0, max_value=100, default=0)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AppealDecisionView(APIView):
    @extend_schema(request=DecisionInput, responses=OpenApiTypes.OBJECT,
                   summary="Decide an appeal (GR-14: never lowers a grade)")
    def post(self, request: Request, appeal_id: int) -> Response:
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = services.appeal_decide(actor=request.user, appeal_id=appeal_id, now=timezone.now(),
                                        **data.validated_data)
        return Response(appeal_as_dict(appeal))


class TranscriptView(APIView):
    @extend_schema(responses=TranscriptSerializer, summary="A student's transcript (contract §4)")
    def get(self, request: Request, username: str) -> Response:
        student = permissions.access_transcript(request.user, username)
        return Response(TranscriptSerializer(selectors.student_transcript(student)).data)


def retake_as_dict(application: Any) -> dict[str, Any]:
    return {"id": application.pk, "result": application.result_id, "status": application.status,
            "deadline": application.deadline.isoformat(),
            "scheduled_for": application.scheduled_for.isoformat() if application.scheduled_for else None,
            "exam_before": application.exam_before, "exam_after": application.exam_after,
            "letter_after": application.letter_after or None}


class RetakesView(APIView):
    @extend_schema(request=inline_serializer("RetakeInput", {"result": serializers.IntegerField()}),
                   responses={201: OpenApiTypes.OBJECT}, summary="Apply for an FX retake (GR-9)")
    def post(self, request: Request) -> Response:
        result_id = request.data.get("result") if isinstance(request.data, dict) else None
        if not isinstance(result_id, int):
            raise ValidationFailed([Problem("result", "the id of an FX result")])
        application = services.retake_apply(actor=request.user, result_id=result_id, now=timezone.now())
        return Response(retake_as_dict(application), status=201)


class RetakeScheduleView(APIView):
    @extend_schema(request=inline_serializer("RetakeSchedule", {"at": serializers.DateTimeField()}),
                   responses=OpenApiTypes.OBJECT, summary="Schedule an FX retake (registrar)")
    def post(self, request: Request, application_id: int) -> Response:
        field = serializers.DateTimeField()
        try:
            at = field.to_internal_value(request.data.get("at"))
        except serializers.ValidationError:
            raise ValidationFailed([Problem("at", "a date and time, e.g. 2027-01-08T10:00")]) from None
        application = services.retake_schedule(actor=request.user, application_id=application_id, at=at)
        return Response(retake_as_dict(application))


class RetakeGradeView(APIView):
    @extend_schema(request=inline_serializer("RetakeGrade", {"exam": serializers.IntegerField()}),
                   responses=OpenApiTypes.OBJECT, summary="Record an FX retake's exam score (registrar)")
    def post(self, request: Request, application_id: int) -> Response:
        application = services.retake_grade(actor=request.user, application_id=application_id,
                                            exam=request.data.get("exam"), now=timezone.now())
        return Response(retake_as_dict(application))


class DeanAdmissionView(APIView):
    @extend_schema(request=inline_serializer("DeanAdmission", {"basis": serializers.CharField()}),
                   responses=OpenApiTypes.OBJECT, summary="Admit by the dean's order despite missed classes (GR-3)")
    def post(self, request: Request, result_id: int) -> Response:
        basis = request.data.get("basis", "") if isinstance(request.data, dict) else ""
        entry = services.admit_by_dean_order(actor=request.user, result_id=result_id, basis=str(basis))
        return Response({"result": result_id, **entry.state()})


# --- GR-15: the additional period and session extensions ------------------------------------------

class AdditionalExamOpenView(APIView):
    @extend_schema(request=inline_serializer("AdditionalExamOpen", {"category": serializers.ChoiceField(
        choices=["payment_clearance", "did_not_appear", "below_admission"])}),
        responses={201: OpenApiTypes.OBJECT}, summary="Admit a result to the additional period (GR-15, registrar)")
    def post(self, request: Request, result_id: int) -> Response:
        category = request.data.get("category", "") if isinstance(request.data, dict) else ""
        additional = services.additional_exam_open(actor=request.user, result_id=result_id, category=str(category),
                                                   now=timezone.now())
        return Response(selectors.additional_exam_as_dict(additional), status=201)


class AdditionalExamRecordView(APIView):
    @extend_schema(request=inline_serializer("AdditionalExamRecord", {
        "exam": serializers.IntegerField(), "r1": serializers.IntegerField(required=False),
        "r2": serializers.IntegerField(required=False)}),
        responses=OpenApiTypes.OBJECT, summary="Record an additional-period exam (GR-15, registrar)")
    def post(self, request: Request, additional_exam_id: int) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        additional = services.additional_exam_record(actor=request.user, additional_exam_id=additional_exam_id,
                                                     exam=data.get("exam"), r1=data.get("r1"), r2=data.get("r2"),
                                                     now=timezone.now())
        return Response(selectors.additional_exam_as_dict(additional))


class SessionExtensionView(APIView):
    @extend_schema(request=inline_serializer("SessionExtension", {
        "period": serializers.CharField(), "extended_to": serializers.DateField(), "reason": serializers.CharField()}),
        responses=OpenApiTypes.OBJECT, summary="Extend a student's session by at most three weeks (GR-15, dean)")
    def post(self, request: Request, username: str) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        try:
            extended_to = serializers.DateField().to_internal_value(data.get("extended_to"))
        except serializers.ValidationError:
            raise ValidationFailed([Problem("extended_to", "a date, e.g. 2027-01-20")]) from None
        extension = services.grant_session_extension(
            actor=request.user, student_username=username, period_code=str(data.get("period", "")),
            extended_to=extended_to, reason=str(data.get("reason", "")), now=timezone.now())
        return Response({"student": username, "period": extension.period.code,
                         "extended_to": extension.extended_to.isoformat(), "reason": extension.reason})
