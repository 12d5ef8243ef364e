"""§12 over the API: typed inputs and outputs of transfer and readmission cases (TR-1 … TR-8)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ektu_portal.academics.models import Student
from grading.api.recount import ComparisonSheetSerializer, RecountItemInput
from mobility.models import TransferCase, TransferDocument
from mobility.policy import transfers as policy


class TransferInput(serializers.Serializer[Any]):
    """An application; the fields a kind does not use are ignored. Every problem is answered at once
    (422) with its field, and each refusal names its rule (TR-2, TR-5, TR-8)."""

    kind = serializers.ChoiceField(choices=TransferCase.Kind.values)
    student = serializers.CharField(required=False, allow_blank=True,
                                    help_text="whose (username): the registrar's office; a student leaves "
                                              "it out for their own")
    program = serializers.CharField(required=False, allow_blank=True, help_text="the programme moved to")
    course_year = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=6)
    full_name = serializers.CharField(required=False, allow_blank=True, max_length=300)
    iin = serializers.CharField(required=False, allow_blank=True, max_length=12)
    email = serializers.EmailField(required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    other_university = serializers.CharField(required=False, allow_blank=True, max_length=300)
    foreign_university = serializers.BooleanField(required=False, default=False)
    kazakh_citizen_or_kandas = serializers.BooleanField(required=False, default=False)
    emergency = serializers.BooleanField(required=False, default=False)
    funding = serializers.ChoiceField(choices=Student.Funding.values, required=False)
    requested = serializers.ChoiceField(choices=TransferCase.Requested.values, required=False,
                                        default=TransferCase.Requested.PAID)
    first_period_completed = serializers.BooleanField(required=False, default=False)
    unt_score = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=140)
    medical_commission = serializers.BooleanField(required=False, default=False)
    expulsion_reason = serializers.ChoiceField(choices=TransferCase.ExpulsionReason.values, required=False)
    expelled_on = serializers.DateField(required=False, allow_null=True)
    debt_paid = serializers.BooleanField(required=False, default=False)
    course_at_expulsion = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=6)
    readmitted_to_defend_before = serializers.BooleanField(required=False, default=False)
    hours_per_credit = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=1, required=False,
                                                allow_null=True)
    items = RecountItemInput(many=True, required=False, help_text="the previous transcript (contract §8)")


class TransferDecisionInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=[TransferCase.Status.APPROVED, TransferCase.Status.REFUSED])
    basis = serializers.CharField(max_length=300, help_text="the rector's resolution (number and date)")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class TransferDatedStepInput(serializers.Serializer[Any]):
    on = serializers.DateField()


class TransferOrderInput(serializers.Serializer[Any]):
    number = serializers.CharField(max_length=64)
    on = serializers.DateField()


class TransferDocumentInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=TransferDocument.Kind.values)
    file = serializers.FileField()


class TransferDocumentSerializer(serializers.Serializer[TransferDocument]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class TransferDeadlineSerializer(serializers.Serializer[Any]):
    code = serializers.ChoiceField(choices=list(policy.WORKING_DAYS))
    due = serializers.DateField(help_text="the last allowed day (working days, CR-5)")
    done_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()


class TransferCaseSerializer(serializers.Serializer[TransferCase]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=TransferCase.Kind.values)
    status = serializers.ChoiceField(choices=TransferCase.Status.values, source="status_code")
    student = serializers.CharField(allow_null=True, help_text="username; null until an incoming order")
    name = serializers.CharField()
    program = serializers.CharField(allow_null=True)
    course_year = serializers.IntegerField(allow_null=True)
    other_university = serializers.CharField()
    funding = serializers.CharField()
    requested = serializers.CharField()
    applied_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    basis = serializers.CharField()
    funding_after = serializers.CharField(allow_blank=True)
    receiving_request_on = serializers.DateField(allow_null=True)
    order_number = serializers.CharField(allow_blank=True)
    order_on = serializers.DateField(allow_null=True)
    file_sent_on = serializers.DateField(allow_null=True)
    refusals_now = serializers.ListField(child=serializers.ChoiceField(choices=list(policy.REFUSALS)),
                                         help_text="what stands in the way today (while undecided)")
    deadlines = TransferDeadlineSerializer(many=True)
    documents = TransferDocumentSerializer(many=True)


class TransferComparisonSerializer(serializers.Serializer[Any]):
    """The case's comparison sheet (RC-1 … RC-5) against the programme, intake and course moved to."""

    program = serializers.CharField()
    intake_year = serializers.IntegerField()
    course_year = serializers.IntegerField()
    sheet = ComparisonSheetSerializer()
