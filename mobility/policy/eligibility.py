"""MO-1, MO-2: who may apply for academic mobility, and every reason why not (contract §8).

Pure: the facts (programme level, course year, cumulative GPA, the letters of every graded attempt,
the number of open academic debts) come in from grading's transcript and debts through
``mobility.selectors``; nothing here reads the database or computes a grade.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

INTERNATIONAL = "international"
INTERNAL = "internal"
KINDS = (INTERNATIONAL, INTERNAL)

# Reasons, exactly as contract §8 spells them (the UI translates them).
COURSE_YEAR_NOT_ELIGIBLE = "course_year_not_eligible"
GPA_BELOW_2_5 = "gpa_below_2_5"
ENGLISH_BELOW_B2 = "english_below_b2"
ACADEMIC_DEBT = "academic_debt"
GRADE_BELOW_B_MINUS = "grade_below_b_minus"
REASONS = (COURSE_YEAR_NOT_ELIGIBLE, GPA_BELOW_2_5, ENGLISH_BELOW_B2, ACADEMIC_DEBT, GRADE_BELOW_B_MINUS)

# MO-1: bachelors of years 2–4; masters and doctoral students of any year.
BACHELOR = "bachelor"
BACHELOR_YEARS = range(2, 5)
MINIMUM_GPA = Decimal("2.50")  # MO-1 Interpretation: cumulative GP-1 GPA, exactly 2.50 is eligible

# CEFR levels in order; MO-1 asks for English at B2 or above.
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
MINIMUM_ENGLISH = "B2"

# MO-2: "grades normally A, A-, B+, B, B-"; anything else (C+ … F, FX) is below B-.
LETTERS_FROM_B_MINUS = frozenset({"A", "A-", "B+", "B", "B-"})


@dataclass(frozen=True)
class Standing:
    """What MO-1 and MO-2 ask of a student, as grading and the academic core record it.

    ``letters``: the letter of every attempt with a final outcome, in every period — None for an
    F-equivalent without a letter (did not appear, not admitted, annulled: GR-7, GR-8).
    """

    level: str
    course_year: int
    cumulative_gpa: Decimal | None
    letters: tuple[str | None, ...]
    open_debts: int


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]


def english_at_least_b2(english: str | None) -> bool:
    """MO-1: English B2, C1 or C2; no level shown (or a level that is not CEFR) is not B2."""
    level = (english or "").strip().upper()
    return level in CEFR_LEVELS and CEFR_LEVELS.index(level) >= CEFR_LEVELS.index(MINIMUM_ENGLISH)


def course_year_eligible(level: str, course_year: int) -> bool:
    """MO-1: bachelors of years 2–4, masters and doctoral students (any year)."""
    if level == BACHELOR:
        return course_year in BACHELOR_YEARS
    return level.startswith(("master", "doctorate"))


def below_b_minus(letters: Iterable[str | None]) -> bool:
    """MO-2 Interpretation: any final letter below B- in the student's studies, any attempt."""
    return any(letter is None or letter.strip().upper() not in LETTERS_FROM_B_MINUS for letter in letters)


def international_reasons(standing: Standing, english: str | None) -> tuple[str, ...]:
    """MO-1: every reason that keeps the student from international mobility, in contract order."""
    reasons = []
    if not course_year_eligible(standing.level, standing.course_year):
        reasons.append(COURSE_YEAR_NOT_ELIGIBLE)
    # No GPA yet (nothing graded) has not shown 2.50 either.
    if standing.cumulative_gpa is None or standing.cumulative_gpa < MINIMUM_GPA:
        reasons.append(GPA_BELOW_2_5)
    if not english_at_least_b2(english):
        reasons.append(ENGLISH_BELOW_B2)
    if standing.open_debts:
        reasons.append(ACADEMIC_DEBT)
    return tuple(reasons)


def internal_reasons(standing: Standing) -> tuple[str, ...]:
    """MO-2: every reason that keeps the student from internal (national) mobility."""
    reasons = []
    if below_b_minus(standing.letters):
        reasons.append(GRADE_BELOW_B_MINUS)
    if standing.open_debts:
        reasons.append(ACADEMIC_DEBT)
    return tuple(reasons)


def eligibility(kind: str, standing: Standing, english: str | None = None) -> Eligibility:
    """Contract §8: eligible exactly when no reason applies; every reason that applies is listed."""
    if kind == INTERNATIONAL:
        reasons = international_reasons(standing, english)
    elif kind == INTERNAL:
        reasons = internal_reasons(standing)
    else:
        raise ValueError(f"the kind of mobility is one of {', '.join(KINDS)}, not {kind!r}")
    return Eligibility(eligible=not reasons, reasons=reasons)
