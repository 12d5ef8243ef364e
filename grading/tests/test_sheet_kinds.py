"""GR-16/GR-17: sheet kinds, who the attendance rule applies to, and their appeal deadlines."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from grading.policy.sheets import (
    appeal_deadline,
    attendance_rule_applies,
    coursework_required,
    exams_begin,
    sheet_kind,
)

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.mark.parametrize(("control", "kind", "expected"), [
    ("exam", "theory", "exam"), ("state_exam", "theory", "state_exam"),
    ("differentiated_credit", "theory", "differentiated_credit"),
    ("differentiated_credit", "practice", "practice"), ("differentiated_credit", "coursework", "coursework"),
    ("exam", "coursework", "coursework")])
def test_sheet_kind(control: str, kind: str, expected: str) -> None:
    assert sheet_kind(control, kind) == expected


@pytest.mark.parametrize(("level", "kind", "applies"), [
    ("bachelor", "exam", True), ("bachelor", "state_exam", True), ("bachelor", "practice", False),
    ("bachelor", "coursework", False), ("master_profile", "exam", False)])
def test_attendance_rule(level: str, kind: str, applies: bool) -> None:
    assert attendance_rule_applies(level, kind) is applies


@pytest.mark.parametrize(("has", "kind", "required"), [
    (True, "exam", True), (False, "exam", False), (True, "coursework", False)])
def test_coursework_required(has: bool, kind: str, required: bool) -> None:
    assert coursework_required(has, kind) is required


def test_state_exam_appeal_lasts_the_whole_day_after_the_exam() -> None:
    """GR-17: "no later than the day after the exam" — counted from the exam date, not from posting."""
    posted = datetime(2026, 12, 15, 16, 0, tzinfo=ALMATY)
    assert appeal_deadline("state_exam", posted, ALMATY, date(2026, 12, 15)) == datetime(2026, 12, 17, 0, 0,
                                                                                          tzinfo=ALMATY)
    # posted two days after the exam of the 13th: the deadline was the end of the 14th all the same
    assert appeal_deadline("state_exam", posted, ALMATY, date(2026, 12, 13)) == datetime(2026, 12, 15, 0, 0,
                                                                                          tzinfo=ALMATY)
    assert appeal_deadline("exam", posted, ALMATY) == datetime(2026, 12, 16, 13, 0, tzinfo=ALMATY)


def test_a_state_exam_deadline_needs_its_exam_date() -> None:
    with pytest.raises(ValueError):
        appeal_deadline("state_exam", datetime(2026, 12, 15, 16, 0, tzinfo=ALMATY), ALMATY)


@pytest.mark.parametrize(("sitting", "starts", "ends", "period_ends", "begins"), [
    ("regular", date(2026, 12, 14), date(2026, 12, 26), date(2026, 12, 26), date(2026, 12, 14)),
    ("fx_retake", date(2026, 12, 14), date(2026, 12, 26), date(2026, 12, 26), date(2026, 12, 14)),
    # GR-15: the additional period follows the session
    ("additional", date(2026, 12, 14), date(2026, 12, 26), date(2026, 12, 26), date(2026, 12, 27)),
    # CR-2: no session in the calendar — the period's last week (1 Aug − 6 days)
    ("regular", None, None, date(2026, 8, 1), date(2026, 7, 26)),
    ("additional", None, None, date(2026, 8, 1), date(2026, 8, 2)),
])
def test_exams_begin(sitting: str, starts: date | None, ends: date | None, period_ends: date,
                     begins: date) -> None:
    assert exams_begin(sitting, exam_session_starts=starts, exam_session_ends=ends,
                       period_ends=period_ends) == begins
