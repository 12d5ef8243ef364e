"""Admissions reads: rows → frozen dataclasses for ``admissions.policy`` (fetch, then compute).

The campaign's rules are read as data in force on a date: thresholds and the conversion scale by
their effective dates, the priority order by position, quotas by intake year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from admissions.models import (
    Applicant,
    CompetitionRun,
    ConversionRow,
    NationalPriority,
    Quota,
    QuotaCategory,
    Threshold,
)
from admissions.policy.applicant import FIELDS
from admissions.policy.conversion import ConversionRow as ScaleRow
from admissions.policy.conversion import InternationalCertificate
from admissions.policy.eligibility import ApplicantFacts, Eligibility, evaluate
from admissions.policy.ranking import Candidate
from admissions.policy.ranking import Quota as QuotaShare
from admissions.policy.unt import UntResult
from ektu_portal.academics.models import AcademicPeriod

# AD-9: the periods an interview must come 5 days before (not the summer or an additional period).
TEACHING_PERIODS = (AcademicPeriod.Kind.SEMESTER, AcademicPeriod.Kind.TRIMESTER, AcademicPeriod.Kind.QUARTER)


class Rules:
    """The campaign's rules, read once and asked many times (a competition asks for thousands)."""

    def __init__(self) -> None:
        self._thresholds: dict[str, list[tuple[date, str, Decimal]]] = defaultdict(list)
        for row in Threshold.objects.order_by("effective_from").values_list("track", "effective_from",
                                                                            "requirement", "value"):
            self._thresholds[row[0]].append((row[1], row[2], row[3]))
        self._scale = [(row.effective_from, ScaleRow(row.certificate, row.minimum, row.points, row.counts_as))
                       for row in ConversionRow.objects.order_by("effective_from", "pk")]
        self.period_starts: tuple[date, ...] = tuple(
            AcademicPeriod.objects.filter(kind__in=TEACHING_PERIODS).order_by("starts")
            .values_list("starts", flat=True))
        self.priority_order: tuple[str, ...] = tuple(
            NationalPriority.objects.order_by("position").values_list("code", flat=True))
        self.quota_categories: frozenset[str] = frozenset(
            QuotaCategory.objects.values_list("code", flat=True))
        self._cache: dict[tuple[str, date], dict[str, Decimal]] = {}
        self._scale_cache: dict[date, tuple[ScaleRow, ...]] = {}

    def thresholds(self, track: str, on: date) -> dict[str, Decimal]:
        """Each requirement's latest value in force on ``on``; before a requirement's first row, that
        first row (the earliest campaign on record) — an applicant is never judged with no minimum."""
        key = (track, on)
        if key not in self._cache:
            values: dict[str, Decimal] = {}
            for effective_from, requirement, value in self._thresholds.get(track, []):
                if effective_from <= on or requirement not in values:
                    values[requirement] = value
            self._cache[key] = values
        return self._cache[key]

    def scale(self, on: date) -> tuple[ScaleRow, ...]:
        """AD-4: the conversion rows in force on ``on`` (a later row of the same place replaces one)."""
        if on not in self._scale_cache:
            rows: dict[tuple[str, str, Decimal], ScaleRow] = {}
            for effective_from, row in self._scale:
                if effective_from <= on:
                    rows[(row.certificate, row.counts_as, row.minimum)] = row
            self._scale_cache[on] = tuple(rows.values())
        return self._scale_cache[on]

    def quotas(self, intake_year: int) -> tuple[QuotaShare, ...]:
        """AD-18: the quotas of the intake year, in the categories' code order (a fixed, stated order)."""
        return tuple(QuotaShare(category, percent) for category, percent in
                     Quota.objects.filter(intake_year=intake_year, percent__gt=0)
                     .order_by("category__code").values_list("category__code", "percent"))


# --- one applicant ------------------------------------------------------------------------------------

APPLICANT_FIELDS = tuple(name for name in FIELDS if name != "program")


def applicant_record(applicant: Applicant) -> dict[str, Any]:
    """The stored applicant in contract §6's shape (what the API received, and the audit keeps)."""
    record: dict[str, Any] = {name: getattr(applicant, name) for name in APPLICANT_FIELDS}
    record["program"] = applicant.program.code
    for name in ("oecd_degree_until", "military_service_ended", "interview_date"):
        record[name] = record[name].isoformat() if record[name] else None
    if record["certificate_average"] is not None:
        record["certificate_average"] = str(record["certificate_average"])
    return record


