"""Output and input shapes of grading's API (HackSoft style): the OpenAPI schema types every body."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from grading.selectors import Transcript, TranscriptAttempt


class TranscriptResultSerializer(serializers.Serializer[TranscriptAttempt]):
    """Contract §4: one result. Decimals are strings; a recognized result has null marks and scores."""

    discipline = serializers.CharField(source="discipline.code")
    period = serializers.CharField(source="period.code")
    credits = serializers.IntegerField(source="discipline.credits")
    attempt = serializers.IntegerField()
    r1 = serializers.IntegerField(allow_null=True)
    r2 = serializers.IntegerField(allow_null=True)
    admission_rating = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    admitted = serializers.BooleanField(allow_null=True)
    exam = serializers.IntegerField(allow_null=True)
    final_score = serializers.IntegerField(allow_null=True)
    letter = serializers.CharField(allow_null=True)
    points = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    traditional = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["in_progress", "graded", "not_admitted", "no_show", "annulled"])
    recognized_from = serializers.CharField(allow_null=True)

    def to_representation(self, instance: TranscriptAttempt) -> dict[str, Any]:
        body = super().to_representation(instance)
        if instance.recognized_from:
            # Contract §4: a recognized result carries its letter, never marks, ratings or scores.
            for field in ("r1", "r2", "admission_rating", "admitted", "exam", "final_score"):
                body[field] = None
        return body


class TranscriptSerializer(serializers.Serializer[Transcript]):
    """Contract §4: a student's transcript — credits earned, cumulative GPA (GP-1), every result."""

    student = serializers.CharField()
    program = serializers.CharField()
    credits_earned = serializers.IntegerField()
    gpa = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    results = TranscriptResultSerializer(source="attempts", many=True)
