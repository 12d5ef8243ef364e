"""Fixtures shared by grading's tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

ALMATY = ZoneInfo("Asia/Almaty")
DB2201 = "DB2201-2026F-01"


def at(y: int, m: int, d: int, hour: int = 10, minute: int = 0) -> datetime:
    """An instant in the university's time zone (GR-13: Asia/Almaty)."""
    return datetime(y, m, d, hour, minute, tzinfo=ALMATY)


@pytest.fixture
def enrolled(university: Any) -> None:
    """s25001 and s25002 take DB2201 in 2026-F (instructor adv.sarsen). The period's exam session
    began a week ago, whatever the day the tests run (GR-12: a sheet posts once it has begun)."""
    from django.utils import timezone

    from ektu_portal.academics.loading import load_university
    from ektu_portal.academics.models import AcademicPeriod

    university["sections"][1]["enrolled"] = ["s25001", "s25002"]
    load_university(university, allow_passwords=True)
    AcademicPeriod.objects.filter(code="2026-F").update(
        exam_session_starts=timezone.localdate() - timedelta(days=7))


@pytest.fixture
def fx_sheet(university: Any, user: Any) -> Any:
    """s25001 gets an FX (46), s25002 is not admitted (rating 15); the sheet is posted in the session
    (14–26 Dec 2026)."""
    from ektu_portal.academics.loading import load_university
    from ektu_portal.academics.models import AcademicPeriod, Result
    from grading import services

    university["sections"][1]["enrolled"] = ["s25001", "s25002"]
    for person in university["people"]:
        person.setdefault("email", f"{person['username']}@ektu.kz")
    load_university(university, allow_passwords=True)
    AcademicPeriod.objects.filter(code="2026-F").update(exam_session_starts=date(2026, 12, 14),
                                                       exam_session_ends=date(2026, 12, 26))
    services.sheet_update(actor=user("adv.sarsen"), code=DB2201, rows=[
        # 0.6 × 50 + 0.4 × 40 = 46 → FX
        {"student": "s25001", "r1": 50, "r2": 50, "exam": 40, "coursework_submitted": True},
        {"student": "s25002", "r1": 20, "r2": 10}])             # rating 15: not admitted
    services.sheet_post(actor=user("adv.sarsen"), code=DB2201, now=at(2026, 12, 24))
    return Result.objects.get(student__user__username="s25001", discipline__code="DB2201")
