"""TR-9: the competition for vacant grants freed during study — the ranked candidate list.

Pure: no Django. The facts of each student (funding, group of programmes, study form, intake year,
GPA over the whole study from interim attestation, the letter of every graded attempt, open academic
debts) come from grading's transcript and debts through ``mobility.selectors``.

The order, most deserving first (TR-9):
1. the higher GPA over the whole study;
2. equal GPA: only A and A- for the whole study, then every grade from A to C+, then the rest;
3. still equal: the student's record number, ascending — the rule stops at 2, so this tie-break only
   makes the list reproducible (the same students give the same list whatever order they come in);
   ``tie_at_cut`` tells the Scientific Council when it decided who gets the last place.
Excluded, each with the reason: students with academic debt; students who are not paid or not of the
competition's group, study form and intake year; students with no GPA yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

PAID = "paid"  # CR-6, as in ``mobility.policy.transfers``

# Grades tiers for equal GPA (TR-9).
ONLY_A = frozenset({"A", "A-"})
A_TO_C_PLUS = frozenset({"A", "A-", "B+", "B", "B-", "C+"})

# The criterion that put a student below the one above.
GPA = "gpa"
GRADES = "grades"
RECORD_NUMBER = "record_number"
CRITERIA = (GPA, GRADES, RECORD_NUMBER)

# Why a student is not on the list.
ACADEMIC_DEBT = "academic_debt"
NOT_PAID = "not_paid"
OTHER_COHORT = "other_cohort"
NO_GPA = "no_gpa"
EXCLUSIONS = (ACADEMIC_DEBT, NOT_PAID, OTHER_COHORT, NO_GPA)


@dataclass(frozen=True)
class Cohort:
    """Who competes together: one group of programmes, study form and intake year (TR-9)."""

    group: str
    study_form: str
    intake_year: int


@dataclass(frozen=True)
class Student:
    """``letters``: the letter of every graded attempt of the whole study; None for an F-equivalent
    without a letter (did not appear, not admitted, annulled)."""

    record_number: str
    cohort: Cohort
    funding: str
    gpa: Decimal | None
    letters: tuple[str | None, ...]
    open_debts: int


@dataclass(frozen=True)
class Ranked:
    position: int
    student: Student
    decided_by: str | None  # the criterion that put them below the previous one; None for the first


@dataclass(frozen=True)
class Excluded:
    student: Student
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Ranking:
    ranked: tuple[Ranked, ...]
    excluded: tuple[Excluded, ...]  # in record-number order


def grades_tier(letters: Iterable[str | None]) -> int:
    """TR-9: 0 for only A and A-, 1 for every grade from A to C+, 2 for the rest."""
    seen = set(letters)
    if seen <= ONLY_A:
        return 0
    if seen <= A_TO_C_PLUS:
        return 1
    return 2


def exclusions(student: Student, cohort: Cohort) -> tuple[str, ...]:
    """Every reason the student does not compete for the cohort's vacant grants."""
    found = []
    if student.open_debts:
        found.append(ACADEMIC_DEBT)
    if student.funding != PAID:
        found.append(NOT_PAID)
    if student.cohort != cohort:
        found.append(OTHER_COHORT)
    if student.gpa is None:
        found.append(NO_GPA)
    return tuple(found)


def _key(student: Student) -> tuple[Decimal, int, str]:
    assert student.gpa is not None  # students with no GPA are excluded before ranking
    return (-student.gpa, grades_tier(student.letters), student.record_number)


def rank(students: Iterable[Student], cohort: Cohort) -> Ranking:
    """TR-9: the cohort's paid students without academic debt, most deserving first."""
    competing: list[Student] = []
    excluded: list[Excluded] = []
    for student in sorted(students, key=lambda s: s.record_number):
        reasons = exclusions(student, cohort)
        if reasons:
            excluded.append(Excluded(student, reasons))
        else:
            competing.append(student)
    ranked: list[Ranked] = []
    for position, student in enumerate(sorted(competing, key=_key), start=1):
        decided_by = None
        if ranked:
            above = _key(ranked[-1].student)
            here = _key(student)
            decided_by = next(name for name, a, b in zip(CRITERIA, above, here, strict=True) if a != b)
        ranked.append(Ranked(position, student, decided_by))
    return Ranking(tuple(ranked), tuple(excluded))


def candidates(ranked: Sequence[Ranked], vacant_places: int) -> tuple[Ranked, ...]:
    """The first ``vacant_places`` of the list: the candidates put to the Scientific Council."""
    return tuple(ranked[:max(vacant_places, 0)])


def tie_at_cut(ranked: Sequence[Ranked], vacant_places: int) -> bool:
    """Whether only the record number separates the last candidate from the first one left out."""
    return 0 < vacant_places < len(ranked) and ranked[vacant_places].decided_by == RECORD_NUMBER
