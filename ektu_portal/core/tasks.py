from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "health:beat"


@shared_task(name="ektu_portal.core.tasks.heartbeat", ignore_result=True)
def heartbeat() -> str:
    """Sent by beat every minute and run by a worker: /health shows both are alive."""
    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, stamp, timeout=None)
    return stamp
