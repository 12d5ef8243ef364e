"""GR-6: the letter scale over the API — read the scale in force, adopt a new one from a day (the
registrar's office, through ``services.letter_scale_set``: validated, audited, past letters kept)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.core.problems import problem_responses
from grading import selectors, services
from grading.api.serializers import parse
from grading.policy.scale import TRADITIONAL_GRADES, LetterGrade


class BandSerializer(serializers.Serializer[LetterGrade]):
    letter = serializers.CharField(max_length=2)
    points = serializers.DecimalField(max_digits=3, decimal_places=2, min_value=0)
    min_score = serializers.IntegerField(min_value=0, max_value=100)
    max_score = serializers.IntegerField(min_value=0, max_value=100)
    traditional = serializers.ChoiceField(choices=list(TRADITIONAL_GRADES))


class LetterScaleSerializer(serializers.Serializer[selectors.LetterScaleVersion]):
    effective_from = serializers.DateField(allow_null=True)
    bands = BandSerializer(many=True)


class LetterScaleInput(serializers.Serializer[Any]):
    effective_from = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)
    bands = BandSerializer(many=True)


class OnInput(serializers.Serializer[Any]):
    on = serializers.DateField(required=False, allow_null=True, default=None)


class LetterScaleView(APIView):
    @extend_schema(parameters=[OpenApiParameter("on", date,
                                                description="the day (default: today, Asia/Almaty)")],
                   responses={200: LetterScaleSerializer, **problem_responses(401, 422)},
                   summary="The letter scale in force on a day (GR-6)")
    def get(self, request: Request) -> Response:
        on = parse(OnInput, request.query_params)["on"] or timezone.localdate()
        return Response(LetterScaleSerializer(selectors.letter_scale_in_force(on)).data)


class LetterScalesView(APIView):
    @extend_schema(request=LetterScaleInput,
                   responses={201: LetterScaleSerializer, **problem_responses(401, 403, 422)},
                   summary="Adopt a letter scale from a day (registrar; GR-6, GR-20: audited, "
                           "past letters kept)")
    def post(self, request: Request) -> Response:
        data = parse(LetterScaleInput, request.data)
        bands = tuple(LetterGrade(**band) for band in data["bands"])
        services.letter_scale_set(actor=request.user, effective_from=data["effective_from"], bands=bands,
                                  reason=data["reason"], now=timezone.now())
        return Response(LetterScaleSerializer(selectors.letter_scale_in_force(data["effective_from"])).data,
                        status=201)
