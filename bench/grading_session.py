"""Benchmark: a whole exam session through the real grading services (issue 3).

1. load a university of N students (6 disciplines each, sections of 30) through the loader;
2. enter R1, R2 and exam for every row of every sheet (``sheet_update``) and post each sheet
   (``sheet_post``) — every score audited, exactly as instructors do it;
3. recompute the transcript and GPA of every student (``grading.selectors.student_transcript``).

Prints throughput for each step. Run: ``uv run python bench/grading_session.py``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(students: int, per_student: int = 6, section_size: int = 30) -> dict:
    disciplines = [{"code": f"D{n:04d}", "name": {"en": f"Discipline {n}"}, "credits": 5} for n in range(60)]
    rng = random.Random(2026)
    people = [{"username": "instr", "full_name": "Instructor", "roles": ["instructor"]},
              {"username": "reg", "full_name": "Registrar", "roles": ["registrar"]}]
    taking: dict[str, list[str]] = {d["code"]: [] for d in disciplines}
    for n in range(students):
        username = f"b{n:05d}"
        people.append({"username": username, "full_name": f"Студент {n}", "roles": ["student"],
                       "student": {"program": "6B06102", "intake_year": 2025, "course_year": 2,
                                   "funding": "state_grant"}})
        for d in rng.sample(disciplines, per_student):
            taking[d["code"]].append(username)
    sections = []
    for code, usernames in taking.items():
        for i in range(0, len(usernames), section_size):
            sections.append({"code": f"{code}-2026F-{i // section_size + 1:03d}", "discipline": code,
                             "period": "2026-F", "instructor": "instr", "capacity": section_size,
                             "enrolled": usernames[i:i + section_size]})
    return {"format": "ektu-university/1",
            "schools": [{"code": "SDT", "name": {"en": "School of Digital Technologies"}}],
            "programs": [{"code": "6B06102", "name": {"en": "Software Engineering"}, "level": "bachelor",
                          "school": "SDT", "credits": 240}],
            "disciplines": disciplines,
            "calendar": {"periods": [{"code": "2026-F", "kind": "semester", "starts": "2026-09-01",
                                      "ends": "2026-12-26",
                                      "exam_session": {"starts": "2026-12-14", "ends": "2026-12-26"}}]},
            "people": people, "sections": sections}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=10_000)
    args = parser.parse_args()
    if "DATABASE_URL" in os.environ:
        sys.exit("the benchmark resets its database: run it on the embedded one (unset DATABASE_URL)")
    os.environ["EKTU_DATA_DIR"] = str(ROOT / "var" / "bench-grading")
    os.environ.setdefault("EKTU_DATA_DIR", str(ROOT / "var" / "bench-grading"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ektu_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ektu_portal.academics.loading import load_university
    from ektu_portal.academics.models import Student
    from ektu_portal.accounts.models import User
    from grading import selectors, services

    with connection.cursor() as cursor:  # a clean slate each run
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)

    document = build(args.students)
    started = time.perf_counter()
    load_university(document, source="bench")
    loaded = time.perf_counter() - started
    enrolments = sum(len(s["enrolled"]) for s in document["sections"])
    print(f"load: {args.students} students, {len(document['sections'])} sections, {enrolments} enrolments "
          f"in {loaded:.1f} s")

    instructor = User.objects.get(username="instr")
    rng = random.Random(7)
    enrolled = {s["code"]: s["enrolled"] for s in document["sections"]}
    codes = sorted(enrolled)
    rows_done = 0
    # GR-12: sheets are posted once the exam session has begun — the session's first day, 15:00 Almaty.
    during_session = datetime(2026, 12, 14, 10, 0, tzinfo=UTC)
    started = time.perf_counter()
    for code in codes:
        usernames = enrolled[code]
        rows = []
        for username in usernames:
            r1, r2 = rng.randint(50, 100), rng.randint(50, 100)
            rows.append({"student": username, "r1": r1, "r2": r2, "exam": rng.randint(0, 100)})
        services.sheet_update(actor=instructor, code=code, rows=rows)
        services.sheet_post(actor=instructor, code=code, now=during_session)
        rows_done += len(rows)
    posted = time.perf_counter() - started
    print(f"sheets: {len(codes)} sheets, {rows_done} results entered and posted in {posted:.1f} s "
          f"= {rows_done / posted:,.0f} results/s ({len(codes) / posted:.1f} sheets/s)")

    students = list(Student.objects.select_related("user", "program"))
    started = time.perf_counter()
    scales = selectors.LetterScales()
    gpas = [selectors.student_transcript(student, scales=scales).gpa for student in students]
    spent = time.perf_counter() - started
    print(f"gpa: {len(students)} transcripts with GPA in {spent:.1f} s = "
          f"{len(students) / spent:,.0f} students/s (e.g. {gpas[0]})")


if __name__ == "__main__":
    main()
