"""GR-12 / GR-16 / GR-17: kinds of sheet, sittings, and the admission rules and deadlines that differ
between them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from grading.policy.appeals import appeal_window_closes_at

EXAM = "exam"
DIFFERENTIATED_CREDIT = "differentiated_credit"
COURSEWORK = "coursework"
PRACTICE = "practice"
STATE_EXAM = "state_exam"
KINDS = (EXAM, DIFFERENTIATED_CREDIT, COURSEWORK, PRACTICE, STATE_EXAM)

# The sitting a sheet records (GR-12, GR-13): the period's exam session, an FX retake (GR-9) or an
# exam of the additional period (GR-15). A retake or additional exam is a new attempt on a sheet of
# its own; the session's sheet keeps the original attempt untouched.
REGULAR = "regular"
FX_RETAKE = "fx_retake"
ADDITIONAL = "additional"
SITTINGS = (REGULAR, FX_RETAKE, ADDITIONAL)
# CR-2: every period ends with an exam session of at least one week.
SHORTEST_SESSION_DAYS = 7


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
    """GR-2: a discipline with a course work admits only students who submitted it (not the course
    work's own sheet)."""
    return has_coursework and kind not in (COURSEWORK, PRACTICE)


def exams_begin(sitting: str, *, exam_session_starts: date | None, exam_session_ends: date | None,
                period_ends: date) -> date:
    """GR-12: the first day a sheet of this sitting may be posted — its exams have begun.

    The session's sheet (and an FX retake, GR-9: during the session or after it) waits for the
    period's exam session; a summer period's session is its summer exams. The additional period
    (GR-15) follows the session, so its sheet waits for the day after the session ends. A period
    whose calendar records no session is read by CR-2: its last week is at least the session.
    """
    if sitting not in SITTINGS:
        raise ValueError(f"unknown sitting {sitting!r}")
    if sitting == ADDITIONAL:
        return (exam_session_ends or period_ends) + timedelta(days=1)
    return exam_session_starts or period_ends - timedelta(days=SHORTEST_SESSION_DAYS - 1)


def appeal_deadline(kind: str, posted_at: datetime, zone: ZoneInfo,
                    exam_date: date | None = None) -> datetime:
    """GR-13 for every sheet: 13:00 of the day after posting. GR-17 for the state exam: "no later
    than the day after the exam" — to the end of the day after the exam date, however late the
    sheet is posted. A state exam's deadline cannot be known without its exam date (ValueError)."""
    if kind == STATE_EXAM:
        if exam_date is None:
            raise ValueError("a state exam's appeal deadline counts from its exam date (GR-17)")
        return datetime.combine(exam_date + timedelta(days=2), time(0, 0), tzinfo=zone)
    return appeal_window_closes_at(posted_at, zone)
