"""Final attestation's jobs: thin — take the time, call a service."""

from celery import shared_task
from django.utils import timezone

from attestation import services
from ektu_portal.core.jobs import single_run


@single_run("attestation.flag_missing_documents", timeout=30 * 60)
def flag_missing_documents() -> int:
    """FA-3: theses missing documents at the deadline are flagged to the student and the secretary."""
    return services.missing_documents_flag(now=timezone.now())


@shared_task(name="attestation.notify_missing_documents")
def notify_missing_documents(thesis_ids: list[int]) -> int:
    from attestation.notifications import send_missing_documents_notices

    return send_missing_documents_notices(thesis_ids)
