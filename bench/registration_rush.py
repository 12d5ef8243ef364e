"""Benchmark: registration day (issue 5) — sign in ahead, then a rush of enrolments at the opening.

1. load a university of N students (default 10,000) and S sections (default 320) whose
   registration window is about to open, through the loader; some sections get a third of the
   seats their demand asks for (3× oversubscribed);
2. start the portal's web server exactly as ``serve`` does in production (gunicorn, gthread,
   EKTU_ENV=production) on its own embedded database;
3. sign students in ahead over HTTP (``POST /api/v1/auth/token``, one PBKDF2 check each) and
   report sign-ins per second;
4. open the window and drive C concurrent clients (default 200), each enrolling in K sections
   (default 6) over keep-alive HTTP connections: enrolments per second, p50/p95/p99 latency,
   answers by status and problem code, seats over capacity (must be 0);
5. the ceiling, on the same database: the same enrolment transaction in SQL, driven by
   ``pgbench`` with a custom script — and the ratio between the two.

Run: ``uv run python bench/registration_rush.py`` (``--quick`` for a smoke run). Its data lives
under ``var/bench-rush`` and is rebuilt on every run.
"""

from __future__ import annotations

import argparse
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
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "rush-pass-2026"
PERIOD = "RUSH-F"


def build(students: int, sections: int, today: Any) -> dict[str, Any]:
    """One program whose first-semester curriculum has every bench discipline (no prerequisites,
    no elective groups: the rush is about seats and the transaction, not about refusals)."""
    starts_year = today.year if today.month < 8 else today.year + 1
    per_discipline = 5
    disciplines = [{"code": f"R{n:03d}", "name": {"en": f"Rush discipline {n}"}, "credits": 5}
                   for n in range(math.ceil(sections / per_discipline))]
    people = [{"username": "instr", "full_name": "Instructor", "roles": ["instructor"]}]
    for n in range(students):
        people.append({"username": f"r{n:05d}", "full_name": f"Студент {n}", "roles": ["student"],
                       "student": {"program": "6B06102", "intake_year": starts_year, "course_year": 1,
                                   "funding": "state_grant"}})
    codes = [f"{d['code']}-{k + 1:02d}" for d in disciplines for k in range(per_discipline)][:sections]
    return {
        "format": "ektu-university/1",
        "schools": [{"code": "SDT", "name": {"en": "School of Digital Technologies"}}],
        "programs": [{"code": "6B06102", "name": {"en": "Software Engineering"}, "level": "bachelor",
                      "school": "SDT", "credits": 240}],
        "disciplines": disciplines,
        "curricula": [{"program": "6B06102", "intake_year": starts_year,
                       "items": [{"discipline": d["code"], "semester": 1, "component": "university"}
                                 for d in disciplines]}],
        "calendar": {"periods": [{
            "code": PERIOD, "kind": "semester", "academic_year": f"{starts_year}-{starts_year + 1}",
            "starts": f"{starts_year}-09-01", "ends": f"{starts_year}-12-26",
            # Opens "soon": the benchmark moves the opening to the moment the rush starts.
            "registration": {"opens": f"{starts_year}-08-20T09:00", "closes": f"{starts_year}-08-30T18:00"}}]},
        "people": people,
        "sections": [{"code": code, "discipline": code.split("-")[0], "period": PERIOD, "instructor": "instr",
                      "capacity": 1000} for code in codes],
    }


