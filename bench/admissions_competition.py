"""Benchmark: a grant competition of 20,000 applicants in one group of programmes (issue 10, AD-18).

1. the ranking alone: ``admissions.policy.ranking.rank`` over N candidates with many equal scores
   (every tie-break needed), with two quotas — pure Python, no database;
2. through the portal: N applicants imported through ``admissions.services.applicants_import`` (the
   spreadsheet path: every row read and checked, audited), then the Celery job's own work,
   ``admissions.services.competition_rank``: eligibility of every applicant on the campaign's rules,
   the ranking, the run stored with its inputs. Aim: under 10 s.

Its database lives in ``var/bench-admissions`` (rebuilt each run). Run:
``uv run python bench/admissions_competition.py [--applicants 20000]``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PRIORITIES = ("altyn_belgi", "patriot_badge", "tvet_with_work", "olympiad_winner", "social_category")


def records(count: int) -> list[dict[str, Any]]:
    rng = random.Random(2026)
    found = []
    for n in range(count):
        subjects = {"history_kz": rng.randint(5, 20), "reading": rng.randint(5, 10),
                    "math_literacy": rng.randint(5, 10), "profile_1": rng.randint(5, 50),
                    "profile_2": rng.randint(5, 50)}
        held = [p for p in PRIORITIES if rng.random() < 0.04]
        found.append({"number": f"A26-{n:06d}", "full_name": f"Талапкер {n}", "track": "bachelor",
                      "program": rng.choice(["6B07101", "6B07102"]), "citizenship": "KZ",
                      "unt": {"total": sum(subjects.values()), "subjects": subjects},
                      "certificate_average": rng.choice([None, "4.00", "4.50", "4.75", "5.00"]),
                      "priorities": held,
                      "quota_categories": ["rural_youth"] if rng.random() < 0.3 else []})
    return found


def policy_only(count: int) -> None:
    from admissions.policy.ranking import Candidate, Quota, rank

    rng = random.Random(18)
    candidates = [Candidate(number=f"A26-{n:06d}", score=rng.randint(50, 140),
                            priorities=frozenset(p for p in PRIORITIES if rng.random() < 0.04),
                            certificate_average=rng.choice([None, Decimal("4.5"), Decimal("5")]),
                            profile_scores=rng.randint(10, 100),
                            quota_categories=frozenset({"rural_youth"} if rng.random() < 0.3 else ()))
                  for n in range(count)]
    rng.shuffle(candidates)
    started = time.perf_counter()
    ranking = rank(candidates, grants=count // 10, priority_order=PRIORITIES,
                   quotas=[Quota("rural_youth", Decimal(30)), Quota("kandas", Decimal(4))])
    spent = time.perf_counter() - started
    print(f"ranking alone: {count:,} candidates, {count // 10:,} grants in {spent:.2f} s "
          f"(cut-off {ranking.cutoff_score})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applicants", type=int, default=20_000)
    args = parser.parse_args()
    policy_only(args.applicants)
    if "DATABASE_URL" in os.environ:
        sys.exit("the benchmark resets its database: run it on the embedded one (unset DATABASE_URL)")
    os.environ["EKTU_DATA_DIR"] = str(ROOT / "var" / "bench-admissions")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ektu_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from admissions import services
    from admissions.models import Applicant
    from conftest import two_school_document
    from ektu_portal.academics.loading import load_university
    from ektu_portal.accounts.models import User

    with connection.cursor() as cursor:  # a clean slate each run
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    document = two_school_document()
    for person in document["people"]:
        person.pop("password", None)
    document["programs"] += [
        {"code": code, "name": {"en": f"Programme {code}"}, "level": "bachelor", "school": "SDT",
         "group": "B071", "credits": 240} for code in ("6B07101", "6B07102")]
    document["people"].append({"username": "adm.bench", "full_name": "Admissions", "roles": ["admissions"]})
    load_university(document, source="bench")
    officer = User.objects.get(username="adm.bench")
    now = timezone.now()
    from admissions.models import Quota, QuotaCategory

    Quota.objects.create(category=QuotaCategory.objects.get(code="rural_youth"), intake_year=now.year,
                         percent=Decimal(30))

    rows = records(args.applicants)
    started = time.perf_counter()
    new, _updated = services.applicants_import(actor=officer, records=rows,
                                               row_numbers=list(range(2, len(rows) + 2)), source="bench",
                                               now=now)
    spent = time.perf_counter() - started
    print(f"import: {new:,} applicants read, checked, written and audited in {spent:.1f} s "
          f"= {new / spent:,.0f} rows/s")

    run = services.competition_start(actor=officer, code="G-B071-BENCH", program_group="B071",
                                     track="bachelor", grants=args.applicants // 10, intake_year=now.year,
                                     now=now)
    started = time.perf_counter()
    run = services.competition_rank(run_id=run.pk, now=now)
    spent = time.perf_counter() - started
    awarded = sum(1 for entry in run.ranking if entry["awarded"])
    print(f"competition: {Applicant.objects.count():,} applicants of one group, {len(run.ranking):,} "
          f"eligible ranked, {awarded:,} grants (cut-off {run.cutoff_score}), stored with its inputs in "
          f"{spent:.1f} s (aim: under 10 s)")


if __name__ == "__main__":
    main()
