"""Registration's answers to what grading tells it (grading.signals)."""

from __future__ import annotations

from typing import Any


def on_academic_debts_registered(sender: Any, *, student_ids: list[int], **_: Any) -> None:
    """RG-3: the postrequisites of new academic debts leave these students' plans (a Celery job, so
    the debt sweep never waits for e-mails or plan corrections)."""
    from registration.tasks import remove_postrequisites_of_debts

    remove_postrequisites_of_debts.delay(student_ids)
