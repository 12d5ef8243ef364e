"""Output and input shapes of grading's API (HackSoft style): the OpenAPI schema types every body.

Input serializers shape a request; the services decide every rule. ``parse`` turns a refused input
into problem details with JSON paths (``rows[2].exam``), the same shape the services refuse with.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ektu_portal.core.errors import Problem, ValidationFailed
from grading.policy.formula import whole_score
from grading.selectors import (
    AdviseeAtRisk,
    AppealToEnter,
    AttemptSheetLine,
    AttendanceLine,
    SheetRecord,
    SheetRow,
    Transcript,
    TranscriptAttempt,
)

STATUSES = ["in_progress", "graded", "not_admitted", "no_show", "annulled"]
SITTINGS = ["regular", "fx_retake", "additional"]
KINDS = ["exam", "differentiated_credit", "coursework", "practice", "state_exam"]
CATEGORIES = ["payment_clearance", "did_not_appear", "below_admission"]
APPEAL_STAGES = ["filed", "rejected", "granted_pending_entry", "entered"]


def _problems(errors: Any, path: str = "") -> Iterator[Problem]:
    if isinstance(errors, dict):
        for name, nested in errors.items():
            where = path if name == "non_field_errors" else (f"{path}.{name}" if path else str(name))
            yield from _problems(nested, where)
    elif isinstance(errors, list) and all(isinstance(e, str) for e in errors):
        for message in errors:
            yield Problem(path, str(message))
    elif isinstance(errors, list):
        for i, nested in enumerate(errors):
            yield from _problems(nested, f"{path}[{i}]")
    else:
        yield Problem(path, str(errors))


def parse(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    """The validated input, or every problem with its JSON path (422, as the services refuse)."""
    given = serializer_class(data=data)
    if not given.is_valid():
        raise ValidationFailed(list(_problems(given.errors)))
    return dict(given.validated_data)


@extend_schema_field({"type": "number", "minimum": 0, "maximum": 100, "example": 84.5,
                      "description": "0–100; a fraction is rounded half up to a whole point (GR-5)"})
class ScoreField(serializers.Field):  # type: ignore[type-arg]
    """GR-5 (GR-1 for R1/R2): a score may be typed with a fraction (84.5) and becomes 85."""

    def to_internal_value(self, data: Any) -> int:
        try:
            return whole_score(data)
        except ValueError:
            raise serializers.ValidationError(
                "a number from 0 to 100 (a fraction is rounded half up, GR-5)") from None

    def to_representation(self, value: Any) -> int:
        return int(value)


# --- the transcript (contract §4) ------------------------------------------------------------------


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
    status = serializers.ChoiceField(choices=STATUSES)
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


# --- grade sheets (contract §3, GR-2 … GR-17) --------------------------------------------------------


class SheetRowInput(serializers.Serializer[Any]):
    """One row of a PUT: any field may be omitted (contract §3)."""

    student = serializers.CharField()
    r1 = ScoreField(allow_null=True, required=False)
    r2 = ScoreField(allow_null=True, required=False)
    exam = ScoreField(allow_null=True, required=False)
    outcome = serializers.ChoiceField(choices=["no_show", "annulled"], allow_null=True, required=False)
    classes_held = serializers.IntegerField(min_value=0, max_value=500, allow_null=True, required=False)
    absences = serializers.IntegerField(min_value=0, max_value=500, required=False)
    lates_over_20_min = serializers.IntegerField(min_value=0, max_value=500, required=False)
    coursework_submitted = serializers.BooleanField(required=False)


@extend_schema_field(SheetRowInput(many=True))
class SheetRowsField(serializers.ListField):  # type: ignore[type-arg]
    """The rows as given: the service checks them all at once, naming each problem by its JSON path
    (``rows[3].r1``) — the same check a spreadsheet import and the page get."""

    child = serializers.DictField()


class SheetInput(serializers.Serializer[Any]):
    rows = SheetRowsField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    exam_date = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="the day the exam was held (GR-17: required for a state exam)")


class SheetPostInput(serializers.Serializer[Any]):
    exam_date = serializers.DateField(required=False, allow_null=True, default=None,
                                      help_text="the day the exam was held, if not entered with the marks "
                                                "(GR-17)")


class SheetRowSerializer(serializers.Serializer[SheetRow]):
    """Contract §3: a row carries the §4 result fields, plus what admission rests on (GR-2, GR-3)."""

    student = serializers.CharField(source="username")
    full_name = serializers.CharField()
    result = serializers.IntegerField(source="result_id", allow_null=True)
    attempt = serializers.IntegerField(allow_null=True)
    r1 = serializers.IntegerField(allow_null=True)
    r2 = serializers.IntegerField(allow_null=True)
    admission_rating = serializers.DecimalField(source="computed.admission_rating", max_digits=4,
                                                decimal_places=1,
                                                allow_null=True)
    admitted = serializers.BooleanField(source="computed.admitted", allow_null=True)
    exam = serializers.IntegerField(source="computed.exam", allow_null=True)
    final_score = serializers.IntegerField(source="computed.final_score", allow_null=True)
    letter = serializers.CharField(source="computed.letter", allow_null=True)
    points = serializers.DecimalField(source="computed.points", max_digits=3, decimal_places=2,
                                      allow_null=True)
    traditional = serializers.CharField(source="computed.traditional", allow_null=True)
    status = serializers.ChoiceField(source="computed.status", choices=STATUSES)
    outcome = serializers.CharField(allow_null=True)
    admission_reasons = serializers.ListField(source="computed.admission_reasons",
                                              child=serializers.CharField())
    classes_held = serializers.IntegerField(allow_null=True)
    absences = serializers.IntegerField()
    lates_over_20_min = serializers.IntegerField()
    coursework_submitted = serializers.BooleanField()
    admitted_by_dean_order = serializers.BooleanField()


class SheetSerializer(serializers.Serializer[SheetRecord]):
    """A grade sheet: a section's session sheet, or an FX retake / additional-period sheet (``sitting``)."""

    id = serializers.IntegerField(allow_null=True)
    sitting = serializers.ChoiceField(choices=SITTINGS)
    section = serializers.CharField(allow_null=True)
    discipline = serializers.CharField()
    period = serializers.CharField()
    kind = serializers.ChoiceField(choices=KINDS)
    exam_date = serializers.DateField(allow_null=True)
    posted_at = serializers.DateTimeField(allow_null=True)
    appeal_window_closes_at = serializers.DateTimeField(allow_null=True)
    printed_at = serializers.DateTimeField(allow_null=True)
    locked = serializers.BooleanField()
    rows = SheetRowSerializer(many=True)


