"""AD-5, AD-9, AD-14: interview-based admissions — in time before the next period, and within two
(three) years of the end of military service."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def interview_in_time(interview: date, period_starts: Iterable[date], days_before: int) -> bool:
    """AD-9 (interpretation): the interview is at most the start S of the first academic period that
    starts after it, minus ``days_before`` calendar days (5: S−5 accepted, S−4 refused). With no such
    period in the calendar, it is in time. ``period_starts`` are semesters, trimesters and quarters."""
    later = [starts for starts in period_starts if starts > interview]
    if not later:
        return True
    return interview <= min(later) - timedelta(days=days_before)


def years_after(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February falls on 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def service_within(ended: date, interview: date, years: int) -> bool:
    """AD-5/AD-14 (interpretation): "within two (three) years" runs from the end of service to the
    interview date, the anniversary itself included."""
    return interview <= years_after(ended, years)
