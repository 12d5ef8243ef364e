"""TR-9 through a real Celery worker on Redis: the vacant-grant job run twice makes one identical list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from conftest import two_school_document
from ektu_portal.academics.loading import load_university
from ektu_portal.academics.models import Student
from ektu_portal.accounts.models import User
from ektu_portal.celery import app
from mobility.models import VacantGrant, VacantGrantList
from mobility.tasks import make_vacant_grant_lists

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_makes_one_identical_list_however_often_it_runs() -> None:
    load_university(two_school_document(), allow_passwords=True)
    # The cohort B057 (6B06102), full-time, intake 2025: s25001 (made paid here; PRG1101 r1 80, r2 90,
    # exam 71 → 0.6 × 85 + 0.4 × 71 = 79.4 → 79 → B-, GPA 2.67, grades A…C+) and s25002 (paid, no result).
    Student.objects.filter(user__username="s25001").update(funding="paid")
    # The job works from the real clock: the deadline is put 10 days ahead, so the list is due whatever day
    # the test runs (a real round is 25 January or 5 August — the recording service's check, tested there).
    VacantGrant.objects.create(group_code="B057", study_form="full_time", intake_year=2025, places=1,
                               deadline=timezone.localdate() + timedelta(days=10), basis="Order No. 12-ст",
                               recorded_by=User.objects.get(username="reg.office"),
                               recorded_at=timezone.now())

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        first = make_vacant_grant_lists.delay().get(timeout=60)
        after_first = list(VacantGrantList.objects.values("pk", "digest", "ranked", "excluded", "made_at"))
        second = make_vacant_grant_lists.delay().get(timeout=60)

    assert (first, second) == (1, 0)
    lists = list(VacantGrantList.objects.values("pk", "digest", "ranked", "excluded", "made_at"))
    assert lists == after_first and len(lists) == 1
    made = lists[0]
    assert made["ranked"] == [{"position": 1, "username": "s25001", "full_name": "Әлиев Нұрлан Серікұлы",
                               "record_number": "s25001", "gpa": "2.67", "tier": 1, "decided_by": None,
                               "candidate": True}]
    assert made["excluded"] == [{"username": "s25002", "full_name": "Жұмабаева Ұлжан", "reasons": ["no_gpa"]}]
