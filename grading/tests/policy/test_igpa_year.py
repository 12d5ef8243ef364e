"""Issue 11 additions to the iGPA policy: the academic year's exact GPA (contract §7), course years by
academic year, the deadlines of TR-10, conditions for those iGPA does not apply to, and what each
assessed block needs (GP-4). Expected values are worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from grading.policy.gpa import GpaEntry, gpa
from grading.policy.igpa import (
    Achievements,
    BlockMaxima,
    Blocks,
    academic_year_of,
    academic_year_start,
    assessed_blocks,
    block_needs,
    conditions_without_igpa,
    course_year_in,
    exact_gpa,
    final_course_year,
    holds_grant,
    integral_gpa,
    progression_deadline,
)

D = Decimal


def test_the_years_gpa_is_exact_and_only_the_shown_value_is_rounded() -> None:
    # (3 × 4.00 + 4 × 3.00) / 7 = 24/7 = 3.428571…; GP-1 shows 3.43, the block uses 24/7
    entries = [GpaEntry("A", 3, D("4.00")), GpaEntry("B", 4, D("3.00"))]
    assert exact_gpa(entries) == D(24) / D(7)
    assert gpa(entries) == D("3.43")
    shown = integral_gpa(course_year=3, gpa=exact_gpa(entries), achievements=Achievements(D(0), D(0), D(0)))
    assert str(shown.shown_block("gpa")) == "0.8571"  # 3.43 / 4 would show 0.8575


def test_the_latest_grade_counts_and_a_no_show_counts_as_f() -> None:
    entries = [GpaEntry("A", 5, D("0.50"), order=("2025-09-01", 1)),
               GpaEntry("A", 5, D("3.00"), order=("2025-09-01", 2)),   # the retake replaces the FX
               GpaEntry("B", 5, None, counts_as_fail=True)]            # did not appear: F
    assert exact_gpa(entries) == D("1.5")  # (5 × 3.00 + 5 × 0) / 10
    assert exact_gpa([GpaEntry("C", 5, None)]) is None  # in progress: nothing counts yet


@pytest.mark.parametrize(("day", "year"), [
    (date(2026, 8, 1), "2026-2027"), (date(2026, 7, 31), "2025-2026"), (date(2027, 1, 15), "2026-2027"),
])
def test_the_academic_year_of_a_day(day: date, year: str) -> None:
    assert academic_year_of(day) == year


@pytest.mark.parametrize("bad", ["2025", "2025-2027", "2025/2026", ""])
def test_an_academic_year_is_two_consecutive_years(bad: str) -> None:
    with pytest.raises(ValueError):
        academic_year_start(bad)


def test_the_deadlines_of_tr_10() -> None:
    assert progression_deadline("2025-2026") == date(2026, 8, 25)
    assert progression_deadline("2025-2026", winter_intake=True) == date(2026, 1, 15)


@pytest.mark.parametrize(("now", "refers_to", "year", "expected"), [
    (2, "2026-2027", "2025-2026", 1), (2, "2026-2027", "2026-2027", 2), (4, "2026-2027", "2024-2025", 2),
    (1, "2026-2027", "2025-2026", None),  # not begun yet
    (3, "2026-2027", "2027-2028", 4),
])
def test_the_course_year_in_an_academic_year(now: int, refers_to: str, year: str,
                                             expected: int | None) -> None:
    assert course_year_in(course_year_now=now, now_refers_to=refers_to, academic_year=year) == expected


@pytest.mark.parametrize(("credits", "years"), [(240, 4), (300, 5), (120, 2), (90, 2), (60, 1), (180, 3)])
def test_the_final_course_year_at_60_credits_a_year(credits: int, years: int) -> None:
    assert final_course_year(credits) == years


@pytest.mark.parametrize(("gpa_of_year", "minimum", "meets", "reasons"), [
    (D("2.40"), D("2.50"), False, ("gpa_below_minimum",)),
    (D("2.50"), D("2.50"), True, ()),
    (D("1.00"), None, True, ()),  # without an order's minimum, a graded year is enough
    (None, None, False, ("results_missing",)),
])
def test_conditions_for_those_igpa_does_not_apply_to(gpa_of_year: Decimal | None, minimum: Decimal | None,
                                                     meets: bool, reasons: tuple[str, ...]) -> None:
    result = conditions_without_igpa(course_year=1, gpa=gpa_of_year, minimum_gpa=minimum)
    assert (result.meets, result.reasons, result.igpa) == (meets, reasons, None)


@pytest.mark.parametrize(("course_year", "achieved", "maxima", "gpa_needed", "ssci", "iros"), [
    # years 3–4: GPA / 4 ≥ ½ → 2.00; iROS and SSCI half their maxima
    (3, None, BlockMaxima(), "2.00", "50.00", "50.00"),
    (4, None, BlockMaxima(ssci=D(30), iros=D(75)), "2.00", "15.00", "37.50"),
    # years 1–2: 0.8 × GPA / 4 + 0.2 × r ≥ ½ → GPA ≥ (½ − 0.2 r) × 5
    (1, None, BlockMaxima(), "2.50", "50.00", None),                               # r = 0
    (2, Achievements(D(0), D(0), D(70)), BlockMaxima(), "1.80", "50.00", None),     # (0.5 − 0.14) × 5
    (2, Achievements(D(0), D(0), D(1)), BlockMaxima(research=D(3)), "2.17", "50.00", None),  # 2.1666… up
])
def test_what_reaching_one_half_of_each_block_takes(course_year: int, achieved: Achievements | None,
                                                    maxima: BlockMaxima, gpa_needed: str, ssci: str,
                                                    iros: str | None) -> None:
    needs = block_needs(course_year=course_year, achievements=achieved, maxima=maxima)
    assert (str(needs.gpa), str(needs.ssci), None if needs.iros is None else str(needs.iros)) == (
        gpa_needed, ssci, iros)


def test_the_needed_gpa_meets_and_a_hundredth_less_does_not() -> None:
    achieved = Achievements(ssci=D(60), iros=D(0), research=D(70))
    needed = block_needs(course_year=2, achievements=achieved).gpa
    assert integral_gpa(course_year=2, gpa=needed, achievements=achieved).meets
    assert not integral_gpa(course_year=2, gpa=needed - D("0.01"), achievements=achieved).meets


def test_the_assessed_blocks_of_each_formula() -> None:
    blocks = Blocks(gpa=D("0.5"), research=D("0.5"), ssci=D("0.4"), iros=D("0.9"))
    # years 1–2: the GPA block 0.8 × 0.5 + 0.2 × 0.5 = 0.5, and SSCI
    assert assessed_blocks(2, blocks) == (("gpa", D("0.50")), ("ssci", D("0.4")))
    assert assessed_blocks(3, blocks) == (("gpa", D("0.5")), ("iros", D("0.9")), ("ssci", D("0.4")))


@pytest.mark.parametrize(("funding", "grant"), [("state_grant", True), ("local_grant", True), ("paid", False),
                                                ("targeted", False)])
def test_who_holds_a_grant(funding: str, grant: bool) -> None:
    assert holds_grant(funding) is grant
