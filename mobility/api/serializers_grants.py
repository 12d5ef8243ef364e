"""TR-9: input and output shapes of the vacant-grant endpoints (HackSoft style); every body is typed in the
OpenAPI schema. Codes come with the reader's words beside them (``*_label``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ektu_portal.academics.models import Student
from mobility.policy import vacant_grants


class VacantGrantInput(serializers.Serializer[Any]):
    """The registrar's office records vacant places; the service names every bad field at once."""

    group_code = serializers.CharField(max_length=64, allow_blank=True,
                                       help_text="group of educational programmes, e.g. B057")
    study_form = serializers.ChoiceField(choices=Student.StudyForm.values)
    intake_year = serializers.IntegerField()
    places = serializers.IntegerField(max_value=32767, help_text="at least 1")
    deadline = serializers.DateField(help_text="the list is due to the ministry: 25 January or 5 August")
    basis = serializers.CharField(max_length=300, allow_blank=True,
                                  help_text="the document that frees the places")


class VacantGrantAwardInput(serializers.Serializer[Any]):
    """The ministry's order awarding a candidate of the list."""

    username = serializers.CharField(max_length=150, help_text="the candidate's record number (username)")
    order_number = serializers.CharField(max_length=64, allow_blank=True)
    order_on = serializers.DateField()


class VacantGrantRankedSerializer(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    gpa = serializers.CharField(help_text="GPA over the whole study, two decimals (GP-1)")
    tier = serializers.IntegerField(help_text="0: only A and A-; 1: grades from A to C+; 2: the rest")
    tier_label = serializers.CharField()
    decided_by = serializers.ChoiceField(choices=list(vacant_grants.CRITERIA), allow_null=True,
                                         help_text="the criterion that put the student below the one above")
    criterion_label = serializers.CharField()
    candidate = serializers.BooleanField(help_text="within the vacant places")
    awarded = serializers.BooleanField()


class VacantGrantExcludedSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    full_name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=list(vacant_grants.EXCLUSIONS)))
    reason_labels = serializers.ListField(child=serializers.CharField())


class VacantGrantListSerializer(serializers.Serializer[Any]):
    made_at = serializers.DateTimeField()
    ranked = VacantGrantRankedSerializer(many=True)
    excluded = VacantGrantExcludedSerializer(many=True)
    tie_at_cut = serializers.BooleanField(help_text="only the record number decided the last place")
    digest = serializers.CharField(help_text="SHA-256 of the canonical JSON of the ranked and the excluded")


class VacantGrantAwardSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    full_name = serializers.CharField()
    order_number = serializers.CharField()
    order_on = serializers.DateField()
    funding_before = serializers.CharField()
    recorded_by = serializers.CharField(help_text="full name")
    recorded_at = serializers.DateTimeField()


class VacantGrantSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    group_code = serializers.CharField()
    study_form = serializers.ChoiceField(choices=Student.StudyForm.values)
    intake_year = serializers.IntegerField()
    places = serializers.IntegerField()
    places_left = serializers.IntegerField()
    deadline = serializers.DateField()
    basis = serializers.CharField()
    recorded_by = serializers.CharField(help_text="full name")
    recorded_at = serializers.DateTimeField()
    candidate_list = VacantGrantListSerializer(allow_null=True, help_text="null until the list is made")
    awards = VacantGrantAwardSerializer(many=True)
