"""Input and output shapes of admissions' API (contract §6, HackSoft style): the OpenAPI schema types
every body. Applicant bodies are read by the policy's reader (every problem at once, as
``invalid_applicant``); these serializers describe them and shape the answers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from admissions.policy import codes
from admissions.policy.conversion import CERTIFICATES
from ektu_portal.core.problems import problem_responses


def problems(*statuses: int) -> dict[Any, Any]:
    """The problem responses of an operation; 401 always (every endpoint needs a signed-in person)."""
    return problem_responses(*sorted({401, *statuses}))


Points = serializers.DictField(child=serializers.IntegerField(min_value=0))


class UntInput(serializers.Serializer[Any]):
    total = serializers.IntegerField(required=False, help_text="omitted: the sum of the subjects")
    subjects = serializers.DictField(child=serializers.IntegerField(), required=False,
                                     help_text='{"history_kz": 14, "reading": 7, "profile_1": 30, …}')


class CertificateInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=list(CERTIFICATES))
    score = serializers.DecimalField(max_digits=7, decimal_places=2)


class KtInput(serializers.Serializer[Any]):
    foreign_language = serializers.IntegerField(required=False)
    readiness = serializers.IntegerField(required=False)
    profile_single = serializers.IntegerField(required=False)
    profile_multiple = serializers.IntegerField(required=False)


class ApplicantInput(serializers.Serializer[Any]):
    """Contract §6: create or update (by number). Which fields are required depends on the track."""

    number = serializers.CharField()
    full_name = serializers.CharField()
    track = serializers.ChoiceField(choices=list(codes.TRACKS))
    program = serializers.CharField(help_text="the programme's code")
    citizenship = serializers.CharField(help_text="ISO 3166 two-letter code; KZ for Kazakhstan")
    full_name_latin = serializers.CharField(required=False)
    iin = serializers.CharField(required=False)
    email = serializers.EmailField(required=False, help_text="the one-time codes of the status page go here")
    phone = serializers.CharField(required=False)
    documents = serializers.ListField(child=serializers.CharField(), required=False)
    unt = UntInput(required=False, allow_null=True)
    unt_second = UntInput(required=False, allow_null=True, help_text="AD-2: an electronic UNT's other result")
    international_certificate = CertificateInput(required=False, allow_null=True, help_text="AD-4")
    creative_exams = serializers.DictField(child=serializers.IntegerField(), required=False)
    kt = KtInput(required=False, allow_null=True)
    foreign_language_certificate = serializers.CharField(required=False, allow_null=True)
    oecd_degree_until = serializers.DateField(required=False, allow_null=True)
    master_degree = serializers.BooleanField(required=False, allow_null=True)
    work_experience_months = serializers.IntegerField(required=False, allow_null=True)
    cefr_certificate = serializers.BooleanField(required=False, default=False)
    entrance_exam = serializers.IntegerField(required=False, allow_null=True)
    military_service_ended = serializers.DateField(required=False, allow_null=True)
    interview_date = serializers.DateField(required=False, allow_null=True)
    certificate_average = serializers.DecimalField(max_digits=3, decimal_places=2, required=False,
                                                   allow_null=True)
    priorities = serializers.ListField(child=serializers.CharField(), required=False)
    quota_categories = serializers.ListField(child=serializers.CharField(), required=False)


class RouteSerializer(serializers.Serializer[Any]):
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=list(codes.REASONS)))


class RoutesSerializer(serializers.Serializer[Any]):
    state_grant = RouteSerializer()
    paid = RouteSerializer()


class EligibilitySerializer(serializers.Serializer[Any]):
    """Contract §6: the applicant's competition score and their eligibility per funding route."""

    number = serializers.CharField()
    track = serializers.ChoiceField(choices=list(codes.TRACKS))
    score = serializers.IntegerField(allow_null=True, help_text="UNT total, KT total or entrance exam")
    routes = RoutesSerializer()


class CompetitionInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=64)
    program_group = serializers.CharField(max_length=64)
    track = serializers.ChoiceField(choices=list(codes.TRACKS))
    grants = serializers.IntegerField(min_value=0)
    intake_year = serializers.IntegerField(min_value=2000, max_value=2100)


class RankingEntrySerializer(serializers.Serializer[Any]):
    applicant = serializers.CharField()
    rank = serializers.IntegerField()
    score = serializers.IntegerField()
    awarded = serializers.BooleanField()


class RunSerializer(serializers.Serializer[Any]):
    """Contract §6: a stored run of a competition and its ranking."""

    code = serializers.CharField(source="competition.code")
    run = serializers.IntegerField()
    ranking = RankingEntrySerializer(many=True)


# --- prior learning (AD-7, RC-1 … RC-6) --------------------------------------------------------------------

RECOUNT_REFUSALS = ["letter_required", "grade_below_d", "workload_short", "non_formal_cap"]
DIFFERENCE_REASONS = ["not_matched", *RECOUNT_REFUSALS]


class PriorLineInput(serializers.Serializer[Any]):
    """RC-1: one line of the previous transcript, as printed there (contract §8's item, without the match:
    the portal proposes it and the QA commission confirms it)."""

    code = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                 help_text="the discipline's code at the previous institution (RC-2)")
    title = serializers.CharField(max_length=300)
    hours = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)
    ects = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    credits = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    letter = serializers.CharField(max_length=2, required=False, allow_blank=True, allow_null=True)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)


