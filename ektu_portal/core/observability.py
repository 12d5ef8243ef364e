"""Operations (hardening issue, OWASP ASVS 16.x): request ids, structured logs, Prometheus metrics.

- ``RequestIdMiddleware`` (first in ``MIDDLEWARE``) gives every request an id — the caller's
  ``X-Request-ID`` when it is safe to echo, a new one otherwise — answers it in the ``X-Request-ID``
  header, writes one access-log line (logger ``ektu_portal.requests``) and times the request for
  ``ektu_http_request_duration_seconds`` (wall time) and ``ektu_http_request_cpu_seconds`` (its thread's CPU).
- ``RequestIdFilter`` puts that id on every log record (a Celery task's id inside a task, "-"
  elsewhere); ``JsonFormatter`` writes one JSON object per line (settings ``LOG_FORMAT=json``).
- Celery's task_prerun/task_postrun time every task (``ektu_celery_task_duration_seconds``,
  ``ektu_celery_task_failures_total``); the queue's depth is read from the broker when ``/metrics``
  is scraped.

gunicorn runs several worker processes and Celery a pool of its own, so metrics use prometheus-client's
multiprocess mode: each process writes its samples under ``PROMETHEUS_MULTIPROC_DIR`` (settings point it
at DATA_DIR/metrics before this module is imported — the client picks its mode on import) and
``/metrics`` adds them up. Django's logging set-up imports this module in every process (LOGGING names
the filter), which is what connects the Celery signal handlers in the worker too.

Nothing here may import a model at module level: logging is configured before the apps are loaded.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from celery import states
from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

NO_REQUEST = "-"
# An incoming id is echoed into our header and every log line: only characters that cannot break a
# header, a log line or a JSON string, and not longer than a UUID with a prefix (ASVS 16.4.1).
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("ektu_request_id", default=NO_REQUEST)

access_log = logging.getLogger("ektu_portal.requests")
logger = logging.getLogger(__name__)


def current_request_id() -> str:
    """The id of the request (or Celery task) this code runs for; "-" outside both."""
    return _request_id.get()


def safe_request_id(incoming: str | None) -> str:
    """The caller's id when it is safe to repeat, else a new one (uuid4, hex)."""
    if incoming and SAFE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


# --- metrics ---------------------------------------------------------------------------------------
# Buckets reach gunicorn's 60 s timeout for requests and an hour for tasks (a print batch takes minutes).
REQUEST_DURATION = Histogram(
    "ektu_http_request_duration_seconds", "Time to answer an HTTP request, by method, URL pattern and status",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
# CPU, not wall time: what a route costs the web tier whatever else waits (the database, a busy machine).
# Divided by the duration's count it is the CPU per request a capacity plan needs (issue 15: on registration
# day the web workers' CPU is the bound); the rest of a worker's CPU is the server's HTTP and the kernel's.
REQUEST_CPU = Counter(
    "ektu_http_request_cpu_seconds", "CPU time of the thread answering a request, by method and URL pattern",
    ["method", "route"])
TASK_DURATION = Histogram(
    "ektu_celery_task_duration_seconds", "Time a Celery task ran, by task name", ["task"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600))
TASK_FAILURES = Counter("ektu_celery_task_failures_total", "Celery tasks that ended in failure", ["task"])

# A method outside this list (anything a client can type) would add a label value per spelling.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"


def metrics_dir() -> Path | None:
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(path) if path else None


def clear_metrics_dir() -> None:
    """Start counting afresh (``serve``, before its children start): files left by processes of an
    earlier run would otherwise be added to this run's numbers forever."""
    path = metrics_dir()
    if path is None:
        return
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)


def _ensure_metrics_dir() -> None:
    # Made on first use, not when settings load: the image's build step loads settings as root, and a
    # directory it made would be one the portal's own user could not write to.
    path = metrics_dir()
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)


_metrics_broken = False


def _record(write: Callable[[], None]) -> None:
    """A metric that cannot be written (a full disk, a directory of the wrong owner) is reported once
    in the log; it never turns a request or a task into an error."""
    global _metrics_broken
    try:
        write()
    except Exception:  # noqa: BLE001 - metrics are best effort
        if not _metrics_broken:
            _metrics_broken = True
            logger.exception("metrics cannot be written to %s", metrics_dir())


