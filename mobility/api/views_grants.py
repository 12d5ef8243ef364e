"""TR-9: the vacant-grant endpoints — thin: parse, ask permissions and selectors, call a service, answer."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.core.errors import PermissionDenied
from grading.api.serializers import parse
from mobility import permissions, selectors_grants, services_grants
from mobility.api import serializers_grants as s
from mobility.api.serializers import problems


def _answer(vacant_grant_id: int, status: int = 200) -> Response:
    view = selectors_grants.vacant_grant_view(vacant_grant_id)
    return Response(s.VacantGrantSerializer(view).data, status=status)


class VacantGrantsView(APIView):
    @extend_schema(
        operation_id="v1_mobility_vacant_grants_list",
        responses={200: s.VacantGrantSerializer(many=True), **problems(403)},
        summary="Vacant grants with their candidate lists and awards: the registrar's office, the deans "
        "(their school's groups), the rector's office (TR-9)",
    )
    def get(self, request: Request) -> Response:
        if not permissions.can_see_vacant_grants(request.user):
            raise PermissionDenied("The registrar's office, the deans and the rector's office see vacant "
                                   "grants (TR-9).")
        found = selectors_grants.vacant_grants_seen(permissions.vacant_grant_groups_seen(request.user))
        return Response(s.VacantGrantSerializer(found, many=True).data)

    @extend_schema(
        operation_id="v1_mobility_vacant_grants_create",
        request=s.VacantGrantInput,
        responses={201: s.VacantGrantSerializer, **problems(400, 403, 409, 422)},
        summary="Record vacant grant places of a group of programmes, study form and intake year (TR-9)",
    )
    def post(self, request: Request) -> Response:
        data = parse(s.VacantGrantInput, request.data)
        grant = services_grants.vacant_grant_record(actor=request.user, now=timezone.now(), **data)
        return _answer(grant.pk, 201)


class VacantGrantView(APIView):
    @extend_schema(
        operation_id="v1_mobility_vacant_grant_retrieve",
        responses={200: s.VacantGrantSerializer, **problems(404)},
        summary="One vacant grant with its candidate list and awards (TR-9)",
    )
    def get(self, request: Request, vacant_grant_id: int) -> Response:
        permissions.access_vacant_grant(request.user, vacant_grant_id)
        return _answer(vacant_grant_id)


class VacantGrantListView(APIView):
    @extend_schema(
        operation_id="v1_mobility_vacant_grant_list_make",
        request=None,
        responses={200: s.VacantGrantSerializer, **problems(403, 404)},
        summary="Make the candidate list now, before the job does; an existing list stays as it is (TR-9)",
    )
    def post(self, request: Request, vacant_grant_id: int) -> Response:
        services_grants.vacant_grant_list_make_now(actor=request.user, vacant_grant_id=vacant_grant_id,
                                                   now=timezone.now())
        return _answer(vacant_grant_id)


class VacantGrantAwardsView(APIView):
    @extend_schema(
        operation_id="v1_mobility_vacant_grant_award_create",
        request=s.VacantGrantAwardInput,
        responses={201: s.VacantGrantSerializer, **problems(400, 403, 404, 409, 422)},
        summary="Record the ministry's order awarding a candidate; the student's funding becomes the state "
        "grant (TR-9)",
    )
    def post(self, request: Request, vacant_grant_id: int) -> Response:
        data = parse(s.VacantGrantAwardInput, request.data)
        services_grants.vacant_grant_award(actor=request.user, vacant_grant_id=vacant_grant_id,
                                           now=timezone.now(), **data)
        return _answer(vacant_grant_id, 201)