# What the rules read of a stored applicant (values, not model instances: a competition reads thousands).
FACT_FIELDS = ("number", "track", "citizenship", "unt", "unt_second", "international_certificate",
               "creative_exams", "kt", "foreign_language_certificate", "oecd_degree_until", "master_degree",
               "work_experience_months", "cefr_certificate", "entrance_exam", "military_service_ended",
               "interview_date", "certificate_average", "priorities", "quota_categories")


def _unt(data: Mapping[str, Any] | None) -> UntResult | None:
    if not data:
        return None
    subjects = {name: int(points) for name, points in (data.get("subjects") or {}).items()}
    return UntResult(total=int(data["total"]), subjects=subjects)


def facts_of(values: Mapping[str, Any], *, creative_program: bool) -> ApplicantFacts:
    """A stored applicant as the rules read it. The row was checked when it was saved (the service
    reads every field through the policy's reader), so it is only reshaped here."""
    certificate = values["international_certificate"]
    converted = None
    if certificate:
        converted = InternationalCertificate(certificate["kind"], Decimal(certificate["score"]))
    return ApplicantFacts(
        number=values["number"], track=values["track"], citizenship=values["citizenship"],
        creative_program=creative_program, unt=_unt(values["unt"]), unt_second=_unt(values["unt_second"]),
        international_certificate=converted,
        creative_exams={k: int(v) for k, v in (values["creative_exams"] or {}).items()},
        kt={k: int(v) for k, v in values["kt"].items()} if values["kt"] is not None else None,
        foreign_language_certificate=values["foreign_language_certificate"],
        oecd_degree_until=values["oecd_degree_until"], master_degree=values["master_degree"],
        work_experience_months=values["work_experience_months"], cefr_certificate=values["cefr_certificate"],
        entrance_exam=values["entrance_exam"], military_service_ended=values["military_service_ended"],
        interview_date=values["interview_date"], certificate_average=values["certificate_average"],
        priorities=frozenset(values["priorities"]), quota_categories=frozenset(values["quota_categories"]))


def evaluate_facts(facts: ApplicantFacts, applied_on: date, *, today: date, rules: Rules) -> Eligibility:
    return evaluate(facts, rules.thresholds(facts.track, applied_on), today=today,
                    period_starts=rules.period_starts, scale=rules.scale(applied_on))


def eligibility_of(applicant: Applicant, *, today: date, rules: Rules | None = None) -> Eligibility:
    """Contract §6: the applicant's score and decision per funding route, on the campaign's rules (those
    in force on the day the application arrived)."""
    values = {name: getattr(applicant, name) for name in FACT_FIELDS}
    facts = facts_of(values, creative_program=applicant.program.creative)
    return evaluate_facts(facts, applicant.applied_on, today=today, rules=rules or Rules())


@dataclass(frozen=True)
class ApplicantRow:
    """An applicant as the staff list shows them."""

    number: str
    full_name: str
    track: str
    program: str
    score: int | None
    state_grant: bool
    paid: bool
    admitted: bool


def applicant_rows(applicants: Iterable[Applicant], *, today: date) -> list[ApplicantRow]:
    rules = Rules()
    rows = []
    for applicant in applicants:
        result = eligibility_of(applicant, today=today, rules=rules)
        rows.append(ApplicantRow(applicant.number, applicant.full_name, applicant.track,
                                 applicant.program.code, result.score, result.state_grant.eligible,
                                 result.paid.eligible, applicant.student_id is not None))
    return rows


# --- competitions ---------------------------------------------------------------------------------------


def competition_applicants(program_group: str, track: str) -> Any:
    """The applicants a competition looks at — its track, programmes of its group (contract §6) — as the
    values the rules read (``facts_of``), with ``applied_on`` and ``program__creative``."""
    return (Applicant.objects.filter(track=track, program__group_code=program_group).order_by("number")
            .values(*FACT_FIELDS, "applied_on", "program__creative"))


def candidate_as_dict(candidate: Candidate) -> dict[str, Any]:
    average = candidate.certificate_average
    return {"number": candidate.number, "score": candidate.score, "priorities": sorted(candidate.priorities),
            "certificate_average": str(average) if average is not None else None,
            "profile_scores": candidate.profile_scores,
            "quota_categories": sorted(candidate.quota_categories)}


