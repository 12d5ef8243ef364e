"""GR-16/GR-17: sheet kinds, who the attendance rule applies to, and their appeal deadlines."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from grading.policy.sheets import appeal_deadline, attendance_rule_applies, coursework_required, sheet_kind

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


def test_state_exam_appeal_lasts_the_whole_next_day() -> None:
    posted = datetime(2026, 12, 15, 16, 0, tzinfo=ALMATY)
    assert appeal_deadline("state_exam", posted, ALMATY) == datetime(2026, 12, 17, 0, 0, tzinfo=ALMATY)
    assert appeal_deadline("exam", posted, ALMATY) == datetime(2026, 12, 16, 13, 0, tzinfo=ALMATY)
