"""Registration's jobs: thin — take the time, call a service or a notice."""

from __future__ import annotations

from celery import shared_task

from ektu_portal.core.jobs import single_run


@shared_task(name="registration.notify_plan_step")
def notify_plan_step(plan_id: int, step: str) -> int:
    """RG-6: tell whoever acts next (or the student) that a study plan moved on."""
    from registration.notifications import send_plan_step_notice

    return send_plan_step_notice(plan_id, step)


@single_run("registration.find_small_sections", timeout=30 * 60)
def find_small_sections() -> int:
    """RG-5: after registration closes, sections under their minimum size (catches up after downtime)."""
    from django.utils import timezone

    from registration import services

    return services.find_small_sections(now=timezone.now())


@shared_task(name="registration.remove_postrequisites_of_debts")
def remove_postrequisites_of_debts(student_ids: list[int] | None = None) -> int:
    """RG-3: postrequisites of disciplines that became academic debts leave the plans (of these
    students, as grading tells us; of everyone when called without them)."""
    from django.utils import timezone

    from registration import services

    return services.remove_postrequisites_of_debts(now=timezone.now(), student_ids=student_ids)


@shared_task(name="registration.notify_small_section")
def notify_small_section(small_section_id: int) -> int:
    from registration.notifications import send_small_section_notice

    return send_small_section_notice(small_section_id)


@shared_task(name="registration.notify_postrequisite_removed")
def notify_postrequisite_removed(enrollment_id: int, owed: list[str]) -> int:
    from registration.notifications import send_postrequisite_notice

    return send_postrequisite_notice(enrollment_id, owed)


@single_run("registration.warm_registration_facts", timeout=15 * 60)  # 10,000 students: ~4 min
def warm_registration_facts() -> int:
    """Issue 15: half an hour before a registration window opens, every student's facts are read into
    the cache, so the opening minute serves them instead of reading 10,000 transcripts at once."""
    from django.utils import timezone

    from registration import cache

    return cache.warm_upcoming(now=timezone.now())