class AttemptSheetSerializer(serializers.Serializer[AttemptSheetLine]):
    id = serializers.IntegerField()
    sitting = serializers.ChoiceField(choices=SITTINGS[1:])
    section = serializers.CharField(allow_null=True)
    discipline = serializers.CharField()
    period = serializers.CharField()
    exam_date = serializers.DateField()
    attempts = serializers.IntegerField()
    posted_at = serializers.DateTimeField(allow_null=True)
    appeal_window_closes_at = serializers.DateTimeField(allow_null=True)
    printed_at = serializers.DateTimeField(allow_null=True)


# --- appeals (GR-13, GR-14) ----------------------------------------------------------------------------


class AppealInput(serializers.Serializer[Any]):
    """Contract §3: ``section`` and ``student`` name the latest attempt; or ``result`` names one."""

    section = serializers.CharField(required=False)
    student = serializers.CharField(required=False)
    result = serializers.IntegerField(required=False)
    reason = serializers.CharField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "result" not in attrs and not ("section" in attrs and "student" in attrs):
            raise serializers.ValidationError({"section": "the section and the student, or the result"})
        return attrs


class DecisionInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["granted", "rejected"])
    points_added = serializers.IntegerField(min_value=0, max_value=100, default=0)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AppealSerializer(serializers.Serializer[Any]):
    """An appeal and where it stands; ``exam`` is the result's exam score now (GR-14: it changes when
    the registrar's office enters a grant)."""

    id = serializers.IntegerField(source="pk")
    status = serializers.ChoiceField(choices=["filed", "granted", "rejected"])
    stage = serializers.ChoiceField(choices=APPEAL_STAGES)
    result = serializers.IntegerField(source="result_id")
    student = serializers.CharField(source="result.student.user.username")
    discipline = serializers.CharField(source="result.discipline.code")
    period = serializers.CharField(source="result.period.code")
    attempt = serializers.IntegerField(source="result.attempt")
    reason = serializers.CharField()
    filed_at = serializers.DateTimeField()
    points_added = serializers.IntegerField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField(allow_blank=True)
    entered_at = serializers.DateTimeField(allow_null=True)
    exam = serializers.IntegerField(source="result.exam", allow_null=True)


