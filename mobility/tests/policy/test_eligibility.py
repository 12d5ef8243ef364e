"""MO-1, MO-2: eligibility for academic mobility at its edges (contract §8).

Expected reasons are read off the rules by hand: MO-1 (bachelors of years 2–4, masters, doctoral
students; cumulative GPA ≥ 2.50 with exactly 2.50 eligible; English ≥ B2; no debt), MO-2 (every
final letter A … B-, in every attempt; no debt).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from mobility.policy.eligibility import (
    ACADEMIC_DEBT,
    COURSE_YEAR_NOT_ELIGIBLE,
    ENGLISH_BELOW_B2,
    GPA_BELOW_2_5,
    GRADE_BELOW_B_MINUS,
    INTERNAL,
    INTERNATIONAL,
    Eligibility,
    Standing,
    eligibility,
)

# A second-year bachelor with a 3.00 GPA, only B grades and no debt: eligible for both kinds.
GOOD = Standing(level="bachelor", course_year=2, cumulative_gpa=Decimal("3.00"), letters=("B", "B"),
                open_debts=0)


@pytest.mark.parametrize(("level", "course_year", "eligible"), [
    ("bachelor", 1, False), ("bachelor", 2, True), ("bachelor", 4, True), ("bachelor", 5, False),
    ("master_scientific", 1, True), ("master_profile", 2, True),
    ("doctorate_phd", 1, True), ("doctorate_profile", 3, True),
])
def test_course_year_of_international_mobility(level: str, course_year: int, eligible: bool) -> None:
    result = eligibility(INTERNATIONAL, replace(GOOD, level=level, course_year=course_year), "B2")
    assert result == (Eligibility(True, ()) if eligible else Eligibility(False, (COURSE_YEAR_NOT_ELIGIBLE,)))


@pytest.mark.parametrize(("gpa", "eligible"), [
    ("2.50", True),   # MO-1 Interpretation: exactly 2.50 is eligible
    ("2.49", False), ("2.51", True), ("4.00", True), ("0.00", False), (None, False),  # no GPA yet
])
def test_cumulative_gpa_edge(gpa: str | None, eligible: bool) -> None:
    standing = replace(GOOD, cumulative_gpa=None if gpa is None else Decimal(gpa))
    assert eligibility(INTERNATIONAL, standing, "C1").reasons == (() if eligible else (GPA_BELOW_2_5,))


@pytest.mark.parametrize(("english", "eligible"), [
    ("B2", True), ("C1", True), ("C2", True), ("b2", True),
    ("B1", False), ("A2", False), ("A1", False), (None, False), ("", False), ("IELTS", False),
])
def test_english_b1_is_not_enough(english: str | None, eligible: bool) -> None:
    assert eligibility(INTERNATIONAL, GOOD, english).reasons == (() if eligible else (ENGLISH_BELOW_B2,))


def test_every_international_reason_is_listed() -> None:
    standing = Standing(level="bachelor", course_year=1, cumulative_gpa=Decimal("2.49"), letters=("C",),
                        open_debts=1)
    assert eligibility(INTERNATIONAL, standing, "B1") == Eligibility(
        False, (COURSE_YEAR_NOT_ELIGIBLE, GPA_BELOW_2_5, ENGLISH_BELOW_B2, ACADEMIC_DEBT))


def test_a_debt_alone_refuses_international_mobility() -> None:
    assert eligibility(INTERNATIONAL, replace(GOOD, open_debts=1), "B2").reasons == (ACADEMIC_DEBT,)


@pytest.mark.parametrize(("letters", "eligible"), [
    (("A", "A-", "B+", "B", "B-"), True),   # B- itself is the edge: eligible
    (("A", "C+"), False),                    # C+ is the first letter under B-
    (("B-", "D"), False),
    (("FX", "B"), False),                    # an earlier failed attempt counts: every attempt
    (("A", None), False),                    # did not appear / not admitted: an F-equivalent
    ((), True),                              # nothing graded yet: no letter below B-
])
def test_internal_mobility_letters(letters: tuple[str | None, ...], eligible: bool) -> None:
    result = eligibility(INTERNAL, replace(GOOD, letters=letters))
    assert result == (Eligibility(True, ()) if eligible else Eligibility(False, (GRADE_BELOW_B_MINUS,)))


def test_internal_mobility_lists_grade_and_debt_and_ignores_gpa_and_english() -> None:
    # MO-2 asks neither course year, GPA nor English: a first-year with a 1.00 GPA is judged by letters.
    standing = replace(GOOD, course_year=1, cumulative_gpa=Decimal("1.00"), letters=("D",), open_debts=2)
    assert eligibility(INTERNAL, standing, None) == Eligibility(False, (GRADE_BELOW_B_MINUS, ACADEMIC_DEBT))
    assert eligibility(INTERNAL, replace(standing, letters=("B-",), open_debts=0)).eligible


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="international, internal"):
        eligibility("erasmus", GOOD, "B2")
