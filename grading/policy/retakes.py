"""GR-9 / GR-10 / GR-15: FX retakes, academic debts, the additional period."""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import date

from ektu_portal.academics.policy.calendar import add_working_days
from grading.policy.formula import IN_PROGRESS, NO_SHOW, NOT_ADMITTED, RATING_BELOW_THRESHOLD

FX = "FX"
RETAKE_WORKING_DAYS = 10     # GR-9 and GR-15: the additional period is at most 10 working days
EXTENSION_MAX_DAYS = 21      # GR-15: the dean may extend a student's session by at most three weeks


def fx_retake_deadline(exam_session_ends: date, days_off: Container[date],
                       working_days: int = RETAKE_WORKING_DAYS) -> date:
    """GR-9: the last day an FX retake may be applied for and held: 10 working days after the session."""
    return add_working_days(exam_session_ends, working_days, days_off)


def may_apply_for_fx_retake(letter: str | None, today: date, deadline: date, already_applied: bool) -> bool:
    """GR-9: only an FX, only until the deadline, only once per result."""
    return letter == FX and today <= deadline and not already_applied


def becomes_academic_debt(attempt_letters: Sequence[str | None], *, retake_window_over: bool,
                          counts_as_fail: bool) -> bool:
    """GR-10: F, or FX a second time, or an FX whose retake window passed without a pass, is a debt.

    ``attempt_letters`` are the letters of the discipline's attempts in the period, oldest first
    (the retake's letter last). A "did not appear"/"not admitted" result (``counts_as_fail``)
    that the additional period did not clear is a debt too.
    """
    if not attempt_letters:
        return False
    last = attempt_letters[-1]
    if last == "F":
        return True
    if last == FX:
        return attempt_letters.count(FX) >= 2 or retake_window_over
    if last is None and counts_as_fail:
        return retake_window_over
    return False


def extension_allowed(session_ends: date, extended_to: date) -> bool:
    """GR-15: a dean's extension lasts at most three weeks beyond the session."""
    return session_ends < extended_to and (extended_to - session_ends).days <= EXTENSION_MAX_DAYS


# --- GR-15: the additional period after the exam session ------------------------------------------

PAYMENT_CLEARANCE = "payment_clearance"  # (1) missed the exams: no payment clearance
DID_NOT_APPEAR = "did_not_appear"        # (2) did not appear
BELOW_ADMISSION = "below_admission"      # (3) did not reach the admission rating of 50
ADDITIONAL_CATEGORIES = (PAYMENT_CLEARANCE, DID_NOT_APPEAR, BELOW_ADMISSION)


def additional_period_ends(standard_end: date, extended_to: date | None) -> date:
    """GR-15: the additional period ends 10 working days after the session — later only for a
    student whose session the dean extended (at most three weeks)."""
    return max(standard_end, extended_to) if extended_to else standard_end


def additional_exam_problem(category: str, *, status: str, has_exam: bool, today: date, ends: date,
                            admission_reasons: Sequence[str] = ()) -> str | None:
    """Why a result cannot go to the additional period under ``category`` (None: it can).

    The category must match the record:
    (1) no payment clearance — the student missed the exam: recorded as "did not appear" on a
        posted sheet, or no exam and no outcome at all (a result kept outside the portal's sheets);
        the payment office's clearance is not in the portal, the registrar's office states it;
    (2) did not appear — a no-show;
    (3) did not reach the admission rating of 50 — not admitted for the rating alone. A student
        refused for attendance goes to the summer semester (GR-3), and one refused for missing
        course work is not in this category either (GR-2).
    """
    if category not in ADDITIONAL_CATEGORIES:
        return "unknown_category"
    if today > ends:
        return "additional_period_over"
    matches = {
        PAYMENT_CLEARANCE: status == NO_SHOW or (status == IN_PROGRESS and not has_exam),
        DID_NOT_APPEAR: status == NO_SHOW,
        BELOW_ADMISSION: status == NOT_ADMITTED and tuple(admission_reasons) == (RATING_BELOW_THRESHOLD,),
    }[category]
    return None if matches else "category_does_not_match"
