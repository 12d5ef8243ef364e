"""RG-5 (sections under their minimum size), RG-7 (personal windows) and RG-3 (postrequisites
of academic debts): the decisions of registration's jobs, without a database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# RG-5: students are told within 3 days after registration closes. **Interpretation:** the job
# tells them as soon as it finds the section (it runs hourly), and their re-choice window lasts
# 3 days from then — the policy's own span for the notice.
RECHOICE_DAYS = 3
# RG-7: a transferred or readmitted student registers within one week of the order.
PERSONAL_WINDOW_DAYS = 7
# RG-2: first-year students register during orientation week.
ORIENTATION_DAYS = 7


def under_minimum(registered: int, min_size: int) -> bool:
    """RG-5: a section with a minimum (0 = none) that fewer students registered for."""
    return min_size > 0 and registered < min_size


def rechoice_window(found_at: datetime) -> tuple[datetime, datetime]:
    return found_at, found_at + timedelta(days=RECHOICE_DAYS)


def personal_window(starts: datetime, reason: str) -> tuple[datetime, datetime]:
    days = ORIENTATION_DAYS if reason == "orientation" else PERSONAL_WINDOW_DAYS
    return starts, starts + timedelta(days=days)


@dataclass(frozen=True)
class LiveEnrollment:
    enrollment_id: int
    student_id: int
    discipline: str
    prerequisites: frozenset[str]
    period_starts: date


def postrequisites_to_remove(enrollments: Iterable[LiveEnrollment],
                             debts: Mapping[int, Mapping[str, date]]) -> dict[int, list[str]]:
    """RG-3: after a period, a student with an academic debt in a prerequisite may not study its
    postrequisites: every live enrolment of a later period whose discipline needs a discipline the
    student owes. ``debts`` is {student: {discipline: the debt's period start}}. Returns
    {enrolment: the owed prerequisites}, sorted."""
    removals: dict[int, list[str]] = {}
    for enrollment in enrollments:
        owed = debts.get(enrollment.student_id, {})
        missing = sorted(code for code in enrollment.prerequisites
                         if code in owed and owed[code] < enrollment.period_starts)
        if missing:
            removals[enrollment.enrollment_id] = missing
    return removals
