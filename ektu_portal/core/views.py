"""The frame of the portal: the role-aware home page, health (``/health``, ``/healthz``), 400s and 404s."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.defaults import bad_request as django_bad_request

from ektu_portal.academics import selectors
from ektu_portal.academics.permissions import dean_school_ids, has_role, is_administrator
from ektu_portal.core.problems import PROBLEM_CONTENT_TYPE, api_not_found, problem
from ektu_portal.core.tasks import HEARTBEAT_KEY


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each person sees what they have to do now, one panel per role they hold."""
    user, now = request.user, timezone.now()
    context: dict[str, Any] = {"now": now}
    if has_role(user, "student"):
        context["student_panel"] = selectors.student_home(user, now)
    if has_role(user, "adviser"):
        context["adviser_panel"] = selectors.adviser_home(user)
    if has_role(user, "instructor"):
        context["instructor_panel"] = selectors.instructor_home(user, now)
    if dean_school_ids(user):
        context["dean_panel"] = selectors.dean_home(user)
    if has_role(user, "registrar"):
        context["registrar_panel"] = selectors.registrar_home(now)
    context["is_administrator"] = is_administrator(user)
    return render(request, "home.html", context)


def health(request: HttpRequest) -> JsonResponse:
    """Liveness of the parts: database, Redis, and the last beat a worker ran."""
    status: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        status["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - a health page reports, it does not crash
        status["database"] = f"down: {error.__class__.__name__}"
    try:
        status["last_beat"] = cache.get(HEARTBEAT_KEY)
        status["redis"] = "ok"
    except Exception as error:  # noqa: BLE001
        status["redis"] = f"down: {error.__class__.__name__}"
    healthy = status["database"] == "ok" and status["redis"] == "ok"
    return JsonResponse(status, status=200 if healthy else 503)


# Beat sends the heartbeat every minute (ektu_portal/celery.py) and a worker runs it: older than three
# beats means no worker has run anything for a while (or beat is down), though the site still answers.
WORKER_LATE_AFTER_SECONDS = 180


def _redis_answers() -> bool:
    """A PING with a one-second budget: the cache's own client retries with back-off for seconds."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1, retry=None)
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()


def _worker_status(now: datetime) -> dict[str, Any]:
    stamp = cache.get(HEARTBEAT_KEY)
    beat = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    if beat is None:
        return {"status": "missing", "last_beat": None, "age_seconds": None}
    age = max(0, int((now - beat).total_seconds()))
    return {"status": "ok" if age <= WORKER_LATE_AFTER_SECONDS else "late", "last_beat": stamp,
            "age_seconds": age}


def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness for probes (compose healthcheck, a load balancer): no sign-in, no session, JSON only.

    200 while PostgreSQL and Redis answer — the portal can serve — and 503 otherwise; the worker's
    heartbeat age is reported (``status`` is ``degraded`` when it is late or missing) but does not take
    the web process out of service: restarting web does not bring a worker back."""
    body: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["database"] = "ok"
    except Exception:  # noqa: BLE001 - a probe reports what is down, it does not crash
        body["database"] = "down"
    redis_ok = _redis_answers()
    body["redis"] = "ok" if redis_ok else "down"
    try:
        body["worker"] = _worker_status(timezone.now()) if redis_ok else {
            "status": "unknown", "last_beat": None, "age_seconds": None}
    except Exception:  # noqa: BLE001 - an unreadable stamp is a missing one
        body["worker"] = {"status": "missing", "last_beat": None, "age_seconds": None}
    serving = body["database"] == "ok" and body["redis"] == "ok"
    body["status"] = ("ok" if body["worker"]["status"] == "ok" else "degraded") if serving else "down"
    response = JsonResponse(body, status=200 if serving else 503)
    response["Cache-Control"] = "no-store"
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_not_found(request, exception)
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 (Django's handler400): under /api/ as problem details, and a body over the size limit as 413."""
    if not request.path.startswith("/api/"):
        return django_bad_request(request, exception)  # type: ignore[arg-type]
    if isinstance(exception, RequestDataTooBig | TooManyFilesSent):
        body = problem(413, "request_too_large", "The request is too large",
                       "The body is over the portal's size limit; nothing was read or written.")
    else:
        body = problem(400, "malformed_request", "The request is malformed")
    return JsonResponse(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)
