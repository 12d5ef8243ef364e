"""Input and output shapes of registration's API (HackSoft style): the OpenAPI schema types every body.

The offer and the enrolment are contract §3 shapes: their fields and formats stay as they are.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from ektu_portal.academics.models import Enrollment
from ektu_portal.core.problems import problem_responses
from registration.models import PersonalWindow, SmallSection
from registration.policy import eligibility, study_plan
from registration.selectors import Offer, OfferRow, PlanDocument, PlanLine, StudentProgress

REASON_CODES = list(eligibility.REASON_ORDER)
PLAN_STATUSES = list(study_plan.STATUSES)


class InstantField(serializers.DateTimeField):
    """An instant as ISO 8601 with its offset, exactly as Python writes it (the contract's format so far)."""

    def to_representation(self, value: datetime | None) -> str | None:  # type: ignore[override]
        return value.isoformat() if value is not None else None


def problems(*statuses: int) -> dict[Any, Any]:
    """The problem responses an operation can give, as ``application/problem+json`` (contract §2);
    401 always: every endpoint needs a signed-in person."""
    return problem_responses(*sorted({401, *statuses}))


# --- the offer and enrolments (contract §3) ---------------------------------------------------------

class RegistrantQuery(serializers.Serializer[Any]):
    student = serializers.CharField(required=False, help_text="the registrar's office: whose (username)")


class OfferSectionSerializer(serializers.Serializer[OfferRow]):
    code = serializers.CharField()
    discipline = serializers.CharField()
    name = serializers.CharField()
    credits = serializers.IntegerField()
    capacity = serializers.IntegerField()
    taken = serializers.IntegerField()
    language = serializers.CharField(allow_null=True)
    instructor = serializers.CharField(allow_null=True)
    elective_group = serializers.CharField(allow_null=True)
    semester = serializers.IntegerField()
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=REASON_CODES))
    my_status = serializers.ChoiceField(choices=["enrolled", "waitlisted"], allow_null=True)
    passed = serializers.BooleanField()
    price = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True,
                                     help_text="GR-18: what the section's credits cost in a summer semester")

    def to_representation(self, row: OfferRow) -> dict[str, Any]:
        """The fields above, written out directly: DRF's generic walk costs ≈ 0.1 ms a row, and the opening
        minute of registration day serves thousands of offers of dozens of rows (issue 15).
        test_api_schema holds this equal to the generic representation."""
        return {"code": row.code, "discipline": row.discipline, "name": row.name, "credits": row.credits,
                "capacity": row.capacity, "taken": row.taken, "language": row.language,
                "instructor": row.instructor, "elective_group": row.elective_group, "semester": row.semester,
                "eligible": row.eligible, "reasons": list(row.reasons), "my_status": row.my_status,
                "passed": row.passed,
                "price": None if row.price is None else self.fields["price"].to_representation(row.price)}


class OfferSerializer(serializers.Serializer[Offer]):
    """Contract §3: the sections the student may see this period. While no period's registration is
    open, only ``period`` (null), ``window_open`` (false) and ``sections`` (empty) are given."""

    period = serializers.CharField(source="period.code", allow_null=True)
    window_open = serializers.BooleanField()
    window_closes = InstantField(allow_null=True, required=False)
    credit_limit = serializers.IntegerField(required=False)
    credits_taken = serializers.IntegerField(required=False)
    summer = serializers.BooleanField(required=False)
    price_per_credit = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True,
                                                required=False)
    cost_taken = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, required=False)
    sections = OfferSectionSerializer(many=True)

    def to_representation(self, instance: Offer) -> dict[str, Any]:
        if instance.period is None:
            return {"period": None, "window_open": False, "sections": []}
        return super().to_representation(instance)


class EnrollInput(serializers.Serializer[Any]):
    section = serializers.CharField()
    student = serializers.CharField(required=False, help_text="the registrar's office: for whom (username)")
    waitlist = serializers.BooleanField(default=True, help_text="false: refuse a full section instead of "
                                                                "placing the student on its wait list")


class EnrollmentSerializer(serializers.Serializer[Enrollment]):
    """Contract §3: an enrolment — ``status`` is enrolled or waitlisted (dropped once dropped)."""

    id = serializers.IntegerField()
    section = serializers.CharField(source="section.code")
    status = serializers.ChoiceField(choices=Enrollment.Status.values)
    student = serializers.CharField(source="student.user.username")

    def to_representation(self, enrollment: Enrollment) -> dict[str, Any]:
        """The fields above, written out directly: registration day's hottest answer (issue 15).
        test_quick_view holds this equal to the generic representation."""
        return {"id": enrollment.pk, "section": enrollment.section.code, "status": enrollment.status,
                "student": enrollment.student.user.username}


