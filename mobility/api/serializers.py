"""Input and output shapes of mobility's API (HackSoft style): the OpenAPI schema types every body."""

from __future__ import annotations

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
