"""Contract §8: mobility's endpoints — thin: parse, ask permissions and selectors, answer."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.academics.permissions import access_student, is_registrar
from ektu_portal.core.errors import NotFound, PermissionDenied
from grading.api.recount import ComparisonSheetSerializer
from grading.api.serializers import parse
from mobility import permissions, selectors, services
from mobility.api import serializers as s


class EligibilityView(APIView):
    @extend_schema(
        parameters=[s.EligibilityQuery],
        responses={200: s.MobilityEligibilitySerializer, **s.problems(403, 404, 422)},
        summary="May the student apply for academic mobility, and why not (MO-1, MO-2)",
    )
    def get(self, request: Request) -> Response:
        given = s.EligibilityQuery(data=request.query_params)
        given.is_valid(raise_exception=True)  # 422 problem details naming the field (contract §2)
        query = given.validated_data
        student = permissions.access_eligibility(request.user, query.get("student"))
        result = selectors.mobility_eligibility(student, kind=query["kind"], english=query.get("english"))
        return Response(s.MobilityEligibilitySerializer(result).data)


class NonFormalListView(APIView):
    @extend_schema(
        operation_id="v1_mobility_non_formal_list",
        responses={200: s.NonFormalApplicationSerializer(many=True), **s.problems()},
        summary="Non-formal learning applications: the student's own, or all a QA commission "
        "member, deputy dean or the registrar may see (NF-1 … NF-4)",
    )
    def get(self, request: Request) -> Response:
        user = request.user
        if permissions.sees_non_formal_queue(user):
            found = [
                a for a in selectors.non_formal_queue() if permissions.can_see_non_formal(user, a.student)
            ]
        else:
            found = selectors.non_formal_of(access_student(user, None, can=permissions.can_file_non_formal))
        return Response(s.NonFormalApplicationSerializer(found, many=True).data)

    @extend_schema(
        request=s.NonFormalInput,
        responses={201: s.NonFormalApplicationSerializer, **s.problems(404, 409, 422)},
        summary="File a non-formal learning application for one whole discipline (NF-1 … NF-4)",
    )
    def post(self, request: Request) -> Response:
        given = s.NonFormalInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        application = services.non_formal_file(
            actor=request.user,
            period_code=data["period"],
            discipline_code=data["discipline"],
            certificate=data["certificate"],
            provider=data["provider"],
            hours=data["hours"],
            topics=data["topics"],
            assessment=data["assessment"],
            percent=data.get("percent"),
            now=timezone.now(),
        )
        return Response(s.NonFormalApplicationSerializer(application).data, status=201)


class NonFormalView(APIView):
    @extend_schema(
        responses={200: s.NonFormalApplicationSerializer, **s.problems(404)},
        summary="One non-formal learning application",
    )
    def get(self, request: Request, application_id: int) -> Response:
        application = permissions.access_non_formal(request.user, application_id)
        return Response(s.NonFormalApplicationSerializer(application).data)


class NonFormalDecisionView(APIView):
    @extend_schema(
        request=s.NonFormalDecisionInput,
        responses={200: s.NonFormalApplicationSerializer, **s.problems(403, 404, 409, 422)},
        summary="The QA commission's decision on a non-formal learning application (NF-3, RC-1)",
    )
    def post(self, request: Request, application_id: int) -> Response:
        given = s.NonFormalDecisionInput(data=request.data)
        given.is_valid(raise_exception=True)
        application = services.non_formal_decide(
            actor=request.user, application_id=application_id, now=timezone.now(), **given.validated_data
        )
        return Response(s.NonFormalApplicationSerializer(application).data)


# --- MO-1 … MO-7: partners, calls, applications, learning agreements, the return ------------------------


def _staff(user: Any) -> bool:
    return permissions.can_decide_application(user) or is_registrar(user)


class PartnersView(APIView):
    @extend_schema(
        operation_id="v1_mobility_partners_list",
        responses={200: s.PartnerSerializer(many=True), **s.problems(403)},
        summary="Partner universities with their grading scales and conversion rules (MO-6)",
    )
    def get(self, request: Request) -> Response:
        if not _staff(request.user):
            raise PermissionDenied(
                "The coordinators, the commission and the registrar's office keep partners."
            )
        return Response(s.PartnerSerializer(selectors.partners(), many=True).data)

    @extend_schema(
        request=s.PartnerInput,
        responses={201: s.PartnerSerializer, **s.problems(403, 409, 422)},
        summary="Add a partner university (MO-7: the ECTS coordinators)",
    )
    def post(self, request: Request) -> Response:
        data = parse(s.PartnerInput, request.data)
        partner = services.partner_save(actor=request.user, **data)
        return Response(s.PartnerSerializer(partner).data, status=201)


class PartnerRulesView(APIView):
    @extend_schema(
        request=s.PartnerRuleInput,
        responses={201: s.PartnerSerializer, **s.problems(403, 404, 422)},
        summary="Record a partner's grading scale and credit conversion from a date (MO-6, MO-6a)",
    )
    def post(self, request: Request, partner_id: int) -> Response:
        data = parse(s.PartnerRuleInput, request.data)
        rule = services.partner_rule_set(actor=request.user, partner_id=partner_id, **data)
        return Response(s.PartnerSerializer(rule.partner).data, status=201)


class CallsView(APIView):
    @extend_schema(
        operation_id="v1_mobility_calls_list",
        responses={200: s.CallSerializer(many=True), **s.problems()},
        summary="Calls for mobility: the open ones, or every call for the staff",
    )
    def get(self, request: Request) -> Response:
        calls = (
            selectors.calls_with_applications()
            if _staff(request.user)
            else selectors.open_calls(timezone.localdate())
        )
        return Response(s.CallSerializer(calls, many=True).data)

    @extend_schema(
        request=s.CallInput,
        responses={201: s.CallSerializer, **s.problems(403, 422)},
        summary="Open a call for a partner and a period (MO-7: the ECTS coordinators)",
    )
    def post(self, request: Request) -> Response:
        data = parse(s.CallInput, request.data)
        call = services.call_create(
            actor=request.user,
            partner_id=data["partner"],
            period_code=data["period"],
            places=data["places"],
            closes_on=data["closes_on"],
        )
        return Response(s.CallSerializer(call).data, status=201)


class CallApplicationsView(APIView):
    @extend_schema(
        request=s.ApplyInput,
        responses={201: s.ApplicationSerializer, **s.problems(403, 404, 409, 422)},
        summary="The student applies for a call; eligibility is found and kept with it (MO-1, MO-2)",
    )
    def post(self, request: Request, call_id: int) -> Response:
        data = parse(s.ApplyInput, request.data)
        application = services.application_submit(
            actor=request.user, call_id=call_id, english=data["english"], now=timezone.now()
        )
        return Response(s.ApplicationSerializer(application).data, status=201)


class ApplicationsView(APIView):
    @extend_schema(
        operation_id="v1_mobility_applications_list",
        responses={200: s.ApplicationSerializer(many=True), **s.problems(404)},
        summary="Mobility applications: the student's own, or every one for the staff",
    )
    def get(self, request: Request) -> Response:
        if _staff(request.user):
            found = [a for call in selectors.calls_with_applications() for a in call.applications.all()]
        else:
            found = selectors.applications_of(access_student(request.user, None, can=permissions.can_apply))
        return Response(s.ApplicationSerializer(found, many=True).data)


class ApplicationView(APIView):
    @extend_schema(
        responses={200: s.ApplicationSerializer, **s.problems(404)}, summary="One mobility application"
    )
    def get(self, request: Request, application_id: int) -> Response:
        return Response(
            s.ApplicationSerializer(permissions.access_application(request.user, application_id)).data
        )


class ApplicationDecisionView(APIView):
    @extend_schema(
        request=s.SelectionDecisionInput,
        responses={200: s.ApplicationSerializer, **s.problems(403, 404, 409, 422)},
        summary="The selection commission's decision on its protocol (MO-2)",
    )
    def post(self, request: Request, application_id: int) -> Response:
        data = parse(s.SelectionDecisionInput, request.data)
        application = services.application_decide(
            actor=request.user, application_id=application_id, now=timezone.now(), **data
        )
        return Response(s.ApplicationSerializer(application).data)


def _agreement(request: Request, application_id: int) -> Response:
    view = selectors.agreement_view(permissions.access_application(request.user, application_id))
    if view.agreement is None:
        raise NotFound("There is no learning agreement yet.", code="agreement_not_found")
    return Response(s.AgreementSerializer(view).data)


class AgreementView(APIView):
    @extend_schema(
        responses={200: s.AgreementSerializer, **s.problems(404)},
        summary="The learning agreement, its check against the period's plan (MO-4) and signatures",
    )
    def get(self, request: Request, application_id: int) -> Response:
        return _agreement(request, application_id)

    @extend_schema(
        request=s.AgreementInput,
        responses={200: s.AgreementSerializer, **s.problems(403, 404, 409, 422)},
        summary="The student submits or changes their learning agreement (MO-3, MO-4)",
    )
    def put(self, request: Request, application_id: int) -> Response:
        data = parse(s.AgreementInput, request.data)
        services.agreement_save(actor=request.user, application_id=application_id, now=timezone.now(), **data)
        return _agreement(request, application_id)


class AgreementSignaturesView(APIView):
    @extend_schema(
        request=s.SignInput,
        responses={201: s.AgreementSerializer, **s.problems(403, 404, 409, 422)},
        summary="Sign the agreement's current version: the student, the home or the host coordinator",
    )
    def post(self, request: Request, application_id: int) -> Response:
        data = parse(s.SignInput, request.data)
        services.agreement_sign(actor=request.user, application_id=application_id, now=timezone.now(), **data)
        response = _agreement(request, application_id)
        response.status_code = 201
        return response


class ReturnPreviewView(APIView):
    @extend_schema(
        request=s.ReturnInput,
        responses={200: ComparisonSheetSerializer, **s.problems(403, 404, 422)},
        summary="The comparison sheet of the host transcript — nothing written (MO-5, RC-1)",
    )
    def post(self, request: Request, application_id: int) -> Response:
        data = parse(s.ReturnInput, request.data)
        sheet = services.return_preview(
            actor=request.user, application_id=application_id, lines=data["lines"], now=timezone.now()
        )
        return Response(ComparisonSheetSerializer(sheet).data)


class ReturnView(APIView):
    @extend_schema(
        request=s.ReturnInput,
        responses={200: ComparisonSheetSerializer, **s.problems(403, 404, 409, 422)},
        summary="Record the return on the QA commission's protocol: recognized results (MO-5)",
    )
    def post(self, request: Request, application_id: int) -> Response:
        data = parse(s.ReturnInput, request.data)
        sheet = services.return_apply(
            actor=request.user,
            application_id=application_id,
            lines=data["lines"],
            basis=data["basis"],
            now=timezone.now(),
        )
        return Response(ComparisonSheetSerializer(sheet).data)
