"""Input and output shapes of the Diploma Supplement API: the OpenAPI schema types every body."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.DATE)
class AwardDateField(serializers.CharField):
    """A date as text: the service reads it (2029-06-30 or 30.06.2029) and names a bad one by its row."""


class DiplomaNumberRowInput(serializers.Serializer):
    """One graduate. Every field is checked by the service, so a bad row is named with every other one."""

    student = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                    help_text="the graduate's IIN or username")
    diploma_number = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                           help_text="the number the national platform assigned (DS-3 6.1)")
    graduated_on = AwardDateField(required=False, allow_blank=True, allow_null=True,
                                  help_text="the date the degree was awarded")


class DiplomaNumbersInput(serializers.Serializer):
    rows = DiplomaNumberRowInput(many=True, allow_empty=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="recorded through the API",
                                   help_text="why, for the audit log")


class DiplomaNumbersOutput(serializers.Serializer):
    recorded = serializers.IntegerField(help_text="graduates whose number or date was recorded or changed")
    unchanged = serializers.IntegerField(help_text="graduates who had exactly this number and date already")
    students = serializers.ListField(child=serializers.CharField(), help_text="usernames recorded")


class RowProblem(serializers.Serializer):
    path = serializers.CharField(help_text='e.g. "rows[2].diploma_number"')
    message = serializers.CharField()


class ProblemsOutput(serializers.Serializer):
    """RFC 9457 problem details with every problem found (contract §2)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField(required=False)
    problems = RowProblem(many=True)
