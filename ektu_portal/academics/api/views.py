"""POST /api/v1/university/load (contract §1): the loader, for administrators."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.academics.api.serializers import (
    LoadReportSerializer,
    UniversityLoadQuery,
    university_document_schema,
)
from ektu_portal.academics.loading import load_university
from ektu_portal.academics.permissions import can_load_university
from ektu_portal.core.errors import PermissionDenied
from ektu_portal.core.problems import problem_responses


class UniversityLoadView(APIView):
    # The body is not run through a DRF serializer: the loader validates it against the contract's
    # JSON Schema and then its references, and names every problem by JSON path at once (contract §1).
    @extend_schema(request={"application/json": university_document_schema()},
                   parameters=[UniversityLoadQuery],
                   responses={200: LoadReportSerializer, **problem_responses(400, 401, 403, 422)},
                   summary="Load a university document (ektu-university/1)")
    def post(self, request: Request) -> Response:
        if not can_load_university(request.user):
            raise PermissionDenied("Only administrators load a university.")
        query = UniversityLoadQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        # The API never accepts passwords (contract §1): allow_passwords stays False.
        report = load_university(request.data, actor=request.user, dry_run=query.validated_data["dry_run"],
                                 source="the API")
        return Response(LoadReportSerializer(report).data)
