"""Input and output shapes of mobility's API (HackSoft style): the OpenAPI schema types every body."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from ektu_portal.core.problems import problem_responses
from mobility.policy.eligibility import CEFR_LEVELS, KINDS, REASONS, Eligibility


def problems(*statuses: int) -> dict[Any, Any]:
    """The problem responses an operation can give (contract §2); 401 always: everyone signs in."""
    return problem_responses(*sorted({401, *statuses}))


class EligibilityQuery(serializers.Serializer[Any]):
    """Contract §8: ``?student={username}&kind=international|internal&english=B2``."""

    student = serializers.CharField(required=False,
                                    help_text="whose (username); a student leaves it out for their own")
    kind = serializers.ChoiceField(choices=list(KINDS))
    english = serializers.ChoiceField(choices=list(CEFR_LEVELS), required=False, allow_null=True,
                                      help_text="CEFR level of English (MO-1); none shown is below B2")


class MobilityEligibilitySerializer(serializers.Serializer[Eligibility]):
    """Contract §8: eligible exactly when ``reasons`` is empty; every reason that applies is listed."""

    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=list(REASONS)))


# --- NF-1 … NF-4: non-formal learning -------------------------------------------------------------------

class NonFormalInput(serializers.Serializer[Any]):
    """The student's application: one whole discipline of their curriculum, for a period not started."""

    period = serializers.CharField(help_text="academic period code")
    discipline = serializers.CharField(help_text="discipline code of the student's curriculum")
    certificate = serializers.CharField(max_length=300)
    provider = serializers.CharField(max_length=300)
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=Decimal(0))
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal(0),
                                       max_value=Decimal(100), required=False, allow_null=True)
    topics = serializers.CharField()
    assessment = serializers.CharField(max_length=300)


class NonFormalDecisionInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["recognized", "refused"])
    basis = serializers.CharField(max_length=200, help_text="the QA commission's protocol")
    letter = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="the commission's letter when the certificate has no score")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300,
                                   help_text="why the commission refuses")


class NonFormalApplicationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    student = serializers.CharField(source="student.user.username")
    student_name = serializers.CharField(source="student.user.full_name")
    period = serializers.CharField(source="period.code")
    discipline = serializers.CharField(source="discipline.code")
    credits = serializers.IntegerField(source="discipline.credits")
    certificate = serializers.CharField()
    provider = serializers.CharField()
    hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    topics = serializers.CharField()
    assessment = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=["submitted", "recognized", "refused"])
    letter = serializers.CharField()
    basis = serializers.CharField()
    refusal = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
