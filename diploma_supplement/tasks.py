"""The dean's print batch, rendered in worker processes (thin: the service does the work)."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="diploma_supplement.render_batch", acks_late=True, reject_on_worker_lost=True)
def render_batch(batch_id: int) -> int:
    from diploma_supplement import services

    # The job's one "now": every supplement of the batch is issued as of it.
    return services.batch_run(batch_id, now=timezone.now()).done
