"""Mobility's Celery jobs: thin — take the time once, call a service."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="mobility.make_vacant_grant_lists", acks_late=True)
def make_vacant_grant_lists() -> int:
    """TR-9, daily: the candidate list of every vacant grant due within 20 days (before 25 January and
    5 August), made once — a second run, or a run after the registrar's office made it, changes nothing."""
    from mobility import services_grants

    return services_grants.vacant_grant_lists_make(now=timezone.now())
