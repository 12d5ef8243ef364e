"""GR-13 / GR-14: when an appeal may be filed, and what a decision may do."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

APPEAL_DEADLINE_TIME = time(13, 0)


def appeal_window_closes_at(posted_at: datetime, zone: ZoneInfo) -> datetime:
    """GR-13: appeals are accepted until 13:00 of the calendar day after the grade was entered.

    The day is counted in the university's time zone (Asia/Almaty), whatever zone
    ``posted_at`` carries: a sheet posted at 23:30 Almaty time on Monday closes at 13:00 on
    Tuesday, even though that instant is still Monday in UTC.
    """
    if posted_at.tzinfo is None:
        raise ValueError("posted_at must carry a time zone")
    local_day = posted_at.astimezone(zone).date()
    return datetime.combine(local_day + timedelta(days=1), APPEAL_DEADLINE_TIME, tzinfo=zone)


def appeal_window_open(posted_at: datetime | None, closes_at: datetime | None, now: datetime) -> bool:
    """An appeal is possible only after posting and strictly before the deadline."""
    return posted_at is not None and closes_at is not None and posted_at <= now < closes_at


def exam_after_decision(exam: int, granted: bool, points_added: int) -> int:
    """GR-14: a grant adds points to the exam score; a rejection leaves it. Never lowers.

    Raises ValueError for negative points or a score that would pass 100.
    """
    if points_added < 0:
        raise ValueError("points cannot be negative: an appeal never lowers a grade")
    if not granted:
        return exam
    if exam + points_added > 100:
        raise ValueError(f"the exam score would be {exam + points_added}, above 100")
    return exam + points_added
