"""Mobility's Celery jobs: thin — take the time once, call a service."""

from celery import shared_task
from django.utils import timezone

from ektu_portal.core.jobs import single_run


@single_run("mobility.make_vacant_grant_lists", timeout=30 * 60)
def make_vacant_grant_lists() -> int:
    """TR-9, daily: the candidate list of every vacant grant due within 20 days (before 25 January and
    5 August), made once — a second run, or a run after the registrar's office made it, changes nothing."""
    from mobility import services_grants

    return services_grants.vacant_grant_lists_make(now=timezone.now())


@single_run("mobility.mail_overdue_transfers", timeout=30 * 60)
def mail_overdue_transfers() -> int:
    """TR-6, TR-7, daily: the registrar's office is e-mailed the cases past a deadline (once a day)."""
    from mobility import services_transfers

    return services_transfers.overdue_digest(now=timezone.now())


@shared_task(name="mobility.welcome_transferred")
def welcome_transferred(student_id: int) -> int:
    """TR-7: the transferred student learns their username and sets a password from the link."""
    from mobility.notifications import send_welcome

    return send_welcome(student_id)


@single_run("mobility.register_difference_debts", timeout=30 * 60)
def register_difference_debts() -> int:
    """RC-5, daily: a transferred or readmitted student's academic difference not passed by the end of the
    academic year becomes academic debt (once per case; catches up on all that fell due while it was down)."""
    from mobility import services_transfers

    return services_transfers.transfer_difference_sweep(now=timezone.now())
