"""Contract §3 registration endpoints and RG-5/6/7's. Thin: parse with an input serializer, call the
service (which looks up and checks through registration.permissions), answer with an output serializer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.accounts.authentication import CachedSessionAuthentication, CachedTokenAuthentication
from ektu_portal.core.errors import NotFound, PermissionDenied
from registration import cache, permissions, printing, selectors, services
from registration.api import quick
from registration.api import serializers as s
from registration.models import StudyPlan


def _plan(plan: StudyPlan, *, with_progress: bool = False) -> selectors.PlanDocument:
    return selectors.plan_document(plan, student=plan.student, period=plan.period,
                                   with_progress=with_progress)


# Registration day's hot path (issue 15): the token or session checked through Redis, no query.
REGISTRATION_DAY_AUTHENTICATION = [CachedTokenAuthentication, CachedSessionAuthentication]


class OfferView(APIView):
    authentication_classes = REGISTRATION_DAY_AUTHENTICATION

    @extend_schema(parameters=[s.RegistrantQuery], responses={200: s.OfferSerializer, **s.problems(403, 404)},
                   summary="Sections the student may see this period (contract §3)")
    def get(self, request: Request) -> Response:
        query = s.RegistrantQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        now = timezone.now()
        named = query.validated_data.get("student")
        # The student's own offer comes from registration day's caches (the same assembly); anyone else's,
        # or when the caches cannot answer, is read afresh.
        offer = cache.offer(request.user.pk, now) if named in (None, request.user.get_username()) else None
        if offer is None:
            offer = selectors.offer(permissions.access_registrant(request.user, named), now)
        return Response(s.OfferSerializer(offer).data)


class EnrollmentsView(APIView):
    authentication_classes = REGISTRATION_DAY_AUTHENTICATION

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Registration day (issue 15): a student's own token and a JSON body naming a section are answered
        # without DRF's generic machinery, by the same authentication, service and problem details;
        # anything else takes DRF's way (registration.api.quick).
        answer = quick.quick_enrolment(request, self)
        return answer if answer is not None else super().dispatch(request, *args, **kwargs)

    @extend_schema(request=s.EnrollInput,
                   responses={201: s.EnrollmentSerializer, **s.problems(403, 404, 409, 422)},
                   summary="Enrol (or join the wait list of a full section) (contract §3, RG-9)")
    def post(self, request: Request) -> Response:
        data = s.EnrollInput(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = services.enrollment_create_fast(
            actor=request.user, section_code=data.validated_data["section"], now=timezone.now(),
            student_username=data.validated_data.get("student"), waitlist=data.validated_data["waitlist"])
        return Response(s.EnrollmentSerializer(enrollment).data, status=201)


class EnrollmentView(APIView):
    @extend_schema(responses={200: s.EnrollmentSerializer, **s.problems(404, 409)},
                   summary="Drop, while the calendar allows it (contract §3, RG-2)")
    def delete(self, request: Request, enrollment_id: int) -> Response:
        enrollment = services.enrollment_drop(actor=request.user, enrollment_id=enrollment_id,
                                              now=timezone.now())
        return Response(s.EnrollmentSerializer(enrollment).data)


# --- individual study plans (RG-6) ----------------------------------------------------------------

class MyPlanView(APIView):
    @extend_schema(parameters=[s.RegistrantQuery], responses={200: s.PlanSerializer, **s.problems(403, 404)},
                   summary="The student's study plan for the open period (RG-6)")
    def get(self, request: Request) -> Response:
        query = s.RegistrantQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        student = permissions.access_registrant(request.user, query.validated_data.get("student"))
        period = selectors.registration_period(timezone.now(), student)
        if period is None:
            raise NotFound("No registration period is open.", code="registration_closed")
        plan = selectors.plan_document(selectors.plan_for(student, period), student=student, period=period)
        return Response(s.PlanSerializer(plan).data)


class SubmitPlanView(APIView):
    @extend_schema(request=s.SubmitInput, responses={200: s.PlanSerializer, **s.problems(403, 404, 409, 422)},
                   summary="Submit the plan formed from the registrations to the adviser (RG-6)")
    def post(self, request: Request) -> Response:
        data = s.SubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_submit(actor=request.user, now=timezone.now(),
                                    student_username=data.validated_data.get("student"))
        return Response(s.PlanSerializer(_plan(plan)).data)


class PlanQueueView(APIView):
    @extend_schema(responses={200: s.PlanQueueSerializer, **s.problems(403)},
                   summary="Plans waiting for the adviser's or dean's step (RG-6)",
                   operation_id="registration_plans_queue")
    def get(self, request: Request) -> Response:
        if not permissions.reviews_plans(request.user):
            raise PermissionDenied("Only advisers and deans have a queue of plans.")
        plans = [_plan(plan, with_progress=True) for plan in selectors.plan_queue(request.user)]
        return Response(s.PlanQueueSerializer({"plans": plans}).data)


class PlanView(APIView):
    @extend_schema(responses={200: s.PlanWithProgressSerializer, **s.problems(404)}, summary="One study plan")
    def get(self, request: Request, plan_id: int) -> Response:
        plan = permissions.access_plan(request.user, plan_id)
        return Response(s.PlanWithProgressSerializer(_plan(plan, with_progress=True)).data)


class PlanDecisionView(APIView):
    @extend_schema(request=s.PlanDecisionInput,
                   responses={200: s.PlanSerializer, **s.problems(403, 404, 409, 422)},
                   summary="The adviser's, then the dean's, approval — or a return with a comment (RG-6)")
    def post(self, request: Request, plan_id: int) -> Response:
        data = s.PlanDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_decide(actor=request.user, plan_id=plan_id, now=timezone.now(),
                                    decision=data.validated_data["decision"],
                                    comment=data.validated_data["comment"])
        return Response(s.PlanSerializer(_plan(plan)).data)


class PlanPdfView(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, **s.problems(404)},
                   summary="The plan printed in two copies with signature lines (RG-6)")
    def get(self, request: Request, plan_id: int) -> HttpResponse:
        plan = permissions.access_plan(request.user, plan_id)
        response = HttpResponse(printing.study_plan_pdf(plan), content_type="application/pdf")
        response["Content-Disposition"] = printing.inline_filename(plan)
        return response


# --- the registrar's office (RG-5, RG-7, RG-2) -------------------------------------------------------

class SmallSectionsView(APIView):
    @extend_schema(responses={200: s.SmallSectionsSerializer, **s.problems(403)},
                   summary="Sections under their minimum size (RG-5)")
    def get(self, request: Request) -> Response:
        if not permissions.can_manage_registration(request.user):
            raise PermissionDenied("Only the registrar's office.")
        return Response(s.SmallSectionsSerializer({"sections": selectors.small_sections()}).data)


class SmallSectionDecisionView(APIView):
    @extend_schema(request=s.SmallSectionDecisionInput,
                   responses={200: s.SmallSectionSerializer, **s.problems(403, 404, 409, 422)},
                   summary="Cancel or keep a section under its minimum size (RG-5)")
    def post(self, request: Request, small_section_id: int) -> Response:
        permissions.access_small_section(request.user, small_section_id)  # 403 before the body is read
        data = s.SmallSectionDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        small = services.decide_small_section(actor=request.user, small_section_id=small_section_id,
                                              decision=data.validated_data["decision"], now=timezone.now())
        return Response(s.SmallSectionSerializer(small).data)


class PersonalWindowsView(APIView):
    @extend_schema(request=s.PersonalWindowInput,
                   responses={201: s.PersonalWindowSerializer, **s.problems(400, 403, 404, 422)},
                   summary="Open a one-week registration window for one student (RG-7, RG-2)")
    def post(self, request: Request) -> Response:
        if not permissions.can_manage_registration(request.user):
            raise PermissionDenied("Only the registrar's office opens personal windows.")
        data = s.PersonalWindowInput(data=request.data)
        data.is_valid(raise_exception=True)
        window = services.grant_personal_window(
            actor=request.user, student_username=data.validated_data["student"],
            reason=data.validated_data["reason"], basis=data.validated_data["basis"], now=timezone.now(),
            period_code=data.validated_data.get("period"))
        return Response(s.PersonalWindowSerializer(window).data, status=201)


class OrientationWeekView(APIView):
    @extend_schema(request=s.OrientationWeekInput,
                   responses={201: s.OrientationWeekSerializer, **s.problems(403, 404, 422)},
                   summary="Open a one-week window for every first-year student (RG-2, registrar)")
    def post(self, request: Request) -> Response:
        data = s.OrientationWeekInput(data=request.data)
        data.is_valid(raise_exception=True)
        count = services.open_orientation_week(actor=request.user, now=timezone.now(),
                                               period_code=data.validated_data.get("period"))
        return Response(s.OrientationWeekSerializer({"students": count}).data, status=201)
