"""Registration's jobs: thin — take the time, call a service or a notice."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="registration.notify_plan_step")
def notify_plan_step(plan_id: int, step: str) -> int:
    """RG-6: tell whoever acts next (or the student) that a study plan moved on."""
    from registration.notifications import send_plan_step_notice

    return send_plan_step_notice(plan_id, step)
