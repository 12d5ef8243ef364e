"""AD-5, AD-9, AD-14: interviews in time, and within two (three) years of military service."""

from __future__ import annotations

from datetime import date

import pytest

from admissions.policy.interview import interview_in_time, service_within, years_after

SEPTEMBER = date(2026, 9, 1)


@pytest.mark.parametrize(("interview", "in_time"), [
    (date(2026, 8, 1), True),
    (date(2026, 8, 27), True),   # S−5: accepted (AD-9 interpretation)
    (date(2026, 8, 28), False),  # S−4: refused
    (date(2026, 8, 31), False),  # S−1
])
def test_interview_at_most_five_days_before_the_next_period(interview: date, in_time: bool) -> None:
    assert interview_in_time(interview, [date(2026, 1, 12), SEPTEMBER], 5) is in_time


def test_the_first_period_starting_after_the_interview_decides() -> None:
    # on the day the autumn semester starts, the next period to start is the spring one (11 January)
    assert interview_in_time(SEPTEMBER, [SEPTEMBER, date(2027, 1, 11)], 5)
    assert not interview_in_time(date(2027, 1, 7), [SEPTEMBER, date(2027, 1, 11)], 5)  # 11 − 4


def test_with_no_later_period_in_the_calendar_the_interview_is_in_time() -> None:
    assert interview_in_time(date(2027, 8, 30), [SEPTEMBER], 5)
    assert interview_in_time(date(2027, 8, 30), [], 5)


@pytest.mark.parametrize(("ended", "interview", "years", "within"), [
    (date(2024, 6, 30), date(2026, 6, 30), 2, True),   # the second anniversary itself
    (date(2024, 6, 30), date(2026, 7, 1), 2, False),
    (date(2023, 6, 30), date(2026, 6, 30), 3, True),   # AD-14: three years
    (date(2023, 6, 30), date(2026, 7, 1), 3, False),
    (date(2024, 2, 29), date(2026, 2, 28), 2, True),   # a leap day's anniversary is 28 February
    (date(2024, 2, 29), date(2026, 3, 1), 2, False),
])
def test_service_within_years(ended: date, interview: date, years: int, within: bool) -> None:
    assert service_within(ended, interview, years) is within


def test_years_after_a_leap_day() -> None:
    assert years_after(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert years_after(date(2024, 2, 29), 1) == date(2025, 2, 28)
