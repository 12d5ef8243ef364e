"""AD-18 through a real Celery worker on Redis: the same applicants give the same list — run twice, and
once more with the applicants entered again in shuffled order."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker

from admissions import services
from admissions.models import Applicant, CompetitionRun
from admissions.tests.conftest import NOW, admissions_document, applicant, seed_campaign_rules
from ektu_portal.academics.loading import load_university
from ektu_portal.accounts.models import User
from ektu_portal.celery import app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def records() -> list[dict[str, Any]]:
    """60 applicants on only four scores, so every tie-break is needed: priorities, averages, profile
    subjects, and for some everything equal but the number."""
    rng = random.Random(18)
    found = []
    for n in range(60):
        profile_1 = rng.choice([25, 30])
        found.append(applicant(
            f"A26-{n:04d}",
            unt={"total": 100 + 5 * rng.randrange(4),
                 "subjects": {"history_kz": 10, "reading": 10, "math_literacy": 10, "profile_1": profile_1,
                              "profile_2": 40 - profile_1}},
            certificate_average=rng.choice(["4.50", "4.90", None]),
            priorities=rng.choice([[], [], ["altyn_belgi"], ["olympiad_winner"],
                                   ["altyn_belgi", "patriot_badge"]]),
            program=rng.choice(["6B07101", "6B07102"])))
    return found


def wait_for(run_pk: int, timeout: float = 60) -> CompetitionRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = CompetitionRun.objects.get(pk=run_pk)
        if run.status in (CompetitionRun.Status.DONE, CompetitionRun.Status.FAILED):
            return run
        time.sleep(0.2)
    raise AssertionError("the worker did not rank the run in time")


def test_the_same_applicants_in_any_order_give_one_ranking() -> None:
    seed_campaign_rules()
    load_university(admissions_document(), allow_passwords=True)
    officer = User.objects.get(username="adm.officer")
    entered = records()
    for record in entered:
        services.applicant_save(actor=officer, data=record, now=NOW)
    parameters = {"code": "G-B071-2026", "program_group": "B071", "track": "bachelor", "grants": 12,
                  "intake_year": 2026}

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        first = wait_for(services.competition_enqueue(actor=officer, now=NOW, **parameters).pk)
        second = wait_for(services.competition_enqueue(actor=officer, now=NOW, **parameters).pk)
        # every applicant entered again, in another order (new rows, new ids)
        Applicant.objects.all().delete()
        shuffled = list(entered)
        random.Random(2026).shuffle(shuffled)
        for record in shuffled:
            services.applicant_save(actor=officer, data=record, now=NOW)
        third = wait_for(services.competition_enqueue(actor=officer, now=NOW, **parameters).pk)

    assert [run.status for run in (first, second, third)] == ["done"] * 3
    assert [run.run for run in (first, second, third)] == [1, 2, 3]  # every run kept
    assert len(first.ranking) == 60 and sum(e["awarded"] for e in first.ranking) == 12
    assert first.ranking == second.ranking == third.ranking
    assert first.inputs["candidates"] == third.inputs["candidates"]
    assert (first.done, first.total) == (60, 60)  # the page's progress reached the end
