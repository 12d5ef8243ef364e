"""Input and output shapes of the Diploma Supplement API (HackSoft style): the OpenAPI schema types
every body. Errors are the core's problem details (``ektu_portal.core.problems``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diploma_supplement import selectors
from diploma_supplement.models import Accreditation, Batch, IssuedSupplement

# --- supplements ------------------------------------------------------------------------------------


class IssuedSupplementOutput(serializers.Serializer[IssuedSupplement]):
    """An issued supplement as its verification page states it (never the transcript)."""

    number = serializers.CharField()
    student = serializers.CharField(source="student.user.username")
    holder_name = serializers.CharField()
    holder_name_latin = serializers.CharField()
    qualification = serializers.CharField()
    issued_at = serializers.DateTimeField()
    sha256 = serializers.CharField(help_text="SHA-256 of the PDF as issued")
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoked_reason = serializers.CharField(allow_blank=True)
    verify_url = serializers.SerializerMethodField(
        help_text="the public verification page (the QR code's address)")

    def get_verify_url(self, supplement: IssuedSupplement) -> str:
        return selectors.verification_url(supplement.number)


class RevokeInput(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True,
                                   help_text="why, for the verification page and the audit log")


class BatchInput(serializers.Serializer[Any]):
    program = serializers.CharField(help_text="program code, of the dean's school")
    year = serializers.IntegerField(min_value=1990, max_value=2200, help_text="graduation year")
    students = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                     help_text="usernames of the graduates to issue; empty: every ready "
                                               "graduate")


class BatchOutput(serializers.Serializer[Batch]):
    id = serializers.IntegerField()
    program = serializers.CharField(source="program.code")
    graduation_year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Batch.Status.choices)
    status_label = serializers.CharField(source="get_status_display", help_text="the status in words")
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)
    supplements = serializers.SerializerMethodField(help_text="numbers of the supplements issued so far")

    def get_supplements(self, batch: Batch) -> list[str]:
        return list(batch.supplements.order_by("number").values_list("number", flat=True))


# --- accreditation ----------------------------------------------------------------------------------


class AccreditationInput(serializers.Serializer[Any]):
    """An accreditation as the registrar's office records it; the service checks every field at once."""

    program = serializers.CharField(allow_null=True, required=False, default=None,
                                    help_text="program code; null: the university's institutional "
                                              "accreditation")
    accreditor = serializers.CharField(allow_blank=True, help_text="the accreditation agency")
    eqar_registered = serializers.BooleanField(help_text="the agency is registered in EQAR")
    enqa_member = serializers.BooleanField(help_text="the agency is a member of ENQA")
    certificate = serializers.CharField(allow_blank=True, required=False, default="")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    reason = serializers.CharField(allow_blank=True, help_text="why, for the audit log")


class AccreditationOutput(serializers.Serializer[Accreditation]):
    id = serializers.IntegerField()
    program = serializers.CharField(source="program.code", allow_null=True, default=None)
    accreditor = serializers.CharField()
    eqar_registered = serializers.BooleanField()
    enqa_member = serializers.BooleanField()
    certificate = serializers.CharField(allow_blank=True)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()


class RemoveInput(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True, help_text="why, for the audit log")


# --- diploma numbers (contract §1) ------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.DATE)
class AwardDateField(serializers.CharField):
    """A date as text: the service reads it (2029-06-30 or 30.06.2029) and names a bad one by its row."""


class DiplomaNumberRowInput(serializers.Serializer[Any]):
    """One graduate. Every field is checked by the service, so a bad row is named with every other one."""

    student = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                    help_text="the graduate's IIN or username")
    diploma_number = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                           help_text="the number the national platform assigned (DS-3 6.1)")
    graduated_on = AwardDateField(required=False, allow_blank=True, allow_null=True,
                                  help_text="the date the degree was awarded")


class DiplomaNumbersInput(serializers.Serializer[Any]):
    rows = DiplomaNumberRowInput(many=True, allow_empty=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="recorded through the API",
                                   help_text="why, for the audit log")


class DiplomaNumbersOutput(serializers.Serializer[Any]):
    recorded = serializers.IntegerField(help_text="graduates whose number or date was recorded or changed")
    unchanged = serializers.IntegerField(help_text="graduates who had exactly this number and date already")
    students = serializers.ListField(child=serializers.CharField(), help_text="usernames recorded")
