"""Admissions' Celery jobs: thin — take ids, take the time once, call a service."""

from celery import shared_task
from django.utils import timezone

from ektu_portal.core.jobs import single_run


@shared_task(name="admissions.run_competition", acks_late=True)
def run_competition(run_id: int) -> int:
    """AD-18: rank a competition run (progress is counted on the run for the page)."""
    from admissions import services

    return len(services.competition_rank(run_id=run_id, now=timezone.now()).ranking)


@shared_task(name="admissions.send_sign_in_code")
def send_sign_in_code(applicant_id: int) -> int:
    """The applicant's one-time code for their status page."""
    from admissions.notifications import send_sign_in_code as send

    return send(applicant_id, now=timezone.now())


@shared_task(name="admissions.send_admission_notice")
def send_admission_notice(applicant_id: int) -> int:
    """AD-1: the admitted student learns their username and sets a password from the link."""
    from admissions.notifications import send_admission_notice as send

    return send(applicant_id)


@single_run("admissions.register_difference_debts", timeout=30 * 60)
def register_difference_debts() -> int:
    """RC-5/RC-6, daily: academic difference still not passed after its due date becomes academic debt
    (once per discipline; catches up on everything that fell due while the job was down)."""
    from admissions import services

    return services.prior_learning_difference_sweep(now=timezone.now())
