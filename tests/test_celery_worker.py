"""Celery through a real worker on the embedded Redis — eager mode would hide real bugs."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from ektu_portal.celery import app
from ektu_portal.core.tasks import HEARTBEAT_KEY, heartbeat

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(probe: Callable[[], Any], seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while (value := probe()) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


def test_beat_schedule_names_registered_tasks() -> None:
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_heartbeat_runs_in_a_real_worker() -> None:
    # The task is not eager: only a worker consuming the Redis queue can write the stamp.
    assert not app.conf.task_always_eager
    cache.delete(HEARTBEAT_KEY)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        heartbeat.delay()
        stamp = wait_for(lambda: cache.get(HEARTBEAT_KEY), 30)
    assert stamp is not None
