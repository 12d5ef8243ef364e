"""GP-2 … GP-4, TR-10, TR-11: both iGPA formulas, every block at exactly one half and just under,
exact fractions, display rounding half up. Expected values are worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grading.policy.igpa import (
    Achievements,
    BlockMaxima,
    achievement_problems,
    applies,
    integral_gpa,
    progression,
)

D = Decimal


def points(ssci: str, iros: str = "0", research: str = "0") -> Achievements:
    return Achievements(ssci=D(ssci), iros=D(iros), research=D(research))


@pytest.mark.parametrize(("course_year", "gpa", "achieved", "igpa", "blocks"), [
    # contract §7: g 3.27/4 = 0.8175; 0.8×0.8175 + 0.2×0.70 = 0.794; 0.85×0.794 + 0.15×0.80 = 0.7949;
    # × 4 = 3.1796 → 3.18
    (2, "3.27", points("80", research="70"), "3.18",
     {"gpa": "0.8175", "research": "0.7000", "ssci": "0.8000", "iros": None}),
    # year 3: 0.5×0.75 + 0.35×0.60 + 0.15×0.40 = 0.375 + 0.21 + 0.06 = 0.645; × 4 = 2.58
    (3, "3.00", points("40", iros="60"), "2.58", {"gpa": "0.7500", "research": None, "ssci": "0.4000",
                                                  "iros": "0.6000"}),
    # year 3: 0.5×0.6725 + 0.35×0.5 + 0.15×0.5 = 0.33625 + 0.175 + 0.075 = 0.58625; × 4 = 2.345 → 2.35
    # (half up; to even would show 2.34)
    (3, "2.69", points("50", iros="50"), "2.35", {"gpa": "0.6725", "research": None, "ssci": "0.5000",
                                                  "iros": "0.5000"}),
    # year 1, all at one half: 4 × (0.85 × 0.5 + 0.15 × 0.5) = 2.00
    (1, "2.00", points("50", research="50"), "2.00",
     {"gpa": "0.5000", "research": "0.5000", "ssci": "0.5000", "iros": None}),
    # year 4, top marks: 4 × (0.5 + 0.35 + 0.15) = 4.00
    (4, "4.00", points("100", iros="100"), "4.00", {"gpa": "1.0000", "research": None, "ssci": "1.0000",
                                                    "iros": "1.0000"}),
])
def test_the_formula_of_the_course_year(course_year: int, gpa: str, achieved: Achievements, igpa: str,
                                        blocks: dict[str, str | None]) -> None:
    result = integral_gpa(course_year=course_year, gpa=D(gpa), achievements=achieved)
    assert str(result.shown_igpa) == igpa
    shown = {name: result.shown_block(name) for name in blocks}
    assert {name: (str(value) if value is not None else None) for name, value in shown.items()} == blocks


@pytest.mark.parametrize(("course_year", "gpa", "achieved", "maxima", "reasons"), [
    # years 1–2: the GPA block is 0.8 × GPA/4 + 0.2 × research (GP-4 interpretation)
    (1, "2.00", points("50", research="50"), BlockMaxima(), ()),                         # exactly one half
    # 0.8 × 0.4975 + 0.2 × 0.5 = 0.398 + 0.1 = 0.498
    (1, "1.99", points("50", research="50"), BlockMaxima(), ("gpa_block_below_half",)),
    (1, "1.90", points("50", research="60"), BlockMaxima(), ()),  # research lifts it: 0.38 + 0.12 = 0.50
    (2, "3.00", points("49.99", research="50"), BlockMaxima(), ("ssci_block_below_half",)),
    (2, "3.00", points("50", iros="0", research="50"), BlockMaxima(), ()),  # iROS is not assessed in 1–2
    # years 3–4: GPA, iROS and SSCI each
    (3, "2.00", points("50", iros="50"), BlockMaxima(), ()),
    (3, "1.99", points("50", iros="50"), BlockMaxima(), ("gpa_block_below_half",)),      # 0.4975
    (4, "3.00", points("50", iros="40"), BlockMaxima(iros=D(80)), ()),                   # 40/80 = 0.5
    (4, "3.00", points("50", iros="39.99"), BlockMaxima(iros=D(80)), ("iros_block_below_half",)),
    (4, "1.00", points("10", iros="10"), BlockMaxima(),
     ("gpa_block_below_half", "iros_block_below_half", "ssci_block_below_half")),
    (3, "3.00", points("60", research="0", iros="60"), BlockMaxima(), ()),  # research is not assessed in 3–4
])
def test_progression_needs_half_of_every_assessed_block(course_year: int, gpa: str, achieved: Achievements,
                                                        maxima: BlockMaxima,
                                                        reasons: tuple[str, ...]) -> None:
    result = integral_gpa(course_year=course_year, gpa=D(gpa), achievements=achieved, maxima=maxima)
    assert (result.meets, result.reasons) == (not reasons, reasons)


@pytest.mark.parametrize(("gpa", "achieved", "reasons"), [
    (None, points("80", research="70"), ("results_missing",)),
    (D("3.00"), None, ("achievements_missing",)),
    (None, None, ("results_missing", "achievements_missing")),
])
def test_without_results_or_points_there_is_no_igpa(gpa: Decimal | None, achieved: Achievements | None,
                                                    reasons: tuple[str, ...]) -> None:
    result = integral_gpa(course_year=2, gpa=gpa, achievements=achieved)
    assert (result.igpa, result.meets, result.reasons) == (None, False, reasons)


def test_the_rectors_minimum_gpa_is_one_more_condition() -> None:
    # TR-10: blocks fine (0.6 GPA block), but the year's order asks for 2.50
    result = integral_gpa(course_year=3, gpa=D("2.40"), achievements=points("60", iros="60"),
                          minimum_gpa=D("2.50"))
    assert result.reasons == ("gpa_below_minimum",)
    assert integral_gpa(course_year=3, gpa=D("2.50"), achievements=points("60", iros="60"),
                        minimum_gpa=D("2.50")).meets


def test_fractions_are_exact_not_binary() -> None:
    # 1/3 of a maximum of 3 points: exact thirds would drift in floating point; shown as 0.3333
    result = integral_gpa(course_year=4, gpa=D("3.00"), achievements=points("1", iros="2"),
                          maxima=BlockMaxima(ssci=D(3), iros=D(3)))
    assert (str(result.shown_block("ssci")), str(result.shown_block("iros"))) == ("0.3333", "0.6667")
    # 4 × (0.375 + 0.35 × 2/3 + 0.15 × 1/3) = 4 × (0.375 + 0.2333… + 0.05) = 2.6333… → 2.63
    assert str(result.shown_igpa) == "2.63"


@pytest.mark.parametrize(("course_year", "level", "form", "expected"), [
    (1, "bachelor", "full_time", True), (4, "bachelor", "full_time", True),
    (5, "bachelor", "full_time", False),
    (2, "bachelor", "part_time", False), (1, "master_scientific", "full_time", False),
])
def test_igpa_is_for_full_time_bachelors_of_years_1_to_4(course_year: int, level: str, form: str,
                                                        expected: bool) -> None:
    assert applies(course_year=course_year, level=level, study_form=form) is expected


def test_points_outside_a_block_are_refused_all_at_once() -> None:
    problems = achievement_problems(points("101", iros="-1", research="50"), BlockMaxima())
    assert [block for block, _ in problems] == ["ssci", "iros"]


@pytest.mark.parametrize(("meets", "debts", "grant", "outcome", "loses"), [
    (True, (), True, "progress", False),
    (True, ("DB2201",), True, "progress_with_debts", False),  # TR-10: debts cleared on a paid basis
    (False, (), True, "repeat_year", True),                   # TR-11: a grant holder loses the grant
    (False, ("DB2201",), False, "repeat_year", False),
])
def test_the_progression_list(meets: bool, debts: tuple[str, ...], grant: bool, outcome: str,
                              loses: bool) -> None:
    result = integral_gpa(course_year=2, gpa=D("3.00") if meets else D("1.00"),
                          achievements=points("80", research="80"))
    decision = progression(result, debts=debts, grant_holder=grant)
    assert (decision.outcome, decision.loses_grant, decision.debts) == (outcome, loses, debts)