class AppealToEnterSerializer(serializers.Serializer[AppealToEnter]):
    """GR-14: a granted appeal in the registrar's queue — the score now, the points, the score after."""

    id = serializers.IntegerField()
    result = serializers.IntegerField(source="result_id")
    student = serializers.CharField()
    full_name = serializers.CharField()
    discipline = serializers.CharField(source="discipline.code")
    period = serializers.CharField(source="period.code")
    section = serializers.CharField(allow_null=True)
    attempt = serializers.IntegerField()
    reason = serializers.CharField()
    filed_at = serializers.DateTimeField()
    exam_before = serializers.IntegerField(allow_null=True)
    points_added = serializers.IntegerField()
    exam_after = serializers.IntegerField()
    decided_by = serializers.CharField(help_text="the member of the appeals commission, by name")
    decided_at = serializers.DateTimeField()
    decision_reason = serializers.CharField(allow_blank=True)


# --- the dean's admission order (GR-3) -------------------------------------------------------------------


class DeanAdmissionInput(serializers.Serializer[Any]):
    basis = serializers.CharField(help_text="the order's number and date, and the valid reason")


class SheetEntrySerializer(serializers.Serializer[Any]):
    result = serializers.IntegerField(source="result_id")
    classes_held = serializers.IntegerField(allow_null=True)
    absences = serializers.IntegerField()
    lates_over_20_min = serializers.IntegerField()
    coursework_submitted = serializers.BooleanField()
    dean_admission_basis = serializers.CharField(allow_blank=True)


# --- FX retakes (GR-9) -----------------------------------------------------------------------------------


class RetakeApplyInput(serializers.Serializer[Any]):
    result = serializers.IntegerField(help_text="the id of an FX result")


class RetakeScheduleInput(serializers.Serializer[Any]):
    at = serializers.DateTimeField(help_text="e.g. 2027-01-08T10:00")


class RetakeGradeInput(serializers.Serializer[Any]):
    exam = ScoreField()


class RetakeSerializer(serializers.Serializer[Any]):
    """An FX retake application; once graded, ``attempt`` is the new result on the retake ``sheet``."""

    id = serializers.IntegerField(source="pk")
    result = serializers.IntegerField(source="result_id")
    status = serializers.ChoiceField(choices=["applied", "scheduled", "done"])
    deadline = serializers.DateField()
    scheduled_for = serializers.DateTimeField(allow_null=True)
    exam_before = serializers.IntegerField(allow_null=True)
    exam_after = serializers.IntegerField(allow_null=True)
    letter_after = serializers.SerializerMethodField()
    attempt = serializers.IntegerField(source="attempt_id", allow_null=True)
    sheet = serializers.SerializerMethodField()

    def get_letter_after(self, application: Any) -> str | None:
        return application.letter_after or None

    def get_sheet(self, application: Any) -> int | None:
        return _sheet_of_attempt(application.attempt)


