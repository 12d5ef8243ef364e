"""CR-5: working days — Monday to Friday that are not days off.

The days off are an input: Kazakhstan's public holidays (with their moved days off) from
the ``holidays`` library plus the university's own days off, assembled by
``academics.selectors.days_off``. Deadlines "within N working days after X" (GR-9, GR-15,
TR-6, TR-7) are ``add_working_days(X, N, days_off)``.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta

SATURDAY = 5


def is_working_day(day: date, days_off: Container[date]) -> bool:
    """CR-5: Monday–Friday and not a public holiday or university day off."""
    return day.weekday() < SATURDAY and day not in days_off


def add_working_days(start: date, count: int, days_off: Container[date]) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted).

    ``count == 0`` returns ``start`` unchanged. Negative counts go backwards, e.g. "at
    least five working days before the defence" (FA-3) is ``add_working_days(defence, -5)``.
    """
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    day = start
    while remaining:
        day += step
        if is_working_day(day, days_off):
            remaining -= 1
    return day


def working_days_between(first: date, last: date, days_off: Container[date]) -> int:
    """Working days in the closed interval [first, last]; 0 when last < first."""
    total = 0
    day = first
    while day <= last:
        total += is_working_day(day, days_off)
        day += timedelta(days=1)
    return total
