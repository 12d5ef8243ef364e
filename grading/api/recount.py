"""Contract §8: the shared recount engine over the API — a comparison sheet previewed (nothing
written) or applied (the recognized disciplines become results with their source)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.core.problems import problem_responses
from grading import services
from grading.api.serializers import parse


class RecountItemInput(serializers.Serializer[Any]):
    """One line of the source transcript and the home discipline the commission matched it to (RC-2)."""

    title = serializers.CharField()
    discipline = serializers.CharField()
    hours = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0, required=False,
                                     allow_null=True)
    ects = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False,
                                    allow_null=True)
    credits = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False,
                                       allow_null=True)
    letter = serializers.CharField(max_length=2, required=False, allow_null=True)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100,
                                       required=False, allow_null=True)
    def to_internal_value(self, data: Any) -> Any:
        values = dict(super().to_internal_value(data))
        for name in ("hours", "ects", "credits", "percent"):  # whole numbers as the policy counts them
            value = values.get(name)
            if value is not None and value == value.to_integral_value():
                values[name] = int(value)
        return values


# RC-4: `pass` — a pass ("сынақ") of a pass/fail system, needing a percentage or the commission's letter.
# A Python keyword, so it is declared by name rather than as a class attribute.
RecountItemInput._declared_fields["pass"] = serializers.BooleanField(required=False, default=False)


class RecountInput(serializers.Serializer[Any]):
    student = serializers.CharField()
    source = serializers.ChoiceField(choices=list(services.RECOUNT_SOURCES))
    hours_per_credit = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=1, required=False,
                                                allow_null=True)
    items = RecountItemInput(many=True)
    basis = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text="apply: the QA commission's protocol (number and date)")


class RecognizedOutput(serializers.Serializer[Any]):
    discipline = serializers.CharField()
    letter = serializers.CharField()
    credits = serializers.IntegerField()


class RefusedOutput(serializers.Serializer[Any]):
    discipline = serializers.CharField()
    reason = serializers.ChoiceField(choices=["letter_required", "grade_below_d", "workload_short",
                                              "non_formal_cap"])


class DifferenceOutput(serializers.Serializer[Any]):
    discipline = serializers.CharField()
    credits = serializers.IntegerField()
    semester = serializers.IntegerField()


class ComparisonSheetSerializer(serializers.Serializer[Any]):
    """Contract §8: the comparison sheet (RC-1) and the academic difference (RC-5)."""

    recognized = RecognizedOutput(many=True)
    refused = RefusedOutput(many=True)
    difference = DifferenceOutput(many=True)


def _arguments(request: Request) -> dict[str, Any]:
    data = parse(RecountInput, request.data)
    return {"student_username": data["student"], "source": data["source"], "items": data["items"],
            "hours_per_credit": data.get("hours_per_credit")}


class RecountPreviewView(APIView):
    @extend_schema(request=RecountInput, responses={200: ComparisonSheetSerializer,
                                                    **problem_responses(401, 403, 404, 422)},
                   summary="A comparison sheet, computed without writing anything (RC-1 … RC-5, MO-6, NF-2)")
    def post(self, request: Request) -> Response:
        sheet = services.recount_preview(actor=request.user, now=timezone.now(), **_arguments(request))
        return Response(ComparisonSheetSerializer(sheet).data)


class RecountApplyView(APIView):
    @extend_schema(request=RecountInput, responses={201: ComparisonSheetSerializer,
                                                    **problem_responses(401, 403, 404, 422)},
                   summary="Record a comparison sheet: recognized disciplines become results (RC-1)")
    def post(self, request: Request) -> Response:
        basis = str(request.data.get("basis") or "") if isinstance(request.data, dict) else ""
        sheet = services.recount_apply(actor=request.user, now=timezone.now(), basis=basis,
                                       **_arguments(request))
        return Response(ComparisonSheetSerializer(sheet).data, status=201)
