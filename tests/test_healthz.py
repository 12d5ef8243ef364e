"""/healthz (issue 16): what a probe needs — database, Redis, the worker's heartbeat — with no sign-in;
200 while PostgreSQL and Redis answer, 503 otherwise; and the compose healthcheck that asks it."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from ektu_portal.core.tasks import HEARTBEAT_KEY, heartbeat

ROOT = Path(__file__).resolve().parent.parent
NO_REDIS = "unix:///tmp/ektu-ops-no-such-redis.sock"


def test_anonymous_probe_sees_every_part(client: Any, db: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["database"], body["redis"]) == ("ok", "ok")
    # No beat has run in this test's Redis: the site serves, the worker is missing.
    assert body["worker"] == {"status": "missing", "last_beat": None, "age_seconds": None}
    assert body["status"] == "degraded"
    assert "sessionid" not in response.cookies


def test_a_fresh_heartbeat_is_ok_and_an_old_one_is_late(client: Any, db: Any) -> None:
    heartbeat()  # what the worker runs when beat sends it
    body = client.get("/healthz").json()
    assert body["worker"]["status"] == "ok" and 0 <= body["worker"]["age_seconds"] <= 5
    assert body["status"] == "ok"

    cache.set(HEARTBEAT_KEY, (timezone.now() - timedelta(minutes=10)).isoformat(), timeout=None)
    response = client.get("/healthz")
    assert response.status_code == 200  # a late worker does not take web out of service
    body = response.json()
    assert body["worker"]["status"] == "late" and 600 <= body["worker"]["age_seconds"] <= 605
    assert body["status"] == "degraded"


def test_redis_down_is_503(client: Any, db: Any) -> None:
    with override_settings(REDIS_URL=NO_REDIS):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["database"], body["redis"], body["status"]) == ("ok", "down", "down")


def test_database_down_is_503(client: Any, django_db_blocker: Any, monkeypatch: Any) -> None:
    with django_db_blocker.unblock():
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "NAME", "ektu_ops_no_such_database")
        try:
            response = client.get("/healthz")
        finally:
            connection.close()
    assert response.status_code == 503
    body = response.json()
    assert (body["database"], body["redis"], body["status"]) == ("down", "ok", "down")


@pytest.mark.django_db(transaction=True)
def test_the_compose_healthcheck_passes_and_fails_with_the_portal(live_server: Any) -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"]["web"]["healthcheck"]["test"]
    assert command[:3] == ["CMD", "python", "-c"]
    code = command[3].replace("http://127.0.0.1:8000", live_server.url)
    assert code != command[3]

    def probe() -> int:
        return subprocess.run([sys.executable, "-c", code], env={"ALLOWED_HOSTS": "localhost,portal.ektu.kz"},
                              capture_output=True, timeout=30).returncode

    assert probe() == 0
    with override_settings(REDIS_URL=NO_REDIS):
        assert probe() != 0
