"""GR-16 / GR-17: kinds of sheet and the admission rules and deadlines that differ between them."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from grading.policy.appeals import appeal_window_closes_at

EXAM = "exam"
DIFFERENTIATED_CREDIT = "differentiated_credit"
COURSEWORK = "coursework"
PRACTICE = "practice"
STATE_EXAM = "state_exam"
KINDS = (EXAM, DIFFERENTIATED_CREDIT, COURSEWORK, PRACTICE, STATE_EXAM)


def sheet_kind(control: str, discipline_kind: str) -> str:
    """The sheet a discipline is graded on: its form of final control, refined by its kind."""
    if control == STATE_EXAM:
        return STATE_EXAM                      # GR-17: "History of Kazakhstan", a state commission
    if discipline_kind == COURSEWORK:
        return COURSEWORK                      # GR-16: graded on its defence
    if discipline_kind == PRACTICE:
        return PRACTICE                        # GR-16: professional practice, a differentiated credit
    if control == DIFFERENTIATED_CREDIT:
        return DIFFERENTIATED_CREDIT           # GR-16: same letter system, counts when it carries credits
    return EXAM


def attendance_rule_applies(program_level: str, kind: str) -> bool:
    """GR-3 is a bachelor's rule about classes; practices and course works have no classes to miss."""
    return program_level == "bachelor" and kind in (EXAM, DIFFERENTIATED_CREDIT, STATE_EXAM)


def coursework_required(has_coursework: bool, kind: str) -> bool:
    """GR-2: a discipline with a course work admits only students who submitted it (not the course work's own sheet)."""
    return has_coursework and kind not in (COURSEWORK, PRACTICE)


def appeal_deadline(kind: str, posted_at: datetime, zone: ZoneInfo) -> datetime:
    """GR-13 for every sheet; GR-17 for the state exam: no later than the day after the exam (its end)."""
    if kind == STATE_EXAM:
        day_after = posted_at.astimezone(zone).date() + timedelta(days=1)
        return datetime.combine(day_after + timedelta(days=1), time(0, 0), tzinfo=zone)
    return appeal_window_closes_at(posted_at, zone)
