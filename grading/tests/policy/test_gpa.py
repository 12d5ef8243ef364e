"""GP-1: GPA and credits earned — retakes, did-not-appear, annulled, in-progress, zero-credit work.

Expected GPAs are worked out by hand in the comments: Σ(points × credits) / Σ(credits),
two decimals, half up.
"""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grading.policy.gpa import GpaEntry, credits_earned, gpa, latest_attempts
from grading.policy.scale import DEFAULT_SCALE, is_positive

POINTS = {"A": "4.00", "A-": "3.67", "B+": "3.33", "B": "3.00", "B-": "2.67", "C+": "2.33", "C": "2.00",
          "C-": "1.67", "D+": "1.33", "D": "1.00", "FX": "0.50", "F": "0.00"}


FALL_24, SPRING_25, SUMMER_25 = ("2024-09-01", 1), ("2025-01-20", 1), ("2025-06-16", 1)
FALL_25 = ("2025-09-01", 1)


UNSATISFACTORY = {"FX", "F"}  # the policy's table: everything else is A…D


def graded(discipline: str, credits: int, letter: str, order: tuple[str, int] = FALL_25) -> GpaEntry:
    return GpaEntry(discipline, credits, Decimal(POINTS[letter]), order=order, letter=letter,
                    passed=letter not in UNSATISFACTORY)


def failed(discipline: str, credits: int, order: tuple[str, int] = FALL_25) -> GpaEntry:
    """Did not appear or not admitted: no final grade, counts as F."""
    return GpaEntry(discipline, credits, None, counts_as_fail=True, order=order)


def annulled(discipline: str, credits: int, order: tuple[str, int] = FALL_25) -> GpaEntry:
    return GpaEntry(discipline, credits, Decimal("0.00"), counts_as_fail=True, order=order, letter="F")


def running(discipline: str, credits: int, order: tuple[str, int] = FALL_25) -> GpaEntry:
    return GpaEntry(discipline, credits, None, order=order)


@pytest.mark.parametrize(("entries", "expected"), [
    ([], None),
    ([graded("DB", 5, "A")], "4.00"),
    # (3.00 × 5 + 2.33 × 3) / 8 = (15 + 6.99) / 8 = 21.99 / 8 = 2.74875 → 2.75
    ([graded("DB", 5, "B"), graded("OS", 3, "C+")], "2.75"),
    # (3.33 + 1.00) / 2 = 2.165 → 2.17 half up (to even would give 2.16)
    ([graded("DB", 1, "B+"), graded("OS", 1, "D")], "2.17"),
    # (3.67 × 4 + 0.50 × 2 + 0.00 × 3) / 9 = (14.68 + 1 + 0) / 9 = 15.68 / 9 = 1.7422… → 1.74
    ([graded("DB", 4, "A-"), graded("OS", 2, "FX"), graded("PE", 3, "F")], "1.74"),
    # retake: F then C — the C counts: (2.00 × 5 + 4.00 × 5) / 10 = 3.00 (not 30 / 15 = 2.00)
    ([graded("DB", 5, "F", FALL_24), graded("DB", 5, "C", FALL_25), graded("OS", 5, "A")], "3.00"),
    # ... whatever order the attempts come in
    ([graded("DB", 5, "C", FALL_25), graded("OS", 5, "A"), graded("DB", 5, "F", FALL_24)], "3.00"),
    # FX retake in the same period: attempt 2 counts, C+ → 2.33
    ([graded("DB", 5, "FX", ("2025-01-20", 1)), graded("DB", 5, "C+", ("2025-01-20", 2))], "2.33"),
    # GR-11 raise in summer that went worse: the latest final grade counts, FX → 0.50
    ([graded("DB", 5, "D", SPRING_25), graded("DB", 5, "FX", SUMMER_25)], "0.50"),
    # a retake still running does not hide the F it is meant to replace: (0 × 5 + 4 × 5) / 10 = 2.00
    ([graded("DB", 5, "F", FALL_24), running("DB", 5, FALL_25), graded("OS", 5, "A")], "2.00"),
    # ... nor the positive grade a summer raise attempt is trying to improve: D → 1.00
    ([graded("DB", 5, "D", SPRING_25), running("DB", 5, SUMMER_25)], "1.00"),
    # did not appear / not admitted count as F: (4 × 5 + 0 × 5) / 10 = 2.00
    ([graded("DB", 5, "A"), failed("OS", 5)], "2.00"),
    # ... until cleared: not admitted, then B the next year → 3.00
    ([failed("DB", 5, FALL_24), graded("DB", 5, "B", FALL_25)], "3.00"),
    # annulled counts as F: (3.00 × 4 + 0 × 6) / 10 = 1.20
    ([graded("DB", 4, "B"), annulled("OS", 6)], "1.20"),
    # in progress is skipped: only the A counts
    ([graded("DB", 5, "A"), running("OS", 5)], "4.00"),
    ([running("OS", 5)], None),
    # GR-16: differentiated credit without credits does not count: (2.00 × 4) / 4 = 2.00
    ([graded("PE", 0, "A"), graded("DB", 4, "C")], "2.00"),
    ([graded("PE", 0, "A")], None),
    ([failed("PE", 0)], None),
    # a practice with credits does: (4.00 × 2 + 2.00 × 4) / 6 = 16 / 6 = 2.666… → 2.67
    ([graded("PR", 2, "A"), graded("DB", 4, "C")], "2.67"),
])
def test_gpa(entries: list[GpaEntry], expected: str | None) -> None:
    result = gpa(entries)
    if expected is None:
        assert result is None
    else:
        assert result == Decimal(expected)
        assert str(result) == expected  # two decimals, as contract §4 shows it


