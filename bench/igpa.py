"""Benchmark: integral GPA and progression for a whole university (issue 11).

1. load a university of N students (default 10,000) — bachelors of course years 1–4 and some masters —
   with one academic year of results (autumn, spring and summer semesters; 10 disciplines each) through
   the loader, and their achievement points;
2. compute every student's iGPA of the year with the same selector the pages and the API read
   (``grading.selectors.integral_gpas``: transcripts in bulk, GP-1 over the year, GP-2 … GP-4);
3. draw up the progression list for everyone (``grading.services.progression_redraw``: the same
   evaluation plus the lines written) and confirm it (course years move, repeat-year grant holders lose
   the grant; audited).

Prints the time of each step. Run: ``uv run python bench/igpa.py [--students 10000]``. Its data lives under
``var/bench-igpa`` and is rebuilt on every run.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
YEAR = "2025-2026"
PERIODS = [("2025-F", "semester", "2025-09-01", "2025-12-27", "2025-12-15"),
           ("2026-S", "semester", "2026-01-19", "2026-06-06", "2026-05-25"),
           ("2026-SU", "summer", "2026-06-15", "2026-07-31", "2026-07-27")]


def build(students: int) -> dict[str, Any]:
    rng = random.Random(2026)
    disciplines = [{"code": f"I{n:03d}", "name": {"en": f"Discipline {n}"},
                    "credits": rng.choice([3, 4, 5, 6])} for n in range(120)]
    people: list[dict[str, Any]] = [
        {"username": "reg", "full_name": "Registrar", "roles": ["registrar"]},
        *({"username": f"adv{k:03d}", "full_name": f"Кеңесші {k:03d}", "roles": ["adviser"], "school": "SDT"}
          for k in range(students // 500 + 1)),
    ]
    results: list[dict[str, Any]] = []
    for n in range(students):
        username = f"g{n:05d}"
        master = n % 10 == 9
        people.append({"username": username, "full_name": f"Студент {n:05d}", "roles": ["student"],
                       "student": {"program": "7M06101" if master else "6B06102", "intake_year": 2025 - n % 4,
                                   "course_year": 1 if master else 1 + n % 4,
                                   "funding": rng.choice(["state_grant", "paid", "paid", "local_grant"]),
                                   "adviser": f"adv{n // 500:03d}"}})
        for k, discipline in enumerate(rng.sample(disciplines, 10)):
            period = PERIODS[0][0] if k < 5 else (PERIODS[1][0] if k < 9 else PERIODS[2][0])
            r = rng.randint(35, 100)
            results.append({"student": username, "discipline": discipline["code"], "period": period,
                            "r1": max(50, r), "r2": max(50, r), "exam": rng.randint(20, 100)})
    return {"format": "ektu-university/1",
            "schools": [{"code": "SDT", "name": {"en": "School of Digital Technologies"}}],
            "programs": [{"code": "6B06102", "name": {"en": "Software Engineering"}, "level": "bachelor",
                          "school": "SDT", "credits": 240},
                         {"code": "7M06101", "name": {"en": "Software Engineering (MSc)"},
                          "level": "master_scientific", "school": "SDT", "credits": 120}],
            "disciplines": disciplines,
            "calendar": {"periods": [{"code": code, "kind": kind, "academic_year": YEAR, "starts": starts,
                                      "ends": ends, "exam_session": {"starts": session, "ends": ends}}
                                     for code, kind, starts, ends, session in PERIODS]
                         + [{"code": "2026-F", "kind": "semester", "academic_year": "2026-2027",
                             "starts": "2026-09-01", "ends": "2026-12-26"}]},
            "people": people, "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=10_000)
    args = parser.parse_args()
    if "DATABASE_URL" in os.environ:
        sys.exit("the benchmark resets its database: run it on the embedded one (unset DATABASE_URL)")
    os.environ["EKTU_DATA_DIR"] = str(ROOT / "var" / "bench-igpa")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ektu_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ektu_portal.academics.loading import load_university
    from ektu_portal.academics.models import Student
    from ektu_portal.accounts.models import User
    from grading import selectors, services
    from grading.models import AchievementRecord

    with connection.cursor() as cursor:  # a clean slate each run
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)

    document = build(args.students)
    started = time.perf_counter()
    load_university(document, source="bench")
    print(f"load: {args.students:,} students, {len(document['results']):,} results of {YEAR} "
          f"in {time.perf_counter() - started:.1f} s")

    registrar = User.objects.get(username="reg")
    now = datetime(2026, 8, 20, 6, 0, tzinfo=UTC)
    rng = random.Random(11)
    students = list(selectors.igpa_students(Student.objects.all()))
    AchievementRecord.objects.bulk_create(
        [AchievementRecord(student=s, academic_year=YEAR, ssci=rng.randint(20, 100),
                           iros=rng.randint(20, 100), research=rng.randint(20, 100), recorded_by=registrar,
                           recorded_at=now)
         for s in students if rng.random() < 0.95], batch_size=2000)

    started = time.perf_counter()
    rows = selectors.integral_gpas(students, YEAR, today=date(2026, 8, 20), refers_to=YEAR)
    spent = time.perf_counter() - started
    with_igpa = sum(1 for r in rows if r.shown_igpa is not None)
    print(f"igpa: {len(rows):,} students (GPA of the year, blocks, iGPA and GP-4) in {spent:.1f} s "
          f"= {len(rows) / spent:,.0f} students/s; {with_igpa:,} with an iGPA")

    started = time.perf_counter()
    run = services.progression_redraw(actor=registrar, academic_year=YEAR, intake="autumn", now=now)
    spent = time.perf_counter() - started
    outcomes = Counter(run.lines.values_list("outcome", flat=True))
    print(f"progression list: {run.lines.count():,} lines drawn up in {spent:.1f} s "
          f"({dict(sorted(outcomes.items()))}; final-year students go to final attestation)")

    started = time.perf_counter()
    services.progression_confirm(actor=registrar, run_id=run.pk, now=now)
    print(f"confirm: course years moved and grants lost, every change audited, in "
          f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