# RC-4: `pass` — a Python keyword, so declared by name (as grading's recount input does).
PriorLineInput._declared_fields["pass"] = serializers.BooleanField(required=False, default=False)


class PriorLearningInput(serializers.Serializer[Any]):
    student = serializers.CharField(help_text="the student's username")
    institution = serializers.CharField(max_length=300)
    reduced_term = serializers.BooleanField(required=False, allow_null=True, default=None,
                                            help_text="RC-6: at most 35 credits of difference; omitted: as "
                                                      "admitted (the reduced-term track)")
    hours_per_credit = serializers.DecimalField(max_digits=5, decimal_places=2, required=False,
                                                allow_null=True,
                                                help_text="MO-6: the institution's hours per ECTS credit "
                                                          "(30 when omitted)")
    lines = PriorLineInput(many=True, required=False, default=list)


class PriorDecisionInput(serializers.Serializer[Any]):
    protocol_number = serializers.CharField(max_length=64)
    protocol_date = serializers.DateField()


class PriorMatchOutput(serializers.Serializer[Any]):
    discipline = serializers.CharField(allow_null=True, help_text="the home discipline's code")
    basis = serializers.ChoiceField(choices=["", "code", "volume_and_name", "commission"], allow_blank=True)
    score = serializers.DecimalField(max_digits=4, decimal_places=3, allow_null=True,
                                     help_text="1 for equal codes, else the names' similarity")
    status = serializers.ChoiceField(choices=["", "proposed", "confirmed", "rejected"], allow_blank=True)


class PriorLineOutput(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    code = serializers.CharField(source="source_code")
    title = serializers.CharField()
    hours = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    ects = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    credits = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    letter = serializers.CharField(allow_blank=True)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    commission_letter = serializers.CharField(allow_blank=True, help_text="RC-4: a pass's letter")
    match = serializers.SerializerMethodField()

    @extend_schema_field(PriorMatchOutput)
    def get_match(self, line: Any) -> dict[str, Any]:
        return dict(PriorMatchOutput({
            "discipline": line.discipline.code if line.discipline_id else None, "basis": line.match_basis,
            "score": line.match_score, "status": line.match_status}).data)


PriorLineOutput._declared_fields["pass"] = serializers.BooleanField(source="passed")


class PriorRecognizedOutput(serializers.Serializer[Any]):
    discipline = serializers.CharField()
    letter = serializers.CharField()
    credits = serializers.IntegerField()
    lines = serializers.ListField(child=serializers.IntegerField())


class PriorRefusedOutput(serializers.Serializer[Any]):
    discipline = serializers.CharField()
    reason = serializers.ChoiceField(choices=RECOUNT_REFUSALS)
    lines = serializers.ListField(child=serializers.IntegerField())


class PriorDifferenceOutput(serializers.Serializer[Any]):
    discipline = serializers.CharField(source="discipline.code")
    credits = serializers.IntegerField()
    semester = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=DIFFERENCE_REASONS)
    debt_registered_at = serializers.DateTimeField(allow_null=True)


class PriorSheetOutput(serializers.Serializer[Any]):
    """Contract §8's comparison sheet as decided, each entry with the transcript lines behind it."""

    recognized = PriorRecognizedOutput(many=True)
    refused = PriorRefusedOutput(many=True)
    difference = PriorDifferenceOutput(many=True)


class PriorLearningSerializer(serializers.Serializer[Any]):
    """A prior-learning recount (RC-1 … RC-6): its lines with their matches and, once decided, its sheet."""

    id = serializers.IntegerField()
    student = serializers.CharField(source="student.user.username")
    institution = serializers.CharField()
    reduced_term = serializers.BooleanField()
    hours_per_credit = serializers.DecimalField(max_digits=5, decimal_places=2)
    status = serializers.ChoiceField(choices=["draft", "decided"])
    protocol_number = serializers.CharField(allow_blank=True)
    protocol_date = serializers.DateField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    due_date = serializers.DateField(allow_null=True, help_text="RC-5/RC-6: the difference is due by")
    credits_recognized = serializers.IntegerField()
    lines = PriorLineOutput(many=True, source="lines.all")
    sheet = serializers.SerializerMethodField()

    @extend_schema_field(PriorSheetOutput(allow_null=True))
    def get_sheet(self, case: Any) -> dict[str, Any] | None:
        if case.status != "decided":
            return None
        stored = case.sheet or {}
        return dict(PriorSheetOutput({
            "recognized": stored.get("recognized", []), "refused": stored.get("refused", []),
            "difference": list(case.difference.select_related("discipline").order_by("semester",
                                                                                     "discipline__code"))}).data)


class PriorLearningRowSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    student = serializers.CharField()
    student_name = serializers.CharField()
    institution = serializers.CharField()
    reduced_term = serializers.BooleanField()
    status = serializers.ChoiceField(choices=["draft", "decided"])
    protocol_number = serializers.CharField(allow_blank=True)
    credits_recognized = serializers.IntegerField()
