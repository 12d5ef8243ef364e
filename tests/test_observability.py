"""Operations (hardening issue, ASVS 16.x): request ids, structured logs, Prometheus metrics at /metrics.

What an operator relies on: every answer names its request id and every log line repeats it; a JSON log
line is one parseable object without the query string or the username; /metrics counts requests by URL
pattern (never by path) and Celery tasks by name, and is shown only to the scraper or an administrator.
Tasks run eagerly with ``.apply()`` — the same task_prerun/task_postrun signals a worker sends.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import datetime
from typing import Any

import pytest
from celery import shared_task
from django.test import Client, override_settings
from prometheus_client.parser import text_string_to_metric_families

from conftest import PASSWORD
from ektu_portal.core.observability import JsonFormatter
from ektu_portal.core.tasks import heartbeat

NEW_ID = re.compile(r"[0-9a-f]{32}")  # uuid4().hex
REMOTE = "203.0.113.5"  # TEST-NET-3: not in METRICS_ALLOWED_ADDRESSES


@shared_task(name="tests.observability.breaks")
def breaks() -> None:
    logging.getLogger("tests.observability").warning("about to break")
    raise RuntimeError("broken on purpose")


def scrape(client: Client | None = None, **extra: str) -> str:
    response = (client or Client()).get("/metrics", **extra)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def sample(body: str, name: str, **labels: str) -> float:
    """The value of one series (0 when it has not been written yet)."""
    total = 0.0
    for family in text_string_to_metric_families(body):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                total += s.value
    return total


def request_count(body: str, route: str, status: str, method: str = "GET") -> float:
    return sample(body, "ektu_http_request_duration_seconds_count", method=method, route=route, status=status)


def requests_naming(body: str, text: str) -> float:
    """Requests counted under a route label that contains ``text`` (samples of every process that shared
    this data dir are in the body, so tests compare before and after)."""
    return sum(s.value for family in text_string_to_metric_families(body) for s in family.samples
               if s.name == "ektu_http_request_duration_seconds_count" and text in s.labels.get("route", ""))


# --- request ids -----------------------------------------------------------------------------------
def test_every_answer_names_a_new_request_id(client: Any, db: Any) -> None:
    first, second = client.get("/healthz"), client.get("/healthz")
    assert NEW_ID.fullmatch(first["X-Request-ID"]) and NEW_ID.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_safe_incoming_id_is_echoed(client: Any, db: Any) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-7f3a.01_B")
    assert response["X-Request-ID"] == "proxy-7f3a.01_B"


@pytest.mark.parametrize("unsafe", ["has space", "a;b", "<script>", "x" * 65, "ид-1"])
def test_an_unsafe_incoming_id_is_replaced(client: Any, db: Any, unsafe: str) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID=unsafe)
    assert NEW_ID.fullmatch(response["X-Request-ID"])


def test_a_request_refused_at_the_door_has_an_id_too(client: Any) -> None:
    response = client.get("/api/v1/me?student=a%00b", HTTP_X_REQUEST_ID="door-1")
    assert response.status_code == 400  # RequestGuardMiddleware, before any view
    assert response["X-Request-ID"] == "door-1"


# --- logs ------------------------------------------------------------------------------------------
@override_settings(SIGNIN_FREE_FAILURES=1)
def test_a_line_logged_inside_a_view_carries_the_request_id(university: Any, caplog: Any) -> None:
    caplog.set_level(logging.WARNING, logger="ektu_portal.security")
    response = Client().post("/api/v1/auth/token", {"username": "s25001", "password": "wrong"},
                             content_type="application/json", HTTP_X_REQUEST_ID="signin-42")
    assert response.status_code == 401
    locked = [r for r in caplog.records if r.name == "ektu_portal.security"]
    assert locked, "the sign-in view logs the lockout"
    assert {r.request_id for r in locked} == {"signin-42"}


def test_the_access_log_line_is_one_json_object_without_query_or_username(university: Any,
                                                                          user: Any, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="ektu_portal.requests")
    client = Client()
    assert client.login(username="s25001", password=PASSWORD)
    response = client.get("/?student=s25002&name=Жұмабаева")
    assert response.status_code == 200
    (record,) = [r for r in caplog.records if r.name == "ektu_portal.requests"]

    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["level"], entry["logger"]) == ("INFO", "ektu_portal.requests")
    assert entry["request_id"] == response["X-Request-ID"]
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/", 200)
    assert isinstance(entry["duration_ms"], int | float) and entry["duration_ms"] >= 0
    assert entry["user_id"] == user("s25001").pk
    assert "s25002" not in line and "Жұмабаева" not in line and "s25001" not in line
    assert datetime.fromisoformat(entry["time"]).utcoffset() is not None  # ISO 8601 with its zone


def test_an_anonymous_request_is_logged_without_a_user(client: Any, db: Any, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="ektu_portal.requests")
    client.get("/healthz")
    (record,) = [r for r in caplog.records if r.name == "ektu_portal.requests"]
    assert record.user_id is None and record.status == 200 and record.path == "/healthz"


def test_the_json_formatter_writes_the_exception_on_the_same_line() -> None:
    try:
        raise ValueError("no grades on sheet 12")
    except ValueError:
        record = logging.LogRecord("ektu_portal.core", logging.ERROR, __file__, 1, "grading %s\nfailed",
                                   ("sheet 12",), sys.exc_info())
    record.request_id = "job-9"
    line = JsonFormatter().format(record)
    assert len(line.splitlines()) == 1  # a newline in the message cannot forge a second log line
    entry = json.loads(line)
    assert entry["message"] == "grading sheet 12\nfailed"
    assert (entry["level"], entry["logger"], entry["request_id"]) == ("ERROR", "ektu_portal.core", "job-9")
    assert "ValueError: no grades on sheet 12" in entry["exception"]
    assert "method" not in entry  # not a request


def test_a_task_line_in_json_does_not_show_the_task_arguments() -> None:
    # Celery's own "Task … received" line carries its arguments in `data`; its text line never shows them.
    record = logging.LogRecord("celery.worker.strategy", logging.INFO, __file__, 1, "Task %(name)s received",
                               None, None)
    record.data = {"id": "t-1", "name": "grading.warn_attendance", "args": "('s25001',)",
                   "kwargs": "{'email': 's25001@edu.ektu.kz'}"}
    entry = json.loads(JsonFormatter().format(record))
    assert entry["data"] == {"id": "t-1", "name": "grading.warn_attendance"}


# --- metrics ---------------------------------------------------------------------------------------
def test_metrics_count_a_request_by_its_url_pattern(client: Any, db: Any) -> None:
    before = request_count(scrape(), "healthz", "2xx")
    client.get("/healthz")
    body = scrape()
    assert request_count(body, "healthz", "2xx") == before + 1
    assert "# TYPE ektu_http_request_duration_seconds histogram" in body


def test_the_route_label_is_the_pattern_not_the_path(api: Any) -> None:
    route = "api/v1/students/<str:username>/transcript"
    client = api("s25001")
    before = scrape()
    assert client.get("/api/v1/students/s25001/transcript").status_code == 200
    after = scrape()
    assert request_count(after, route, "2xx") == request_count(before, route, "2xx") + 1
    assert requests_naming(after, "s25001") == requests_naming(before, "s25001")

    # Its CPU, by the same pattern (issue 15: CPU per request of a route = CPU seconds ÷ requests, what a
    # capacity plan reads): never nothing, never more than the request's wall time (one thread answers it).
    def grew(name: str, **labels: str) -> float:
        return sample(after, name, route=route, **labels) - sample(before, name, route=route, **labels)

    cpu = grew("ektu_http_request_cpu_seconds_total", method="GET")
    assert 0 < cpu <= grew("ektu_http_request_duration_seconds_sum", method="GET", status="2xx") + 0.001
    assert "# TYPE ektu_http_request_cpu_seconds_total counter" in after
    assert "s25001" not in "".join(line for line in after.splitlines() if "cpu_seconds" in line)


def test_a_path_no_pattern_matches_is_unmatched(client: Any, db: Any) -> None:
    before = scrape()
    assert client.get("/no/such/page/for-s25001/").status_code == 404
    after = scrape()
    assert request_count(after, "unmatched", "4xx") == request_count(before, "unmatched", "4xx") + 1
    assert requests_naming(after, "for-s25001") == requests_naming(before, "for-s25001")


def test_metrics_are_hidden_from_a_remote_visitor(university: Any) -> None:
    assert Client().get("/metrics", REMOTE_ADDR=REMOTE).status_code == 404
    student = Client()
    assert student.login(username="s25001", password=PASSWORD)
    assert student.get("/metrics", REMOTE_ADDR=REMOTE).status_code == 404


def test_an_administrator_may_read_metrics_from_anywhere(university: Any) -> None:
    admin = Client()
    assert admin.login(username="admin.portal", password=PASSWORD)
    assert "ektu_http_request_duration_seconds" in scrape(admin, REMOTE_ADDR=REMOTE)


def test_a_request_forwarded_by_a_proxy_on_the_same_machine_is_not_the_scraper(client: Any, db: Any) -> None:
    # Behind a TLS proxy on 127.0.0.1 every visitor's REMOTE_ADDR is 127.0.0.1.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR=REMOTE).status_code == 404


@override_settings(METRICS_ALLOWED_ADDRESSES=["10.0.0.9"])
def test_the_allowed_addresses_are_a_setting(client: Any, db: Any) -> None:
    assert client.get("/metrics").status_code == 404  # 127.0.0.1 no longer listed
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_task_run_records_its_duration_and_runs_under_its_own_id(db: Any) -> None:
    task = "ektu_portal.core.tasks.heartbeat"
    before = scrape()
    heartbeat.apply()
    after = scrape()
    name = "ektu_celery_task_duration_seconds_count"
    assert sample(after, name, task=task) == sample(before, name, task=task) + 1
    failures = "ektu_celery_task_failures_total"
    assert sample(after, failures, task=task) == sample(before, failures, task=task)


def test_a_failed_task_is_counted_and_its_log_lines_carry_the_task_id(db: Any, caplog: Any) -> None:
    caplog.set_level(logging.WARNING, logger="tests.observability")
    failures, task = "ektu_celery_task_failures_total", "tests.observability.breaks"
    before = sample(scrape(), failures, task=task)
    result = breaks.apply()
    assert result.failed()
    assert sample(scrape(), failures, task=task) == before + 1
    (record,) = [r for r in caplog.records if r.name == "tests.observability"]
    assert record.request_id == result.id


def test_the_queue_depth_is_read_from_the_broker(db: Any) -> None:
    from ektu_portal.celery import app

    with app.connection_for_write() as connection:
        connection.default_channel.client.delete("celery")
    assert sample(scrape(), "ektu_celery_queue_depth", queue="celery") == 0
    heartbeat.delay()
    heartbeat.delay()
    assert sample(scrape(), "ektu_celery_queue_depth", queue="celery") == 2
    with app.connection_for_write() as connection:
        connection.default_channel.client.delete("celery")
