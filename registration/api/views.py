"""Contract §3 registration endpoints. Thin: parse, call the service, shape the answer."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.core.errors import NotFound, PermissionDenied
from registration import permissions, printing, selectors, services
from registration.models import StudyPlan


class OfferView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Sections the student may see this period",
                   parameters=[OpenApiParameter("student", str, description="registrar: whose offer")])
    def get(self, request: Request) -> Response:
        student = permissions.access_registrant(request.user, request.query_params.get("student"))
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


# --- individual study plans (RG-6) ----------------------------------------------------------------

def _plan_body(plan: StudyPlan, *, with_progress: bool = False) -> dict[str, object]:
    return selectors.plan_as_dict(plan, student=plan.student, period=plan.period, with_progress=with_progress)


class MyPlanView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="The student's study plan for the open period (RG-6)",
                   parameters=[OpenApiParameter("student", str, description="registrar: whose plan")])
    def get(self, request: Request) -> Response:
        student = permissions.access_registrant(request.user, request.query_params.get("student"))
        period = selectors.registration_period(timezone.now(), student)
        if period is None:
            raise NotFound("No registration period is open.", code="registration_closed")
        return Response(selectors.plan_as_dict(selectors.plan_for(student, period), student=student, period=period))


class SubmitInput(serializers.Serializer):
    student = serializers.CharField(required=False)


class SubmitPlanView(APIView):
    @extend_schema(request=SubmitInput, responses=OpenApiTypes.OBJECT,
                   summary="Submit the plan formed from the registrations to the adviser (RG-6)")
    def post(self, request: Request) -> Response:
        data = SubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_submit(actor=request.user, now=timezone.now(),
                                    student_username=data.validated_data.get("student"))
        return Response(_plan_body(plan))


class PlanQueueView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Plans waiting for the adviser's or dean's step (RG-6)",
                   operation_id="registration_plans_queue")
    def get(self, request: Request) -> Response:
        if not permissions.reviews_plans(request.user):
            raise PermissionDenied("Only advisers and deans have a queue of plans.")
        return Response({"plans": [_plan_body(plan, with_progress=True)
                                   for plan in selectors.plan_queue(request.user)]})


class PlanView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="One study plan")
    def get(self, request: Request, plan_id: int) -> Response:
        return Response(_plan_body(permissions.access_plan(request.user, plan_id), with_progress=True))


class PlanDecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "return"])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class PlanDecisionView(APIView):
    @extend_schema(request=PlanDecisionInput, responses=OpenApiTypes.OBJECT,
                   summary="The adviser's, then the dean's, approval — or a return with a comment (RG-6)")
    def post(self, request: Request, plan_id: int) -> Response:
        data = PlanDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_decide(actor=request.user, plan_id=plan_id, now=timezone.now(),
                                    decision=data.validated_data["decision"], comment=data.validated_data["comment"])
        return Response(_plan_body(plan))


class PlanPdfView(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY},
                   summary="The plan printed in two copies with signature lines (RG-6)")
    def get(self, request: Request, plan_id: int) -> HttpResponse:
        plan = permissions.access_plan(request.user, plan_id)
        response = HttpResponse(printing.study_plan_pdf(plan), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="iup-{plan.student.user.username}-{plan.period.code}.pdf"'
        return response


# --- the registrar's office (RG-5, RG-7) -----------------------------------------------------------

def _registrar_only(user: object) -> None:
    if not permissions.can_manage_registration(user):
        raise PermissionDenied("Only the registrar's office.")


class SmallSectionsView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Sections under their minimum size (RG-5)")
    def get(self, request: Request) -> Response:
        _registrar_only(request.user)
        return Response({"sections": [selectors.small_section_as_dict(s) for s in selectors.small_sections()]})


class SmallSectionDecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["cancel", "keep"])


class SmallSectionDecisionView(APIView):
    @extend_schema(request=SmallSectionDecisionInput, responses=OpenApiTypes.OBJECT,
                   summary="Cancel or keep a section under its minimum size (RG-5)")
    def post(self, request: Request, small_section_id: int) -> Response:
        _registrar_only(request.user)
        data = SmallSectionDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        small = services.decide_small_section(actor=request.user, small_section_id=small_section_id,
                                              decision=data.validated_data["decision"], now=timezone.now())
        return Response(selectors.small_section_as_dict(small))


class PersonalWindowInput(serializers.Serializer):
    student = serializers.CharField()
    reason = serializers.ChoiceField(choices=["orientation", "transfer", "readmission"])
    basis = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    period = serializers.CharField(required=False)


class PersonalWindowsView(APIView):
    @extend_schema(request=PersonalWindowInput, responses={201: OpenApiTypes.OBJECT},
                   summary="Open a one-week registration window for one student (RG-7, RG-2)")
    def post(self, request: Request) -> Response:
        _registrar_only(request.user)
        data = PersonalWindowInput(data=request.data)
        data.is_valid(raise_exception=True)
        window = services.grant_personal_window(
            actor=request.user, student_username=data.validated_data["student"],
            reason=data.validated_data["reason"], basis=data.validated_data["basis"], now=timezone.now(),
            period_code=data.validated_data.get("period"))
        return Response({"id": window.pk, "student": window.student.user.username, "period": window.period.code,
                         "reason": window.reason, "opens": window.opens.isoformat(),
                         "closes": window.closes.isoformat()}, status=201)


class OrientationWeekView(APIView):
    @extend_schema(request=inline_serializer("OrientationWeek", {"period": serializers.CharField(required=False)}),
                   responses={201: OpenApiTypes.OBJECT},
                   summary="Open a one-week window for every first-year student (RG-2, registrar)")
    def post(self, request: Request) -> Response:
        _registrar_only(request.user)
        period = request.data.get("period") if isinstance(request.data, dict) else None
        count = services.open_orientation_week(actor=request.user, now=timezone.now(),
                                               period_code=str(period) if period else None)
        return Response({"students": count}, status=201)