def route_of(request: HttpRequest) -> str:
    """The URL pattern that answered (``api/v1/students/<str:username>/transcript``), never the path
    itself: a label per student would grow without end and put usernames in the metrics."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNMATCHED
    return match.route or "/"  # the home page's pattern is the empty route


def status_class(status: int) -> str:
    return f"{status // 100}xx"


class QueueDepthCollector(Collector):
    """``ektu_celery_queue_depth``: tasks waiting in the broker's default queue, read at each scrape.

    Not a gauge kept by a process: the queue lives in Redis, and the web workers that serve /metrics
    never see tasks being taken from it."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from ektu_portal.celery import app

        queue = app.conf.task_default_queue
        depth = queue_depth(queue)
        if depth is None:
            return  # the broker does not answer: no sample rather than a wrong zero
        gauge = GaugeMetricFamily("ektu_celery_queue_depth", "Celery tasks waiting in the broker's queue",
                                  labels=["queue"])
        gauge.add_metric([queue], depth)
        yield gauge


def queue_depth(queue: str) -> int | None:
    """Length of the queue's Redis list, through kombu (it reads CELERY_BROKER_URL's unix-socket and
    virtual-host spellings); a one-second budget, like /healthz's own Redis check."""
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=1,
                        transport_options={"socket_timeout": 1, "socket_connect_timeout": 1,
                                           "max_retries": 0}) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
            channel = connection.channel()
            try:
                return int(channel.client.llen(queue))
            finally:
                channel.close()
    except Exception as error:  # noqa: BLE001 - a scrape reports what it can
        logger.warning("the broker did not answer for the queue depth: %s: %s", type(error).__name__, error)
        return None


def _registry() -> CollectorRegistry:
    """What one scrape reads: every process's samples (multiprocess mode) and the queue's depth."""
    scrape = CollectorRegistry()
    directory = metrics_dir()
    if directory is None:
        scrape.register(_Chain(REGISTRY))
    else:
        _ensure_metrics_dir()
        multiprocess.MultiProcessCollector(scrape, path=str(directory))
    scrape.register(QueueDepthCollector())
    return scrape


