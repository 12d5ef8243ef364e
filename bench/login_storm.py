"""Benchmark: a sign-in storm (issue 16) — the morning of registration day, when a campus signs in at once.

1. load a university of N students (default 1,000) through the loader, every one with the same password
   hash (one PBKDF2 hash for all; every sign-in still checks it at full cost);
2. start the portal exactly as production runs it — ``manage.py serve --no-demo`` with EKTU_ENV=production
   (gunicorn sync web workers, Celery worker and beat), behind a pretend TLS proxy — with
   ``registration_rush``'s own helpers (imported, not copied);
3. fire ``--count`` sign-ins (default 1,000) at ``POST /api/v1/auth/token``, arriving at random moments
   within ``--seconds`` (default 10: an open loop — a late answer does not delay the next arrival), each
   on a connection of its own, all from one address (a campus behind NAT: the failed sign-in limits must
   refuse none of them); ``--typos`` makes a fraction of them mistype the password (answered 401);
4. print: completed, 5xx, time-outs (``--timeout`` per sign-in, default 300 s), other answers; latency from
   arrival (p50/p95/p99/max) and by tenth of the arrivals (first come, first served?); sign-ins per
   second; CPU per sign-in (web workers, PostgreSQL, the rest); and what bounds it: one PBKDF2 check of
   Django's hasher (its iterations) costs C s of CPU, so the machine's cores give at most cores / C
   sign-ins per second, however the requests are queued.

Run: ``uv run python bench/login_storm.py`` (``--count 100 --students 100`` for a smoke run). Its data
lives under ``var/bench-login`` and is rebuilt on every run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import registration_rush as rush  # noqa: E402  (bench/ is not a package: its sibling, by path)

ROOT = rush.ROOT
DATA_DIR = ROOT / "var" / "bench-login"
# The rush's Portal keeps serve's log in its module's DATA_DIR: point it at this benchmark's own.
rush.DATA_DIR = DATA_DIR
PASSWORD = rush.PASSWORD
TOKEN = "/api/v1/auth/token"


def sign_in(port: int, username: str, password: str, timeout: float) -> str:
    """One sign-in on a connection of its own, sent once (a time-out is a time-out, never retried)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            "POST",
            TOKEN,
            body=json.dumps({"username": username, "password": password}),
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Host": "127.0.0.1",
                "X-Forwarded-Proto": "https",
            },
        )
        response = connection.getresponse()
        raw = response.read()
    except TimeoutError:
        return "time-out"
    except (http.client.HTTPException, OSError) as error:
        return f"connection error {type(error).__name__}"
    finally:
        connection.close()
    if response.status == 200:
        return "200"
    code = json.loads(raw).get("code", "") if raw[:1] == b"{" else ""
    return f"{response.status} {code}".strip()


def storm(port: int, arrivals: list[tuple[float, str, str]], timeout: float) -> dict[str, Any]:
    """Each sign-in starts at its arrival moment (seconds after the start), whatever happened before."""
    answers: list[tuple[float, str, float]] = []  # (arrival, answer, latency from arrival)
    lock = threading.Lock()
    ready = threading.Barrier(len(arrivals) + 1)
    start: list[float] = []

    def work(at: float, username: str, password: str) -> None:
        ready.wait()
        time.sleep(max(0.0, start[0] + at - time.perf_counter()))
        answer = sign_in(port, username, password, timeout)
        spent = time.perf_counter() - (start[0] + at)
        with lock:
            answers.append((at, answer, spent))

    threads = [threading.Thread(target=work, args=arrival, daemon=True) for arrival in arrivals]
    for t in threads:
        t.start()
    start.append(time.perf_counter())
    ready.wait()
    for t in threads:
        t.join()
    return {"seconds": time.perf_counter() - start[0], "answers": answers}


