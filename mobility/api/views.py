"""Contract §8: mobility's endpoints — thin: parse, ask permissions and selectors, answer."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.academics.permissions import access_student
from mobility import permissions, selectors, services
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


class NonFormalListView(APIView):
    @extend_schema(operation_id="v1_mobility_non_formal_list",
                   responses={200: s.NonFormalApplicationSerializer(many=True), **s.problems()},
                   summary="Non-formal learning applications: the student's own, or all a QA commission "
                           "member, deputy dean or the registrar may see (NF-1 … NF-4)")
    def get(self, request: Request) -> Response:
        user = request.user
        if permissions.sees_non_formal_queue(user):
            found = [a for a in selectors.non_formal_queue()
                     if permissions.can_see_non_formal(user, a.student)]
        else:
            found = selectors.non_formal_of(access_student(user, None, can=permissions.can_file_non_formal))
        return Response(s.NonFormalApplicationSerializer(found, many=True).data)

    @extend_schema(request=s.NonFormalInput, responses={201: s.NonFormalApplicationSerializer,
                                                        **s.problems(404, 409, 422)},
                   summary="File a non-formal learning application for one whole discipline (NF-1 … NF-4)")
    def post(self, request: Request) -> Response:
        given = s.NonFormalInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        application = services.non_formal_file(
            actor=request.user, period_code=data["period"], discipline_code=data["discipline"],
            certificate=data["certificate"], provider=data["provider"], hours=data["hours"],
            topics=data["topics"], assessment=data["assessment"], percent=data.get("percent"),
            now=timezone.now())
        return Response(s.NonFormalApplicationSerializer(application).data, status=201)


class NonFormalView(APIView):
    @extend_schema(responses={200: s.NonFormalApplicationSerializer, **s.problems(404)},
                   summary="One non-formal learning application")
    def get(self, request: Request, application_id: int) -> Response:
        application = permissions.access_non_formal(request.user, application_id)
        return Response(s.NonFormalApplicationSerializer(application).data)


class NonFormalDecisionView(APIView):
    @extend_schema(request=s.NonFormalDecisionInput, responses={200: s.NonFormalApplicationSerializer,
                                                                **s.problems(403, 404, 409, 422)},
                   summary="The QA commission's decision on a non-formal learning application (NF-3, RC-1)")
    def post(self, request: Request, application_id: int) -> Response:
        given = s.NonFormalDecisionInput(data=request.data)
        given.is_valid(raise_exception=True)
        application = services.non_formal_decide(actor=request.user, application_id=application_id,
                                                 now=timezone.now(), **given.validated_data)
        return Response(s.NonFormalApplicationSerializer(application).data)