def _sheet_of_attempt(attempt: Any) -> int | None:
    if attempt is None:
        return None
    link = getattr(attempt, "attempt_sheet", None)
    return link.sheet_id if link is not None else None


# --- the additional period and session extensions (GR-15) -------------------------------------------


class AdditionalExamOpenInput(serializers.Serializer[Any]):
    category = serializers.ChoiceField(choices=CATEGORIES)


class AdditionalExamRecordInput(serializers.Serializer[Any]):
    exam = ScoreField()
    r1 = ScoreField(required=False, allow_null=True, help_text="only for an admission rating below 50")
    r2 = ScoreField(required=False, allow_null=True, help_text="only for an admission rating below 50")


class AdditionalExamSerializer(serializers.Serializer[Any]):
    """An admission to the additional period; once recorded, ``attempt`` is the new result on its
    ``sheet``."""

    id = serializers.IntegerField(source="pk")
    result = serializers.IntegerField(source="result_id")
    category = serializers.ChoiceField(choices=CATEGORIES)
    ends = serializers.DateField()
    recorded = serializers.SerializerMethodField()
    letter_after = serializers.SerializerMethodField()
    attempt = serializers.IntegerField(source="attempt_id", allow_null=True)
    sheet = serializers.SerializerMethodField()

    def get_recorded(self, additional: Any) -> bool:
        return additional.recorded_at is not None

    def get_letter_after(self, additional: Any) -> str | None:
        return additional.letter_after or None

    def get_sheet(self, additional: Any) -> int | None:
        return _sheet_of_attempt(additional.attempt)


class SessionExtensionInput(serializers.Serializer[Any]):
    period = serializers.CharField()
    extended_to = serializers.DateField(help_text="e.g. 2027-01-20; at most three weeks after the session")
    reason = serializers.CharField()


class SessionExtensionSerializer(serializers.Serializer[Any]):
    student = serializers.CharField(source="student.user.username")
    period = serializers.CharField(source="period.code")
    extended_to = serializers.DateField()
    reason = serializers.CharField()


# --- attendance (GR-3, issue 9) ---------------------------------------------------------------------


class AttendanceLineSerializer(serializers.Serializer[AttendanceLine]):
    result = serializers.IntegerField(source="result_id")
    discipline = serializers.CharField(source="discipline.code")
    period = serializers.CharField(source="period.code")
    section = serializers.CharField(allow_null=True)
    classes_held = serializers.IntegerField()
    absences = serializers.IntegerField()
    lates_over_20_min = serializers.IntegerField()
    missed = serializers.IntegerField(help_text="five lates of more than 20 minutes make one missed class")
    missed_percent = serializers.DecimalField(max_digits=4, decimal_places=1)
    limit_percent = serializers.DecimalField(max_digits=3, decimal_places=0)
    warning_percent = serializers.DecimalField(max_digits=3, decimal_places=0)
    limit_applies = serializers.BooleanField()
    at_risk = serializers.BooleanField()
    over_limit = serializers.BooleanField()
    admitted_by_dean_order = serializers.BooleanField()


class AdviseeAtRiskSerializer(serializers.Serializer[AdviseeAtRisk]):
    student = serializers.CharField()
    full_name = serializers.CharField()
    attendance = AttendanceLineSerializer()


# --- issue 11: integral GPA and progression (contract §7; GP-2 … GP-4, TR-10, TR-11) ------------------

BLOCK_HELP = ("the block as a fraction of its maximum (GPA / 4.0; points / maximum), four decimals, half "
              "up; null where the course year's formula does not use it")
REASONS = ["achievements_missing", "results_missing", "gpa_block_below_half", "iros_block_below_half",
           "ssci_block_below_half", "gpa_below_minimum"]
OUTCOMES = ["progress", "progress_with_debts", "repeat_year"]


