"""RG-5, RG-7, RG-3 decided without a database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from registration.policy import sections as policy


@pytest.mark.parametrize(("registered", "min_size", "under"), [
    (0, 0, False), (3, 0, False), (0, 10, True), (9, 10, True), (10, 10, False), (25, 10, False),
])
def test_under_minimum(registered: int, min_size: int, under: bool) -> None:
    assert policy.under_minimum(registered, min_size) is under


@pytest.mark.parametrize(("reason", "days"), [("orientation", 7), ("transfer", 7), ("readmission", 7)])
def test_personal_windows_last_a_week(reason: str, days: int) -> None:
    start = datetime(2026, 9, 3, 10, 0)
    assert policy.personal_window(start, reason) == (start, start + timedelta(days=days))


def test_rechoice_lasts_three_days() -> None:
    found = datetime(2026, 4, 15, 19, 0)
    assert policy.rechoice_window(found) == (found, datetime(2026, 4, 18, 19, 0))


AUTUMN, SPRING, NEXT_AUTUMN = date(2025, 9, 1), date(2026, 1, 19), date(2026, 9, 1)


def live(enrollment_id: int, student: int, discipline: str, prerequisites: set[str], starts: date
         ) -> policy.LiveEnrollment:
    return policy.LiveEnrollment(enrollment_id, student, discipline, frozenset(prerequisites), starts)


@pytest.mark.parametrize(("enrollment", "debts", "removed"), [
    # ML needs DB, and DB is owed from an earlier period: ML leaves the plan.
    (live(1, 7, "ML2203", {"DB2201"}, NEXT_AUTUMN), {7: {"DB2201": SPRING}}, {1: ["DB2201"]}),
    # Someone else's debt does not matter.
    (live(1, 7, "ML2203", {"DB2201"}, NEXT_AUTUMN), {8: {"DB2201": SPRING}}, {}),
    # A debt in a discipline that is not a prerequisite does not matter.
    (live(1, 7, "ML2203", {"DB2201"}, NEXT_AUTUMN), {7: {"HKZ1102": SPRING}}, {}),
    # The re-study of the owed discipline itself stays (it has no such prerequisite).
    (live(1, 7, "DB2201", {"PRG1101"}, NEXT_AUTUMN), {7: {"DB2201": SPRING}}, {}),
    # A debt of the same period as the enrolment is not "after the period" of the enrolment's start.
    (live(1, 7, "ML2203", {"DB2201"}, SPRING), {7: {"DB2201": SPRING}}, {}),
    # Two owed prerequisites are both named, in order.
    (live(1, 7, "AI3301", {"ML2203", "DB2201"}, NEXT_AUTUMN), {7: {"ML2203": AUTUMN, "DB2201": SPRING}},
     {1: ["DB2201", "ML2203"]}),
])
def test_postrequisites_of_debts(enrollment: policy.LiveEnrollment, debts: dict[int, dict[str, date]],
                                 removed: dict[int, list[str]]) -> None:
    assert policy.postrequisites_to_remove([enrollment], debts) == removed
