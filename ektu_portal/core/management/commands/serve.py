"""``manage.py serve``: the whole portal in the foreground — web, Celery worker, Celery beat.

With DATABASE_URL / REDIS_URL unset, this process starts (or reuses) the embedded PostgreSQL
and Redis and holds them for as long as it runs; the children are handed their URLs and never
start servers of their own.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from ektu_portal import embedded
from ektu_portal.core.observability import clear_metrics_dir
from ektu_portal.supervisor import ChildSpec, Supervisor


def _default_web_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 8)


class Command(BaseCommand):
    help = "Run the whole portal: gunicorn, a Celery worker and Celery beat, supervised as one group."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo university")
        parser.add_argument("--web-workers", type=int, default=_default_web_workers())
        # sync by measurement (bench/README.md, issue 15): on registration day's rush, two cores served
        # 190 enrolments/s with sync workers against 149–166/s with gthread (threads of one process wait
        # for each other's GIL). A sync worker gives a slow client its whole process, so in production
        # it belongs behind the buffering TLS proxy (docs/deployment.md); gthread stays one flag away.
        parser.add_argument("--web-worker-class", choices=["sync", "gthread"], default="sync")
        parser.add_argument("--threads", type=int, default=4, help="threads per web worker (gthread only)")
        parser.add_argument("--worker-concurrency", type=int, default=2)

    def handle(self, *args: Any, host: str, port: int, no_demo: bool, web_workers: int, threads: int,
               web_worker_class: str, worker_concurrency: int, **options: Any) -> None:
        # SIGTERM before the supervisor takes over (during migrate or the demo's loading) must still
        # end in an orderly exit, so atexit stops the embedded PostgreSQL and Redis (issue 16).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
        if web_worker_class == "sync":
            threads = 1  # gunicorn would quietly take gthread for a sync worker given more threads
        external_db, external_redis = "DATABASE_URL" in os.environ, "REDIS_URL" in os.environ
        database_url = os.environ["DATABASE_URL"] if external_db else embedded.ensure_postgres().url
        self.stdout.write(f"data dir:  {settings.DATA_DIR}")
        self.stdout.write(f"database:  {'external (DATABASE_URL)' if external_db else 'embedded PostgreSQL'}")
        self.stdout.write(f"redis:     {'external (REDIS_URL)' if external_redis else 'embedded Redis'}")

        call_command("migrate", interactive=False, verbosity=1)
        if not no_demo:
            call_command("seed_demo", "--if-empty")
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        self._check_connections(web_workers * threads + worker_concurrency + 10)
        connection.close()  # the children open their own
        # /metrics counts this run only: gunicorn workers and the Celery pool write their samples under
        # PROMETHEUS_MULTIPROC_DIR (settings; the children inherit it), emptied before any of them starts.
        clear_metrics_dir()

        env = {"DATABASE_URL": database_url, "REDIS_URL": settings.REDIS_URL,
               "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "ektu_portal.settings"),
               # QR codes and verification links point where the portal is served, unless told otherwise.
               "PORTAL_URL": os.environ.get("PORTAL_URL")
               or f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"}
        python = sys.executable
        children = [
            ChildSpec("web", [python, "-m", "gunicorn", "ektu_portal.wsgi:application",
                              "--bind", f"{host}:{port}", "--workers", str(web_workers),
                              "--threads", str(threads), "--worker-class", web_worker_class,
                              "--graceful-timeout", "10", "--timeout", "60"], env),
            ChildSpec("worker", [python, "-m", "celery", "-A", "ektu_portal", "worker", "--loglevel", "INFO",
                                 "--concurrency", str(worker_concurrency), "--hostname", "worker@%h"], env),
            ChildSpec("beat", [python, "-m", "celery", "-A", "ektu_portal", "beat", "--loglevel", "INFO",
                               "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME], env),
        ]
        self._banner(host, port, demo=not no_demo)
        sys.exit(Supervisor(children).run())

    def _check_connections(self, needed: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_connections")
            available = int(cursor.fetchone()[0])
        if needed > available:
            self.stderr.write(f"warning: web and worker may open {needed} database connections "
                              f"but PostgreSQL allows {available}; lower --web-workers/--threads")

    def _banner(self, host: str, port: int, demo: bool) -> None:
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        lines = ["", f"  EKTU Portal:  http://{shown}:{port}/", f"  API docs:     http://{shown}:{port}/api/docs/"]
        if demo:
            try:
                from ektu_portal.accounts.models import User
                from ektu_portal.demo.university import DEMO_PASSWORD, DEMO_SIGN_INS

                present = set(User.objects.filter(username__in=[u for _, u in DEMO_SIGN_INS])
                              .values_list("username", flat=True))
                rows = [(role, username) for role, username in DEMO_SIGN_INS if username in present]
                if rows:
                    lines += ["", f"  Demo sign-ins (password: {DEMO_PASSWORD}):"]
                    lines += [f"    {role:<22} {username}" for role, username in rows]
            except ImportError:
                pass
        lines += ["", "  Ctrl-C stops everything.", ""]
        self.stdout.write("\n".join(lines))
        self.stdout.flush()
