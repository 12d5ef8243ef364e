"""Benchmark: Diploma Supplements rendered as the dean's batch job renders them (issue 4).

Loads the demo university (its 40 graduates) into its own database, then issues N supplements
(default 500: the graduates over and over) through ``diploma_supplement.services.issue`` — facts
from the records, WeasyPrint PDF/A-3b with the ELMO attachment and QR code, hash, audit — in W
worker processes (default 2, as ``serve``'s Celery worker). Prints supplements per minute and
the peak memory of each worker.

Run: ``uv run python bench/diploma_supplements.py [--count 500] [--workers 2]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    os.environ["EKTU_DATA_DIR"] = str(ROOT / "var" / "bench-ds")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ektu_portal.settings")
    import django

    django.setup()


def _issue(student_id: int) -> tuple[int, int, int]:
    from django.utils import timezone

    from diploma_supplement import services
    from ektu_portal.academics.models import Student

    student = Student.objects.select_related("user", "program__school").get(pk=student_id)
    supplement = services.issue(actor=None, student=student, now=timezone.now())
    return os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(supplement.pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if "DATABASE_URL" in os.environ:
        sys.exit("the benchmark resets its database: run it on the embedded one (unset DATABASE_URL)")
    _setup()
    from django.core.management import call_command
    from django.db import connection

    from ektu_portal.academics.models import Student

    with connection.cursor() as cursor:  # a clean slate each run
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", students=60, verbosity=0, stdout=devnull)
    graduates = list(Student.objects.filter(status="graduated").values_list("pk", flat=True))
    print(f"load: demo university with {len(graduates)} graduates in {time.perf_counter() - started:.1f} s")
    connection.close()
    work = [graduates[n % len(graduates)] for n in range(args.count)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.workers, initializer=connection.close) as pool:
        done = pool.map(_issue, work, chunksize=4)
    spent = time.perf_counter() - started
    peaks: dict[int, int] = {}
    for pid, rss, _size in done:
        peaks[pid] = max(peaks.get(pid, 0), rss)
    average = sum(size for *_, size in done) / len(done)
    print(f"rendered: {len(done)} supplements (PDF/A-3b, ~{average / 1024:.0f} KiB each) "
          f"in {spent:.1f} s with {args.workers} workers = {len(done) / spent * 60:.0f} supplements/min")
    print("peak memory per worker: " + ", ".join(f"{rss / 1024:.0f} MiB" for rss in sorted(peaks.values())))


if __name__ == "__main__":
    main()
