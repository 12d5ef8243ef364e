"""Jobs under faults (hardening issue): a real worker — its own process, on the test database — is killed
(SIGKILL) in the middle of a periodic job or of the dean's print batch, a new worker is started, and the
end state is the one an uninterrupted run gives: nothing done twice, nothing left out. And a job sent twice
at once (two beats, a beat and a manual run) runs once (``ektu_portal.core.jobs``).

Half-way is made deterministic without any test hook in the jobs: another session of the test holds, in a
transaction it keeps open, the row the job needs next (a row lock, or the same unique key inserted and not
committed). The worker waits on it — PostgreSQL shows the wait — after committing everything before it;
then it is killed, the held transaction rolls back, and the job's message, acknowledged late, is delivered
again to the new worker once the broker's visibility timeout (a second here, CELERY_VISIBILITY_TIMEOUT)
has passed. The expected end states are derived by hand from the rules (GR-10, GR-13, RG-5, DS-1, TR-9,
RC-5, RC-6, FA-3, GR-3).

Killed half-way here, every periodic job that writes, and the print batch:
- one transaction per item, killed between two items (the first committed, the second waiting):
  grading.register_academic_debts (period by period), grading.close_appeal_windows (sheet by sheet; also its
  prefork pool process killed), registration.find_small_sections (period by period),
  mobility.make_vacant_grant_lists (grant by grant), mobility.register_difference_debts (case by case),
  admissions.register_difference_debts (recount by recount), diploma_supplement.render_batch (graduate by
  graduate);
- one transaction for all, killed inside it (nothing committed, no notice queued):
  attestation.flag_missing_documents, grading.warn_attendance.
Not killed here, as a kill cannot leave them half-way:
- grading.draw_up_progression_lists: it first registers the debts (grading.register_academic_debts, killed
  above); each progression list is then drawn up in one transaction with its ``ProgressionRun``, unique per
  academic year and intake — killed, the list is all there or not there, and the redelivery draws up only
  the lists without a run; the expulsion listing is one UPDATE of the lines not listed yet.
- registration.warm_registration_facts: it writes only the cache, then the period's sweep row once the
  period is warmed — killed before that row, the redelivery reads the same facts into the same keys again;
  after it, the period is done.
Not here either: mobility.mail_overdue_transfers writes only the day's row, in the transaction that sends
the e-mail (killed before the commit, the e-mail goes again: at worst twice, never not at all); the
heartbeat writes nothing.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from conftest import two_school_document
from ektu_portal.academics.loading import load_university
from ektu_portal.accounts.hot_cache import client as cache_redis
from ektu_portal.audit.models import AuditRecord
from ektu_portal.celery import app
from ektu_portal.core.jobs import LOCK_PREFIX

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
WORKER_SESSION = "ektu-fault-worker"  # application_name of the worker's database sessions
VISIBILITY = 1  # seconds a dead worker's message stays unacknowledged before it is delivered again


def wait_for(probe: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while not (value := probe()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)
    return value


# --- real workers in their own processes -----------------------------------------------------------

@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(errors="replace")


class Workers:
    """``celery -A ektu_portal worker --pool=solo`` on the test database and the tests' broker."""

    def __init__(self, log_dir: Path) -> None:
        db = connection.settings_dict
        host = db["HOST"] or "localhost"
        url = (f"postgres://{db['USER']}@/{db['NAME']}?host={host}" if host.startswith("/")
               else f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{db['PORT'] or 5432}/{db['NAME']}?")
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ektu_portal.settings_test",
                    "DATABASE_URL": f"{url}&application_name={WORKER_SESSION}".replace("?&", "?"),
                    "REDIS_URL": settings.REDIS_URL}
        self.log_dir = log_dir
        self.started: list[Worker] = []
        self.idle: Worker | None = None  # running, no job of a test in hand

    def start(self, *, wait: bool = True, pool: str = "solo", visibility: int = VISIBILITY) -> Worker:
        n = len(self.started) + 1
        log = self.log_dir / f"worker-{n}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ektu_portal", "worker", f"--pool={pool}",
             "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--hostname", f"fault-{n}@%h"],
            cwd=ROOT, env={**self.env, "CELERY_VISIBILITY_TIMEOUT": str(visibility)},
            stdin=subprocess.DEVNULL, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        worker = Worker(process, log)
        self.started.append(worker)
        if wait:
            self.ready(worker)
        return worker

    @staticmethod
    def ready(worker: Worker) -> Worker:
        wait_for(lambda: "ready." in worker.text() or worker.process.poll() is not None, 90,
                 "a worker to start")
        assert worker.process.poll() is None, worker.text()
        return worker

    @staticmethod
    def kill(worker: Worker) -> None:
        worker.process.send_signal(signal.SIGKILL)  # no warm shutdown, no clean-up: a crash
        worker.process.wait(10)

    @staticmethod
    def stop(worker: Worker) -> None:
        if worker.process.poll() is None:
            worker.process.send_signal(signal.SIGTERM)
            try:
                worker.process.wait(30)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait(10)

    def stop_all(self) -> None:
        for worker in self.started:
            self.stop(worker)
        # A killed worker's session may outlive it until PostgreSQL notices; the database is emptied next.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE application_name = %s", [WORKER_SESSION])


