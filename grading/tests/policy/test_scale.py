"""GR-6: the letter scale as data — table, lookup at every boundary, validation."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grading.policy.scale import (
    DEFAULT_SCALE,
    LetterGrade,
    band_of,
    grade_for,
    is_positive,
    passing_letters,
    scale_problems,
    validate_scale,
)

# The RULES.md table, copied by hand on purpose: the code must match the policy, not itself.
POLICY_TABLE = [
    ("A", "4.00", 95, 100, "excellent"),
    ("A-", "3.67", 90, 94, "excellent"),
    ("B+", "3.33", 85, 89, "good"),
    ("B", "3.00", 80, 84, "good"),
    ("B-", "2.67", 75, 79, "good"),
    ("C+", "2.33", 70, 74, "good"),
    ("C", "2.00", 65, 69, "satisfactory"),
    ("C-", "1.67", 60, 64, "satisfactory"),
    ("D+", "1.33", 55, 59, "satisfactory"),
    ("D", "1.00", 50, 54, "satisfactory"),
    ("FX", "0.50", 25, 49, "unsatisfactory"),
    ("F", "0.00", 0, 24, "unsatisfactory"),
]


def test_default_scale_is_the_policy_table() -> None:
    rows = [(b.letter, str(b.points), b.min_score, b.max_score, b.traditional) for b in DEFAULT_SCALE]
    assert rows == POLICY_TABLE


def test_default_scale_points_are_decimals_with_two_places() -> None:
    assert all(isinstance(b.points, Decimal) and b.points.as_tuple().exponent == -2 for b in DEFAULT_SCALE)


def test_letter_grade_is_frozen() -> None:
    with pytest.raises(AttributeError):
        DEFAULT_SCALE[0].points = Decimal("5.00")  # type: ignore[misc]


# Both sides of every boundary, and the ends of the scale.
@pytest.mark.parametrize(("score", "letter", "points", "traditional"), [
    (100, "A", "4.00", "excellent"),
    (95, "A", "4.00", "excellent"),
    (94, "A-", "3.67", "excellent"),
    (90, "A-", "3.67", "excellent"),
    (89, "B+", "3.33", "good"),
    (85, "B+", "3.33", "good"),
    (84, "B", "3.00", "good"),
    (80, "B", "3.00", "good"),
    (79, "B-", "2.67", "good"),
    (75, "B-", "2.67", "good"),
    (74, "C+", "2.33", "good"),
    (70, "C+", "2.33", "good"),
    (69, "C", "2.00", "satisfactory"),
    (65, "C", "2.00", "satisfactory"),
    (64, "C-", "1.67", "satisfactory"),
    (60, "C-", "1.67", "satisfactory"),
    (59, "D+", "1.33", "satisfactory"),
    (55, "D+", "1.33", "satisfactory"),
    (54, "D", "1.00", "satisfactory"),
    (50, "D", "1.00", "satisfactory"),
    (49, "FX", "0.50", "unsatisfactory"),
    (25, "FX", "0.50", "unsatisfactory"),
    (24, "F", "0.00", "unsatisfactory"),
    (0, "F", "0.00", "unsatisfactory"),
])
def test_grade_for_every_boundary(score: int, letter: str, points: str, traditional: str) -> None:
    band = grade_for(score)
    assert (band.letter, band.points, band.traditional) == (letter, Decimal(points), traditional)


@pytest.mark.parametrize("score", [-1, 101, 1000, True, 50.0, Decimal(50)])
def test_grade_for_refuses_scores_outside_0_100_or_not_whole(score: object) -> None:
    with pytest.raises(ValueError):
        grade_for(score)  # type: ignore[arg-type]


def test_grade_for_uses_the_scale_it_is_given() -> None:
    # The university moves A down to 94 in the database; the same score reads differently.
    edited = (replace(DEFAULT_SCALE[0], min_score=94), replace(DEFAULT_SCALE[1], max_score=93),
              *DEFAULT_SCALE[2:])
    validate_scale(edited)
    assert grade_for(94).letter == "A-"
    assert grade_for(94, edited).letter == "A"


def test_grade_for_reports_a_hole_in_an_unvalidated_scale() -> None:
    with pytest.raises(ValueError, match="no letter"):
        grade_for(50, DEFAULT_SCALE[:9])


def test_passing_letters_are_a_to_d() -> None:
    positive = frozenset({"A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D"})
    assert positive == passing_letters(DEFAULT_SCALE)


@pytest.mark.parametrize(("letter", "positive"), [
    ("A", True), ("B-", True), ("C+", True), ("D+", True), ("D", True),
    ("FX", False), ("F", False), (None, False), ("", False), ("Z", False), ("a", False),
])
def test_is_positive(letter: str | None, positive: bool) -> None:
    assert is_positive(letter, DEFAULT_SCALE) is positive


def test_positive_letters_follow_an_edited_scale() -> None:
    strict = tuple(replace(b, traditional="unsatisfactory") if b.letter == "D" else b for b in DEFAULT_SCALE)
    assert "D" not in passing_letters(strict)
    assert is_positive("D", strict) is False
    assert is_positive("D+", strict) is True


@pytest.mark.parametrize(("letter", "points", "traditional"), [
    ("A", "4.00", "excellent"), ("B-", "2.67", "good"), ("D", "1.00", "satisfactory"),
    ("FX", "0.50", "unsatisfactory"),
])
def test_band_of_a_letter(letter: str, points: str, traditional: str) -> None:
    band = band_of(letter, DEFAULT_SCALE)
    assert (band.points, band.traditional) == (Decimal(points), traditional)


@pytest.mark.parametrize("letter", ["Z", "", "a", "A+"])
def test_band_of_an_unknown_letter_is_refused(letter: str) -> None:
    with pytest.raises(ValueError, match="no letter"):
        band_of(letter, DEFAULT_SCALE)


def test_validate_scale_accepts_the_default_scale() -> None:
    assert validate_scale(DEFAULT_SCALE) is None


def _band(letter: str, low: int, high: int, traditional: str = "good") -> LetterGrade:
    return LetterGrade(letter, Decimal("1.00"), low, high, traditional)


@pytest.mark.parametrize(("scale", "message"), [
    # D starts at 51: 50 has no letter.
    ((*DEFAULT_SCALE[:9], replace(DEFAULT_SCALE[9], min_score=51), *DEFAULT_SCALE[10:]), "without a letter"),
    # D reaches down to 49, which FX already holds.
    ((*DEFAULT_SCALE[:9], replace(DEFAULT_SCALE[9], min_score=49), *DEFAULT_SCALE[10:]), "both"),
    # A band that passes 100.
    ((replace(DEFAULT_SCALE[0], max_score=101), *DEFAULT_SCALE[1:]), "within 0–100"),
    # A band below 0.
    ((*DEFAULT_SCALE[:11], replace(DEFAULT_SCALE[11], min_score=-1)), "within 0–100"),
    # Upside down.
    ((_band("X", 50, 0), _band("Y", 51, 100)), "within 0–100"),
    # The same letter twice.
    ((_band("P", 0, 49), _band("P", 50, 100)), "twice"),
    # A traditional grade the policy does not have.
    ((_band("P", 0, 49, "fine"), _band("Q", 50, 100)), "traditional"),
    ((_band("P", 0, 100),) + (LetterGrade("N", Decimal("-1"), 0, 0, "good"),), "negative"),
    ((), "no bands"),
    # The scale without its F row: 0–24 uncovered.
    (DEFAULT_SCALE[:11], "without a letter"),
])
def test_validate_scale_rejects(scale: tuple[LetterGrade, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_scale(scale)


@st.composite
def partitions(draw: st.DrawFn) -> tuple[LetterGrade, ...]:
    """A random scale whose bands cover 0..100 exactly once."""
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=100), max_size=20)))
    lows = [0, *cuts]
    highs = [c - 1 for c in cuts] + [100]
    return tuple(_band(f"L{i}", low, high) for i, (low, high) in enumerate(zip(lows, highs, strict=True)))


@given(partitions(), st.randoms())
def test_any_partition_of_0_100_is_valid_in_any_order(scale: tuple[LetterGrade, ...],
                                                       rnd: random.Random) -> None:
    shuffled = list(scale)
    rnd.shuffle(shuffled)
    validate_scale(shuffled)
    assert all(grade_for(score, shuffled).min_score <= score <= grade_for(score, shuffled).max_score
               for score in range(101))


@given(partitions().filter(lambda s: len(s) > 1), st.data())
def test_dropping_a_band_leaves_a_gap(scale: tuple[LetterGrade, ...], data: st.DataObject) -> None:
    i = data.draw(st.integers(min_value=0, max_value=len(scale) - 1))
    with pytest.raises(ValueError, match="without a letter"):
        validate_scale(scale[:i] + scale[i + 1:])


@given(partitions().filter(lambda s: len(s) > 1), st.data())
def test_stretching_a_band_into_its_neighbour_overlaps(scale: tuple[LetterGrade, ...],
                                                        data: st.DataObject) -> None:
    i = data.draw(st.integers(min_value=0, max_value=len(scale) - 2))
    stretched = replace(scale[i], max_score=scale[i].max_score + 1)
    with pytest.raises(ValueError, match="both"):
        validate_scale(scale[:i] + (stretched,) + scale[i + 1:])


def test_every_problem_of_a_scale_is_named_at_once() -> None:
    # B+ stretched down over B (80–84), C removed (65–69 uncovered), A- written twice as a typo.
    bands = {b.letter: b for b in DEFAULT_SCALE}
    edited = tuple(replace(b, min_score=80) if b.letter == "B+" else b
                   for b in DEFAULT_SCALE if b.letter != "C")
    edited += (replace(bands["A-"], min_score=90, max_score=90),)
    problems = scale_problems(edited)
    assert "letter A- appears twice" in problems
    assert "scores 80–84 are in both B+ and B" in problems
    assert "scores 90–90 are in both A- and A-" in problems
    assert "scores without a letter: 65–69" in problems


def test_points_must_not_fall_as_scores_rise() -> None:
    swapped = tuple(replace(b, points=Decimal("0.40")) if b.letter == "D" else b for b in DEFAULT_SCALE)
    assert scale_problems(swapped) == ["D is worth fewer points than the lower band FX"]