def candidate_from_dict(data: Mapping[str, Any]) -> Candidate:
    average = data.get("certificate_average")
    return Candidate(number=data["number"], score=int(data["score"]),
                     priorities=frozenset(data["priorities"]),
                     certificate_average=Decimal(average) if average is not None else None,
                     profile_scores=int(data["profile_scores"]),
                     quota_categories=frozenset(data["quota_categories"]))


def quotas_from_inputs(inputs: Mapping[str, Any]) -> tuple[QuotaShare, ...]:
    return tuple(QuotaShare(q["category"], Decimal(q["percent"])) for q in inputs.get("quotas", []))


def latest_published_run(applicant: Applicant) -> CompetitionRun | None:
    """The last published run of a competition the applicant is in (their status page, admission)."""
    runs = (CompetitionRun.objects.filter(status=CompetitionRun.Status.DONE, published_at__isnull=False,
                                          competition__track=applicant.track,
                                          competition__program_group=applicant.program.group_code)
            .select_related("competition").order_by("-published_at"))
    for run in runs:
        if any(entry["applicant"] == applicant.number for entry in run.ranking):
            return run
    return None


@dataclass(frozen=True)
class Standing:
    """Where an applicant stands in a published run (AD-18): told on their own status page."""

    competition: str
    run: int
    rank: int
    of: int
    score: int
    awarded: bool
    via: str
    cutoff_score: int | None
    # What put them below the applicant just above, and the one just below after them (when tied on score).
    decided_above: str
    decided_below: str


def standing_in(run: CompetitionRun, number: str) -> Standing | None:
    entries: Sequence[Mapping[str, Any]] = run.ranking
    for index, entry in enumerate(entries):
        if entry["applicant"] != number:
            continue
        below = entries[index + 1]["decided_by"] if index + 1 < len(entries) else ""
        return Standing(run.competition.code, run.run, entry["rank"], len(entries), entry["score"],
                        entry["awarded"], entry.get("via", ""), run.cutoff_score, entry.get("decided_by", ""),
                        below)
    return None


def applicant_of_number(number: str) -> Applicant | None:
    return Applicant.objects.select_related("program", "student__user").filter(number=number).first()



def run_view(run: CompetitionRun) -> Any:
    """A stored run as the comparison reads it: its ranking and the inputs it was computed from."""
    from admissions.policy.comparison import RunView
    from admissions.policy.ranking import RankedEntry

    inputs = run.inputs or {}
    entries = [RankedEntry(e["applicant"], e["rank"], e["score"], e["awarded"], e.get("via", ""),
                           e.get("decided_by", "")) for e in run.ranking]
    candidates = {c["number"]: candidate_from_dict(c) for c in inputs.get("candidates", [])}
    return RunView(entries, candidates, int(inputs.get("grants", 0)), quotas_from_inputs(inputs),
                   tuple(inputs.get("priority_order", [])))


def compare_runs(earlier: CompetitionRun, later: CompetitionRun) -> Any:
    """AD-18: who moved between two runs, and why."""
    from admissions.policy.comparison import compare

    return compare(run_view(earlier), run_view(later))


def names_of(numbers: Iterable[str]) -> dict[str, str]:
    """Applicants' full names by number (people appear by name, never by number alone)."""
    return dict(Applicant.objects.filter(number__in=list(numbers)).values_list("number", "full_name"))


def priority_names() -> dict[str, str]:
    """AD-18's priorities by code, in the reader's language."""
    return {row.code: row.name for row in NationalPriority.objects.all()}


def admitted_for_recount() -> list[Applicant]:
    """AD-7: students admitted to a reduced term, whose prior learning the QA commission recounts (RC-1 …
    RC-6, the engine in grading); the lead's recount pages link from here by the student's username."""
    from admissions.policy import codes

    return list(Applicant.objects.filter(track=codes.BACHELOR_REDUCED, student__isnull=False)
                .select_related("student__user", "program").order_by("number"))


# --- prior learning (AD-7, RC-1 … RC-6) --------------------------------------------------------------------


@dataclass(frozen=True)
class HomeCurriculumItem:
    """A discipline of the student's working curriculum, as the commission matches lines to it."""

    code: str
    name: str  # in the reader's language
    names: tuple[str, ...]  # every name it has (kk, ru, en): RC-2 compares with all of them
    credits: int
    semester: int
    component: str


def _name_in(obj: Any, language: str) -> str:
    return str(getattr(obj, f"name_{language}", "") or obj.name_en)


