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


# --- MO-1 … MO-7: partners, calls, applications, learning agreements, the return ------------------------

class ScaleBandSerializer(serializers.Serializer[Any]):
    grade = serializers.CharField(help_text="the host's grade as printed on its transcript")
    letter = serializers.CharField(help_text="the home letter it counts as (A … F)")


class PartnerRuleSerializer(serializers.Serializer[Any]):
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    scale = ScaleBandSerializer(many=True)
    hours_per_credit = serializers.DecimalField(max_digits=5, decimal_places=2)
    coefficient = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    level = serializers.CharField()


class PartnerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    country = serializers.CharField()
    kind = serializers.ChoiceField(choices=list(KINDS))
    active = serializers.BooleanField()
    rules = PartnerRuleSerializer(many=True, source="rules.all")


class PartnerInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=300)
    country = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=list(KINDS))


class PartnerRuleInput(serializers.Serializer[Any]):
    """MO-6, MO-6a: the partner's grading scale and credit conversion from a date."""

    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True)
    scale = ScaleBandSerializer(many=True)
    hours_per_credit = serializers.DecimalField(max_digits=5, decimal_places=2, required=False,
                                                allow_null=True, help_text="30 when left out (MO-6)")
    coefficient = serializers.DecimalField(max_digits=4, decimal_places=2, required=False, allow_null=True)
    level = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CallSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    partner = serializers.CharField(source="partner.name")
    country = serializers.CharField(source="partner.country")
    kind = serializers.ChoiceField(source="partner.kind", choices=list(KINDS))
    period = serializers.CharField(source="period.code")
    places = serializers.IntegerField()
    closes_on = serializers.DateField()


class CallInput(serializers.Serializer[Any]):
    partner = serializers.IntegerField()
    period = serializers.CharField()
    places = serializers.IntegerField(min_value=1)
    closes_on = serializers.DateField()


class ApplyInput(serializers.Serializer[Any]):
    english = serializers.ChoiceField(choices=["", *CEFR_LEVELS], required=False, default="",
                                      help_text="CEFR level of English (MO-1)")


class ApplicationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    call = serializers.IntegerField(source="call_id")
    partner = serializers.CharField(source="call.partner.name")
    period = serializers.CharField(source="call.period.code")
    student = serializers.CharField(source="student.user.username")
    student_name = serializers.CharField(source="student.user.full_name")
    english = serializers.CharField()
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=list(REASONS)))
    status = serializers.ChoiceField(choices=["submitted", "selected", "not_selected"])
    basis = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class SelectionDecisionInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["selected", "not_selected"])
    basis = serializers.CharField(max_length=200, help_text="the selection commission's protocol")


class HostComponentInput(serializers.Serializer[Any]):
    code = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.CharField()
    ects = serializers.DecimalField(max_digits=5, decimal_places=2)


class AgreementInput(serializers.Serializer[Any]):
    """MO-3, MO-4: Table A (at the host) and Table B (home discipline codes); a change says why."""

    host = HostComponentInput(many=True)
    home = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SignatureSerializer(serializers.Serializer[Any]):
    party = serializers.ChoiceField(choices=["student", "home", "host"])
    signer_name = serializers.CharField()
    signed_at = serializers.DateTimeField()


class AgreementCheckSerializer(serializers.Serializer[Any]):
    planned_credits = serializers.IntegerField()
    covered_credits = serializers.IntegerField()
    shortfall_credits = serializers.IntegerField()
    missing_mandatory = serializers.ListField(child=serializers.CharField())
    not_in_plan = serializers.ListField(child=serializers.CharField())
    workload_short = serializers.BooleanField()
    complete = serializers.BooleanField()


class AgreementSerializer(serializers.Serializer[Any]):
    """The agreement of the current version with its check (MO-4), the shortfall's price and signatures."""

    version = serializers.IntegerField(source="agreement.version")
    host = HostComponentInput(many=True, source="agreement.host_components.all")
    home = serializers.SerializerMethodField()
    check = AgreementCheckSerializer()
    shortfall_price = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True,
                                               source="shortfall.total", default=None)
    signatures = SignatureSerializer(many=True)
    fully_signed = serializers.BooleanField()

    def get_home(self, view: Any) -> list[str]:
        return [h.discipline.code for h in view.agreement.home_disciplines.all()]


class SignInput(serializers.Serializer[Any]):
    party = serializers.ChoiceField(choices=["student", "home", "host"])
    host_signer = serializers.CharField(required=False, allow_blank=True, default="",
                                        help_text="the host coordinator's name (party host)")


class ReturnLineInput(serializers.Serializer[Any]):
    title = serializers.CharField()
    ects = serializers.DecimalField(max_digits=5, decimal_places=2)
    grade = serializers.CharField(help_text="the host's grade, read by the partner's scale")
    discipline = serializers.CharField(help_text="the home discipline it is matched to (RC-2)")


class ReturnInput(serializers.Serializer[Any]):
    lines = ReturnLineInput(many=True)
    basis = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text="the QA commission's protocol (needed to record)")
