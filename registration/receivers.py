"""Registration's answers to what grading tells it (grading.signals), and to grading's writes."""

from __future__ import annotations

from typing import Any

# Grading's transcript (the one source of grades registration decides on, RG-3, GR-11) reads results —
# followed by triggers (migration 0006) — and, per result, its sheet entry and retake/additional sheet; a
# sheet's posting (GR-12) and the letter scale (GR-6) change what many students' results read as.
EVERYONE_MODELS = {"gradesheet", "letterband"}


def on_academic_debts_registered(sender: Any, *, student_ids: list[int], **_: Any) -> None:
    """RG-3: the postrequisites of new academic debts leave these students' plans (a Celery job, so
    the debt sweep never waits for e-mails or plan corrections)."""
    from registration.tasks import remove_postrequisites_of_debts

    remove_postrequisites_of_debts.delay(student_ids)


def on_grading_written(sender: Any, instance: Any, using: str = "default", **_: Any) -> None:
    """Registration day's cached facts (issue 15) follow grading: a write naming a student or a result
    moves that student's facts version; a sheet or the letter scale, everyone's generation — in the
    writing transaction, as the triggers do."""
    from django.db import connections

    student_id = getattr(instance, "student_id", None)
    result_id = getattr(instance, "result_id", None)
    with connections[using].cursor() as cursor:
        if student_id is not None:
            cursor.execute("SELECT registration_bump_students(ARRAY[%s]::bigint[])", [student_id])
        elif result_id is not None:
            cursor.execute("SELECT registration_bump_students(ARRAY(SELECT student_id FROM academics_result "
                           "WHERE id = %s))", [result_id])
        elif sender._meta.model_name in EVERYONE_MODELS:
            cursor.execute("SELECT registration_bump_generation()")