@pytest.fixture(autouse=True)
def _empty_broker() -> Iterator[None]:
    forget_broker()
    yield
    forget_broker()  # notices the jobs queued: no later test's worker runs them against another database


@pytest.fixture(scope="module")
def worker_pool(tmp_path_factory: pytest.TempPathFactory, django_db_setup: Any,
                django_db_blocker: Any) -> Iterator[Workers]:
    with django_db_blocker.unblock():
        pool = Workers(tmp_path_factory.mktemp("workers"))
    try:
        yield pool
    finally:
        with django_db_blocker.unblock():
            pool.stop_all()


@pytest.fixture
def workers(worker_pool: Workers) -> Iterator[Workers]:
    """The workers, one of them running or starting (while the test loads its university): the worker that
    finished the previous test's job, as a worker outlives the jobs it runs — starting one costs seconds."""
    if worker_pool.idle is None or worker_pool.idle.process.poll() is not None:
        worker_pool.idle = worker_pool.start(wait=False)
    try:
        yield worker_pool
    finally:
        for worker in worker_pool.started:
            if worker is not worker_pool.idle:
                worker_pool.stop(worker)


@contextmanager
def broker() -> Iterator[Any]:
    with app.connection_for_write() as conn:
        yield conn.default_channel.client


def forget_broker() -> None:
    """The tests' broker database without queued or unacknowledged messages of an earlier test."""
    app.control.purge()
    with broker() as redis:
        redis.delete("unacked", "unacked_index")


def unacknowledged() -> int:
    with broker() as redis:
        return int(redis.hlen("unacked"))


# --- half-way, deterministically ---------------------------------------------------------------------

@contextmanager
def holding(sql: str, params: list[Any]) -> Iterator[None]:
    """Another session's open transaction holds the row (or unique key) ``sql`` touches; rolled back after."""
    db = connection.settings_dict
    conn = psycopg2.connect(dbname=db["NAME"], user=db["USER"] or None, password=db["PASSWORD"] or None,
                            host=db["HOST"] or None, port=db["PORT"] or None)
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
        yield
    finally:
        conn.rollback()
        conn.close()


