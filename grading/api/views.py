"""Contract §3: grade sheets, appeals, transcripts, retakes, the additional period, attendance.

Thin: parse the input (``serializers.parse``), look up through ``grading.permissions.access_*`` inside
the service, call it, shape the output with a serializer. Every body is typed in the schema.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.core.errors import PermissionDenied
from ektu_portal.core.problems import problem_responses
from grading import permissions, selectors, services
from grading.api.serializers import (
    AdditionalExamOpenInput,
    AdditionalExamRecordInput,
    AdditionalExamSerializer,
    AdviseeAtRiskSerializer,
    AppealInput,
    AppealSerializer,
    AppealToEnterSerializer,
    AttemptSheetSerializer,
    AttendanceLineSerializer,
    DeanAdmissionInput,
    DecisionInput,
    RetakeApplyInput,
    RetakeGradeInput,
    RetakeScheduleInput,
    RetakeSerializer,
    SessionExtensionInput,
    SessionExtensionSerializer,
    SheetEntrySerializer,
    SheetInput,
    SheetPostInput,
    SheetSerializer,
    TranscriptSerializer,
    parse,
)

READ = problem_responses(401, 403, 404)
WRITE = problem_responses(401, 403, 404, 409, 422)


def _data(request: Request) -> object:
    return request.data if isinstance(request.data, dict) else {}


class SheetView(APIView):
    @extend_schema(responses={200: SheetSerializer, **READ}, summary="The grade sheet of a section")
    def get(self, request: Request, code: str) -> Response:
        section = permissions.access_sheet(request.user, code)
        return Response(SheetSerializer(selectors.sheet_record(section)).data)

    @extend_schema(request=SheetInput, responses={200: SheetSerializer, **WRITE},
                   summary="Enter marks; every row is checked before any is saved (GR-5: fractions round "
                           "half up)")
    def put(self, request: Request, code: str) -> Response:
        given = parse(SheetInput, _data(request))
        section = services.sheet_update(actor=request.user, code=code, rows=given["rows"],
                                        reason=given["reason"],
                                        exam_date=given["exam_date"])
        return Response(SheetSerializer(selectors.sheet_record(section)).data)


class SheetPostView(APIView):
    @extend_schema(request=SheetPostInput, responses={200: SheetSerializer, **WRITE},
                   summary="Post the sheet once every row is complete and the exam session has begun (GR-12, "
                           "GR-13, GR-17)")
    def post(self, request: Request, code: str) -> Response:
        given = parse(SheetPostInput, _data(request))
        sheet = services.sheet_post(actor=request.user, code=code, now=timezone.now(),
                                    exam_date=given["exam_date"])
        assert sheet.section is not None
        return Response(SheetSerializer(selectors.sheet_record(sheet.section)).data)


class AttemptSheetsView(APIView):
    @extend_schema(responses={200: AttemptSheetSerializer(many=True), **READ},
                   summary="FX retake and additional-period sheets, those to post first (registrar)")
    def get(self, request: Request) -> Response:
        if not permissions.can_post_attempt_sheet(request.user, None):
            raise PermissionDenied("The registrar's office keeps the retake and additional-period sheets.")
        return Response(AttemptSheetSerializer(selectors.attempt_sheets(), many=True).data)


class AttemptSheetView(APIView):
    @extend_schema(responses={200: SheetSerializer, **READ},
                   summary="An FX retake or additional-period sheet: the new attempts it records (GR-9, "
                           "GR-15)")
    def get(self, request: Request, sheet_id: int) -> Response:
        sheet = permissions.access_attempt_sheet(request.user, sheet_id)
        return Response(SheetSerializer(selectors.attempt_sheet_record(sheet)).data)


class AttemptSheetPostView(APIView):
    @extend_schema(request=None, responses={200: SheetSerializer, **WRITE},
                   summary="Post an FX retake or additional-period sheet: its own appeal window opens "
                           "(GR-13)")
    def post(self, request: Request, sheet_id: int) -> Response:
        sheet = services.attempt_sheet_post(actor=request.user, sheet_id=sheet_id, now=timezone.now())
        return Response(SheetSerializer(selectors.attempt_sheet_record(sheet)).data)


class AppealsView(APIView):
    @extend_schema(request=AppealInput, responses={201: AppealSerializer, **WRITE},
                   summary="File an appeal (GR-13)")
    def post(self, request: Request) -> Response:
        given = parse(AppealInput, _data(request))
        appeal = services.appeal_file(actor=request.user, section_code=given.get("section"),
                                      student_username=given.get("student"), result_id=given.get("result"),
                                      reason=given["reason"], now=timezone.now())
        return Response(AppealSerializer(appeal).data, status=201)


class AppealDecisionView(APIView):
    @extend_schema(request=DecisionInput, responses={200: AppealSerializer, **WRITE},
                   summary="Decide an appeal (GR-14: never lowers a grade; a grant goes to the registrar's "
                           "office)")
    def post(self, request: Request, appeal_id: int) -> Response:
        given = parse(DecisionInput, _data(request))
        appeal = services.appeal_decide(actor=request.user, appeal_id=appeal_id, now=timezone.now(), **given)
        return Response(AppealSerializer(appeal).data)


class AppealsToEnterView(APIView):
    @extend_schema(responses={200: AppealToEnterSerializer(many=True), **READ},
                   summary="Granted appeals waiting to be entered (GR-14, the registrar's office)")
    def get(self, request: Request) -> Response:
        if not permissions.can_enter_appeal(request.user):
            raise PermissionDenied("The registrar's office enters granted appeals.")
        return Response(AppealToEnterSerializer(selectors.appeals_to_enter(), many=True).data)


class AppealEnterView(APIView):
    @extend_schema(request=None, responses={200: AppealSerializer, **WRITE},
                   summary="Enter a granted appeal: the exam score changes now, audited (GR-14, registrar)")
    def post(self, request: Request, appeal_id: int) -> Response:
        appeal = services.appeal_enter(actor=request.user, appeal_id=appeal_id, now=timezone.now())
        return Response(AppealSerializer(appeal).data)


class TranscriptView(APIView):
    @extend_schema(responses={200: TranscriptSerializer, **READ},
                   summary="A student's transcript (contract §4)")
    def get(self, request: Request, username: str) -> Response:
        student = permissions.access_transcript(request.user, username)
        return Response(TranscriptSerializer(selectors.student_transcript(student)).data)


class RetakesView(APIView):
    @extend_schema(request=RetakeApplyInput, responses={201: RetakeSerializer, **WRITE},
                   summary="Apply for an FX retake (GR-9)")
    def post(self, request: Request) -> Response:
        given = parse(RetakeApplyInput, _data(request))
        application = services.retake_apply(actor=request.user, result_id=given["result"], now=timezone.now())
        return Response(RetakeSerializer(application).data, status=201)


class RetakeScheduleView(APIView):
    @extend_schema(request=RetakeScheduleInput, responses={200: RetakeSerializer, **WRITE},
                   summary="Schedule an FX retake (registrar)")
    def post(self, request: Request, application_id: int) -> Response:
        given = parse(RetakeScheduleInput, _data(request))
        application = services.retake_schedule(actor=request.user, application_id=application_id,
                                               at=given["at"])
        return Response(RetakeSerializer(application).data)


class RetakeGradeView(APIView):
    @extend_schema(request=RetakeGradeInput, responses={200: RetakeSerializer, **WRITE},
                   summary="Record an FX retake: a new attempt on the retake sheet (GR-9, registrar)")
    def post(self, request: Request, application_id: int) -> Response:
        given = parse(RetakeGradeInput, _data(request))
        application = services.retake_grade(actor=request.user, application_id=application_id,
                                            exam=given["exam"],
                                            now=timezone.now())
        return Response(RetakeSerializer(application).data)


class DeanAdmissionView(APIView):
    @extend_schema(request=DeanAdmissionInput, responses={200: SheetEntrySerializer, **WRITE},
                   summary="Admit by the dean's order despite missed classes (GR-3)")
    def post(self, request: Request, result_id: int) -> Response:
        given = parse(DeanAdmissionInput, _data(request))
        entry = services.admit_by_dean_order(actor=request.user, result_id=result_id, basis=given["basis"])
        return Response(SheetEntrySerializer(entry).data)


# --- GR-15: the additional period and session extensions ------------------------------------------

class AdditionalExamOpenView(APIView):
    @extend_schema(request=AdditionalExamOpenInput, responses={201: AdditionalExamSerializer, **WRITE},
                   summary="Admit a result to the additional period (GR-15, registrar)")
    def post(self, request: Request, result_id: int) -> Response:
        given = parse(AdditionalExamOpenInput, _data(request))
        additional = services.additional_exam_open(actor=request.user, result_id=result_id,
                                                   category=given["category"], now=timezone.now())
        return Response(AdditionalExamSerializer(additional).data, status=201)


class AdditionalExamRecordView(APIView):
    @extend_schema(request=AdditionalExamRecordInput, responses={200: AdditionalExamSerializer, **WRITE},
                   summary="Record an additional-period exam: a new attempt on the additional sheet (GR-15)")
    def post(self, request: Request, additional_exam_id: int) -> Response:
        given = parse(AdditionalExamRecordInput, _data(request))
        additional = services.additional_exam_record(actor=request.user,
                                                     additional_exam_id=additional_exam_id,
                                                     exam=given["exam"], r1=given.get("r1"),
                                                     r2=given.get("r2"),
                                                     now=timezone.now())
        return Response(AdditionalExamSerializer(additional).data)


class SessionExtensionView(APIView):
    @extend_schema(request=SessionExtensionInput, responses={200: SessionExtensionSerializer, **WRITE},
                   summary="Extend a student's session by at most three weeks (GR-15, dean)")
    def post(self, request: Request, username: str) -> Response:
        given = parse(SessionExtensionInput, _data(request))
        extension = services.grant_session_extension(
            actor=request.user, student_username=username, period_code=given["period"],
            extended_to=given["extended_to"], reason=given["reason"], now=timezone.now())
        return Response(SessionExtensionSerializer(extension).data)


# --- GR-3, beyond the rule: attendance -----------------------------------------------------------------

class AttendanceView(APIView):
    @extend_schema(responses={200: AttendanceLineSerializer(many=True), **READ},
                   summary="Classes missed per discipline against the 50% limit (GR-3)")
    def get(self, request: Request, username: str) -> Response:
        from ektu_portal.academics.permissions import access_student

        student = access_student(request.user, username, can=permissions.can_view_attendance)
        return Response(AttendanceLineSerializer(selectors.student_attendance(student), many=True).data)


class AdviseesAtRiskView(APIView):
    @extend_schema(responses={200: AdviseeAtRiskSerializer(many=True), **READ},
                   summary="The adviser's advisees at 40% or more of a discipline's classes missed (GR-3)")
    def get(self, request: Request) -> Response:
        if not permissions.can_see_advisees_at_risk(request.user):
            raise PermissionDenied("Advisers see their advisees at risk.")
        return Response(AdviseeAtRiskSerializer(selectors.advisees_at_risk(request.user), many=True).data)
