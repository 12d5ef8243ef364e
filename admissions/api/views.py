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