def worker_waits() -> bool:
    """The worker's session waits for a lock: the job has reached the held row."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
                       "AND wait_event_type = 'Lock'", [WORKER_SESSION])
        return bool(cursor.fetchone()[0])


def killed_half_way(workers: Workers, task: str, start: Callable[[], Any], hold: tuple[str, list[Any]],
                    half_way: Callable[[], None], *, locked: bool = True) -> Worker:
    """Run ``task`` (sent by ``start``) in a worker until it waits on the held row, check what it committed
    before (``half_way``), SIGKILL the worker, release the row, and let a new worker finish the job.
    Returns that new worker."""
    assert workers.idle is not None
    first, workers.idle = workers.ready(workers.idle), None
    before = len(first.text())
    with holding(*hold):
        start()
        wait_for(worker_waits, 60, f"{task} to reach the held row")
        half_way()
        workers.kill(first)
    log = first.text()[before:]
    received = re.findall(rf"Task {re.escape(task)}\[([0-9a-f-]+)\] received", log)
    assert len(received) == 1 and f"[{received[0]}] succeeded" not in log, log
    assert unacknowledged() == 1  # acknowledged late: the message survives its worker
    time.sleep(VISIBILITY + 0.5)
    second = workers.start()
    done = rf"Task {re.escape(task)}\[{received[0]}\] succeeded"
    # The same message (the same task id) delivered again, and run to the end.
    wait_for(lambda: re.search(done, second.text()) or second.process.poll() is not None, 120,
             f"{task} delivered again to finish")
    assert re.search(done, second.text()), second.text()
    workers.idle = second
    if locked:  # the redelivery took over the lock its dead first delivery held, and released it
        assert not cache_redis().exists(LOCK_PREFIX + task)
    return second


def audit_actions(action: str) -> list[tuple[str, str]]:
    return list(AuditRecord.objects.filter(action=action).order_by("object_type", "object_id")
                .values_list("object_type", "object_id"))


# --- GR-10: academic debts, period by period ----------------------------------------------------------

def debts_document() -> dict[str, Any]:
    """Two past periods, each with one FX whose retake window (GR-9: 10 working days after the session)
    closed long ago: 0.6 × (60 + 60) / 2 + 0.4 × 10 = 40 → FX (GR-4, GR-6), a debt (GR-10). The other
    results pass: 0.6 × 85 + 0.4 × 71 = 79.4 → 79; 0.6 × 70 + 0.4 × 80 = 74."""
    document = two_school_document()
    document["calendar"]["periods"].insert(1, {
        "code": "2026-S", "kind": "semester", "academic_year": "2025-2026", "starts": "2026-01-19",
        "ends": "2026-05-30", "exam_session": {"starts": "2026-05-18", "ends": "2026-05-30"}})
    document["results"] += [
        {"student": "s25001", "discipline": "HKZ1102", "period": "2025-F", "r1": 60, "r2": 60, "exam": 10},
        {"student": "s25001", "discipline": "PR2204", "period": "2026-S", "r1": 60, "r2": 60, "exam": 10},
        {"student": "s25002", "discipline": "PR2204", "period": "2026-S", "r1": 70, "r2": 70, "exam": 80},
    ]
    return document


EXPECTED_DEBTS = {("s25001", "HKZ1102", "2025-F", "FX retake window passed"),
                  ("s25001", "PR2204", "2026-S", "FX retake window passed")}


def debts() -> set[tuple[str, str, str, str]]:
    from grading.models import AcademicDebt

    return set(AcademicDebt.objects.values_list("result__student__user__username", "result__discipline__code",
                                                "result__period__code", "reason"))


def sweeps() -> dict[str, int]:
    from grading.models import DebtSweep

    return dict(DebtSweep.objects.values_list("period__code", "debts"))


def hold_sweep_of(period_code: str) -> tuple[str, list[Any]]:
    """The period's sweep row inserted and not committed: the job's own insert of it waits (one-to-one)."""
    from ektu_portal.academics.models import AcademicPeriod

    return ("INSERT INTO grading_debtsweep (period_id, swept_at, debts) VALUES (%s, now(), 0)",
            [AcademicPeriod.objects.get(code=period_code).pk])


def test_academic_debts_killed_between_periods(workers: Workers) -> None:
    from grading.tasks import register_academic_debts

    load_university(debts_document(), allow_passwords=True, source="job faults")

    def half_way() -> None:  # 2025-F committed; 2026-S's debt written but not committed when the worker dies
        assert sweeps() == {"2025-F": 1}
        assert debts() == {("s25001", "HKZ1102", "2025-F", "FX retake window passed")}

    killed_half_way(workers, "grading.register_academic_debts", register_academic_debts.delay,
                    hold_sweep_of("2026-S"), half_way)
    swept = sweeps()  # each period swept once, with its one debt (2026-F, without results, once it is over)
    assert (swept.pop("2025-F"), swept.pop("2026-S"), swept.pop("2026-F", 0), swept) == (1, 1, 0, {})
    assert debts() == EXPECTED_DEBTS
    assert len(audit_actions("debt.register")) == 2  # one record per debt, none twice


# --- GR-13: appeal windows, sheet by sheet -------------------------------------------------------------

class PostedSheets:
    """Three posted sheets whose appeal window closed yesterday; the job closes them one by one (GR-13)."""

    def __init__(self) -> None:
        from ektu_portal.academics.models import Section
        from grading.models import GradeSheet

        load_university(two_school_document(), allow_passwords=True, source="job faults")
        passed = timezone.now() - timedelta(days=1)
        self.ids = {GradeSheet.objects.create(
            section=section, discipline_id=section.discipline_id, period_id=section.period_id,
            posted_at=passed - timedelta(days=5), appeal_window_closes_at=passed).pk
            for section in Section.objects.order_by("code")[:3]}
        # The job takes the sheets in its query's order; hold the last of them, so the others close first.
        self.last = list(GradeSheet.objects.filter(appeal_window_closes_at__lte=timezone.now(),
                                                   closed_at__isnull=True).values_list("pk", flat=True))[-1]
        self.hold = ("SELECT 1 FROM grading_gradesheet WHERE id = %s FOR UPDATE", [self.last])
        self.closed_before: dict[int, Any] = {}

    def half_way(self) -> None:
        from grading.models import GradeSheet

        self.closed_before.update(GradeSheet.objects.filter(closed_at__isnull=False)
                                  .values_list("pk", "closed_at"))
        assert len(self.closed_before) == 2 and self.last not in self.closed_before

    def check_end(self) -> None:
        from grading.models import GradeSheet

        closed = dict(GradeSheet.objects.values_list("pk", "closed_at"))
        assert set(closed) == self.ids and all(closed.values())  # every sheet final (GR-13)
        assert all(closed[pk] == at for pk, at in self.closed_before.items())  # the first closings stand
        assert audit_actions("sheet.close") == sorted(("grading.gradesheet", str(pk)) for pk in self.ids)


def test_appeal_windows_killed_between_sheets(workers: Workers) -> None:
    from grading.tasks import close_appeal_windows

    sheets = PostedSheets()
    killed_half_way(workers, "grading.close_appeal_windows", close_appeal_windows.delay, sheets.hold,
                    sheets.half_way)
    sheets.check_end()


# --- RG-5: sections under their minimum size, period by period -------------------------------------------

def test_small_sections_killed_between_periods(workers: Workers) -> None:
    from ektu_portal.academics.models import AcademicPeriod, Discipline, Enrollment, Section, Student
    from registration.models import PersonalWindow, RegistrationSweep, SmallSection
    from registration.services import RG5_SWEEP
    from registration.tasks import find_small_sections

    load_university(two_school_document(), allow_passwords=True, source="job faults")
    now, today = timezone.now(), timezone.localdate()
    # 2026-F's registration closed an hour ago, a later period's half an hour ago; neither has ended.
    AcademicPeriod.objects.filter(code="2026-F").update(
        starts=today - timedelta(days=30), ends=today + timedelta(days=90), drop_off_opens=None,
        drop_off_closes=None, registration_opens=now - timedelta(days=10),
        registration_closes=now - timedelta(hours=1), exam_session_starts=None, exam_session_ends=None)
    later = AcademicPeriod.objects.create(
        code="2027-S", kind="semester", academic_year="2026-2027", starts=today + timedelta(days=100),
        ends=today + timedelta(days=200), registration_opens=now - timedelta(days=5),
        registration_closes=now - timedelta(minutes=30))
    Section.objects.create(code="PR2204-2027S-01", discipline=Discipline.objects.get(code="PR2204"),
                           period=later, capacity=25, min_size=5, taken=1)
    for username, code in (("s25001", "DB2201-2026F-01"), ("s25002", "PR2204-2027S-01")):
        Enrollment.objects.create(section=Section.objects.get(code=code),
                                  student=Student.objects.get(user__username=username))
    Section.objects.filter(code="DB2201-2026F-01").update(taken=1)
    expected_small = {"DB2201-2026F-01": (1, 10), "WEB2202-2026F-01": (0, 10), "ML2203-2026F-01": (0, 8),
                      "PR2204-2027S-01": (1, 5)}

    def small() -> dict[str, tuple[int, int]]:
        return {code: (registered, minimum) for code, registered, minimum in SmallSection.objects.values_list(
            "section__code", "registered", "min_size")}

    def half_way() -> None:  # 2026-F committed; 2027-S found but not committed when the worker dies
        assert small() == {code: n for code, n in expected_small.items() if "2026F" in code}
        assert list(RegistrationSweep.objects.values_list("period__code", flat=True)) == ["2026-F"]

    killed_half_way(workers, "registration.find_small_sections", find_small_sections.delay,
                    ("INSERT INTO registration_registrationsweep (job, period_id, done_at) "
                     "VALUES (%s, %s, now())", [RG5_SWEEP, later.pk]), half_way)
    assert small() == expected_small
    assert sorted(RegistrationSweep.objects.values_list("period__code", flat=True)) == ["2026-F", "2027-S"]
    # A re-choice window for each student of a small section (RG-5), once.
    assert sorted(PersonalWindow.objects.values_list("student__user__username", "period__code", "basis")) == [
        ("s25001", "2026-F", "RG-5 DB2201-2026F-01"), ("s25002", "2027-S", "RG-5 PR2204-2027S-01")]
    assert len(audit_actions("small_section.found")) == 4


# --- TR-9: vacant grants' candidate lists, grant by grant --------------------------------------------------

def canonical_digest(ranked: list[dict[str, Any]], excluded: list[dict[str, Any]]) -> str:
    """TR-9's digest as a printed copy is checked: SHA-256 of the list's canonical JSON (sorted keys, no
    spaces, UTF-8)."""
    text = json.dumps({"ranked": ranked, "excluded": excluded}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_vacant_grant_lists_killed_between_grants(workers: Workers) -> None:
    """Two vacant grants of group B057, full-time, intake 2025, due in 5 and in 10 days (TR-9: within 20),
    one list each. The cohort, by hand (r1 = r2 = exam = X gives X, GR-4; GP-1 over PRG1101's 5 credits):
    s25010 96 → A 4.00, only A/A- (tier 0) → 1; s25011 81 → B 3.00, A…C+ (tier 1) → 2, below on GPA.
    Left out: s25001 (state grant: not paid), s25002 (paid, no result: no GPA)."""
    from ektu_portal.accounts.models import User
    from mobility.models import VacantGrant, VacantGrantList
    from mobility.tasks import make_vacant_grant_lists

    document = two_school_document()
    for username, name, mark in (("s25010", "Асанов Ерлан", 96), ("s25011", "Бекұлы Дархан", 81)):
        document["people"].append({"username": username, "full_name": name, "roles": ["student"],
                                   "student": {"program": "6B06102", "intake_year": 2025, "course_year": 2,
                                               "funding": "paid"}})
        document["results"].append({"student": username, "discipline": "PRG1101", "period": "2025-F",
                                    "r1": mark, "r2": mark, "exam": mark})
    load_university(document, allow_passwords=True, source="job faults")
    today, registrar = timezone.localdate(), User.objects.get(username="reg.office")
    # The job takes the earlier deadline first: the one-place grant; the two-place grant's row is held.
    grants = [VacantGrant.objects.create(group_code="B057", study_form="full_time", intake_year=2025,
                                         places=places, deadline=today + timedelta(days=days),
                                         basis=f"Order No. {places}-ст", recorded_by=registrar,
                                         recorded_at=timezone.now())
              for places, days in ((1, 5), (2, 10))]

    def ranked(places: int) -> list[dict[str, Any]]:
        return [{"position": 1, "username": "s25010", "full_name": "Асанов Ерлан", "record_number": "s25010",
                 "gpa": "4.00", "tier": 0, "decided_by": None, "candidate": True},
                {"position": 2, "username": "s25011", "full_name": "Бекұлы Дархан", "record_number": "s25011",
                 "gpa": "3.00", "tier": 1, "decided_by": "gpa", "candidate": places >= 2}]

    excluded = [{"username": "s25001", "full_name": "Әлиев Нұрлан Серікұлы", "reasons": ["not_paid"]},
                {"username": "s25002", "full_name": "Жұмабаева Ұлжан", "reasons": ["no_gpa"]}]
    expected = {grant.pk: (ranked(grant.places), excluded, canonical_digest(ranked(grant.places), excluded))
                for grant in grants}
    made_before: dict[int, Any] = {}

    def lists() -> dict[int, tuple[Any, ...]]:
        return {grant: (ranked, excluded, digest) for grant, ranked, excluded, digest in
                VacantGrantList.objects.values_list("vacant_grant_id", "ranked", "excluded", "digest")}

    def half_way() -> None:  # the first grant's list committed; the second grant waits on its row
        assert lists() == {grants[0].pk: expected[grants[0].pk]}
        made_before.update(VacantGrantList.objects.values_list("vacant_grant_id", "made_at"))

    killed_half_way(workers, "mobility.make_vacant_grant_lists", make_vacant_grant_lists.delay,
                    ("SELECT 1 FROM mobility_vacantgrant WHERE id = %s FOR UPDATE", [grants[1].pk]), half_way)
    assert lists() == expected  # each list once, as an uninterrupted run makes it
    assert VacantGrantList.objects.get(vacant_grant=grants[0]).made_at == made_before[grants[0].pk]
    assert audit_actions("mobility.vacant_grant.list") == sorted(
        ("mobility.vacantgrantlist", str(pk)) for pk in VacantGrantList.objects.values_list("pk", flat=True))


# --- RC-5/RC-6: the academic difference not passed by its due date, case by case ---------------------------

DIFFERENCE_DEBT = "academic difference not cleared (RC-5/RC-6)"
# s25001 passed PRG1101 (0.6 × (80 + 90) / 2 + 0.4 × 71 = 79.4 → 79) and owes HKZ1102; s25002, without a
# result, owes WEB2202. Due by the end of 2025-F, long over: what is owed becomes a debt there (RC-5).
DIFFERENCE = {"s25001": ["PRG1101", "HKZ1102"], "s25002": ["WEB2202"]}
EXPECTED_DIFFERENCE_DEBTS = {("s25001", "HKZ1102", "2025-F", DIFFERENCE_DEBT),
                             ("s25002", "WEB2202", "2025-F", DIFFERENCE_DEBT)}


def test_transfer_difference_killed_between_cases(workers: Workers) -> None:
    """Two ordered transfers between programmes, each leaving a difference due by the end of 2025-F; the job
    sweeps them case by case (mobility, RC-5)."""
    from ektu_portal.academics.models import AcademicPeriod, Student
    from ektu_portal.accounts.models import User
    from mobility.models import TransferCase
    from mobility.tasks import register_difference_debts

    load_university(two_school_document(), allow_passwords=True, source="job faults")
    due, registrar, now = (AcademicPeriod.objects.get(code="2025-F"), User.objects.get(username="reg.office"),
                           timezone.now())
    cases = []
    for n, (username, codes) in enumerate(DIFFERENCE.items(), 1):
        student = Student.objects.get(user__username=username)
        cases.append(TransferCase.objects.create(
            kind=TransferCase.Kind.BETWEEN_PROGRAMMES, status=TransferCase.Status.ORDERED, student=student,
            program=student.program, course_year=2, funding=student.funding, applied_on=date(2025, 8, 20),
            filed_by=registrar, created_at=now, order_number=f"41{n}-с", order_on=date(2025, 8, 31),
            ordered_by=registrar, difference=codes, difference_due=due).pk)
    swept_before: dict[int, Any] = {}

    def swept() -> dict[int, Any]:
        return dict(TransferCase.objects.filter(difference_swept_at__isnull=False)
                    .values_list("pk", "difference_swept_at"))

    def half_way() -> None:  # s25001's case committed; s25002's waits on its row
        swept_before.update(swept())
        assert list(swept_before) == [cases[0]]
        assert debts() == {("s25001", "HKZ1102", "2025-F", DIFFERENCE_DEBT)}

    killed_half_way(workers, "mobility.register_difference_debts", register_difference_debts.delay,
                    ("SELECT 1 FROM mobility_transfercase WHERE id = %s FOR UPDATE", [cases[1]]), half_way)
    after = swept()
    assert sorted(after) == cases and after[cases[0]] == swept_before[cases[0]]  # each case swept once
    assert debts() == EXPECTED_DIFFERENCE_DEBTS
    assert len(audit_actions("debt.register")) == 2
    told = AuditRecord.objects.filter(action="transfer.difference_due")  # once per case, what it found
    assert dict(told.values_list("object_id", "after")) == {
        str(cases[0]): {"passed": ["PRG1101"], "academic_debt": ["HKZ1102"]},
        str(cases[1]): {"passed": [], "academic_debt": ["WEB2202"]}} and told.count() == 2


def test_prior_learning_difference_killed_between_recounts(workers: Workers) -> None:
    """Two recounts decided by the QA commission, each leaving a difference due by the end of 2025-F; the job
    sweeps them recount by recount (admissions, RC-5/RC-6)."""
    from admissions.models import PriorLearningCase, PriorLearningDifference
    from admissions.tasks import register_difference_debts
    from ektu_portal.academics.models import AcademicPeriod, Discipline, Student

    load_university(two_school_document(), allow_passwords=True, source="job faults")
    due, now = AcademicPeriod.objects.get(code="2025-F"), timezone.now()
    cases = []
    for n, (username, codes) in enumerate(DIFFERENCE.items(), 1):
        case = PriorLearningCase.objects.create(
            student=Student.objects.get(user__username=username), institution="Satbayev University",
            status=PriorLearningCase.Status.DECIDED, protocol_number=str(n), protocol_date=date(2025, 9, 5),
            decided_at=now, due_date=due.ends, due_period=due, created_at=now)
        PriorLearningDifference.objects.bulk_create(
            PriorLearningDifference(case=case, discipline=Discipline.objects.get(code=code), credits=5,
                                    semester=1, reason="not_matched") for code in codes)
        cases.append(case.pk)

    def rows() -> dict[tuple[str, str], tuple[bool, bool]]:
        """(student, discipline) → (checked after the due date, debt registered)."""
        return {(username, code): (swept is not None, debt is not None)
                for username, code, swept, debt in PriorLearningDifference.objects.values_list(
                    "case__student__user__username", "discipline__code", "swept_at", "debt_registered_at")}

    def half_way() -> None:  # s25001's recount committed; s25002's waits on its row
        assert rows() == {("s25001", "PRG1101"): (True, False), ("s25001", "HKZ1102"): (True, True),
                          ("s25002", "WEB2202"): (False, False)}
        assert debts() == {("s25001", "HKZ1102", "2025-F", DIFFERENCE_DEBT)}

    killed_half_way(workers, "admissions.register_difference_debts", register_difference_debts.delay,
                    ("SELECT 1 FROM admissions_priorlearningcase WHERE id = %s FOR UPDATE", [cases[1]]),
                    half_way)
    assert rows() == {("s25001", "PRG1101"): (True, False), ("s25001", "HKZ1102"): (True, True),
                      ("s25002", "WEB2202"): (True, True)}
    assert debts() == EXPECTED_DIFFERENCE_DEBTS
    assert len(audit_actions("debt.register")) == 2
    assert audit_actions("prior_learning.difference_due") == sorted(
        ("admissions.priorlearningcase", str(pk)) for pk in cases)


# --- jobs of one transaction: all or nothing, the notice sent once ----------------------------------------

def notice_sent_once(workers: Workers, finisher: Worker, task: str) -> int:
    """The notice job, queued when the sweep commits, ran once — in the worker that finished the sweep, never
    for the killed delivery, whose transaction rolled back. Returns what it sent (its e-mails)."""
    done = rf"Task {re.escape(task)}\[[0-9a-f-]+\] succeeded in [0-9.e-]+s: (\d+)"
    wait_for(lambda: re.search(done, finisher.text()) or finisher.process.poll() is not None, 60,
             f"{task} to run")
    found = re.search(done, finisher.text())
    assert found, finisher.text()
    assert sum(worker.text().count(f"Task {task}[") for worker in workers.started) == 2  # received, succeeded
    return int(found.group(1))


def test_missing_documents_killed_before_any_is_flagged(workers: Workers) -> None:
    """FA-3: two theses on a session in two days, no document in (the deadline, five working days before
    the defence, has passed). The job flags them in one transaction: killed waiting on the second thesis,
    it leaves nothing flagged and no notice; the new worker flags both, and each student is e-mailed once."""
    from datetime import time as time_of_day

    from attestation.models import Commission, Session, Thesis
    from attestation.tasks import flag_missing_documents
    from ektu_portal.academics.models import Discipline, Program, Student

    document = two_school_document()
    document["disciplines"].append({"code": "FA4101", "name": {"en": "Writing and Defending the Thesis"},
                                    "credits": 12, "control": "final_attestation",
                                    "kind": "final_attestation"})
    for person in document["people"]:
        if person["username"] in ("s25001", "s25002"):
            person["email"] = f"{person['username']}@edu.ektu.kz"
    load_university(document, allow_passwords=True, source="job faults")
    today = timezone.localdate()
    commission = Commission.objects.create(code="GAK-6B06102", program=Program.objects.get(code="6B06102"),
                                           year=today.year)
    session = Session.objects.create(commission=commission, date=today + timedelta(days=2),
                                     starts_at=time_of_day(9), room="A-301")
    theses = [Thesis.objects.create(student=Student.objects.get(user__username=username), year=today.year,
                                    discipline=Discipline.objects.get(code="FA4101"), topic=topic,
                                    supervisor="Сәрсенова Гүлнар", session=session).pk
              for username, topic in (("s25001", "Расписание на графах"), ("s25002", "Веб-портал"))]

    def flagged() -> dict[int, Any]:
        return dict(Thesis.objects.values_list("pk", "documents_flagged_on"))

    def half_way() -> None:  # the first thesis's flag written but not committed: nothing shows
        assert flagged() == {pk: None for pk in theses}

    finisher = killed_half_way(workers, "attestation.flag_missing_documents", flag_missing_documents.delay,
                               ("SELECT 1 FROM attestation_thesis WHERE id = %s FOR UPDATE", [theses[1]]),
                               half_way)
    assert flagged() == {pk: today for pk in theses}
    assert notice_sent_once(workers, finisher, "attestation.notify_missing_documents") == 2  # one per student


def test_attendance_warnings_killed_before_any_is_recorded(workers: Workers) -> None:
    """GR-3 (issue 9): s25001 and s25002 take DB2201; of 30 classes held s25001 missed 12 (40%), s25002 15
    (50%, not more than half): both at the 40% mark. The job records both warnings in one transaction:
    killed waiting on s25002's, it leaves none; the new worker records both, and each student is e-mailed
    once."""
    from ektu_portal.academics.models import AcademicPeriod, Result
    from ektu_portal.accounts.models import User
    from grading import services
    from grading.models import AttendanceWarning
    from grading.tasks import warn_attendance

    document = two_school_document()
    document["sections"][1]["enrolled"] = ["s25001", "s25002"]
    for person in document["people"]:
        if person["username"] in ("s25001", "s25002"):
            person["email"] = f"{person['username']}@edu.ektu.kz"
    load_university(document, allow_passwords=True, source="job faults")
    AcademicPeriod.objects.filter(code="2026-F").update(
        exam_session_starts=timezone.localdate() - timedelta(days=7))
    services.sheet_update(actor=User.objects.get(username="adv.sarsen"), code="DB2201-2026F-01", rows=[
        {"student": "s25001", "classes_held": 30, "absences": 12},
        {"student": "s25002", "classes_held": 30, "absences": 15}])
    held = Result.objects.get(student__user__username="s25002", discipline__code="DB2201").pk

    def warned() -> dict[str, tuple[int, int]]:
        return {username: (missed, held) for username, missed, held in AttendanceWarning.objects.values_list(
            "result__student__user__username", "missed", "classes_held")}

    def half_way() -> None:  # s25001's warning written but not committed: nothing shows
        assert warned() == {}

    finisher = killed_half_way(workers, "grading.warn_attendance", warn_attendance.delay,
                               ("INSERT INTO grading_attendancewarning (result_id, warned_at, classes_held, "
                                "missed) VALUES (%s, now(), 30, 15)", [held]), half_way)
    assert warned() == {"s25001": (12, 30), "s25002": (15, 30)}
    assert notice_sent_once(workers, finisher, "grading.notify_attendance_warnings") == 2  # one per student


# --- DS-1 … DS-5: the dean's print batch, graduate by graduate --------------------------------------------

def three_graduates() -> dict[str, Any]:
    """s25001, s25002 and s25003 completed 6B06102 (the supplement tests' 240 credits each) in 2025."""
    from diploma_supplement.tests.documents import graduate_document

    document = graduate_document(status="graduated", diploma_number="ЖБ-Б 0000001", graduated_on="2026-06-30")
    holder = next(p for p in document["people"] if p["username"] == "s25001")
    own = [r for r in document["results"] if r["student"] == "s25001"]
    for n, (username, name, latin) in enumerate((("s25002", "Жұмабаева Ұлжан", "Zhumabayeva Ulzhan"),
                                                 ("s25003", "Бекова Айым", "Bekova Aiym")), 2):
        person = copy.deepcopy(holder)
        person.update(username=username, full_name=name, full_name_latin=latin)
        person["student"].update(diploma_number=f"ЖБ-Б 000000{n}", iin=f"07050130012{n}")
        document["people"] = [p for p in document["people"] if p["username"] != username] + [person]
        document["results"] += [{**r, "student": username} for r in own]
    return document


def test_print_batch_killed_between_graduates(workers: Workers) -> None:
    from diploma_supplement import selectors, services
    from diploma_supplement.models import Batch, IssuedSupplement
    from ektu_portal.academics.models import Program
    from ektu_portal.accounts.models import User

    load_university(three_graduates(), allow_passwords=True, source="job faults")
    today = timezone.localdate()
    cohort = selectors.readiness(Program.objects.get(code="6B06102"), 2025, today=today)
    order = [row.student for row in cohort]  # the order the batch issues in
    assert len(order) == 3
    issued_before: dict[str, str] = {}

    def start() -> None:  # the dean starts the batch; the job is queued when it commits
        services.batch_start(actor=User.objects.get(username="dean.sdt"), program_code="6B06102", year=2025,
                             now=timezone.now())

    def half_way() -> None:  # one supplement issued and counted, the second graduate's row held
        issued_before.update(IssuedSupplement.objects.values_list("student__user__username", "number"))
        assert list(issued_before) == [order[0].user.username]
        assert Batch.objects.values_list("status", "done").get() == ("running", 1)

    killed_half_way(workers, "diploma_supplement.render_batch", start,
                    ("SELECT 1 FROM academics_student WHERE id = %s FOR UPDATE", [order[1].pk]), half_way,
                    locked=False)
    batch = Batch.objects.get()
    assert (batch.status, batch.done, batch.total) == ("done", 3, 3)
    issued = dict(IssuedSupplement.objects.values_list("student__user__username", "number"))
    assert sorted(issued) == ["s25001", "s25002", "s25003"] and IssuedSupplement.objects.count() == 3
    assert issued[order[0].user.username] == issued_before[order[0].user.username]  # not issued twice
    assert sorted(batch.supplements.values_list("number", flat=True)) == sorted(issued.values())
    assert len(audit_actions("supplement.issue")) == 3
    with zipfile.ZipFile(io.BytesIO(bytes(batch.zip_file))) as archive:  # each PDF in the ZIP, once
        assert sorted(archive.namelist()) == sorted(f"{u}-{n}.pdf" for u, n in issued.items())


# --- a pool process killed, its worker alive (prefork, as in production) ---------------------------------

def test_appeal_windows_pool_process_killed(worker_pool: Workers) -> None:
    """Production's worker is prefork: the pool process running the job dies (the OOM killer, a crash in a
    library) and the worker lives. Rejected, not acknowledged, on the worker lost, the message is queued
    again at once — this worker's visibility timeout is an hour, and no other worker runs — and the new
    pool process finishes the job."""
    import psutil

    from grading.tasks import close_appeal_windows

    if worker_pool.idle is not None:  # alone on the broker: no other worker's visibility timeout
        worker_pool.stop(worker_pool.idle)
        worker_pool.idle = None
    prefork = worker_pool.start(wait=False, pool="prefork", visibility=3600)
    sheets = PostedSheets()
    worker_pool.ready(prefork)
    with holding(*sheets.hold):
        sent = close_appeal_windows.delay()
        wait_for(worker_waits, 60, "the job to reach the held row")
        sheets.half_way()
        pool_processes = psutil.Process(prefork.process.pid).children()
        assert len(pool_processes) == 1
        pool_processes[0].kill()
    done = rf"Task grading.close_appeal_windows\[{sent.id}\] succeeded"
    wait_for(lambda: re.search(done, prefork.text()), 60, "the job queued again to finish")
    assert "WorkerLostError" in prefork.text()
    assert len(re.findall(rf"Task grading.close_appeal_windows\[{sent.id}\] received", prefork.text())) == 2
    worker_pool.stop(prefork)
    sheets.check_end()


# --- the lock: two deliveries at once run the job once -------------------------------------------------

def test_a_job_sent_twice_at_once_runs_once(caplog: pytest.LogCaptureFixture) -> None:
    from grading.tasks import register_academic_debts

    load_university(debts_document(), allow_passwords=True, source="job faults")
    results: list[Any] = []

    def first_delivery() -> None:
        try:
            results.append(register_academic_debts.apply().get())
        finally:
            connection.close()

    with holding(*hold_sweep_of("2026-S")):
        first = threading.Thread(target=first_delivery)
        first.start()
        wait_for(lambda: cache_redis().exists(LOCK_PREFIX + "grading.register_academic_debts")
                 and sweeps() == {"2025-F": 1}, 30, "the first delivery to be half-way")
        with caplog.at_level(logging.INFO, logger="ektu_portal.core.jobs"):
            started = time.monotonic()
            assert register_academic_debts.apply().get() is None  # the second returns at once, doing nothing
        assert time.monotonic() - started < 5
        assert "grading.register_academic_debts skipped: running elsewhere" in caplog.messages
    first.join(30)
    assert results == [2]  # the first ran to the end: both debts (GR-10)
    assert debts() == EXPECTED_DEBTS and len(audit_actions("debt.register")) == 2
    # Released: the next delivery runs (and, the periods being swept, finds nothing to do).
    assert register_academic_debts.apply().get() == 0


def test_a_lock_left_by_a_dead_delivery_expires() -> None:
    """A worker killed holding the lock, its message lost: the next beat tick (another message) is skipped
    until the lock's timeout, then runs the job."""
    from grading.tasks import register_academic_debts

    load_university(debts_document(), allow_passwords=True, source="job faults")
    key = LOCK_PREFIX + "grading.register_academic_debts"
    cache_redis().set(key, "a-dead-delivery", px=2000)  # the job's timeout, shortened
    assert register_academic_debts.apply().get() is None
    assert debts() == set()
    wait_for(lambda: not cache_redis().exists(key), 5, "the lock to expire")
    assert register_academic_debts.apply().get() == 2
    assert debts() == EXPECTED_DEBTS


def test_the_same_message_delivered_again_takes_its_dead_lock_over() -> None:
    """Its first worker died holding the lock; the broker delivers the same message (the same task id)
    again: it runs at once. Any other message is still skipped until the lock expires."""
    from grading.tasks import register_academic_debts

    key = LOCK_PREFIX + "grading.register_academic_debts"
    cache_redis().set(key, "the-first-delivery", ex=60)
    assert register_academic_debts.apply().get() is None  # another message: skipped
    assert register_academic_debts.apply(task_id="the-first-delivery").get() == 0  # ran (nothing to do)
    assert not cache_redis().exists(key)  # and released the lock


def test_every_periodic_job_but_the_heartbeat_is_locked_and_delivered_again() -> None:
    """Each job of the beat schedule is skipped while another delivery holds its lock (its body would
    return a count), and is acknowledged late and rejected, not acknowledged, when its worker is lost."""
    app.loader.import_default_modules()
    jobs = [entry["task"] for key, entry in app.conf.beat_schedule.items() if key != "heartbeat"]
    for name in jobs:
        task = app.tasks[name]
        assert (task.acks_late, task.reject_on_worker_lost) == (True, True), name
        cache_redis().set(LOCK_PREFIX + name, "another-delivery", ex=60)
        assert task.apply().get() is None, name
    batch = app.tasks["diploma_supplement.render_batch"]
    assert (batch.acks_late, batch.reject_on_worker_lost) == (True, True)
