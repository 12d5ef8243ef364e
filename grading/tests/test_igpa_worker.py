"""TR-10 through a real Celery worker on Redis: the progression job run twice draws up one list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from conftest import two_school_document
from ektu_portal.academics.loading import load_university
from ektu_portal.accounts.models import User
from ektu_portal.celery import app
from grading import services
from grading.models import ProgressionLine, ProgressionRun
from grading.tasks import draw_up_progression_lists

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_draws_up_the_list_once_however_often_it_runs() -> None:
    load_university(two_school_document(), allow_passwords=True)
    registrar = User.objects.get(username="reg.office")
    # The rector's order of 2025-2026 set yesterday as the deadline: the list is due now, and the worker
    # (down until now, say) catches up on it.
    yesterday = timezone.localdate() - timedelta(days=1)
    services.progression_conditions_set(actor=registrar, academic_year="2025-2026", order_number="15-П",
                                        order_date=date(2025, 9, 1), deadline=yesterday, winter_deadline=None,
                                        minimum_gpa={}, now=timezone.now())
    services.achievements_set(actor=registrar, username="s25001", academic_year="2025-2026",
                              points={"ssci": 70, "research": 60}, now=timezone.now())

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        first = draw_up_progression_lists.delay().get(timeout=60)
        second = draw_up_progression_lists.delay().get(timeout=60)

    runs = ProgressionRun.objects.filter(academic_year="2025-2026")
    assert runs.count() == 1
    assert first >= 3 and second == 0  # one line per student of the year, drawn once
    run = runs.get()
    assert (run.order_number, run.deadline) == ("15-П", yesterday)
    lines = {line.student.user.username: line for line in ProgressionLine.objects.filter(run=run)
             .select_related("student__user")}
    # s25001: PRG1101 79 → B- (2.67); 0.8 × 0.6675 + 0.2 × 0.6 = 0.654 ≥ ½ and SSCI 0.7: progresses
    assert lines["s25001"].outcome == "progress"
    assert lines["s25002"].reasons == ["results_missing", "achievements_missing"]