# --- individual study plans (RG-6) ------------------------------------------------------------------

class PlanLineSerializer(serializers.Serializer[PlanLine]):
    section = serializers.CharField()
    discipline = serializers.CharField()
    names = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                  help_text="the discipline's name by language: kk, ru, en")
    name = serializers.CharField(help_text="the name in the language asked for (Accept-Language)")
    credits = serializers.IntegerField()
    language = serializers.CharField(allow_null=True)
    instructor = serializers.CharField(allow_null=True)
    elective_group = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["enrolled", "waitlisted"], allow_null=True,
                                     help_text="a live registration's status; null once submitted")


class StudentProgressSerializer(serializers.Serializer[StudentProgress]):
    credits_earned = serializers.IntegerField()
    credits_required = serializers.IntegerField()
    gpa = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    debts = serializers.ListField(child=serializers.CharField(), help_text="disciplines owed (debts)")


class PlanSerializer(serializers.Serializer[PlanDocument]):
    """RG-6: a study plan — the live registrations while a draft, the disciplines as submitted after."""

    id = serializers.IntegerField(allow_null=True)
    student = serializers.CharField(source="student.user.username")
    full_name = serializers.CharField(source="student.user.full_name")
    program = serializers.CharField(source="student.program.code")
    period = serializers.CharField(source="period.code")
    status = serializers.ChoiceField(choices=PLAN_STATUSES)
    version = serializers.IntegerField()
    items = PlanLineSerializer(many=True)
    credits = serializers.IntegerField()
    submitted_at = InstantField(allow_null=True)
    adviser = serializers.CharField(allow_null=True, help_text="the adviser who decided (full name)")
    adviser_decided_at = InstantField(allow_null=True)
    dean = serializers.CharField(allow_null=True, help_text="the dean who decided (full name)")
    dean_decided_at = InstantField(allow_null=True)
    comment = serializers.CharField(allow_blank=True)


class PlanWithProgressSerializer(PlanSerializer):
    progress = StudentProgressSerializer()


class PlanQueueSerializer(serializers.Serializer[Any]):
    plans = PlanWithProgressSerializer(many=True)


class SubmitInput(serializers.Serializer[Any]):
    student = serializers.CharField(required=False, help_text="the registrar's office: for whom (username)")


class PlanDecisionInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["approve", "return"])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000,
                                    help_text="needed to return the plan")


# --- the registrar's office (RG-5, RG-7, RG-2) -------------------------------------------------------

class SmallSectionSerializer(serializers.Serializer[SmallSection]):
    id = serializers.IntegerField()
    section = serializers.CharField(source="section.code")
    discipline = serializers.CharField(source="section.discipline.code")
    period = serializers.CharField(source="section.period.code")
    registered = serializers.IntegerField()
    min_size = serializers.IntegerField()
    found_at = InstantField()
    rechoice_until = InstantField()
    decision = serializers.ChoiceField(choices=SmallSection.Decision.values)
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True)


class SmallSectionsSerializer(serializers.Serializer[Any]):
    sections = SmallSectionSerializer(many=True)


class SmallSectionDecisionInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["cancel", "keep"])


class PersonalWindowInput(serializers.Serializer[Any]):
    student = serializers.CharField()
    reason = serializers.ChoiceField(choices=["orientation", "transfer", "readmission"])
    basis = serializers.CharField(required=False, allow_blank=True, default="", max_length=200,
                                  help_text="the order the window rests on (needed but for orientation)")
    period = serializers.CharField(required=False, help_text="default: the period now running")


class PersonalWindowSerializer(serializers.Serializer[PersonalWindow]):
    id = serializers.IntegerField()
    student = serializers.CharField(source="student.user.username")
    period = serializers.CharField(source="period.code")
    reason = serializers.ChoiceField(choices=PersonalWindow.Reason.values)
    opens = InstantField()
    closes = InstantField()


class _PeriodCodeField(serializers.RegexField):
    """A period's code, and only as a JSON string: ``{"period": {}}`` or a number is refused, naming
    ``period`` (issue 16), rather than turned into text and looked up."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class OrientationWeekInput(serializers.Serializer[Any]):
    period = _PeriodCodeField(
        r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", required=False,  # a code, as the loader's schema has it
        error_messages={"invalid": gettext_lazy('A period is named by its code, a text such as "2026-F".')},
        help_text="the period's code; default: the period now running")


class OrientationWeekSerializer(serializers.Serializer[Any]):
    students = serializers.IntegerField(help_text="first-year students given a window now")
