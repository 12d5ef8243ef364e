"""Grading's periodic jobs: thin — take the time, call a service."""

from celery import shared_task
from django.utils import timezone

from ektu_portal.core.jobs import single_run
from grading import services


@single_run("grading.close_appeal_windows", timeout=4 * 60)  # beat: every 5 minutes
def close_appeal_windows() -> int:
    """GR-12/GR-13: sheets whose appeal deadline has passed become final (catches up after downtime)."""
    return services.close_appeal_windows(now=timezone.now())


@single_run("grading.register_academic_debts", timeout=30 * 60)
def register_academic_debts() -> int:
    """GR-10: after each period's retake deadline, unresolved results become academic debts."""
    return services.register_academic_debts(now=timezone.now())


@shared_task(name="grading.notify_academic_debts")
def notify_academic_debts(debt_ids: list[int]) -> int:
    """Tell each student (and their adviser) which disciplines became academic debts."""
    from grading.notifications import send_debt_notices

    return send_debt_notices(debt_ids)


@shared_task(name="grading.notify_sheet_posted")
def notify_sheet_posted(sheet_id: int) -> int:
    """GR-12/GR-13: the section's students may see their grades and appeal until the deadline."""
    from grading.notifications import send_sheet_posted_notices

    return send_sheet_posted_notices(sheet_id)


@shared_task(name="grading.notify_appeal_decided")
def notify_appeal_decided(appeal_id: int) -> int:
    """GR-14: the student learns the commission's decision."""
    from grading.notifications import send_appeal_decision_notice

    return send_appeal_decision_notice(appeal_id)


@shared_task(name="grading.notify_appeal_entered")
def notify_appeal_entered(appeal_id: int) -> int:
    """GR-14: the student learns that the registrar's office entered the granted appeal."""
    from grading.notifications import send_appeal_entered_notice

    return send_appeal_entered_notice(appeal_id)


@single_run("grading.warn_attendance", timeout=30 * 60)
def warn_attendance() -> int:
    """Issue 9 (GR-3): e-mail each student once on reaching 40% of a discipline's classes missed."""
    return services.attendance_warnings_send(now=timezone.now())


@shared_task(name="grading.notify_attendance_warnings")
def notify_attendance_warnings(warning_ids: list[int]) -> int:
    from grading.notifications import send_attendance_warnings

    return send_attendance_warnings(warning_ids)


@single_run("grading.draw_up_progression_lists", timeout=30 * 60)
def draw_up_progression_lists() -> int:
    """TR-10/TR-11 (issue 11): each progression list is drawn up once when due (by 25 August, 15 January
    for the winter intake; catching up after downtime), and repeat-year students without a signed contract
    after the deadline are listed for expulsion."""
    return services.progression_sweep(now=timezone.now())


@shared_task(name="grading.notify_progression")
def notify_progression(line_ids: list[int]) -> int:
    """TR-10/TR-11: students repeating the year, or progressing with debts to clear, are told."""
    from grading.notifications_igpa import send_progression_notices

    return send_progression_notices(line_ids)
