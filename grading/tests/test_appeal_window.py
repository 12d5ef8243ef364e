"""GR-13/GR-14 in pure code: the appeal deadline and what a decision may do."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from grading.policy.appeals import appeal_window_closes_at, appeal_window_open, exam_after_decision

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.mark.parametrize(("posted", "closes"), [
    # posted in the morning → 13:00 the next day
    (datetime(2026, 12, 15, 10, 0, tzinfo=ALMATY), datetime(2026, 12, 16, 13, 0, tzinfo=ALMATY)),
    # 23:30 in Almaty is 18:30 UTC the same day → still the next Almaty day
    (datetime(2026, 12, 15, 18, 30, tzinfo=UTC), datetime(2026, 12, 16, 13, 0, tzinfo=ALMATY)),
    # 00:30 in Almaty on the 16th is 19:30 UTC on the 15th → the day after the 16th
    (datetime(2026, 12, 15, 19, 30, tzinfo=UTC), datetime(2026, 12, 17, 13, 0, tzinfo=ALMATY)),
    # across a month and a year; a holiday does not move it ("the next calendar day")
    (datetime(2026, 12, 31, 12, 0, tzinfo=ALMATY), datetime(2027, 1, 1, 13, 0, tzinfo=ALMATY)),
])
def test_window_closes_at_13_next_calendar_day(posted: datetime, closes: datetime) -> None:
    assert appeal_window_closes_at(posted, ALMATY) == closes


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError):
        appeal_window_closes_at(datetime(2026, 12, 15, 10, 0), ALMATY)


def test_window_is_open_until_the_deadline_exclusive() -> None:
    posted = datetime(2026, 12, 15, 10, 0, tzinfo=ALMATY)
    closes = datetime(2026, 12, 16, 13, 0, tzinfo=ALMATY)
    assert appeal_window_open(posted, closes, datetime(2026, 12, 16, 12, 59, 59, tzinfo=ALMATY))
    assert not appeal_window_open(posted, closes, closes)
    assert not appeal_window_open(None, None, posted)


@pytest.mark.parametrize(("exam", "granted", "points", "expected"), [
    (60, True, 5, 65), (60, False, 0, 60), (95, True, 5, 100), (0, True, 1, 1)])
def test_decision_adds_points_only_when_granted(exam: int, granted: bool, points: int, expected: int) -> None:
    assert exam_after_decision(exam, granted, points) == expected


@pytest.mark.parametrize(("exam", "points"), [(60, -1), (97, 5)])
def test_decision_never_lowers_nor_passes_100(exam: int, points: int) -> None:
    with pytest.raises(ValueError):
        exam_after_decision(exam, True, points)
