"""CR-5: working days across Kazakhstan's holidays and the university's own days off.

Expected dates are worked out by hand from the 2026–2027 calendar (a holiday that falls
on a weekend moves to the next working day: Nauryz 2026 is 21–25 March, New Year 2027
adds Monday 4 January).
"""

from datetime import date

import pytest

from ektu_portal.academics.policy.calendar import add_working_days, is_working_day, working_days_between

NO_DAYS_OFF: frozenset[date] = frozenset()


@pytest.mark.parametrize(("start", "count", "expected"), [
    (date(2026, 11, 20), 1, date(2026, 11, 23)),   # Friday + 1 → Monday
    (date(2026, 11, 23), 0, date(2026, 11, 23)),   # zero days: the same day
    (date(2026, 11, 21), 1, date(2026, 11, 23)),   # from a Saturday
    (date(2026, 11, 23), 5, date(2026, 11, 30)),   # a whole week
    (date(2026, 11, 23), -1, date(2026, 11, 20)),  # backwards over a weekend
])
def test_weekends_are_not_working_days(start: date, count: int, expected: date) -> None:
    assert add_working_days(start, count, NO_DAYS_OFF) == expected


@pytest.fixture(scope="module")
def kazakh_days_off() -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("KZ", years=[2026, 2027]))


@pytest.mark.parametrize(("start", "count", "expected"), [
    # Nauryz 2026: Sat 21 – Wed 25 March are all days off.
    (date(2026, 3, 20), 1, date(2026, 3, 26)),
    (date(2026, 3, 30), -3, date(2026, 3, 20)),
    # Independence Day, Wednesday 16 December 2026.
    (date(2026, 12, 15), 1, date(2026, 12, 17)),
    # GR-9: an FX retake within 10 working days after a session ending Sat 26 Dec 2026:
    # 28, 29, 30, 31 Dec; 1 Jan, 4 Jan (New Year, moved) and 7 Jan (Christmas) are off;
    # 5, 6, 8, 11, 12, 13 Jan → the 10th working day is 13 January 2027.
    (date(2026, 12, 26), 10, date(2027, 1, 13)),
])
def test_kazakh_public_holidays_are_skipped(kazakh_days_off: frozenset[date], start: date, count: int,
                                            expected: date) -> None:
    assert add_working_days(start, count, kazakh_days_off) == expected


def test_is_working_day_and_counting(kazakh_days_off: frozenset[date]) -> None:
    assert not is_working_day(date(2026, 3, 24), kazakh_days_off)  # Nauryz, moved from the weekend
    assert is_working_day(date(2026, 3, 26), kazakh_days_off)
    # Mon 23 – Fri 27 March 2026: only Thursday and Friday are working days.
    assert working_days_between(date(2026, 3, 23), date(2026, 3, 27), kazakh_days_off) == 2
    assert working_days_between(date(2026, 3, 27), date(2026, 3, 23), kazakh_days_off) == 0


@pytest.mark.django_db
def test_university_day_off_counts_like_a_holiday() -> None:
    from ektu_portal.academics import selectors
    from ektu_portal.academics.models import DayOff

    assert selectors.add_working_days(date(2026, 12, 15), 1) == date(2026, 12, 17)
    DayOff.objects.create(date=date(2026, 12, 17), description="University founding day")
    assert selectors.add_working_days(date(2026, 12, 15), 1) == date(2026, 12, 18)