class _Chain(Collector):
    """This process's own registry, when no multiprocess directory is set."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def collect(self) -> Iterator[Any]:
        yield from self.registry.collect()


def _forwarded(request: HttpRequest) -> bool:
    """A request that a proxy passed on: its REMOTE_ADDR is the proxy's, not the client's."""
    headers = ["HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP"]
    configured = getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
    if configured:
        headers.append("HTTP_" + configured.upper().replace("-", "_"))
    return any(header in request.META for header in headers)


def metrics_allowed(request: HttpRequest) -> bool:
    """A scraper on an allowed address (METRICS_ALLOWED_ADDRESSES), or a signed-in administrator.

    An allowed REMOTE_ADDR counts only for a request no proxy forwarded: behind a TLS proxy on the same
    machine every visitor arrives from 127.0.0.1, and the proxy says so in X-Forwarded-For."""
    allowed = set(getattr(settings, "METRICS_ALLOWED_ADDRESSES", ["127.0.0.1", "::1"]))
    if request.META.get("REMOTE_ADDR") in allowed and not _forwarded(request):
        return True
    from ektu_portal.academics.permissions import is_administrator

    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and is_administrator(user))


def metrics(request: HttpRequest) -> HttpResponse:
    """``GET /metrics``: Prometheus text exposition; anyone not allowed meets an ordinary 404."""
    if request.method not in ("GET", "HEAD") or not metrics_allowed(request):
        raise Http404
    response = HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


# --- requests --------------------------------------------------------------------------------------
def _user_id(request: HttpRequest) -> int | None:
    """The signed-in person's id — not the username (personal data) — when the request looked them up.

    Reading ``request.user`` here would load the session of every static file and probe; the
    middleware caches the user it found (``_cached_user``), and DRF puts the token's user in place."""
    user = request.__dict__.get("user")
    if user is None or isinstance(user, SimpleLazyObject):
        user = request.__dict__.get("_cached_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def _printable(text: str) -> str:
    """A path as one log line: control characters (a %0A in the URL) escaped, not written raw."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        _ensure_metrics_dir()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = safe_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id  # type: ignore[attr-defined]  # for records logged after we return
        token = _request_id.set(request_id)
        started, cpu_started = time.perf_counter(), time.thread_time()
        try:
            response = self.get_response(request)
            seconds, cpu = time.perf_counter() - started, time.thread_time() - cpu_started
            response["X-Request-ID"] = request_id
            method = request.method or ""
            status = response.status_code
            # The path only: a query string may carry personal data (a search for a name).
            access_log.info("%s %s %s %.1f ms", _printable(method), _printable(request.path), status,
                            seconds * 1000,
                            extra={"method": method, "path": request.path, "status": status,
                                   "duration_ms": round(seconds * 1000, 1), "user_id": _user_id(request)})
            method_label, route = method if method in KNOWN_METHODS else "other", route_of(request)
            _record(lambda: REQUEST_DURATION.labels(
                method=method_label, route=route, status=status_class(status)).observe(seconds))
            _record(lambda: REQUEST_CPU.labels(method=method_label, route=route).inc(cpu))
            return response
        finally:
            _request_id.reset(token)


# --- Celery tasks ----------------------------------------------------------------------------------
_running: dict[str, tuple[float, contextvars.Token[str]]] = {}


@task_prerun.connect(dispatch_uid="ektu_portal.observability.task_started")
def task_started(sender: Any = None, task_id: str | None = None, **_: Any) -> None:
    """A task's log lines carry its id (the request id of the work a worker does)."""
    _ensure_metrics_dir()
    if task_id is None:
        return
    _running[task_id] = (time.perf_counter(), _request_id.set(task_id))


@task_postrun.connect(dispatch_uid="ektu_portal.observability.task_finished")
def task_finished(sender: Any = None, task_id: str | None = None, task: Any = None, state: str | None = None,
                  **_: Any) -> None:
    started = _running.pop(task_id, None) if task_id is not None else None
    if started is None:
        return
    began, token = started
    try:
        _request_id.reset(token)
    except ValueError:  # finished in another context than it started in
        _request_id.set(NO_REQUEST)
    name = getattr(task or sender, "name", None) or "unknown"
    seconds = time.perf_counter() - began
    _record(lambda: TASK_DURATION.labels(task=name).observe(seconds))
    if state == states.FAILURE:
        _record(lambda: TASK_FAILURES.labels(task=name).inc())


# --- logging ---------------------------------------------------------------------------------------
class RequestIdFilter(logging.Filter):
    """Every record gets ``request_id`` (set on the handler, so records of every logger pass it).

    Django logs a 4xx ("Not Found: …", django.request) after the middleware has returned; that record
    carries the request, which carries its id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            current = _request_id.get()
            if current == NO_REQUEST:
                current = getattr(getattr(record, "request", None), "request_id", None) or NO_REQUEST
            record.request_id = current
        return True


# A record's own attributes; anything else on it came from ``extra=`` (the access log's fields, the
# sign-in limits' address and username) and is written out as a field of its own.
_RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message", "asctime", "request_id",
    "request",  # django.request's HttpRequest: its repr holds the query string; method and path are taken
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, request_id; a request's
    method, path, status, duration_ms and user_id (the access log) and any other ``extra=`` field; the
    exception's text when there is one. Newlines inside a message are escaped by JSON, so one record is
    always one line (ASVS 16.4.1)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or _request_id.get(),
        }
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):  # django.request's warnings and errors carry the request
            entry["method"], entry["path"] = request.method, request.path
        for name, value in record.__dict__.items():
            if name not in _RECORD_ATTRIBUTES and name not in entry:
                if name == "data" and isinstance(value, dict):
                    # Celery's task lines: the arguments may name people, and its text lines never show them.
                    value = {key: item for key, item in value.items() if key not in ("args", "kwargs")}
                entry["status" if name == "status_code" else name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
