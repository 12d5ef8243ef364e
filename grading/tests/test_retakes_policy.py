"""GR-9, GR-10, GR-15 in pure code (dates worked out by hand on the 2026–2027 calendar)."""

from datetime import date

import pytest

from grading.policy.retakes import (
    becomes_academic_debt,
    extension_allowed,
    fx_retake_deadline,
    may_apply_for_fx_retake,
)

# Kazakhstan's days off around the 2026 winter session (New Year 1 and 4 Jan, Christmas 7 Jan).
WINTER_DAYS_OFF = frozenset({date(2026, 12, 16), date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 4),
                             date(2027, 1, 7)})


def test_fx_deadline_is_ten_working_days_after_the_session() -> None:
    # session ends Sat 26 Dec 2026 → 28, 29, 30, 31 Dec, 5, 6, 8, 11, 12, 13 Jan
    assert fx_retake_deadline(date(2026, 12, 26), WINTER_DAYS_OFF) == date(2027, 1, 13)


@pytest.mark.parametrize(("letter", "today", "applied", "allowed"), [
    ("FX", date(2027, 1, 13), False, True),
    ("FX", date(2027, 1, 14), False, False),   # the day after the deadline
    ("FX", date(2027, 1, 5), True, False),     # once per result
    ("F", date(2027, 1, 5), False, False),     # F means re-study, not a retake (GR-10)
    ("D", date(2027, 1, 5), False, False),     # raising a positive grade is only in summer (GR-11)
])
def test_who_may_apply(letter: str, today: date, applied: bool, allowed: bool) -> None:
    assert may_apply_for_fx_retake(letter, today, date(2027, 1, 13), applied) is allowed


@pytest.mark.parametrize(("letters", "over", "fail", "debt"), [
    (["F"], False, False, True),
    (["FX"], False, False, False),        # still inside the retake window
    (["FX"], True, False, True),          # the window passed without a retake
    (["FX", "FX"], False, False, True),   # FX a second time
    (["FX", "C"], True, False, False),    # the retake passed
    (["FX", "F"], False, False, True),
    ([None], False, True, False),         # did not appear: the additional period may clear it
    ([None], True, True, True),
    (["B"], True, False, False),
    ([], True, False, False),
])
def test_academic_debts(letters: list[str | None], over: bool, fail: bool, debt: bool) -> None:
    assert becomes_academic_debt(letters, retake_window_over=over, counts_as_fail=fail) is debt


@pytest.mark.parametrize(("extended_to", "allowed"), [
    (date(2027, 1, 16), True), (date(2027, 1, 17), False), (date(2026, 12, 26), False)])
def test_extension_is_at_most_three_weeks(extended_to: date, allowed: bool) -> None:
    assert extension_allowed(date(2026, 12, 26), extended_to) is allowed
