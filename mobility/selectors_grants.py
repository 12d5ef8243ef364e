"""TR-9: reads of the vacant-grant competition — each student's facts for the policy, from grading's
transcripts and debts, and the vacant grants with their lists and awards for the page, the API and the
printed list.

Grades, GPA and debts come only from ``grading.selectors`` (issue 8); the cohort is read in a fixed
number of queries, whatever its size (no query per student).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch

from ektu_portal.academics.models import Student
from grading.selectors import Transcript, open_debts, student_transcripts
from mobility import labels
from mobility.models import VacantGrant, VacantGrantAward
from mobility.policy import vacant_grants

# Contract §4 statuses (as ``mobility.selectors`` reads them): an attempt in progress has no final letter
# yet; a graded one has its letter; any other (did not appear, not admitted, annulled) is an
# F-equivalent without a letter (GR-7, GR-8).
_IN_PROGRESS = "in_progress"
_GRADED = "graded"

# Who is still a student of the cohort: the expelled and the graduated do not compete (TR-9 awards a
# grant for the rest of the study).
STUDYING = (Student.Status.ACTIVE, Student.Status.ACADEMIC_LEAVE, Student.Status.MOBILITY)


def cohort_of(grant: VacantGrant) -> vacant_grants.Cohort:
    return vacant_grants.Cohort(grant.group_code, grant.study_form, grant.intake_year)


@dataclass(frozen=True)
class Competitor:
    """One student of the cohort as the policy sees them, with the name the list prints."""

    facts: vacant_grants.Student
    full_name: str


def letters_of(transcript: Transcript) -> tuple[str | None, ...]:
    """TR-9: the letter of every graded attempt of the whole study (retakes and recognized results
    included); None for an F-equivalent without a letter."""
    return tuple(attempt.letter if attempt.status == _GRADED else None
                 for attempt in transcript.attempts if attempt.status != _IN_PROGRESS)


def competitors(cohort: vacant_grants.Cohort) -> tuple[Competitor, ...]:
    """Every student studying in the cohort's group of programmes, study form and intake year — paid or
    not, with debts or not: the policy excludes them with their reasons, so the Scientific Council sees
    who was left out and why. A fixed number of queries: the students, their transcripts
    (``student_transcripts``), their open debts."""
    students = list(Student.objects.filter(program__group_code=cohort.group, study_form=cohort.study_form,
                                           intake_year=cohort.intake_year, status__in=STUDYING)
                    .select_related("user", "program").order_by("user__username"))
    if not students:
        return ()
    transcripts = student_transcripts(students)
    debts = Counter(debt.student_id for debt in open_debts(student_ids=[s.pk for s in students]))
    found = []
    for student in students:
        transcript = transcripts[student.pk]
        # The record number is the username (the portal's student number).
        facts = vacant_grants.Student(
            record_number=student.user.username,
            cohort=vacant_grants.Cohort(student.program.group_code, student.study_form, student.intake_year),
            funding=student.funding, gpa=transcript.gpa, letters=letters_of(transcript),
            open_debts=debts[student.pk])
        found.append(Competitor(facts, student.user.full_name))
    return tuple(found)


# --- the page, the API and the printed list ---------------------------------------------------------------

@dataclass(frozen=True)
class RankedRow:
    position: int
    username: str
    full_name: str
    gpa: str
    tier: int
    decided_by: str | None
    candidate: bool
    awarded: bool

    @property
    def tier_label(self) -> str:
        return str(labels.VACANT_GRANT_TIERS.get(self.tier, self.tier))

    @property
    def criterion_label(self) -> str:
        return labels.label(labels.VACANT_GRANT_CRITERIA, self.decided_by)


@dataclass(frozen=True)
class ExcludedRow:
    username: str
    full_name: str
    reasons: tuple[str, ...]

    @property
    def reason_labels(self) -> list[str]:
        return [labels.label(labels.VACANT_GRANT_EXCLUSIONS, reason) for reason in self.reasons]


@dataclass(frozen=True)
class CandidateList:
    made_at: datetime
    ranked: tuple[RankedRow, ...]
    excluded: tuple[ExcludedRow, ...]
    tie_at_cut: bool
    digest: str

    @property
    def candidates(self) -> tuple[RankedRow, ...]:
        return tuple(row for row in self.ranked if row.candidate)


@dataclass(frozen=True)
class AwardRow:
    username: str
    full_name: str
    order_number: str
    order_on: date
    funding_before: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class VacantGrantView:
    id: int
    group_code: str
    study_form: str
    intake_year: int
    places: int
    deadline: date
    basis: str
    recorded_by: str
    recorded_at: datetime
    candidate_list: CandidateList | None
    awards: tuple[AwardRow, ...]

    @property
    def study_form_label(self) -> str:
        return str(Student.StudyForm(self.study_form).label) if self.study_form in Student.StudyForm.values \
            else self.study_form

    @property
    def places_left(self) -> int:
        return max(self.places - len(self.awards), 0)


def _candidate_list(grant: VacantGrant, awarded: set[str]) -> CandidateList | None:
    stored = getattr(grant, "candidate_list", None)
    if stored is None:
        return None
    ranked = tuple(RankedRow(row["position"], row["username"], row["full_name"], row["gpa"], row["tier"],
                             row["decided_by"], row["candidate"], row["username"] in awarded)
                   for row in stored.ranked)
    excluded = tuple(ExcludedRow(row["username"], row["full_name"], tuple(row["reasons"]))
                     for row in stored.excluded)
    return CandidateList(stored.made_at, ranked, excluded, stored.tie_at_cut, stored.digest)


def _view(grant: VacantGrant) -> VacantGrantView:
    awards = tuple(AwardRow(a.student.user.username, a.student.user.full_name, a.order_number, a.order_on,
                            a.funding_before, a.recorded_by.full_name, a.recorded_at)
                   for a in grant.awards.all())
    return VacantGrantView(grant.pk, grant.group_code, grant.study_form, grant.intake_year, grant.places,
                           grant.deadline, grant.basis, grant.recorded_by.full_name, grant.recorded_at,
                           _candidate_list(grant, {a.username for a in awards}), awards)


def _grants() -> Any:
    awards = VacantGrantAward.objects.select_related("student__user", "recorded_by").order_by("recorded_at",
                                                                                              "pk")
    return (VacantGrant.objects.select_related("recorded_by", "candidate_list")
            .prefetch_related(Prefetch("awards", queryset=awards)))


def vacant_grants_seen(groups: Iterable[str] | None) -> list[VacantGrantView]:
    """Every vacant grant of these groups of programmes (None: of all), the latest deadline first."""
    grants = _grants()
    if groups is not None:
        grants = grants.filter(group_code__in=list(groups))
    return [_view(grant) for grant in grants]


def vacant_grant_view(vacant_grant_id: int) -> VacantGrantView:
    """One vacant grant with its list and awards (the caller has checked access)."""
    return _view(_grants().get(pk=vacant_grant_id))
