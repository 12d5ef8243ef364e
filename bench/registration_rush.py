"""Benchmark: registration day (issues 5, 15) — sign in ahead, then a rush of enrolments at the opening;
or the opening minute, when every student opens the page and the offer while the rush runs.

1. load a university of N students (default 10,000) in P programmes (default 8) sharing S sections
   (default 320; each programme a first semester of its own disciplines, five sections each) for the
   next period, whose registration window is about to open, through the loader; a tenth of each
   programme's sections get a third of the seats their demand asks for (3× oversubscribed);
2. start the portal exactly as production runs it: ``manage.py serve --no-demo`` with
   EKTU_ENV=production (gunicorn sync web workers, a Celery worker and beat, supervised), on
   this benchmark's own embedded PostgreSQL and Redis, behind a pretend TLS proxy
   (``X-Forwarded-Proto: https``) so the production settings stay as they are;
3. ``--scenario rush`` (default): sign students in ahead over HTTP (``POST /api/v1/auth/token``, one
   PBKDF2 check each) and report sign-ins per second — a subset (default 1,000), since all 10,000 would
   take a quarter of an hour on two cores — then a burst of simultaneous sign-ins from one address;
   ``--scenario opening``: every student's signed-in session is made straight in the session store
   (signing in is the rush's figure) and the clients' tokens straight in the database;
4. half an hour before an opening beat reads every student's facts ahead
   (``registration.warm_registration_facts``): run here, in-process, with the window set to open a few
   seconds later, so that it then opens by itself (``--cold``: no read-ahead; the window is opened by a
   write at the rush, as the earlier benchmark did);
5. at the opening, C concurrent clients (default 200) each enrol in K sections (default 6) over
   keep-alive connections (``POST /api/v1/registration/enrollments``): enrolments per second,
   p50/p95/p99 latency, answers by status and problem code, sections over capacity (must be 0), and
   where the CPU went (web — and of it, the kernel's part and, by URL pattern, the part inside the
   portal's middleware stack, as its own ``/metrics`` counts it — PostgreSQL, Celery/serve, this
   driver); in the opening scenario, meanwhile,
   every student arrives at a random moment of the first 60 seconds (an open loop) and opens the
   registration page, then ``GET /api/v1/registration/offer``: latency from arrival, answers, CPU;
6. where the time of one request goes: the same requests in this process, straight into the portal's
   WSGI application (production middleware, one at a time) — Python and PostgreSQL CPU and SQL
   statements per request, then under cProfile: the top 15 functions by own time and the portal's own
   functions by inclusive time;
7. (rush) the ceiling, on the same database right after: the enrolment in SQL alone, driven by
   ``pgbench`` (shipped in pgserver) — the quick path's one statement, and the full path's 14 — with the
   ratio.

``--scenario profile`` does only 1 and 6 (no server): the development loop. ``--scenario floor`` does 1, 2
and 5 with a request that does less than an enrolment in place of the enrolments (``GET /health`` by
default: the whole middleware stack, a view, one ``SELECT 1`` and one Redis read): the same clients, web
tier and machine, so what it reaches bounds any enrolment.

The generator is this file's own: ``grading_session.build`` enrols everybody in the current
period's sections with no curriculum and no window, while a rush needs an empty next period, a
curriculum to register from and a window that opens on cue.

Run: ``uv run python bench/registration_rush.py`` (``--quick`` for a smoke run). Its data lives
under ``var/bench-rush`` and is rebuilt on every run.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA_DIR = ROOT / "var" / "bench-rush"
PASSWORD = "rush-pass-2026"
PERIOD = "RUSH-F"
CORES = os.cpu_count() or 1


# --- the university ------------------------------------------------------------------------------


def programme_code(number: int) -> str:
    return f"6B061{number:02d}"


def build(students: int, sections: int, programmes: int, today: Any) -> dict[str, Any]:
    """``programmes`` programmes, each a first-semester curriculum of its own disciplines (five sections
    each; no prerequisites, no elective groups: the rush is about seats and the transaction, not about
    refusals); student ``rNNNNN`` studies programme NNNNN mod ``programmes``. So a student's offer is
    their programme's semester — the part thousands of students share — as at a real university
    (``--programmes 1`` gives the earlier benchmark's single programme of every section)."""
    starts_year = today.year if today.month < 8 else today.year + 1
    per_discipline = 5
    disciplines = [
        {"code": f"R{n:03d}", "name": {"en": f"Rush discipline {n}"}, "credits": 5}
        for n in range(math.ceil(sections / per_discipline))
    ]
    people = [{"username": "instr", "full_name": "Instructor", "roles": ["instructor"]}]
    for n in range(students):
        people.append(
            {
                "username": f"r{n:05d}",
                "full_name": f"Студент {n}",
                "roles": ["student"],
                "student": {
                    "program": programme_code(n % programmes),
                    "intake_year": starts_year,
                    "course_year": 1,
                    "funding": "state_grant",
                },
            }
        )
    codes = [f"{d['code']}-{k + 1:02d}" for d in disciplines for k in range(per_discipline)][:sections]
    return {
        "format": "ektu-university/1",
        "schools": [{"code": "SDT", "name": {"en": "School of Digital Technologies"}}],
        "programs": [
            {
                "code": programme_code(p),
                "name": {"en": f"Software Engineering {p + 1}"},
                "level": "bachelor",
                "school": "SDT",
                "credits": 240,
            }
            for p in range(programmes)
        ],
        "disciplines": disciplines,
        "curricula": [
            {
                "program": programme_code(p),
                "intake_year": starts_year,
                "items": [
                    {"discipline": d["code"], "semester": 1, "component": "university"}
                    for n, d in enumerate(disciplines)
                    if n % programmes == p
                ],
            }
            for p in range(programmes)
        ],
        "calendar": {
            "periods": [
                {
                    "code": PERIOD,
                    "kind": "semester",
                    "academic_year": f"{starts_year}-{starts_year + 1}",
                    "starts": f"{starts_year}-09-01",
                    "ends": f"{starts_year}-12-26",
                    # Opens "soon": the benchmark moves the opening to the moment the rush starts.
                    "registration": {
                        "opens": f"{starts_year}-08-20T09:00",
                        "closes": f"{starts_year}-08-30T18:00",
                    },
                }
            ]
        },
        "people": people,
        "sections": [
            {
                "code": code,
                "discipline": code.split("-")[0],
                "period": PERIOD,
                "instructor": "instr",
                "capacity": 1000,
            }
            for code in codes
        ],
    }


def programme_sections(codes: list[str], programmes: int) -> list[list[str]]:
    """The sections of each programme's curriculum (discipline RNNN belongs to programme NNN mod P)."""
    return [[c for c in codes if int(c.split("-")[0][1:]) % programmes == p] for p in range(programmes)]


def choose(
    by_programme: list[list[str]], students: list[str], per_client: int, rng: random.Random
) -> tuple[list[list[str]], set[str]]:
    """Each student's sections (distinct disciplines of their programme); a tenth of each programme's
    sections are 'hot' and one of each student's choices goes to a hot section of their programme, so hot
    sections get far more demand than seats."""
    hot_by_programme = [sorted(rng.sample(codes, max(1, len(codes) // 10))) for codes in by_programme]
    plans = []
    for username in students:
        programme = int(username[1:]) % len(by_programme)
        codes = by_programme[programme]
        picked: dict[str, str] = {}
        first = rng.choice(hot_by_programme[programme])
        picked[first.split("-")[0]] = first
        while len(picked) < per_client:
            code = rng.choice(codes)
            picked.setdefault(code.split("-")[0], code)
        plans.append(list(picked.values()))
    return plans, {code for hot in hot_by_programme for code in hot}


# --- HTTP ------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    """One keep-alive HTTP connection, as a browser tab holds one, arriving through the TLS proxy."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        token: str | None = None,
        cookie: str | None = None,
        accept: str = "application/json",
    ) -> tuple[int, dict[str, Any]]:
        headers = {
            "Content-Type": "application/json",
            "Accept": accept,
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
        }
        if token:
            headers["Authorization"] = f"Token {token}"
        if cookie:
            headers["Cookie"] = cookie
        for attempt in (1, 2):
            try:
                self.connection.request(
                    method, path, body=json.dumps(body) if body else None, headers=headers
                )
                response = self.connection.getresponse()
                raw = response.read()
                return response.status, (json.loads(raw) if raw and raw[:1] in b"{[" else {})
            except (http.client.HTTPException, ConnectionError, OSError):
                self.connection.close()  # the server closed an idle keep-alive: reconnect once
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def latency_line(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 50) * 1000:.0f} ms, p95 {percentile(values, 95) * 1000:.0f} ms, "
        f"p99 {percentile(values, 99) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
    )


# --- the portal, as `serve` runs it ----------------------------------------------------------------


class Portal:
    """``manage.py serve --no-demo`` in production mode, in its own session (Ctrl-C reaches only the
    benchmark, which stops serve; serve stops web, worker and beat)."""

    def __init__(self, port: int, web_workers: int, threads: int, env: dict[str, str],
                 worker_class: str = "sync") -> None:
        self.port = port
        self.log_path = DATA_DIR / "serve.log"
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "serve",
                "--no-demo",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--web-workers",
                str(web_workers),
                "--threads",
                str(threads),
                "--web-worker-class",
                worker_class,
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.groups: dict[str, int] = {}  # child name → process group (each child is its own session)

    def wait_ready(self, seconds: float = 180) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"serve exited with {self.process.returncode}:\n{self.tail()}")
            try:
                status, _ = Client(self.port).call("GET", "/api/v1/me")
                if status < 500:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit(f"the portal did not answer in {seconds:.0f} s:\n{self.tail()}")
        for pid, ppid, _pgrp, cmdline in processes():
            if ppid == self.process.pid:
                name = "web" if "gunicorn" in cmdline else "beat" if " beat " in cmdline else "worker"
                self.groups[name] = pid

    def tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the supervisor stops every child cleanly
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for group in self.groups.values():  # leftovers, if serve itself had to be killed
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        self.log.close()


# --- CPU accounting from /proc ---------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def processes() -> list[tuple[int, int, int, str]]:
    """(pid, ppid, process group, command line) of every process."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            found.append((int(entry.name), int(fields[1]), int(fields[2]), cmdline))
    return found


def cpu_snapshot(portal: Portal, postmaster: int) -> dict[str, Any]:
    """CPU seconds so far (user + system) of the web workers, PostgreSQL, serve with its Celery
    worker and beat, this driver, and of the whole machine (from /proc/stat); and of every other
    process, to name what else ran on the machine meanwhile."""
    groups: dict[str, Any] = {"web": 0.0, "web system": 0.0, "postgres": 0.0, "serve+celery": 0.0,
                              "driver": 0.0, "others": {}}
    web = portal.groups.get("web")
    others = {group for name, group in portal.groups.items() if name != "web"} | {portal.process.pid}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid, pgrp = int(entry.name), int(fields[1]), int(fields[2])
        seconds = (int(fields[11]) + int(fields[12])) / TICK
        if pgrp == web:
            groups["web"] += seconds
            groups["web system"] += int(fields[12]) / TICK
        elif pid == postmaster or ppid == postmaster:
            groups["postgres"] += seconds
        elif pgrp in others or pid == portal.process.pid:
            groups["serve+celery"] += seconds
        elif pid == os.getpid():
            groups["driver"] += seconds
        elif seconds:
            try:
                name = (
                    (entry / "cmdline")
                    .read_bytes()
                    .replace(b"\0", b" ")
                    .decode(errors="replace")
                    .strip()[:60]
                )
            except OSError:
                name = "?"
            groups["others"][pid] = (seconds, name or fields[0])
    with open("/proc/stat") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    groups["machine busy"] = (sum(ticks[:8]) - ticks[3] - ticks[4]) / TICK  # all but idle and iowait
    return groups


def cpu_line(before: dict[str, Any], after: dict[str, Any], wall: float, requests: int) -> str:
    names = ("web", "postgres", "serve+celery", "driver")
    spent = {name: after[name] - before[name] for name in (*names, "web system", "machine busy")}
    known = sum(spent[name] for name in names)
    parts = ", ".join(f"{name} {spent[name]:.1f} s" for name in names)
    line = (
        f"CPU ({CORES} cores × {wall:.1f} s = {CORES * wall:.1f} s available; machine busy "
        f"{spent['machine busy']:.1f} s): {parts}, "
        f"anything else {max(spent['machine busy'] - known, 0):.1f} s; "
        f"per request: web {spent['web'] / max(requests, 1) * 1000:.1f} ms "
        f"(in the kernel {spent['web system'] / max(requests, 1) * 1000:.1f} ms), "
        f"PostgreSQL {spent['postgres'] / max(requests, 1) * 1000:.1f} ms"
    )
    others = sorted(
        (
            (seconds - before["others"].get(pid, (0.0, ""))[0], name)
            for pid, (seconds, name) in after["others"].items()
        ),
        reverse=True,
    )
    busy = [
        f"{name} {seconds:.1f} s" for seconds, name in others[:3] if seconds >= max(0.05 * CORES * wall, 1)
    ]
    if busy:
        line += "\n  NOTE: other work shared the machine meanwhile: " + "; ".join(busy)
    return line


def portal_cpu(port: int) -> dict[str, tuple[float, float]]:
    """URL pattern → (CPU seconds, requests) so far, as the portal counts them itself at /metrics
    (``ektu_http_request_cpu_seconds``: the CPU of the thread from the first middleware to the last)."""
    from prometheus_client.parser import text_string_to_metric_families

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", "/metrics", headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        status, text = response.status, response.read().decode()
    finally:
        connection.close()
    if status != 200:
        return {}
    found: dict[str, list[float]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            route = sample.labels.get("route")
            if route is None:
                continue
            if sample.name == "ektu_http_request_cpu_seconds_total":
                found.setdefault(route, [0.0, 0.0])[0] += sample.value
            elif sample.name == "ektu_http_request_duration_seconds_count":
                found.setdefault(route, [0.0, 0.0])[1] += sample.value
    return {route: (cpu, count) for route, (cpu, count) in found.items()}


def portal_cpu_line(before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]) -> str:
    """CPU per request inside the portal's middleware stack, by URL pattern, for the routes asked meanwhile:
    beside the web workers' CPU per request (cpu_line), the rest is the server's (gunicorn's HTTP parsing,
    accepting and closing the connection), Django's WSGI handler's and the kernel's."""
    parts = []
    for route, (cpu, count) in sorted(after.items(), key=lambda item: -item[1][1]):
        cpu_before, count_before = before.get(route, (0.0, 0.0))
        asked = count - count_before
        if asked >= 10:
            parts.append(f"{route or '/'} {(cpu - cpu_before) / asked * 1000:.1f} ms × {asked:,.0f}")
    return "CPU inside the portal's middleware stack (its own /metrics): " + ("; ".join(parts) or "not read")


# --- sign-in ahead, then the rush --------------------------------------------------------------------


def sign_in_all(
    port: int, usernames: list[str], threads: int
) -> tuple[dict[str, str], float, list[float], Counter[str]]:
    tokens: dict[str, str] = {}
    queue = list(usernames)
    lock = threading.Lock()
    latencies: list[float] = []
    failures: Counter[str] = Counter()

    def work() -> None:
        client = Client(port)
        while True:
            with lock:
                if not queue:
                    return
                username = queue.pop()
            started = time.perf_counter()
            try:
                status, body = client.call(
                    "POST", "/api/v1/auth/token", {"username": username, "password": PASSWORD}
                )
            except OSError as error:
                status, body = 0, {"code": type(error).__name__}
            spent = time.perf_counter() - started
            with lock:
                latencies.append(spent)
                if status == 200:
                    tokens[username] = body["token"]
                else:
                    failures[f"{status} {body.get('code', '')}".strip()] += 1

    started = time.perf_counter()
    workers = [threading.Thread(target=work, daemon=True) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return tokens, time.perf_counter() - started, latencies, failures


def sign_in_burst(port: int, usernames: list[str]) -> tuple[Counter[str], list[float]]:
    """Everybody presses "sign in" at the same instant, from one address (a campus behind NAT, or
    every student behind the TLS proxy): how many are refused."""
    answers: Counter[str] = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    ready = threading.Barrier(len(usernames))

    def work(username: str) -> None:
        client = Client(port)
        ready.wait()
        started = time.perf_counter()
        try:
            status, body = client.call(
                "POST", "/api/v1/auth/token", {"username": username, "password": PASSWORD}
            )
            answer = "200" if status == 200 else f"{status} {body.get('code', '')}".strip()
        except OSError as error:
            answer = f"connection error {type(error).__name__}"
        with lock:
            latencies.append(time.perf_counter() - started)
            answers[answer] += 1

    threads = [threading.Thread(target=work, args=(u,), daemon=True) for u in usernames]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers, latencies


def enrol(client: Client, token: str, code: str) -> tuple[int, dict[str, Any]]:
    return client.call("POST", "/api/v1/registration/enrollments", {"section": code}, token=token)


def rush(port: int, clients: list[tuple[str, list[str]]], open_window: Callable[[], None],
         measure: Callable[[], dict[str, Any]],
         ask: Callable[[Client, str, str], tuple[int, dict[str, Any]]] = enrol) -> dict[str, Any]:
    """Each client sends ``ask`` for every item of its plan, back to back (a closed loop); by default an
    enrolment in each section of the plan."""
    latencies: list[float] = []
    answers: Counter[str] = Counter()
    lock = threading.Lock()
    ready = threading.Barrier(len(clients) + 1)
    finished: list[float] = []

    def work(token: str, plan: list[str]) -> None:
        client = Client(port)
        try:
            client.call("GET", "/api/v1/me", token=token)  # the page a student keeps open before the opening
        finally:
            ready.wait()
        for code in plan:
            started = time.perf_counter()
            try:
                status, body = ask(client, token, code)
                answer = f"{status} {body.get('status') or body.get('code', '')}".strip()
            except OSError as error:
                answer = f"connection error {type(error).__name__}"
            spent = time.perf_counter() - started
            with lock:
                latencies.append(spent)
                answers[answer] += 1
        with lock:
            finished.append(time.perf_counter())

    threads = [threading.Thread(target=work, args=pair, daemon=True) for pair in clients]
    for t in threads:
        t.start()
    open_window()
    ready.wait()
    started = time.perf_counter()
    # The CPU count starts here, with the clock: not with the clients' first page, before the opening.
    before = measure()
    for t in threads:
        t.join()
    return {
        "before": before,
        "seconds": time.perf_counter() - started,
        "latencies": latencies,
        "answers": answers,
        "half done": sorted(finished)[len(finished) // 2] - started,
    }


# --- where the time of one request goes: the same requests in-process, under cProfile -------------


class InProcess:
    """Requests straight into the portal's WSGI application in this process (production middleware
    and all, no socket): what one request costs in Python, and — under cProfile — where it goes."""

    def __init__(self) -> None:
        from django.core.wsgi import get_wsgi_application

        self.app = get_wsgi_application()

    def call(self, method: str, path: str, body: dict[str, Any] | None = None, token: str | None = None,
             cookie: str | None = None) -> tuple[int, bytes]:
        import io

        raw = json.dumps(body).encode() if body is not None else b""
        path, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1", "HTTP_ACCEPT": "application/json", "HTTP_X_FORWARDED_PROTO": "https",
            "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(raw)),
            "wsgi.input": io.BytesIO(raw), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": True,
            "wsgi.run_once": False, "REMOTE_ADDR": "127.0.0.1",
        }
        if token:
            environ["HTTP_AUTHORIZATION"] = f"Token {token}"
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        status: list[str] = []
        chunks = self.app(environ, lambda s, _headers, _exc=None: status.append(s))
        try:
            content = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return int(status[0].split()[0]), content


def profile_summary(profile: Any, requests: int, top: int = 15) -> list[str]:
    """The ``top`` functions by their own time, and the portal's own functions by inclusive time, in
    milliseconds per request."""
    import pstats

    stats = pstats.Stats(profile)
    root = str(ROOT) + "/"

    def name(key: tuple[str, int, str]) -> str:
        filename, line, function = key
        if filename.startswith(root):
            filename = filename[len(root):]
        elif "site-packages/" in filename:
            filename = filename.split("site-packages/", 1)[1]
        elif filename == "~":
            return function
        else:
            filename = filename.rsplit("/lib/python", 1)[-1].split("/", 1)[-1]
        return f"{function} ({filename}:{line})"

    rows = stats.stats  # type: ignore[attr-defined]
    total = sum(own for _calls, _primitive, own, _inclusive, _callers in rows.values())
    lines = [f"  {total / requests * 1000:.2f} ms of CPU per request under the profiler (it inflates every "
             f"call); top {top} functions by own time (ms per request, calls per request):"]
    for key, (_cc, calls, own, _inclusive, _callers) in sorted(rows.items(), key=lambda kv: -kv[1][2])[:top]:
        lines.append(f"    {own / requests * 1000:6.2f} ms  {calls / requests:6.1f}×  {name(key)}")
    portal = [(key, value) for key, value in rows.items()
              if key[0].startswith(root) and "/.venv/" not in key[0] and "/bench/" not in key[0]]
    lines.append(f"  the portal's own functions by inclusive time (top {top}):")
    for key, (_cc, calls, _own, inclusive, _callers) in sorted(portal, key=lambda kv: -kv[1][3])[:top]:
        lines.append(f"    {inclusive / requests * 1000:6.2f} ms  {calls / requests:6.1f}×  {name(key)}")
    return lines


# (method, path, JSON body, token, cookie)
RequestSpec = tuple[str, str, dict[str, Any] | None, str | None, str | None]


def profile_requests(label: str, requests: list[RequestSpec], top: int = 15) -> tuple[Counter[str], float]:
    """Run ``requests`` (method, path, body, token, cookie) in-process twice over halves: the first half
    timed plainly (ms of wall time per request, one thread, nothing else of the portal's running
    here), the second under cProfile; print the summary. Returns the answers and ms per request."""
    import cProfile

    from django.db import connection, reset_queries

    driver = InProcess()
    answers: Counter[str] = Counter()

    def run(batch: list[Any]) -> None:
        for method, path, body, token, cookie in batch:
            status, content = driver.call(method, path, body, token, cookie)
            reply = json.loads(content) if content[:1] == b"{" else {}
            answers[f"{status} {reply.get('status') or reply.get('code', '')}".strip()] += 1

    half = len(requests) // 2
    run(requests[:20])  # warm: imports, the first connection, caches
    reset_queries()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def backend_cpu() -> float:
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK

    timed = max(half - 20, 1)
    started, cpu, pg = time.perf_counter(), time.process_time(), backend_cpu()
    with _counting_queries() as queries:
        run(requests[20:half])
    wall = (time.perf_counter() - started) / timed
    cpu, pg = (time.process_time() - cpu) / timed, (backend_cpu() - pg) / timed
    # CPU time, not wall time: the two cores are shared, and waiting is not where the work goes.
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    run(requests[half:])
    profile.disable()
    connection.close()
    print(f"profile of {label}, in-process, one at a time: {timed:,} requests timed — "
          f"{cpu * 1000:.2f} ms of Python CPU, {pg * 1000:.2f} ms of PostgreSQL CPU, "
          f"{queries[0] / timed:.1f} SQL statements and {wall * 1000:.2f} ms of wall time each; "
          f"then {len(requests) - half:,} under cProfile (CPU time):")
    for line in profile_summary(profile, len(requests) - half, top):
        print(line)
    print(f"  answers: {dict(sorted(answers.items()))}")
    return answers, cpu * 1000


@contextlib.contextmanager
def _counting_queries() -> Any:
    """Count the SQL statements sent meanwhile (an execute wrapper: no DEBUG needed)."""
    from django.db import connection

    count = [0]

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        yield count


def sessions_for(usernames: list[str]) -> dict[str, str]:
    """Signed-in sessions made straight in the session store (what a sign-in ahead leaves behind; the
    sign-in itself is measured by the rush scenario): username → the ``Cookie`` header. As a sign-in
    writes them (``cached_db``): a row in PostgreSQL and the same session in the cache."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.utils import timezone

    from ektu_portal.accounts.models import User

    store = SessionStore()
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows, cookies, cached = [], {}, {}
    for user in User.objects.filter(username__in=usernames).only("pk", "username", "password"):
        key = store._get_new_session_key()
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash()}
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        cached[store.cache_key_prefix + key] = data  # cached_db's own key for the session
        cookies[user.username] = f"{settings.SESSION_COOKIE_NAME}={key}"
    Session.objects.bulk_create(rows, batch_size=2000)
    caches[settings.SESSION_CACHE_ALIAS].set_many(cached, settings.SESSION_COOKIE_AGE)
    return cookies


def opening_minute(
    port: int, cookies: list[str], seconds: float, connections: int, rng: random.Random
) -> dict[str, Any]:
    """Every student in ``cookies`` (a signed-in session each) arrives at a random moment of the first
    ``seconds`` of the window — an open loop, as the clock and not the server decides when students
    come — and opens the registration page, then the offer. A page's latency counts from the moment its
    student arrived (waiting for a free connection of this driver included), the offer's from the page's
    answer."""
    arrivals = sorted(rng.uniform(0, seconds) for _ in cookies)
    order = list(range(len(cookies)))
    rng.shuffle(order)
    pages: list[float] = []
    offers: list[float] = []
    answers: Counter[str] = Counter()
    lock = threading.Lock()
    position = [0]
    started = time.perf_counter()

    def work() -> None:
        client = Client(port)
        while True:
            with lock:
                if position[0] >= len(arrivals):
                    return
                n = position[0]
                position[0] += 1
            due = started + arrivals[n]
            time.sleep(max(0.0, due - time.perf_counter()))
            cookie = cookies[order[n]]
            try:
                status, _ = client.call("GET", "/registration/", cookie=cookie, accept="text/html")
                page_done = time.perf_counter()
                offer_status, body = client.call("GET", "/api/v1/registration/offer", cookie=cookie)
                offer_done = time.perf_counter()
                page_answer = f"page {status}"
                offer_answer = f"offer {offer_status}" + ("" if body.get("window_open") else " (closed)")
            except OSError as error:
                page_done = offer_done = time.perf_counter()
                page_answer = offer_answer = f"connection error {type(error).__name__}"
            with lock:
                pages.append(page_done - due)
                offers.append(offer_done - page_done)
                answers[page_answer] += 1
                answers[offer_answer] += 1

    threads = [threading.Thread(target=work, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"pages": pages, "offers": offers, "answers": answers, "seconds": time.perf_counter() - started}


# --- the ceiling: the same transaction in SQL ---------------------------------------------------------

# Every statement one enrolment request sends, in the service's order and with the ORM's own SQL
# (captured from registration.services.enrollment_create): the token lookup, then the transaction —
# the student, the section with its discipline and period (by id here: pgbench cannot spell the
# code), its prerequisites, the student's row lock, the curriculum, the student's enrolments this
# period, the student's results (RG-3), the credit limit, the seat (conditional UPDATE), the existing
# enrolment, the new one, its audit record, and the study plan (locked).
FULL_SCRIPT = r"""\set s random({first_student}, {last_student})
\set u :s + {user_offset}
\set c random({first_section}, {last_section})
SELECT "authtoken_token"."key", "authtoken_token"."user_id", "authtoken_token"."created",
  "accounts_user"."id",
  "accounts_user"."password", "accounts_user"."last_login", "accounts_user"."is_superuser",
  "accounts_user"."username",
  "accounts_user"."first_name", "accounts_user"."last_name", "accounts_user"."email",
  "accounts_user"."is_staff",
  "accounts_user"."is_active", "accounts_user"."date_joined", "accounts_user"."full_name",
  "accounts_user"."full_name_latin"
  FROM "authtoken_token" INNER JOIN "accounts_user" ON ("authtoken_token"."user_id" = "accounts_user"."id")
  WHERE "authtoken_token"."user_id" = :u LIMIT 21;
BEGIN;
SELECT "academics_student"."id", "academics_student"."user_id", "academics_student"."program_id",
  "academics_student"."intake_year", "academics_student"."course_year", "academics_student"."funding",
  "academics_student"."study_form", "academics_student"."adviser_id", "academics_student"."birth_date",
  "academics_student"."iin", "academics_student"."status", "accounts_user"."id", "accounts_user"."password",
  "accounts_user"."last_login", "accounts_user"."is_superuser", "accounts_user"."username",
  "accounts_user"."first_name",
  "accounts_user"."last_name", "accounts_user"."email", "accounts_user"."is_staff",
  "accounts_user"."is_active",
  "accounts_user"."date_joined", "accounts_user"."full_name", "accounts_user"."full_name_latin",
  "academics_program"."id",
  "academics_program"."name_kk", "academics_program"."name_ru", "academics_program"."name_en",
  "academics_program"."code",
  "academics_program"."level", "academics_program"."school_id", "academics_program"."group_code",
  "academics_program"."credits", "academics_program"."qualification_kk",
  "academics_program"."qualification_ru",
  "academics_program"."qualification_en", "academics_program"."languages", "academics_program"."creative",
  "academics_program"."learning_outcomes"
  FROM "academics_student" INNER JOIN "accounts_user" ON ("academics_student"."user_id" =
  "accounts_user"."id")
  INNER JOIN "academics_program" ON ("academics_student"."program_id" = "academics_program"."id")
  WHERE "academics_student"."user_id" = :u ORDER BY "accounts_user"."username" ASC LIMIT 1;
SELECT "academics_section"."id", "academics_section"."code",
  "academics_section"."discipline_id" AS "discipline",
  "academics_section"."period_id", "academics_section"."instructor_id", "academics_section"."capacity",
  "academics_section"."min_size", "academics_section"."language", "academics_section"."taken",
  "academics_discipline"."id",
  "academics_discipline"."name_kk", "academics_discipline"."name_ru", "academics_discipline"."name_en",
  "academics_discipline"."code", "academics_discipline"."credits", "academics_discipline"."control",
  "academics_discipline"."kind", "academics_discipline"."has_coursework", "academics_academicperiod"."id",
  "academics_academicperiod"."code", "academics_academicperiod"."kind",
  "academics_academicperiod"."academic_year",
  "academics_academicperiod"."starts", "academics_academicperiod"."ends",
  "academics_academicperiod"."registration_opens",
  "academics_academicperiod"."registration_closes", "academics_academicperiod"."drop_off_opens",
  "academics_academicperiod"."drop_off_closes", "academics_academicperiod"."exam_session_starts",
  "academics_academicperiod"."exam_session_ends"
  FROM "academics_section" INNER JOIN "academics_discipline" ON ("academics_section"."discipline_id" =
  "academics_discipline"."id")
  INNER JOIN "academics_academicperiod" ON ("academics_section"."period_id" = "academics_academicperiod"."id")
  WHERE "academics_section"."id" = :c ORDER BY "academics_section"."code" ASC LIMIT 1 \gset sec_
SELECT ("academics_discipline_prerequisites"."from_discipline_id") AS
  "_prefetch_related_val_from_discipline_id",
  "academics_discipline"."id", "academics_discipline"."name_kk", "academics_discipline"."name_ru",
  "academics_discipline"."name_en", "academics_discipline"."code", "academics_discipline"."credits",
  "academics_discipline"."control", "academics_discipline"."kind", "academics_discipline"."has_coursework"
  FROM "academics_discipline" INNER JOIN "academics_discipline_prerequisites"
  ON ("academics_discipline"."id" = "academics_discipline_prerequisites"."to_discipline_id")
  WHERE "academics_discipline_prerequisites"."from_discipline_id" IN (:sec_discipline) ORDER BY
  "academics_discipline"."code" ASC;
SELECT "academics_student"."id" FROM "academics_student" WHERE "academics_student"."id" = :s LIMIT 21 FOR
  UPDATE;
SELECT "academics_discipline"."code" AS "discipline__code",
  "academics_curriculumitem"."semester" AS "semester",
  "academics_curriculumitem"."elective_group" AS "elective_group"
  FROM "academics_curriculumitem" INNER JOIN "academics_curriculum" ON
  ("academics_curriculumitem"."curriculum_id" = "academics_curriculum"."id")
  INNER JOIN "academics_discipline" ON ("academics_curriculumitem"."discipline_id" =
  "academics_discipline"."id")
  WHERE ("academics_curriculum"."intake_year" = {intake_year} AND "academics_curriculum"."program_id" =
  {program}) ORDER BY 2 ASC, 1 ASC;
SELECT "academics_discipline"."code" AS "section__discipline__code",
  "academics_discipline"."credits" AS "section__discipline__credits"
  FROM "academics_enrollment" INNER JOIN "academics_section" ON ("academics_enrollment"."section_id" =
  "academics_section"."id")
  INNER JOIN "academics_discipline" ON ("academics_section"."discipline_id" = "academics_discipline"."id")
  WHERE ("academics_section"."period_id" = {period} AND "academics_enrollment"."status" IN ('enrolled',
  'waitlisted')
  AND "academics_enrollment"."student_id" = :s)
  ORDER BY "academics_section"."code" ASC, "academics_enrollment"."created_at" ASC,
  "academics_enrollment"."id" ASC;
SELECT "academics_result"."id", "academics_result"."student_id", "academics_result"."discipline_id",
  "academics_result"."period_id",
  "academics_result"."section_id", "academics_result"."attempt", "academics_result"."r1",
  "academics_result"."r2",
  "academics_result"."exam", "academics_result"."outcome", "academics_result"."recognized_from",
  "academics_result"."updated_at",
  "academics_student"."id", "academics_student"."user_id", "academics_student"."program_id",
  "academics_student"."intake_year",
  "academics_student"."course_year", "academics_student"."funding", "academics_student"."study_form",
  "academics_student"."adviser_id", "academics_student"."birth_date", "academics_student"."iin",
  "academics_student"."status",
  "academics_program"."id", "academics_program"."name_kk", "academics_program"."name_ru",
  "academics_program"."name_en",
  "academics_program"."code", "academics_program"."level", "academics_program"."school_id",
  "academics_program"."group_code",
  "academics_program"."credits", "academics_program"."qualification_kk",
  "academics_program"."qualification_ru",
  "academics_program"."qualification_en", "academics_program"."languages", "academics_program"."creative",
  "academics_program"."learning_outcomes", "academics_discipline"."id", "academics_discipline"."name_kk",
  "academics_discipline"."name_ru", "academics_discipline"."name_en", "academics_discipline"."code",
  "academics_discipline"."credits", "academics_discipline"."control", "academics_discipline"."kind",
  "academics_discipline"."has_coursework", "academics_academicperiod"."id", "academics_academicperiod"."code",
  "academics_academicperiod"."kind", "academics_academicperiod"."academic_year",
  "academics_academicperiod"."starts",
  "academics_academicperiod"."ends", "academics_academicperiod"."registration_opens",
  "academics_academicperiod"."registration_closes", "academics_academicperiod"."drop_off_opens",
  "academics_academicperiod"."drop_off_closes", "academics_academicperiod"."exam_session_starts",
  "academics_academicperiod"."exam_session_ends"
  FROM "academics_result" INNER JOIN "academics_student" ON ("academics_result"."student_id" =
  "academics_student"."id")
  INNER JOIN "academics_program" ON ("academics_student"."program_id" = "academics_program"."id")
  INNER JOIN "academics_discipline" ON ("academics_result"."discipline_id" = "academics_discipline"."id")
  INNER JOIN "academics_academicperiod" ON ("academics_result"."period_id" = "academics_academicperiod"."id")
  WHERE "academics_result"."student_id" = :s
  ORDER BY "academics_academicperiod"."starts" ASC, "academics_discipline"."code" ASC,
  "academics_result"."attempt" ASC;
SELECT "registration_creditlimit"."period_id" AS "period_id",
  "registration_creditlimit"."max_credits" AS "max_credits"
  FROM "registration_creditlimit" WHERE ("registration_creditlimit"."period_id" = {period} OR
  "registration_creditlimit"."period_id" IS NULL);
WITH seat AS (UPDATE academics_section SET taken = taken + 1 WHERE id = :c AND taken < capacity RETURNING 1)
  SELECT count(*) AS seated FROM seat \gset
SELECT "academics_enrollment"."id", "academics_enrollment"."section_id", "academics_enrollment"."student_id",
  "academics_enrollment"."status", "academics_enrollment"."created_at", "academics_enrollment"."changed_at"
  FROM "academics_enrollment" WHERE ("academics_enrollment"."section_id" = :c AND
  "academics_enrollment"."student_id" = :s)
  ORDER BY "academics_enrollment"."id" ASC LIMIT 1;
\if :seated
INSERT INTO "academics_enrollment" ("section_id", "student_id", "status", "created_at", "changed_at")
  VALUES (:c, :s, 'enrolled', now(), now()) ON CONFLICT DO NOTHING RETURNING "academics_enrollment"."id";
\else
INSERT INTO "academics_enrollment" ("section_id", "student_id", "status", "created_at", "changed_at")
  VALUES (:c, :s, 'waitlisted', now(), now()) ON CONFLICT DO NOTHING RETURNING "academics_enrollment"."id";
\endif
INSERT INTO "audit_auditrecord" ("at", "actor_id", "actor_username", "action", "object_type",
  "object_id", "object_repr",
  "before", "after", "reason", "basis")
  VALUES (now(), :u, 'pgbench', 'enrollment.create', 'academics.enrollment', :s, 'pgbench', NULL,
  '{{"status": "enrolled", "section": "pgbench"}}'::jsonb, 'registration',
  '') RETURNING "audit_auditrecord"."id";
SELECT "registration_studyplan"."id", "registration_studyplan"."student_id",
  "registration_studyplan"."period_id",
  "registration_studyplan"."status", "registration_studyplan"."version", "registration_studyplan"."items",
  "registration_studyplan"."credits", "registration_studyplan"."submitted_at",
  "registration_studyplan"."adviser_decided_by_id",
  "registration_studyplan"."adviser_decided_at", "registration_studyplan"."dean_decided_by_id",
  "registration_studyplan"."dean_decided_at", "registration_studyplan"."comment"
  FROM "registration_studyplan" INNER JOIN "academics_academicperiod" ON
  ("registration_studyplan"."period_id" = "academics_academicperiod"."id")
  INNER JOIN "academics_student" ON ("registration_studyplan"."student_id" = "academics_student"."id")
  INNER JOIN "accounts_user" ON ("academics_student"."user_id" = "accounts_user"."id")
  WHERE ("registration_studyplan"."period_id" = {period} AND "registration_studyplan"."student_id" = :s)
  ORDER BY "academics_academicperiod"."starts" ASC, "accounts_user"."username" ASC LIMIT 1 FOR UPDATE;
END;
"""

# The quick path's one statement (registration.cache.enrol): the student's lock, the facts' versions
# checked, the seat, the enrolment and its audit record. The versions are read as the web tier has them
# cached (so the statement writes, as on registration day).
ENROL_SCRIPT = r"""\set s random({first_student}, {last_student})
\set u :s + {user_offset}
\set c random({first_section}, {last_section})
SELECT * FROM registration_enrol(:s, :c,
  (SELECT coalesce(max(version), 0) FROM registration_factsversion WHERE student_id = :s),
  (SELECT coalesce(max(generation), 0) FROM registration_factsgeneration),
  true, now(), :u, 'pgbench', 'pgbench', 'pgbench');
"""


def pgbench(
    database_url: str, script: str, clients: int, seconds: int, mode: str = "simple"
) -> tuple[float, float]:
    """Transactions per second and mean latency (ms) of ``script`` run by pgbench; ``mode`` is the
    query protocol (``simple``, as psycopg2 sends Django's queries, or ``prepared``)."""
    import pgserver

    binary = Path(pgserver.__file__).parent / "pginstall" / "bin" / "pgbench"
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as file:
        file.write(script)
    try:
        done = subprocess.run(
            [
                str(binary),
                "-n",
                "-M",
                mode,
                "-f",
                file.name,
                "-c",
                str(clients),
                "-j",
                str(min(clients, CORES)),
                "-T",
                str(seconds),
                database_url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        )
    finally:
        os.unlink(file.name)
    tps = latency = None
    for line in done.stdout.splitlines():
        if line.startswith("tps ="):
            tps = float(line.split()[2])
        elif line.startswith("latency average ="):
            latency = float(line.split()[3])
    failed = [line for line in done.stdout.splitlines() if line.startswith("number of failed transactions")]
    if tps is None or latency is None or done.returncode != 0 or (failed and not failed[0].split()[4] == "0"):
        raise SystemExit("pgbench failed:\n" + done.stdout[-3000:] + done.stderr[-3000:])
    return tps, latency


# --- the run -----------------------------------------------------------------------------------------


def add_web_tier_arguments(parser: argparse.ArgumentParser) -> None:
    """The web tier ``serve`` is asked to run (this benchmark's and the login storm's)."""
    parser.add_argument("--web-workers", type=int, default=min(2 * CORES + 1, 8), help="serve's default")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"],
                        help="gunicorn's worker class (serve's --web-worker-class and its default)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread web worker")


def web_tier_words(args: argparse.Namespace) -> str:
    """The web tier as the report names it: "gunicorn sync 5 workers", "gunicorn gthread 3 workers × 4
    threads"."""
    threads = f" × {args.threads} threads" if args.worker_class == "gthread" else ""
    return f"gunicorn {args.worker_class} {args.web_workers} workers{threads}"


def fresh_django(data_dir: Path) -> str:
    """Every benchmark's start (this one's and login_storm's): refuse an external database (the run resets
    it), stop on SIGTERM as on Ctrl-C (the caller's clean-up runs), set Django up on ``data_dir``'s
    embedded servers with a secret shared with the portal it will start (sessions made here are the
    portal's own), rebuild the schema and empty this data dir's Redis. Returns the database's URL."""
    if "DATABASE_URL" in os.environ or "REDIS_URL" in os.environ:
        sys.exit(
            "the benchmark resets its database: run it on the embedded one (unset DATABASE_URL, REDIS_URL)"
        )

    def stop_on_sigterm(*_: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_sigterm)
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["EKTU_DATA_DIR"] = str(data_dir)
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(60)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ektu_portal.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from ektu_portal import embedded

    database_url = embedded.ensure_postgres().url
    with connection.cursor() as cursor:  # a clean slate each run
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    cache.clear()  # no sign-in counters, sessions or cached facts from an earlier run
    return database_url


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]  # numbers as they come
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--sections", type=int, default=320)
    parser.add_argument("--clients", type=int, default=200, help="concurrent clients at the opening")
    parser.add_argument("--per-client", type=int, default=6, help="sections each client enrolls in")
    parser.add_argument(
        "--sign-in",
        type=int,
        default=1_000,
        help="students signed in ahead over HTTP (at least --clients; each is a PBKDF2 check; 0: the "
        "clients' tokens made straight in the database, as in the opening scenario, and no burst — for "
        "side-by-side runs of the rush alone)",
    )
    parser.add_argument(
        "--sign-in-threads",
        type=int,
        default=8,
        help="sign-ins in flight at once ahead of the opening (allauth refuses an 11th from one address)",
    )
    parser.add_argument(
        "--sign-in-burst",
        type=int,
        default=30,
        help="then this many simultaneous sign-ins from the same address (0: skip)",
    )
    add_web_tier_arguments(parser)
    parser.add_argument("--ceiling-seconds", type=int, default=15)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 1,000 students, 60 sections, 40 clients × 5, 60 sign-ins, a burst of 20",
    )
    parser.add_argument(
        "--scenario",
        choices=["rush", "opening", "profile", "floor"],
        default="rush",
        help="rush: sign-in ahead and the enrolment rush; opening: the rush while every student opens the "
        "page and the offer in the first minute; profile: only the in-process profile (no server); "
        "floor: the same clients, web tier and machine, but each sends --floor-requests of a request that "
        "does less than an enrolment (--floor-path) instead of enrolments: a bound no enrolment can beat",
    )
    parser.add_argument(
        "--floor-path", default="/health",
        help="the floor's request, a GET sent with the client's token (default /health: the whole "
        "middleware stack, a view, one SELECT 1 and one Redis read; a static file such as "
        "/static/js/registration.js: the cheapest answer the web tier gives at all)",
    )
    parser.add_argument("--floor-requests", type=int, default=30, help="the floor's requests per client")
    parser.add_argument(
        "--profile-requests", type=int, default=2_000, help="enrolment requests profiled in-process"
    )
    parser.add_argument(
        "--programmes",
        type=int,
        default=8,
        help="programmes sharing the sections (each a semester of its own disciplines; 1: every section "
        "in one programme's offer, as the benchmark had it before)",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="no read-ahead: the window is opened by a write at the rush (which also makes every cached "
        "fact stale), and each student's facts are read at their first request",
    )
    parser.add_argument("--opening-seconds", type=float, default=60, help="the opening minute's length")
    parser.add_argument(
        "--opening-connections", type=int, default=100, help="the opening driver's connections (open loop)"
    )
    args = parser.parse_args()
    if args.quick:
        args.students, args.sections, args.clients, args.per_client = 1_000, 60, 40, 5
        args.sign_in = 60 if args.sign_in else 0
        args.sign_in_burst, args.ceiling_seconds = 20, 4
        args.profile_requests = min(args.profile_requests, 600)
        args.opening_seconds = min(args.opening_seconds, 20)
    # Each programme needs at least a client's worth of disciplines (five sections each).
    args.programmes = max(1, min(args.programmes, math.ceil(args.sections / 5) // args.per_client))
    if args.worker_class == "sync":
        args.threads = 1  # as serve runs a sync worker: one request at a time per process
    tokens_direct = args.sign_in == 0 or args.scenario in ("opening", "floor")

    if tokens_direct:
        args.sign_in_burst = 0
    args.sign_in = max(args.sign_in, args.clients)
    if args.sign_in > args.students:
        sys.exit("--sign-in and --clients must not exceed --students")
    database_url = fresh_django(DATA_DIR)
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from ektu_portal.academics.loading import load_university
    from ektu_portal.academics.models import AcademicPeriod, Section, Student
    from ektu_portal.accounts.models import User

    rng = random.Random(2026)
    document = build(args.students, args.sections, args.programmes, timezone.localdate())
    started = time.perf_counter()
    load_university(document, source="bench")
    # One PBKDF2 hash for everybody (hashing 10,000 distinct ones would take half an hour here);
    # every sign-in still checks it at full cost.
    User.objects.filter(username__startswith="r").update(password=make_password(PASSWORD))
    print(
        f"load: {args.students:,} students, {len(document['sections'])} sections of period {PERIOD} "
        f"in {args.programmes} programme(s) (registration not open yet) "
        f"in {time.perf_counter() - started:.1f} s"
    )

    codes = [s["code"] for s in document["sections"]]
    by_programme = programme_sections(codes, args.programmes)
    # Who signs in ahead, and which of them enrol at the opening (with their choices), chosen up front:
    # the seats are sized from the clients' demand.
    usernames = [f"r{n:05d}" for n in rng.sample(range(args.students), args.sign_in)]
    plans, hot = choose(by_programme, usernames[: args.clients], args.per_client, rng)
    demand = Counter(code for plan in plans for code in plan)
    for code in codes:  # hot sections: a third of the seats their demand asks for; others: room to spare
        seats = max(1, math.ceil(demand[code] / 3)) if code in hot else max(demand[code] + 5, 10)
        Section.objects.filter(code=code).update(capacity=seats)
    hot_seats = sum(Section.objects.filter(code__in=hot).values_list("capacity", flat=True))
    print(
        f"demand: {args.clients} clients × {args.per_client} sections; {len(hot)} hot sections get "
        f"{sum(demand[c] for c in hot)} requests for {hot_seats} seats (3× oversubscribed)"
    )

    def open_window() -> None:
        now = timezone.now()
        AcademicPeriod.objects.filter(code=PERIOD).update(
            registration_opens=now - timedelta(seconds=1), registration_closes=now + timedelta(days=7)
        )
        connection.close()

    def profile_enrolments(exclude: set[str]) -> None:
        """Students outside ``exclude`` enrol in-process, as the clients do over HTTP (their own mix of
        hot and roomy sections), under cProfile."""
        from rest_framework.authtoken.models import Token

        students = args.profile_requests // args.per_client
        pool = sorted(set(f"r{n:05d}" for n in range(args.students)) - exclude)
        chosen = rng.sample(pool, min(students, len(pool)))
        users = dict(User.objects.filter(username__in=chosen).values_list("username", "pk"))
        tokens = {name: Token.objects.get_or_create(user_id=users[name])[0].key for name in chosen}
        profile_plans, _hot = choose(by_programme, chosen, args.per_client, rng)
        requests = [("POST", "/api/v1/registration/enrollments", {"section": code}, tokens[username], None)
                    for username, plan in zip(chosen, profile_plans, strict=True) for code in plan]
        profile_requests("the enrolment request (POST /api/v1/registration/enrollments)", requests)

    def profile_opening(exclude: set[str]) -> None:
        """Students outside ``exclude`` open the registration page and the offer in-process, signed in by
        sessions made straight in the session store, under cProfile."""
        students = max(args.profile_requests // 10, 20)
        pool = sorted(set(f"r{n:05d}" for n in range(args.students)) - exclude)
        chosen = rng.sample(pool, min(students, len(pool)))
        cookies = sessions_for(chosen)
        try:
            from ektu_portal.accounts import hot_cache
        except ImportError:  # the code before issue 15 has no such cache
            hot_cache = None
        if args.cold and hot_cache is not None:  # as in a cold opening minute: nothing of theirs cached yet
            for pattern in ("registration:*", "auth:*"):
                hot_cache.delete(*(key.decode()[len(hot_cache.PREFIX):]
                                   for key in hot_cache.client().scan_iter(hot_cache.PREFIX + pattern)))
        pages = [("GET", "/registration/", None, None, cookies[u]) for u in chosen]
        offers = [("GET", "/api/v1/registration/offer", None, None, cookies[u]) for u in chosen]
        # In the order a student sends them: the page first (their first request), then the offer.
        profile_requests("the registration page (GET /registration/), each student's first", pages)
        profile_requests("the offer (GET /api/v1/registration/offer), right after the page", offers)

    if args.scenario == "profile":
        open_window()
        profile_enrolments(set(usernames))
        profile_opening(set(usernames))
        return

    cookies: dict[str, str] = {}
    if args.scenario == "opening":
        started = time.perf_counter()
        cookies = sessions_for([f"r{n:05d}" for n in range(args.students)])
        print(
            f"sessions: {len(cookies):,} students signed in ahead, made straight in the session store "
            f"in {time.perf_counter() - started:.1f} s (signing in is the rush scenario's figure)"
        )

    port = free_port()
    env = dict(
        os.environ,
        EKTU_ENV="production",
        SECRET_KEY=os.environ["SECRET_KEY"],  # this process's: the sessions made here are the portal's
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=settings.REDIS_URL,
        PYTHONUNBUFFERED="1",
    )
    postmaster = int((DATA_DIR / "postgres" / "postmaster.pid").read_text().split()[0])
    connection.close()
    portal = Portal(port, args.web_workers, args.threads, env, args.worker_class)
    try:
        portal.wait_ready()
        print(
            f"portal: manage.py serve --no-demo, EKTU_ENV=production: {web_tier_words(args)}, "
            f"Celery worker and beat (log: {portal.log_path.relative_to(ROOT)})"
        )

        if tokens_direct:  # the clients' tokens straight in the database, as the sessions
            from rest_framework.authtoken.models import Token

            names = usernames[: args.clients]
            ids = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
            tokens = {name: Token.objects.get_or_create(user_id=ids[name])[0].key for name in ids}
            connection.close()
        else:
            before = cpu_snapshot(portal, postmaster)
            tokens, spent, sign_in_latencies, failures = sign_in_all(port, usernames, args.sign_in_threads)
            after = cpu_snapshot(portal, postmaster)
            rate = len(tokens) / spent
            print(
                f"sign-in ahead: {len(tokens):,} of {len(usernames):,} students "
                f"({args.sign_in_threads} at a time) in "
                f"{spent:.1f} s = {rate:.1f} sign-ins/s — a subset; all {args.students:,} would take "
                f"{args.students / rate / 60:.0f} min at this rate"
            )
            print(f"  latency {latency_line(sign_in_latencies)}; failures: {dict(failures) or 0}")
            print(f"  {cpu_line(before, after, spent, len(usernames))}")
        if len(tokens) < args.clients:
            raise SystemExit("too few students signed in for the clients")
        if args.sign_in_burst and args.scenario == "rush":
            others = sorted(set(f"r{n:05d}" for n in range(args.students)) - set(usernames))
            burst_answers, burst_latencies = sign_in_burst(
                port, rng.sample(others, min(args.sign_in_burst, len(others)))
            )
            print(
                f"sign-in burst: {sum(burst_answers.values())} students press sign-in "
                f"at the same instant from one "
                f"address: {dict(sorted(burst_answers.items()))}; latency {latency_line(burst_latencies)}"
            )

        clients = [
            (tokens[name], plan)
            for name, plan in zip(usernames[: args.clients], plans, strict=True)
            if name in tokens
        ]
        opens_at = None
        if not args.cold and args.scenario != "floor":  # the floor reads no registration facts
            # As in production: the window's dates were written long before; half an hour ahead, beat's
            # registration.warm_registration_facts reads every student's facts (run here, in-process,
            # on the portal's database and Redis); then the window opens by itself, with no write
            # that would make the facts stale.
            from registration import cache as registration_cache

            opens_at = timezone.now() + timedelta(seconds=5)
            AcademicPeriod.objects.filter(code=PERIOD).update(
                registration_opens=opens_at, registration_closes=opens_at + timedelta(days=7)
            )
            started = time.perf_counter()
            warmed = registration_cache.warm_upcoming(timezone.now())
            spent = time.perf_counter() - started
            print(
                f"read-ahead: {warmed:,} students' facts read into the cache before the opening in "
                f"{spent:.1f} s ({spent / max(warmed, 1) * 1000:.1f} ms each; beat's "
                f"registration.warm_registration_facts, run here)"
            )
            connection.close()
        viewers: dict[str, Any] = {}
        viewing: list[threading.Thread] = []

        def open_and_view() -> None:
            """The opening: the window opens; in the opening scenario every student starts arriving."""
            if opens_at is None:
                open_window()
            else:
                time.sleep(max(0.0, (opens_at - timezone.now()).total_seconds()))
            if args.scenario == "opening":
                order = list(cookies.values())
                viewing.append(threading.Thread(target=lambda: viewers.update(opening_minute(
                    port, order, args.opening_seconds, args.opening_connections, rng)), daemon=True))
                viewing[0].start()

        counted_before = portal_cpu(port)
        if args.scenario == "floor":
            result = rush(port, [(token, [args.floor_path] * args.floor_requests) for token, _ in clients],
                          open_and_view, lambda: cpu_snapshot(portal, postmaster),
                          lambda client, token, path: client.call("GET", path, token=token))
            wall, latencies = result["seconds"], result["latencies"]
            print(
                f"floor: {len(latencies):,} requests GET {args.floor_path} from {len(clients)} concurrent "
                f"clients in {wall:.1f} s = {len(latencies) / wall:.0f}/s (the rush's closed loop)"
            )
            print(f"  latency {latency_line(latencies)}")
            print(f"  answers by status: {dict(sorted(result['answers'].items()))}")
            after = cpu_snapshot(portal, postmaster)
            print(f"  {cpu_line(result['before'], after, wall, len(latencies))}")
            print(f"  {portal_cpu_line(counted_before, portal_cpu(port))}")
            # Little's law for the closed loop: mean latency = clients ÷ throughput, and the throughput is
            # at most the cores over the machine's CPU per request (load generator included).
            machine = (after["machine busy"] - result["before"]["machine busy"]) / len(latencies)
            bound = CORES / machine
            print(
                f"  the machine's CPU per request, all parts: {machine * 1000:.2f} ms, so at most "
                f"{bound:,.0f}/s on {CORES} cores and a mean latency of at least "
                f"{len(clients) / bound * 1000:.0f} ms for {len(clients)} clients"
            )
            return
        result = rush(port, clients, open_and_view, lambda: cpu_snapshot(portal, postmaster))
        for thread in viewing:
            thread.join()
        before, after = result["before"], cpu_snapshot(portal, postmaster)
        counted = portal_cpu_line(counted_before, portal_cpu(port))
        latencies, answers, wall = result["latencies"], result["answers"], result["seconds"]
        successful = sum(n for answer, n in answers.items() if answer.startswith("201"))
        seated = answers.get("201 enrolled", 0)
        print(
            f"rush: {len(latencies):,} enrolment requests from {len(clients)} concurrent clients "
            f"in {wall:.1f} s "
            f"(half the clients done after {result['half done']:.1f} s)"
        )
        print(
            f"  successful enrolments (201, seat or wait list): {successful:,} = {successful / wall:.0f}/s; "
            f"seats taken: {seated:,} = {seated / wall:.0f}/s; all answers {len(latencies) / wall:.0f}/s"
        )
        print(f"  latency {latency_line(latencies)}")
        print(f"  answers by status and code: {dict(sorted(answers.items()))}")
        server_errors = sum(
            n for answer, n in answers.items() if answer[:1] == "5" or answer.startswith("conn")
        )
        print(f"  5xx and connection errors: {server_errors}")
        with connection.cursor() as cursor:
            cursor.execute("""SELECT count(*) FILTER (WHERE s.taken > s.capacity OR n.enrolled > s.capacity),
                                     count(*) FILTER (WHERE s.taken <> n.enrolled),
                                     count(*) FILTER (WHERE s.taken = s.capacity)
                              FROM academics_section s,
                                   LATERAL (SELECT count(*) AS enrolled FROM academics_enrollment e
                                   WHERE e.section_id = s.id AND e.status = 'enrolled') n""")
            over, mismatched, full = cursor.fetchone()
        print(
            f"  sections over capacity: {over} "
            f"(seat counters that disagree with the enrolments: {mismatched}; "
            f"sections now full: {full})"
        )
        if args.scenario == "rush":
            print(f"  {cpu_line(before, after, wall, len(latencies))}")
            print(f"  {counted}")
        else:
            pages, offers, seen = viewers["pages"], viewers["offers"], viewers["answers"]
            span = viewers["seconds"]
            served = sum(n for answer, n in seen.items() if answer.startswith(("page 200", "offer 200")))
            print(
                f"opening: {len(pages):,} students open the registration page and the offer, arriving "
                f"within {args.opening_seconds:.0f} s ({len(pages) / args.opening_seconds:.0f} students/s, "
                f"{args.opening_connections} connections), while the rush above runs; the last one "
                f"was served {span:.1f} s after the opening"
            )
            print(f"  page (GET /registration/, from arrival): latency {latency_line(pages)}")
            print(f"  offer (GET /api/v1/registration/offer): latency {latency_line(offers)}")
            print(
                f"  answers: {dict(sorted(seen.items()))}; served with 200: {served:,} of "
                f"{2 * len(pages):,}"
            )
            total = len(latencies) + 2 * len(pages)
            print(f"  {cpu_line(before, after, span, total)} (over {total:,} requests of every kind)")
            print(f"  {counted}")

        profile_enrolments(set(usernames))
        if args.scenario == "opening":
            profile_opening(set(usernames[: args.clients]))
            return

        students = Student.objects.order_by("id")
        first, last = students.first(), students.last()
        sections = Section.objects.order_by("id").values_list("id", flat=True)
        assert first is not None and last is not None
        offsets = {user_id - pk for pk, user_id in students.values_list("id", "user_id")}
        if len(offsets) != 1:
            raise SystemExit("students and users are not numbered in step; the pgbench script needs that")
        values = {
            "first_student": first.pk,
            "last_student": last.pk,
            "user_offset": offsets.pop(),
            "first_section": sections.first(),
            "last_section": sections.last(),
            "intake_year": first.intake_year,
            "program": first.program_id,
            "period": AcademicPeriod.objects.get(code=PERIOD).pk,
        }
        connection.close()
        db_connections = args.web_workers * args.threads
        with connection.cursor() as cursor:  # the code before issue 15 has no one-statement path
            cursor.execute("SELECT to_regproc('registration_enrol') IS NOT NULL")
            quick_path = cursor.fetchone()[0]
        connection.close()
        runs = {"enrol": (0.0, 0.0, 0.0)}
        for name, script in (("enrol", ENROL_SCRIPT), ("full", FULL_SCRIPT)):
            if name == "enrol" and not quick_path:
                continue
            before = cpu_snapshot(portal, postmaster)
            sql = script.format(**values)
            tps, latency = pgbench(database_url, sql, db_connections, args.ceiling_seconds)
            after = cpu_snapshot(portal, postmaster)
            # pgbench's backends are gone by now, so only the machine's total tells their CPU
            cpu = (after["machine busy"] - before["machine busy"]) / max(tps * args.ceiling_seconds, 1)
            runs[name] = (tps, latency, cpu)
        # (the enrolment's INSERT is written twice, for the seat and for the wait list; one runs)
        statements = (
            sum(1 for line in FULL_SCRIPT.splitlines() if line.startswith(("SELECT", "WITH", "INSERT"))) - 1
        )
        print(
            f"ceiling: the enrolment in SQL alone, pgbench with {db_connections} connections "
            f"(the web tier's {args.web_workers}×{args.threads}), {args.ceiling_seconds} s each:"
        )
        enrol_tps, enrol_latency, enrol_cpu = runs["enrol"]
        full_tps, full_latency, full_cpu = runs["full"]
        if quick_path:
            print(
                f"  the quick path's one statement (registration_enrol: lock, versions, seat, enrolment, "
                f"audit): {enrol_tps:,.0f}/s, mean latency {enrol_latency:.1f} ms, {enrol_cpu * 1000:.2f} ms "
                f"of machine CPU each (PostgreSQL and pgbench)"
            )
        print(
            f"  the full path's {statements} statements (enrollment_create: the registrar's office, a stale "
            f"cache; the token lookup outside the transaction): {full_tps:,.0f}/s, mean latency "
            f"{full_latency:.1f} ms, {full_cpu * 1000:.2f} ms of machine CPU each"
        )
        ceiling, which = (enrol_tps, "the quick path's") if quick_path else (full_tps, "the full path's")
        print(
            f"  the portal reaches {successful / wall / ceiling:.1%} of {which} ceiling "
            f"({successful / wall:.0f} / {ceiling:,.0f})"
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