def test_counts_as_fail_wins_over_stray_points() -> None:
    # A result that counts as F is 0 points even if points were carried along: (4 × 1 + 0 × 1) / 2 = 2.00
    entries = [graded("DB", 1, "A"), GpaEntry("OS", 1, Decimal("3.00"), counts_as_fail=True, letter="B")]
    assert gpa(entries) == Decimal("2.00")
    assert credits_earned(entries) == 1


def test_of_two_attempts_with_the_same_order_the_later_given_wins() -> None:
    entries = [graded("DB", 5, "F"), graded("DB", 5, "B")]
    assert gpa(entries) == Decimal("3.00")
    assert gpa(list(reversed(entries))) == Decimal("0.00")


def test_latest_attempts_keeps_one_entry_per_discipline() -> None:
    entries = [graded("DB", 5, "F", FALL_24), graded("OS", 3, "A"), graded("DB", 5, "C", FALL_25),
               running("DB", 5, ("2026-01-20", 1)), running("ML", 4)]
    latest = {e.discipline: e.letter for e in latest_attempts(entries)}
    assert latest == {"DB": "C", "OS": "A"}


@pytest.mark.parametrize(("entries", "expected"), [
    ([], 0),
    # A 5 + D 4 count; FX, did not appear and in progress do not: 9
    ([graded("DB", 5, "A"), graded("OS", 3, "FX"), graded("ML", 4, "D"), failed("PE", 2), running("PR", 6)],
     9),
    # F then C: the discipline's credits once
    ([graded("DB", 5, "F", FALL_24), graded("DB", 5, "C", FALL_25)], 5),
    # passed twice (a GR-11 raise): still once
    ([graded("DB", 5, "D", SPRING_25), graded("DB", 5, "B", SUMMER_25)], 5),
    # a raise attempt still running keeps the credits already earned
    ([graded("DB", 5, "D", SPRING_25), running("DB", 5, SUMMER_25)], 5),
    # the latest final grade counts, here FX after a D
    ([graded("DB", 5, "D", SPRING_25), graded("DB", 5, "FX", SUMMER_25)], 0),
    ([annulled("DB", 5)], 0),
    ([graded("PE", 0, "A")], 0),
])
def test_credits_earned(entries: list[GpaEntry], expected: int) -> None:
    assert credits_earned(entries) == expected


def test_credits_earned_follow_the_scale_each_attempt_was_graded_by() -> None:
    # GR-6: under a scale where D is unsatisfactory, a D earns nothing; the C of another period does.
    strict = tuple(replace(b, traditional="unsatisfactory") if b.letter == "D" else b for b in DEFAULT_SCALE)
    d_under_strict = replace(graded("DB", 5, "D"), passed=is_positive("D", strict))
    assert credits_earned([graded("DB", 5, "D"), graded("OS", 3, "C")]) == 8
    assert credits_earned([d_under_strict, graded("OS", 3, "C")]) == 3


@pytest.mark.parametrize("credits", [-1, True])
def test_gpa_entry_refuses_impossible_credits(credits: int) -> None:
    with pytest.raises(ValueError):
        GpaEntry("DB", credits, Decimal("4.00"))


letters = st.sampled_from(sorted(POINTS))
entry_lists = st.lists(st.tuples(st.sampled_from(["DB", "OS", "ML", "PE"]), st.integers(0, 10), letters),
                       max_size=12)


def _entries(rows: list[tuple[str, int, str]]) -> list[GpaEntry]:
    # Distinct orders, so the latest attempt of a discipline does not depend on list order.
    return [graded(d, c, letter, ("2025-09-01", i)) for i, (d, c, letter) in enumerate(rows)]


@given(entry_lists, st.randoms())
def test_gpa_does_not_depend_on_the_order_entries_arrive_in(rows: list[tuple[str, int, str]],
                                                             rnd: random.Random) -> None:
    entries = _entries(rows)
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert gpa(shuffled) == gpa(entries)
    assert credits_earned(shuffled) == credits_earned(entries)


@given(entry_lists)
def test_gpa_is_between_0_and_4_with_two_decimals(rows: list[tuple[str, int, str]]) -> None:
    result = gpa(_entries(rows))
    if result is None:
        assert all(credits == 0 for _, credits, _ in _latest_rows(rows))
    else:
        assert Decimal("0.00") <= result <= Decimal("4.00")
        assert result.as_tuple().exponent == -2


@given(letters, st.lists(st.integers(1, 10), min_size=1, max_size=8))
def test_the_same_grade_everywhere_is_the_gpa(letter: str, credit_list: list[int]) -> None:
    entries = [graded(f"D{i}", c, letter) for i, c in enumerate(credit_list)]
    assert gpa(entries) == Decimal(POINTS[letter])


def _latest_rows(rows: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    return list({d: (d, c, letter) for d, c, letter in rows}.values())
