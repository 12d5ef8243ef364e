"""Grading's periodic jobs: thin — take the time, call a service."""

from celery import shared_task
from django.utils import timezone

from grading import services


@shared_task(name="grading.close_appeal_windows")
def close_appeal_windows() -> int:
    """GR-12/GR-13: sheets whose appeal deadline has passed become final (catches up after downtime)."""
    return services.close_appeal_windows(now=timezone.now())