def choose(codes: list[str], clients: int, per_client: int, rng: random.Random) -> tuple[list[list[str]], set[str]]:
    """Each client's sections (distinct disciplines); a tenth of the sections are 'hot' and one of
    each client's choices goes to a hot section, so hot sections get far more demand than seats."""
    hot = set(rng.sample(codes, max(1, len(codes) // 10)))
    plans = []
    for _ in range(clients):
        picked: dict[str, str] = {}
        first = rng.choice(sorted(hot))
        picked[first.split("-")[0]] = first
        while len(picked) < per_client:
            code = rng.choice(codes)
            picked.setdefault(code.split("-")[0], code)
        plans.append(list(picked.values()))
    return plans, hot


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    """One keep-alive HTTP connection, as a browser tab holds one."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method: str, path: str, body: dict[str, Any] | None = None,
             token: str | None = None) -> tuple[int, dict[str, Any]]:
        headers = {"Content-Type": "application/json", "Accept": "application/json", "Host": "127.0.0.1"}
        if token:
            headers["Authorization"] = f"Token {token}"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=json.dumps(body) if body else None, headers=headers)
                response = self.connection.getresponse()
                raw = response.read()
                return response.status, (json.loads(raw) if raw and raw[:1] in b"{[" else {})
            except (http.client.HTTPException, ConnectionError, OSError):
                self.connection.close()  # the server closed an idle keep-alive: reconnect once
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def cpu_seconds(match: Any) -> float:
    """CPU time (user + system) of the processes ``match(pid, cmdline)`` selects, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if match(int(entry.name), cmdline, fields):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the web server did not start")


def sign_in_all(port: int, usernames: list[str], threads: int) -> tuple[dict[str, str], float]:
    tokens: dict[str, str] = {}
    queue = list(usernames)
    lock = threading.Lock()
    failures: Counter[int] = Counter()

    def work() -> None:
        client = Client(port)
        while True:
            with lock:
                if not queue:
                    return
                username = queue.pop()
            status, body = client.call("POST", "/api/v1/auth/token", {"username": username, "password": PASSWORD})
            with lock:
                if status == 200:
                    tokens[username] = body["token"]
                else:
                    failures[status] += 1

    started = time.perf_counter()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    spent = time.perf_counter() - started
    if failures:
        print(f"  sign-in failures by status: {dict(failures)}")
    return tokens, spent


def rush(port: int, tokens: dict[str, str], plans: list[list[str]], open_window: Any) -> dict[str, Any]:
    latencies: list[float] = []
    answers: Counter[str] = Counter()
    lock = threading.Lock()
    clients = list(zip(tokens.values(), plans, strict=False))
    ready = threading.Barrier(len(clients) + 1)

    def work(token: str, plan: list[str]) -> None:
        client = Client(port)
        try:
            client.call("GET", "/api/v1/me", token=token)  # the page a student keeps open before the opening
        finally:
            ready.wait()
        for code in plan:
            started = time.perf_counter()
            try:
                status, body = client.call("POST", "/api/v1/registration/enrollments", {"section": code}, token=token)
                answer = f"{status} {body.get('status') or body.get('code', '')}".strip()
            except OSError as error:
                answer = f"connection error {type(error).__name__}"
            spent = time.perf_counter() - started
            with lock:
                latencies.append(spent)
                answers[answer] += 1

    threads = [threading.Thread(target=work, args=pair) for pair in clients]
    for t in threads:
        t.start()
    open_window()
    ready.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    return {"seconds": time.perf_counter() - started, "latencies": latencies, "answers": answers}


PGBENCH_SCRIPT = """\\set s random({first_student}, {last_student})
\\set c random({first_section}, {last_section})
BEGIN;
SELECT id FROM academics_student WHERE id = :s FOR UPDATE;
UPDATE academics_section SET taken = taken + 1 WHERE id = :c AND taken < capacity;
INSERT INTO academics_enrollment (section_id, student_id, status, created_at, changed_at)
  VALUES (:c, :s, 'enrolled', now(), now()) ON CONFLICT DO NOTHING;
INSERT INTO audit_auditrecord (at, actor_username, action, object_type, object_id, object_repr, before, after,
                               reason, basis)
  VALUES (now(), 'bench', 'enrollment.create', 'academics.enrollment', :s, 'bench', NULL,
          '{{"status": "enrolled"}}', 'registration', '');
END;
"""


def ceiling(database_url: str, clients: int, seconds: int, students: tuple[int, int],
            sections: tuple[int, int]) -> float:
    """The enrolment transaction in SQL (lock the student, take a seat, write the enrolment and its
    audit record), driven by pgbench: what PostgreSQL alone allows on this machine."""
    import pgserver

    pgbench = Path(pgserver.__file__).parent / "pginstall" / "bin" / "pgbench"
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(PGBENCH_SCRIPT.format(first_student=students[0], last_student=students[1],
                                           first_section=sections[0], last_section=sections[1]))
    done = subprocess.run([str(pgbench), "-n", "-f", script.name, "-c", str(clients), "-j", "2",
                           "-T", str(seconds), database_url], capture_output=True, text=True, timeout=seconds + 60)
    os.unlink(script.name)
    for line in done.stdout.splitlines():
        if line.startswith("tps ="):
            return float(line.split()[2])
    raise SystemExit("pgbench failed:\n" + done.stdout + done.stderr)


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]  # numbers as they come
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--sections", type=int, default=320)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--per-client", type=int, default=6, help="sections each client enrolls in")
    parser.add_argument("--signin-threads", type=int, default=16)
    parser.add_argument("--web-workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 8))
    parser.add_argument("--threads", type=int, default=4, help="threads per web worker (serve's default)")
    parser.add_argument("--quick", action="store_true", help="1,000 students, 60 sections, 40 clients")
    args = parser.parse_args()
    if args.quick:
        args.students, args.sections, args.clients = 1_000, 60, 40
    if "DATABASE_URL" in os.environ:
        sys.exit("the benchmark resets its database: run it on the embedded one (unset DATABASE_URL)")
    os.environ["EKTU_DATA_DIR"] = str(ROOT / "var" / "bench-rush")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ektu_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from ektu_portal import embedded
    from ektu_portal.academics.loading import load_university
    from ektu_portal.academics.models import AcademicPeriod, Section, Student
    from ektu_portal.accounts.models import User

    with connection.cursor() as cursor:  # a clean slate each run
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)

    rng = random.Random(2026)
    document = build(args.students, args.sections, timezone.localdate())
    started = time.perf_counter()
    load_university(document, source="bench")
    # One PBKDF2 hash for everybody (hashing 10,000 distinct ones would take half an hour here);
    # every sign-in still checks it at full cost.
    User.objects.filter(username__startswith="r").update(password=make_password(PASSWORD))
    print(f"load: {args.students:,} students, {len(document['sections'])} sections in "
          f"{time.perf_counter() - started:.1f} s")

    codes = [s["code"] for s in document["sections"]]
    plans, hot = choose(codes, args.clients, args.per_client, rng)
    demand = Counter(code for plan in plans for code in plan)
    for code in codes:  # hot sections: a third of the seats their demand asks for; others: room to spare
        seats = max(1, math.ceil(demand[code] / 3)) if code in hot else max(demand[code] + 5, 10)
        Section.objects.filter(code=code).update(capacity=seats)
    hot_seats = sum(Section.objects.filter(code__in=hot).values_list("capacity", flat=True))
    print(f"demand: {args.clients} clients × {args.per_client} sections; {len(hot)} hot sections with "
          f"{sum(demand[c] for c in hot)} requests for {hot_seats} seats")

    port = free_port()
    env = dict(os.environ, EKTU_ENV="production", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="127.0.0.1",
               SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false", SECURE_HSTS_SECONDS="0",
               DATABASE_URL=embedded.ensure_postgres().url, REDIS_URL=settings.REDIS_URL, LOG_LEVEL="WARNING")
    call_command("collectstatic", interactive=False, verbosity=0)
    connection.close()
    web = subprocess.Popen([sys.executable, "-m", "gunicorn", "ektu_portal.wsgi:application",
                            "--bind", f"127.0.0.1:{port}", "--workers", str(args.web_workers),
                            "--threads", str(args.threads), "--worker-class", "gthread", "--timeout", "60",
                            "--backlog", "2048"],
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           start_new_session=True)
    try:
        wait_for(port)
        print(f"web: gunicorn, {args.web_workers} workers × {args.threads} threads, EKTU_ENV=production")

        usernames = [f"r{n:05d}" for n in rng.sample(range(args.students), args.clients)]
        tokens, spent = sign_in_all(port, usernames, args.signin_threads)
        print(f"sign-in ahead: {len(tokens)} of {len(usernames)} students in {spent:.1f} s = "
              f"{len(tokens) / spent:.1f} sign-ins/s (each one PBKDF2 check)")

        def open_window() -> None:
            now = timezone.now()
            AcademicPeriod.objects.filter(code=PERIOD).update(registration_opens=now - timedelta(seconds=1),
                                                              registration_closes=now + timedelta(days=7))
            connection.close()

        def web_process(pid: int, cmdline: str, fields: list[str]) -> bool:
            return int(fields[2]) == web.pid  # the gunicorn process group (master and workers)

        def database(pid: int, cmdline: str, fields: list[str]) -> bool:
            return "postgres" in cmdline and "bench-rush" in cmdline or cmdline.startswith("postgres:")

        cpu_before = (cpu_seconds(web_process), cpu_seconds(database), sum(os.times()[:2]))
        result = rush(port, tokens, plans, open_window)
        cpu_after = (cpu_seconds(web_process), cpu_seconds(database), sum(os.times()[:2]))
        latencies, answers = result["latencies"], result["answers"]
        enrolled = sum(n for answer, n in answers.items() if answer.startswith("201"))
        print(f"rush: {len(latencies)} requests from {len(tokens)} concurrent clients in {result['seconds']:.1f} s")
        print(f"  successful enrolments: {enrolled} = {enrolled / result['seconds']:.0f}/s "
              f"(all answers: {len(latencies) / result['seconds']:.0f}/s)")
        print(f"  latency p50 {percentile(latencies, 50) * 1000:.0f} ms, p95 {percentile(latencies, 95) * 1000:.0f} ms, "
              f"p99 {percentile(latencies, 99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
        print(f"  answers: {dict(sorted(answers.items()))}")
        server_errors = sum(n for answer, n in answers.items() if answer[:1] == "5" or answer.startswith("conn"))
        print(f"  5xx and connection errors: {server_errors}")
        with connection.cursor() as cursor:
            cursor.execute("""SELECT count(*) FROM academics_section s WHERE s.taken > s.capacity OR
                              (SELECT count(*) FROM academics_enrollment e WHERE e.section_id = s.id
                               AND e.status = 'enrolled') > s.capacity""")
            over = cursor.fetchone()[0]
        print(f"  sections over capacity: {over}")
        web_cpu, db_cpu, driver_cpu = (after - before for before, after in zip(cpu_before, cpu_after, strict=True))
        wall = result["seconds"]
        print(f"  CPU during the rush ({os.cpu_count()} cores × {wall:.1f} s = {os.cpu_count() * wall:.1f} s available): "
              f"web {web_cpu:.1f} s, PostgreSQL {db_cpu:.1f} s, this driver {driver_cpu:.1f} s; "
              f"{web_cpu / max(len(latencies), 1) * 1000:.1f} ms of web CPU per request")

        students = Student.objects.order_by("id").values_list("id", flat=True)
        sections = Section.objects.order_by("id").values_list("id", flat=True)
        connection.close()
        tps = ceiling(embedded.ensure_postgres().url, clients=8, seconds=15 if not args.quick else 5,
                      students=(students.first(), students.last()), sections=(sections.first(), sections.last()))
        print(f"ceiling: the same transaction in SQL (pgbench, 8 connections): {tps:.0f}/s; "
              f"the portal reaches {enrolled / result['seconds'] / tps:.0%} of it "
              f"({len(latencies) / result['seconds'] / tps:.0%} counting every answer)")
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        try:
            web.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(web.pid, signal.SIGKILL)
        errors = (web.stderr.read() if web.stderr else b"").decode(errors="replace")
        if "Traceback" in errors:
            print("web server errors:\n" + errors[-3000:])


if __name__ == "__main__":
    main()
