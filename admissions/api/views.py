"""Contract §6 admissions endpoints. Thin: the service reads and checks, a serializer shapes the answer."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from admissions import permissions, selectors, services
from admissions.api import serializers as s


def _eligibility(applicant: Any, now: Any) -> dict[str, Any]:
    result = selectors.eligibility_of(applicant, today=timezone.localdate(now))
    body = {"number": applicant.number, "track": applicant.track, "score": result.score,
            "routes": {route: {"eligible": decision.eligible, "reasons": list(decision.reasons)}
                       for route, decision in result.routes.items()}}
    return dict(s.EligibilitySerializer(body).data)


class ApplicantsView(APIView):
    @extend_schema(request=s.ApplicantInput,
                   responses={201: s.EligibilitySerializer, 200: s.EligibilitySerializer,
                              **s.problems(403, 422)},
                   summary="Create (201) or update (200) an applicant by number; answers the eligibility "
                           "(contract §6)")
    def post(self, request: Request) -> Response:
        now = timezone.now()
        applicant, created = services.applicant_save(actor=request.user, data=request.data, now=now)
        return Response(_eligibility(applicant, now), status=201 if created else 200)


class ApplicantView(APIView):
    @extend_schema(responses={200: s.EligibilitySerializer, **s.problems(403, 404)},
                   summary="An applicant's score and eligibility per funding route (contract §6)")
    def get(self, request: Request, number: str) -> Response:
        applicant = permissions.access_applicant(request.user, number)
        return Response(_eligibility(applicant, timezone.now()))


class CompetitionsView(APIView):
    @extend_schema(request=s.CompetitionInput, responses={201: s.RunSerializer, **s.problems(403, 422)},
                   summary="Run a grant competition (AD-18) and answer the stored run (contract §6)")
    def post(self, request: Request) -> Response:
        permissions.require_admissions_staff(request.user)
        data = s.CompetitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.competition_run_now(actor=request.user, now=timezone.now(), **data.validated_data)
        return Response(s.RunSerializer(run).data, status=201)


class CompetitionRunView(APIView):
    @extend_schema(responses={200: s.RunSerializer, **s.problems(403, 404)}, summary="A stored run (AD-18)")
    def get(self, request: Request, code: str, run: int) -> Response:
        return Response(s.RunSerializer(permissions.access_run(request.user, code, run)).data)


# --- prior learning (AD-7, RC-1 … RC-6) --------------------------------------------------------------------


def _prior_learning(case: Any) -> dict[str, Any]:
    return dict(s.PriorLearningSerializer(case).data)


class PriorLearningListView(APIView):
    @extend_schema(operation_id="v1_admissions_prior_learning_list",
                   responses={200: s.PriorLearningRowSerializer(many=True), **s.problems(403)},
                   summary="The prior-learning recounts the caller may see (RC-1)")
    def get(self, request: Request) -> Response:
        from ektu_portal.core.errors import PermissionDenied

        rows = selectors.prior_learning_cases(request.user)
        if not rows and not permissions.can_list_prior_learning(request.user) and not hasattr(
                request.user, "student"):
            raise PermissionDenied("Only the staff who recount prior learning list the recounts.")
        return Response(s.PriorLearningRowSerializer(rows, many=True).data)

    @extend_schema(request=s.PriorLearningInput,
                   responses={201: s.PriorLearningSerializer, **s.problems(400, 404, 422)},
                   summary="Open a prior-learning recount of a student, with the previous transcript's "
                           "lines; the portal proposes the matches (RC-1, RC-2)")
    def post(self, request: Request) -> Response:
        data = s.PriorLearningInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        case = services.prior_learning_open(
            actor=request.user, student=values["student"], institution=values["institution"],
            reduced_term=values.get("reduced_term"), hours_per_credit=values.get("hours_per_credit"),
            lines=[dict(line) for line in values.get("lines", [])], now=timezone.now())
        return Response(_prior_learning(case), status=201)


class PriorLearningView(APIView):
    @extend_schema(responses={200: s.PriorLearningSerializer, **s.problems(404)},
                   summary="A prior-learning recount: its lines, their matches and, once decided, its sheet")
    def get(self, request: Request, case_id: int) -> Response:
        return Response(_prior_learning(permissions.access_prior_learning_case(request.user, case_id)))


class PriorLearningDecisionView(APIView):
    @extend_schema(request=s.PriorDecisionInput,
                   responses={200: s.PriorLearningSerializer, **s.problems(400, 403, 404, 409, 422)},
                   summary="The QA commission's decision on the confirmed matches: recognized disciplines "
                           "become results, the academic difference is stored (RC-1 … RC-6); once")
    def post(self, request: Request, case_id: int) -> Response:
        permissions.access_prior_learning_case(request.user, case_id,
                                               can=permissions.can_decide_prior_learning_case)
        data = s.PriorDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.prior_learning_decide(actor=request.user, case_id=case_id,
                                              protocol_number=data.validated_data["protocol_number"],
                                              protocol_date=data.validated_data["protocol_date"],
                                              now=timezone.now())
        return Response(_prior_learning(case))
