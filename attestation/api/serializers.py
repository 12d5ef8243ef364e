"""Input and output shapes of attestation's API (contract §9, HackSoft style): the OpenAPI schema
types every body, the composition refusal included."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from attestation.models import Commission, Publication
from attestation.policy import admission, commission, honours
from attestation.selectors import AdmissionList, HonoursView
from ektu_portal.core.problems import ProblemItemSerializer, problem_responses


def problems(*statuses: int) -> dict[Any, Any]:
    """The problem responses an operation can give (contract §2); 401 always: every endpoint needs a
    signed-in person."""
    return problem_responses(*sorted({401, *statuses}))


# --- commissions (FA-4) -----------------------------------------------------------------------------

class MemberSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    role = serializers.ChoiceField(choices=list(commission.ROLES))
    external = serializers.BooleanField()
    qualification = serializers.ChoiceField(choices=list(commission.QUALIFICATIONS))

    def validate_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("a member has a name")
        return value.strip()


class CommissionInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=64)
    program = serializers.CharField(max_length=64)
    year = serializers.IntegerField(min_value=2000, max_value=2100,
                                    help_text="the year the attestation takes place in")
    members = MemberSerializer(many=True, allow_empty=True)
    proposed_on = serializers.DateField(required=False, allow_null=True,
                                        help_text="the dean's proposal (FA-4: by 15 December before)")
    approved_on = serializers.DateField(required=False, allow_null=True,
                                        help_text="the Scientific Council's approval (FA-4: by 31 December)")
    approval_basis = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class CommissionSerializer(serializers.Serializer[Commission]):
    code = serializers.CharField()
    program = serializers.CharField(source="program.code")
    year = serializers.IntegerField()
    members = MemberSerializer(many=True, source="members.all")
    proposed_on = serializers.DateField(allow_null=True)
    approved_on = serializers.DateField(allow_null=True)
    flags = serializers.ListField(child=serializers.CharField(),
                                  help_text="what is late in its calendar (FA-4)")


class CompositionProblemSerializer(serializers.Serializer[Any]):
    """Contract §9: a refused composition — problem details with every broken rule of FA-4 in ``errors``."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="the first broken rule")
    detail = serializers.CharField(required=False)
    errors = serializers.ListField(child=serializers.ChoiceField(choices=list(commission.CODES)),
                                   help_text="every broken rule of FA-4")
    problems = ProblemItemSerializer(many=True,
                                     help_text="each broken rule located: members, members[i].field")


# --- publications (FA-1) -----------------------------------------------------------------------------

class PublicationInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=500)
    kind = serializers.ChoiceField(choices=Publication.Kind.values)
    year = serializers.IntegerField(min_value=1950, max_value=2100)


class PublicationSerializer(serializers.Serializer[Publication]):
    id = serializers.IntegerField()
    student = serializers.CharField(source="student.user.username")
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Publication.Kind.values)
    year = serializers.IntegerField()


# --- the admission list (FA-1) ------------------------------------------------------------------------

class AdmissionQuery(serializers.Serializer[Any]):
    program = serializers.CharField(max_length=64, help_text="the programme's code")


class ExcludedSerializer(serializers.Serializer[Any]):
    student = serializers.CharField(source="username")
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=list(admission.REASONS)))


class AdmissionListSerializer(serializers.Serializer[AdmissionList]):
    program = serializers.CharField(source="program.code")
    course_year = serializers.IntegerField(help_text="the final course year: credits / 60, rounded up")
    admitted = serializers.SerializerMethodField()
    excluded = ExcludedSerializer(many=True)

    def get_admitted(self, listing: AdmissionList) -> list[str]:
        return [student.user.username for student in listing.admitted]


# --- honours (FA-9) ---------------------------------------------------------------------------------

class HonoursCriteriaSerializer(serializers.Serializer[Any]):
    letters = serializers.SerializerMethodField()
    min_gpa = serializers.DecimalField(max_digits=3, decimal_places=2)
    final_work_letters = serializers.SerializerMethodField()

    def get_letters(self, criteria: Any) -> list[str]:
        return sorted(criteria.letters)

    def get_final_work_letters(self, criteria: Any) -> list[str]:
        return sorted(criteria.final_work_letters)


class HonoursSerializer(serializers.Serializer[HonoursView]):
    student = serializers.CharField()
    meets = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=list(honours.REASONS)))
    gpa = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    criteria = HonoursCriteriaSerializer(help_text="the criteria in force (configurable, FA-9)")
