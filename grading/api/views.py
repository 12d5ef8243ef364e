"""Contract §3: grade sheets, appeals, transcripts, retakes, the additional period, attendance.

Thin: parse the input (``serializers.parse``), look up through ``grading.permissions.access_*`` inside
the service, call it, shape the output with a serializer. Every body is typed in the schema.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.core.errors import PermissionDenied, Problem, ValidationFailed
from ektu_portal.core.problems import problem_responses
from grading import permissions, selectors, services
from grading.api.serializers import (
    AchievementsInput,
    AchievementsSerializer,
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
    IgpaQuery,
    IgpaSerializer,
    ProgressionDrawInput,
    ProgressionLineSerializer,
    ProgressionListSerializer,
    ProgressionRunSerializer,
    RepeatContractInput,
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


# --- issue 11: integral GPA and progression (contract §7; GP-2 … GP-4, TR-10, TR-11) ------------------

class AchievementsView(APIView):
    @extend_schema(request=AchievementsInput, responses={200: AchievementsSerializer, **WRITE},
                   summary="Record a year's achievement points: SSCI, iROS, research activity (GP-2, GP-3; "
                           "registrar)")
    def put(self, request: Request, username: str, academic_year: str) -> Response:
        given = parse(AchievementsInput, _data(request))
        record = services.achievements_set(
            actor=request.user, username=username, academic_year=academic_year,
            points={block: given.get(block) for block in services.ACHIEVEMENT_BLOCKS}, now=timezone.now(),
            reason=given.get("reason", ""))
        return Response(AchievementsSerializer(record).data)


class IgpaView(APIView):
    @extend_schema(parameters=[IgpaQuery], responses={200: IgpaSerializer, **problem_responses(401, 403, 404,
                                                                                              422)},
                   summary="A student's integral GPA and progression in an academic year (contract §7)")
    def get(self, request: Request, username: str) -> Response:
        from ektu_portal.academics.permissions import access_student

        student = access_student(request.user, username, can=permissions.can_view_igpa)
        given = parse(IgpaQuery, request.query_params)
        today = timezone.localdate()
        academic_year = given.get("academic_year") or selectors.course_years_refer_to(today)
        if int(academic_year[5:]) != int(academic_year[:4]) + 1:
            raise ValidationFailed([Problem("academic_year", 'an academic year reads "2025-2026"')])
        return Response(IgpaSerializer(selectors.student_igpa(student, academic_year, today=today)).data)


def _progression_list(run: Any) -> Any:
    run.ordered_lines = [view.line for view in selectors.progression_lines(run)]
    return ProgressionListSerializer(run).data


class ProgressionListsView(APIView):
    @extend_schema(responses={200: ProgressionRunSerializer(many=True), **READ},
                   operation_id="progression_lists",
                   summary="The progression lists, newest year first (TR-10; registrar)")
    def get(self, request: Request) -> Response:
        if not permissions.can_manage_progression(request.user):
            raise PermissionDenied("The registrar's office keeps the progression lists.")
        return Response(ProgressionRunSerializer(selectors.progression_runs(), many=True).data)

    @extend_schema(request=ProgressionDrawInput, responses={200: ProgressionListSerializer, **WRITE},
                   summary="Draw up a progression list by hand, or again while it is not confirmed (TR-10; "
                           "registrar)")
    def post(self, request: Request) -> Response:
        given = parse(ProgressionDrawInput, _data(request))
        run = services.progression_redraw(actor=request.user, academic_year=given["academic_year"],
                                          intake=given["intake"], now=timezone.now())
        return Response(_progression_list(run))


class ProgressionListView(APIView):
    @extend_schema(responses={200: ProgressionListSerializer, **READ}, operation_id="progression_list",
                   summary="A progression list with every student's outcome and reasons (TR-10; registrar)")
    def get(self, request: Request, run_id: int) -> Response:
        return Response(_progression_list(permissions.access_progression_run(request.user, run_id)))


class ProgressionConfirmView(APIView):
    @extend_schema(request=None, responses={200: ProgressionListSerializer, **WRITE},
                   summary="Confirm a progression list: course years move, repeat-year grant holders lose "
                           "the grant (TR-10, TR-11; registrar; idempotent)")
    def post(self, request: Request, run_id: int) -> Response:
        run = services.progression_confirm(actor=request.user, run_id=run_id, now=timezone.now())
        return Response(_progression_list(run))


class RepeatContractView(APIView):
    @extend_schema(request=RepeatContractInput, responses={200: ProgressionLineSerializer, **WRITE},
                   summary="Record the day a repeat-year student signed the repeat-year contract (TR-11; "
                           "registrar)")
    def post(self, request: Request, line_id: int) -> Response:
        given = parse(RepeatContractInput, _data(request))
        line = services.repeat_contract_record(actor=request.user, line_id=line_id,
                                               signed_on=given["signed_on"], now=timezone.now())
        return Response(ProgressionLineSerializer(line).data)


class ExpulsionConfirmView(APIView):
    @extend_schema(request=None, responses={200: ProgressionLineSerializer, **WRITE},
                   summary='Confirm the expulsion "for academic failure" of a listed student (TR-11; '
                           "registrar)")
    def post(self, request: Request, line_id: int) -> Response:
        line = services.expulsion_confirm(actor=request.user, line_id=line_id, now=timezone.now())
        return Response(ProgressionLineSerializer(line).data)
