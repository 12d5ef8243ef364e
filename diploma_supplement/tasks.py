"""The dean's print batch, rendered in worker processes (thin: the service does the work)."""

from celery import shared_task


@shared_task(name="diploma_supplement.render_batch", acks_late=True)
def render_batch(batch_id: int) -> int:
    from diploma_supplement import services

    return services.batch_run(batch_id).done