def home_curriculum(student: Any) -> tuple[HomeCurriculumItem, ...]:
    """RC-5: the working curriculum of the student's programme and intake year, by semester and code."""
    from django.utils.translation import get_language

    from ektu_portal.academics.models import CurriculumItem

    language = (get_language() or "kk")[:2]
    items = (CurriculumItem.objects.filter(curriculum__program_id=student.program_id,
                                           curriculum__intake_year=student.intake_year)
             .select_related("discipline").order_by("semester", "discipline__code"))
    seen: dict[str, HomeCurriculumItem] = {}
    for item in items:
        d = item.discipline
        seen.setdefault(d.code, HomeCurriculumItem(
            code=d.code, name=_name_in(d, language),
            names=tuple(n for n in (d.name_kk, d.name_ru, d.name_en) if n),
            credits=d.credits, semester=item.semester, component=item.component))
    return tuple(seen.values())


def letters_in_force(today: date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """GR-6/RC-3/RC-4: (every letter of the scale in force, the positive ones — A … D — a pass may be
    given), best first."""
    from grading.selectors import letter_scale

    scale = letter_scale(today)
    return (tuple(band.letter for band in scale),
            tuple(band.letter for band in scale if band.traditional != "unsatisfactory"))


def difference_due(today: date) -> AcademicPeriod | None:
    """RC-5/RC-6: the period the academic difference is due by — the last period (summer semester
    included) of the academic year in progress, or of the next one when none is (an admission made in
    the summer is for the year that starts in September)."""
    current = AcademicPeriod.objects.filter(ends__gte=today).order_by("starts", "code").first()
    if current is None:
        return None
    if not current.academic_year:
        return current
    return (AcademicPeriod.objects.filter(academic_year=current.academic_year)
            .order_by("-ends", "-starts", "code").first())


@dataclass(frozen=True)
class PriorLearningRow:
    """One recount on the list page."""

    id: int
    student: str
    student_name: str
    program: str
    institution: str
    reduced_term: bool
    status: str
    status_label: str
    created_at: Any
    protocol_number: str
    credits_recognized: int


def prior_learning_cases(actor: Any) -> list[PriorLearningRow]:
    """The recounts the actor may see (issue 10): the whole university's for admissions staff, the QA
    commission, the registrar and mobility coordinators; the school's for its deputy dean; a student's
    own decided ones. Read in one query for the list."""
    from admissions import permissions
    from admissions.models import PriorLearningCase
    from ektu_portal.academics.models import Role
    from ektu_portal.academics.permissions import dean_school_ids, has_role, is_registrar

    cases = PriorLearningCase.objects.select_related("student__user", "student__program").order_by(
        "-created_at", "-pk")
    if (permissions.is_admissions_staff(actor) or is_registrar(actor)
            or has_role(actor, Role.QA_COMMISSION, Role.MOBILITY_COORDINATOR)):
        pass
    elif has_role(actor, Role.DEPUTY_DEAN) and dean_school_ids(actor):
        cases = cases.filter(student__program__school_id__in=dean_school_ids(actor))
    elif getattr(actor, "is_authenticated", False):
        cases = cases.filter(student__user_id=actor.pk, status=PriorLearningCase.Status.DECIDED)
    else:
        return []
    return [PriorLearningRow(id=c.pk, student=c.student.user.username, student_name=c.student.user.full_name,
                             program=c.student.program.code, institution=c.institution,
                             reduced_term=c.reduced_term, status=c.status,
                             status_label=str(c.get_status_display()), created_at=c.created_at,
                             protocol_number=c.protocol_number, credits_recognized=c.credits_recognized)
            for c in cases[:500]]


def recount_items(lines: Iterable[Any]) -> tuple[list[dict[str, Any]], list[int]]:
    """Contract §8 items of the confirmed matches, in the lines' order, and each item's line position.

    RC-4: a pass counts with its percentage, else with the commission's letter. Whole-valued decimals
    become whole numbers, as the recount API reads them."""

    def number(value: Decimal | None) -> int | Decimal | None:
        if value is None:
            return None
        return int(value) if value == value.to_integral_value() else value

    items: list[dict[str, Any]] = []
    positions: list[int] = []
    for line in lines:
        if line.discipline_id is None or line.match_status != "confirmed":
            continue
        items.append({"title": line.title, "hours": number(line.hours), "ects": number(line.ects),
                      "credits": number(line.credits),
                      "letter": (line.commission_letter or line.letter or None),
                      "percent": number(line.percent), "pass": line.passed,
                      "discipline": line.discipline.code})
        positions.append(line.position)
    return items, positions
