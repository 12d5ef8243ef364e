"""§12 over the API: the same services as the pages, the same refusals as problem details."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.core.errors import NotFound
from grading.api.serializers import parse
from mobility import permissions
from mobility import selectors_transfers as selectors
from mobility import services_transfers as services
from mobility.api import serializers_transfers as s
from mobility.api.serializers import problems
from mobility.models import TransferCase, TransferDocument


def _with_documents(cases: list[TransferCase]) -> list[TransferCase]:
    """The cases' documents in one query, without their content (up to the size limit each)."""
    prefetch_related_objects(cases, Prefetch("documents", queryset=TransferDocument.objects.defer("content")))
    return cases


def _case(case: TransferCase, user: Any, days_off: frozenset[Any] | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    outgoing = case.kind == TransferCase.Kind.OUTGOING
    staff = permissions.sees_every_case(user) or bool(permissions.case_schools_of(user))
    return {
        "id": case.pk, "kind": case.kind, "status_code": case.status,
        "student": case.student.user.username if case.student_id else None,
        "name": case.student.user.full_name if case.student_id else case.full_name,
        "program": case.program.code if case.program_id else None, "course_year": case.course_year,
        "other_university": case.other_university, "funding": case.funding, "requested": case.requested,
        "applied_on": case.applied_on, "decided_on": case.decided_on, "basis": case.basis,
        "funding_after": case.funding_after, "receiving_request_on": case.receiving_request_on,
        "order_number": case.order_number, "order_on": case.order_on, "file_sent_on": case.file_sent_on,
        "refusals_now": list(selectors.refusals(case, case.applied_on if outgoing else today))
        if staff and case.status == TransferCase.Status.SUBMITTED else [],
        "deadlines": [{"code": d.code, "due": d.due, "done_on": d.done_on, "overdue": late}
                      for d, late in selectors.deadlines(case, today, days_off)],
        "documents": list(case.documents.all()),  # prefetched without content (_with_documents)
    }


def _answer(case: TransferCase, user: Any, status: int = 200) -> Response:
    """The case as the service left it (or as the caller read it), with its documents."""
    return Response(s.TransferCaseSerializer(_case(_with_documents([case])[0], user)).data, status=status)


class TransfersView(APIView):
    @extend_schema(operation_id="v1_mobility_transfers_list",
                   responses={200: s.TransferCaseSerializer(many=True), **problems()},
                   summary="Transfer and readmission cases the caller may see (own, school's, all)")
    def get(self, request: Request) -> Response:
        cases = _with_documents(selectors.cases_for(request.user))
        off = selectors.days_off_for(cases)
        rows = [_case(c, request.user, off) for c in cases]
        return Response(s.TransferCaseSerializer(rows, many=True).data)

    @extend_schema(request=s.TransferInput, responses={201: s.TransferCaseSerializer,
                                                       **problems(403, 404, 422)},
                   summary="File a transfer or readmission application (TR-1 … TR-8)")
    def post(self, request: Request) -> Response:
        values = parse(s.TransferInput, request.data)
        case = services.transfer_file(actor=request.user, kind=values.pop("kind"), values=values,
                                      now=timezone.now())
        return _answer(case, request.user, 201)


class TransferView(APIView):
    @extend_schema(responses={200: s.TransferCaseSerializer, **problems(404)},
                   summary="One case: its state, deadlines (TR-6, TR-7), documents, what stands in the way")
    def get(self, request: Request, case_id: int) -> Response:
        return _answer(permissions.access_case(request.user, case_id), request.user)


class TransferDocumentsView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": s.TransferDocumentInput},
                   responses={201: s.TransferDocumentSerializer, **problems(403, 404, 422)},
                   summary="Add a document to a case (PDF, JPEG or PNG within the size limit)")
    def post(self, request: Request, case_id: int) -> Response:
        values = parse(s.TransferDocumentInput, request.data)
        upload = values["file"]
        content = upload.read(settings.TRANSFER_DOCUMENT_MAX_BYTES + 1)
        document = services.transfer_document_add(actor=request.user, case_id=case_id, kind=values["kind"],
                                                  name=upload.name, content=content, now=timezone.now())
        return Response(s.TransferDocumentSerializer(document).data, status=201)


class TransferDecisionView(APIView):
    @extend_schema(request=s.TransferDecisionInput, responses={200: s.TransferCaseSerializer,
                                                       **problems(403, 404, 409, 422)},
                   summary="The rector's decision (TR-4; a transfer out: TR-6), refused with every rule in "
                           "the way")
    def post(self, request: Request, case_id: int) -> Response:
        values = parse(s.TransferDecisionInput, request.data)
        case = services.transfer_decide(actor=request.user, case_id=case_id, now=timezone.now(), **values)
        return _answer(case, request.user)


class TransferReceivingRequestView(APIView):
    @extend_schema(request=s.TransferDatedStepInput, responses={200: s.TransferCaseSerializer,
                                                        **problems(403, 404, 409, 422)},
                   summary="A transfer out: the receiving university's request arrived (TR-6)")
    def post(self, request: Request, case_id: int) -> Response:
        values = parse(s.TransferDatedStepInput, request.data)
        case = services.transfer_receiving_request(actor=request.user, case_id=case_id, on=values["on"],
                                                   now=timezone.now())
        return _answer(case, request.user)


class TransferOrderView(APIView):
    @extend_schema(request=s.TransferOrderInput, responses={200: s.TransferCaseSerializer,
                                                    **problems(403, 404, 409, 422)},
                   summary="Record the rector's order (TR-6, TR-7, TR-8); idempotent for the same number")
    def post(self, request: Request, case_id: int) -> Response:
        values = parse(s.TransferOrderInput, request.data)
        case = services.transfer_order(actor=request.user, case_id=case_id, now=timezone.now(), **values)
        return _answer(case, request.user)


class TransferFileSentView(APIView):
    @extend_schema(request=s.TransferDatedStepInput, responses={200: s.TransferCaseSerializer,
                                                        **problems(403, 404, 409, 422)},
                   summary="A transfer out: the personal file is sent (TR-6); the case closes")
    def post(self, request: Request, case_id: int) -> Response:
        values = parse(s.TransferDatedStepInput, request.data)
        case = services.transfer_file_sent(actor=request.user, case_id=case_id, on=values["on"],
                                           now=timezone.now())
        return _answer(case, request.user)


class TransferComparisonView(APIView):
    @extend_schema(responses={200: s.TransferComparisonSerializer, **problems(404)},
                   summary="The case's comparison sheet from the shared recount engine (RC-1 … RC-5)")
    def get(self, request: Request, case_id: int) -> Response:
        case = permissions.access_case(request.user, case_id)
        day = case.decided_on or timezone.localdate()
        view = selectors.comparison(case, day)
        if view is None:
            raise NotFound("This case has no comparison sheet (a transfer out, or no curriculum).",
                           code="no_comparison_sheet")
        program, intake, course = selectors.placement(case, day)
        return Response(s.TransferComparisonSerializer({"program": program.code, "intake_year": intake,
                                                        "course_year": course, "sheet": view.sheet}).data)