def pbkdf2_cost() -> tuple[str, int, float]:
    """Django's first password hasher: its name, iterations and the CPU seconds of one check here."""
    from django.contrib.auth.hashers import check_password, get_hasher, make_password

    hasher = get_hasher()
    encoded = make_password(PASSWORD, hasher=hasher.algorithm)
    costs = []
    for _ in range(3):
        started = time.process_time()
        assert check_password(PASSWORD, encoded)
        costs.append(time.process_time() - started)
    return hasher.algorithm, int(getattr(hasher, "iterations", 0)), min(costs)


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]  # numbers as they come
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=1_000)
    parser.add_argument("--count", type=int, default=1_000, help="sign-ins (a student may sign in again)")
    parser.add_argument(
        "--seconds", type=float, default=10, help="the sign-ins arrive within this many seconds"
    )
    parser.add_argument("--typos", type=float, default=0.0, help="fraction of sign-ins with a wrong password")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a client waits for its answer")
    rush.add_web_tier_arguments(parser)
    args = parser.parse_args()
    database_url = rush.fresh_django(DATA_DIR)
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from ektu_portal.academics.loading import load_university
    from ektu_portal.accounts.models import User

    started = time.perf_counter()
    load_university(rush.build(args.students, 5, 1, timezone.localdate()), source="bench")
    User.objects.filter(username__startswith="r").update(password=make_password(PASSWORD))
    print(f"load: {args.students:,} students in {time.perf_counter() - started:.1f} s")
    algorithm, iterations, cost = pbkdf2_cost()
    print(
        f"password check: {algorithm}, {iterations:,} iterations = {cost * 1000:.0f} ms of CPU each here "
        f"→ at most {rush.CORES} cores / {cost:.3f} s = {rush.CORES / cost:.1f} sign-ins/s on this machine"
    )

    rng = random.Random(2026)
    arrivals = sorted(
        (
            rng.uniform(0, args.seconds),
            f"r{rng.randrange(args.students):05d}" if n >= args.students else f"r{n:05d}",
            "a typo" if rng.random() < args.typos else PASSWORD,
        )
        for n in range(args.count)
    )

    port = rush.free_port()
    env = dict(
        os.environ,
        EKTU_ENV="production",
        SECRET_KEY=os.environ["SECRET_KEY"],
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=settings.REDIS_URL,
        PYTHONUNBUFFERED="1",
    )
    postmaster = int((DATA_DIR / "postgres" / "postmaster.pid").read_text().split()[0])
    connection.close()
    portal = rush.Portal(port, args.web_workers, args.threads, env, args.worker_class)
    try:
        portal.wait_ready()
        print(
            f"portal: manage.py serve --no-demo, EKTU_ENV=production: {rush.web_tier_words(args)} "
            f"(log: {portal.log_path.relative_to(ROOT)})"
        )
        typos = sum(1 for _, _, password in arrivals if password != PASSWORD)
        print(
            f"storm: {args.count:,} sign-ins ({typos} with a typo) arriving within {args.seconds:g} s, "
            f"each on its own connection, all from one address (a campus behind NAT)"
        )
        before = rush.cpu_snapshot(portal, postmaster)
        result = storm(port, arrivals, args.timeout)
        after = rush.cpu_snapshot(portal, postmaster)

        answers = Counter(answer for _, answer, _ in result["answers"])
        unanswered = sum(n for a, n in answers.items() if a == "time-out" or a.startswith("connection"))
        completed = args.count - unanswered  # answered at all, whatever the answer
        server_errors = sum(n for answer, n in answers.items() if answer[:1] == "5")
        latencies = [spent for _, answer, spent in result["answers"] if answer[:1].isdigit()]
        wall = result["seconds"]
        print(
            f"  completed {completed:,} of {args.count:,} (signed in: {answers['200']:,}); "
            f"5xx {server_errors}; time-outs {answers['time-out']}; "
            f"all answers: {dict(sorted(answers.items()))}"
        )
        if latencies:
            print(f"  latency from arrival: {rush.latency_line(latencies)}")
        by_arrival = [spent for _, _, spent in sorted(result["answers"])]
        tenth = max(1, len(by_arrival) // 10)
        medians = [rush.percentile(by_arrival[i : i + tenth], 50) for i in range(0, len(by_arrival), tenth)][
            :10
        ]
        print(
            "  median latency by tenth of the arrivals (first come, first served?): "
            + ", ".join(f"{m:.1f}" for m in medians)
            + " s"
        )
        print(
            f"  {completed:,} sign-ins in {wall:.1f} s from the first arrival = "
            f"{completed / wall:.1f} sign-ins/s"
        )
        print(f"  {rush.cpu_line(before, after, wall, args.count)}")
        web = after["web"] - before["web"]
        per = web / max(args.count, 1)
        print(
            f"  CPU per sign-in: web {per * 1000:.0f} ms, of which the PBKDF2 check ≈ {cost * 1000:.0f} ms "
            f"({cost / per:.0%})"
            if per
            else "  CPU per sign-in: none measured"
        )
        print(
            f"  bound: PBKDF2 ({iterations:,} iterations × {rush.CORES} cores): at most "
            f"{rush.CORES / cost:.1f} sign-ins/s here, so {args.count:,} sign-ins need ≥ "
            f"{args.count * cost / rush.CORES:.0f} s however they are queued; the rest waits in gunicorn's "
            f"queue (keep --timeout above that). Fewer iterations, more cores, or sign-in through the "
            f"university's SSO move the bound."
        )
    except KeyboardInterrupt:
        print("interrupted: stopping the portal", flush=True)
        raise
    finally:
        portal.stop()
        log = portal.log_path.read_text(errors="replace")
        if "Traceback" in log:
            print(
                "the portal's log has tracebacks; the last one:\n"
                + log[log.rindex("Traceback") - 200 :][:3000]
            )


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
