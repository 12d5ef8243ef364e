"""Contract §8: mobility's endpoints — thin: parse, ask permissions and selectors, answer."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mobility import permissions, selectors
from mobility.api import serializers as s


class EligibilityView(APIView):
    @extend_schema(parameters=[s.EligibilityQuery], responses={200: s.MobilityEligibilitySerializer,
                                                               **s.problems(403, 404, 422)},
                   summary="May the student apply for academic mobility, and why not (MO-1, MO-2)")
    def get(self, request: Request) -> Response:
        given = s.EligibilityQuery(data=request.query_params)
        given.is_valid(raise_exception=True)  # 422 problem details naming the field (contract §2)
        query = given.validated_data
        student = permissions.access_eligibility(request.user, query.get("student"))
        result = selectors.mobility_eligibility(student, kind=query["kind"], english=query.get("english"))
        return Response(s.MobilityEligibilitySerializer(result).data)