class AchievementsInput(serializers.Serializer[Any]):
    """Contract §7: a year's achievement points, each 0 … the block's maximum (default 100). A block left
    out keeps its points."""

    ssci = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True)
    iros = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True)
    research = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AchievementsSerializer(serializers.Serializer[Any]):
    student = serializers.CharField(source="student.user.username")
    academic_year = serializers.CharField()
    ssci = serializers.DecimalField(max_digits=6, decimal_places=2)
    iros = serializers.DecimalField(max_digits=6, decimal_places=2)
    research = serializers.DecimalField(max_digits=6, decimal_places=2)
    recorded_at = serializers.DateTimeField()


class IgpaQuery(serializers.Serializer[Any]):
    academic_year = serializers.RegexField(r"^\d{4}-\d{4}$", required=False,
                                           help_text='e.g. "2025-2026"; by default the year whose '
                                                     "progression comes next")


class BlocksSerializer(serializers.Serializer[Any]):
    gpa = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True, help_text=BLOCK_HELP)
    research = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True, help_text=BLOCK_HELP)
    ssci = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True, help_text=BLOCK_HELP)
    iros = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True, help_text=BLOCK_HELP)


class ProgressionSerializer(serializers.Serializer[Any]):
    meets = serializers.BooleanField(help_text="GP-4: every assessed block at least one half of its maximum")
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=REASONS))


class IgpaSerializer(serializers.Serializer[Any]):
    """Contract §7: a student's iGPA of an academic year. Exact arithmetic; only what is shown is rounded
    half up — gpa to two decimals, blocks to four, igpa to two."""

    student = serializers.CharField(source="username")
    academic_year = serializers.CharField()
    course_year = serializers.IntegerField(allow_null=True)
    gpa = serializers.DecimalField(source="shown_gpa", max_digits=3, decimal_places=2, allow_null=True,
                                   help_text="GP-1 over the results of the academic year's periods")
    blocks = BlocksSerializer()
    igpa = serializers.DecimalField(source="shown_igpa", max_digits=3, decimal_places=2, allow_null=True)
    progression = ProgressionSerializer(allow_null=True)


class ProgressionRunSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    academic_year = serializers.CharField()
    intake = serializers.ChoiceField(choices=["autumn", "winter"])
    deadline = serializers.DateField()
    order_number = serializers.CharField()
    order_date = serializers.DateField(allow_null=True)
    drawn_up_at = serializers.DateTimeField()
    confirmed_at = serializers.DateTimeField(allow_null=True)


class ProgressionLineSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    student = serializers.CharField(source="student.user.username")
    full_name = serializers.CharField(source="student.user.full_name")
    course_year = serializers.IntegerField(help_text="the course year evaluated (before progression)")
    funding = serializers.CharField()
    gpa = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    igpa = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    blocks = BlocksSerializer()
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=REASONS))
    debts = serializers.ListField(child=serializers.CharField(),
                                  help_text="disciplines to clear on a paid basis")
    loses_grant = serializers.BooleanField()
    applied_at = serializers.DateTimeField(allow_null=True)
    contract_signed_on = serializers.DateField(allow_null=True)
    expulsion_listed_at = serializers.DateTimeField(allow_null=True)
    expelled_at = serializers.DateTimeField(allow_null=True)


class ProgressionListSerializer(ProgressionRunSerializer):
    lines = ProgressionLineSerializer(source="ordered_lines", many=True,
                                      help_text="repeat years first, then progress with debts, then progress")


class ProgressionDrawInput(serializers.Serializer[Any]):
    academic_year = serializers.RegexField(r"^\d{4}-\d{4}$")
    intake = serializers.ChoiceField(choices=["autumn", "winter"], default="autumn")


class RepeatContractInput(serializers.Serializer[Any]):
    signed_on = serializers.DateField(help_text="the day the repeat-year contract was signed (TR-11)")
