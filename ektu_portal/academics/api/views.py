"""POST /api/v1/university/load (contract §1): the loader, for administrators."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.academics.loading import load_university
from ektu_portal.academics.permissions import can_load_university
from ektu_portal.core.errors import PermissionDenied


class UniversityLoadView(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT,
                   parameters=[OpenApiParameter("dry_run", bool, description="validate and count; write nothing")],
                   summary="Load a university document (ektu-university/1)")
    def post(self, request: Request) -> Response:
        if not can_load_university(request.user):
            raise PermissionDenied("Only administrators load a university.")
        dry_run = request.query_params.get("dry_run", "").lower() in ("1", "true", "yes")
        # The API never accepts passwords (contract §1): allow_passwords stays False.
        report = load_university(request.data, actor=request.user, dry_run=dry_run, source="the API")
        return Response(report.as_dict())
