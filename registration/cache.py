"""Registration day's caches (issue 15): the facts registration decides on, read once and used while the
database says they still hold.

Two kinds:

* shared by many students — the calendar's periods, a period's sections (with their discipline,
  instructor and prerequisites), its credit limit and price, a curriculum's plan and credits: kept in
  each web process for one *generation* (``registration_factsgeneration``);
* a student's own — their record for a period (live registrations, what grading's transcript says they
  mastered, study or attempted), their study plan's status, their own windows: kept in Redis, shared by
  the web processes, for one *version* (``registration_factsversion``).

PostgreSQL triggers move both numbers inside the writing transaction (migration 0006), so nothing here
has to be told when something changes, and an entry is never trusted blindly: the enrolment's statement
takes the seat only if both numbers still stand (``registration_enrol``), a refusal is given only after
the numbers are read again, and the offer reads them with the seats it shows. A stale entry costs a
re-read, never a wrong answer. Only time-free facts are cached: whether a window is open is decided at
each request, from the cached dates.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection

from ektu_portal.academics.models import AcademicPeriod, Section, Student
from ektu_portal.accounts import hot_cache as cache
from registration import selectors
from registration.models import StudyPlan
from registration.policy.eligibility import PlanItem, SectionFacts

# Entries expire anyway after two hours: correctness never depends on it (the numbers decide), memory does;
# long enough for facts read ahead of an opening (``warm``) to be there when it comes.
STUDENT_TTL = 2 * 60 * 60
# How long before a registration window opens its students' facts are read ahead (``warm_upcoming``).
WARM_AHEAD = timedelta(minutes=30)
WARM_JOB = "warm_registration_facts"
STUDENT_KEY = "registration:registrant:{}"

VERSIONS_SQL = """
SELECT s.id, coalesce(v.version, 0),
       coalesce((SELECT g.generation FROM registration_factsgeneration g WHERE g.id = 1), 0)
  FROM academics_student s LEFT JOIN registration_factsversion v ON v.student_id = s.id
 WHERE s.user_id = %s"""


# --- what many students share, per web process ---------------------------------------------------------


class Shared:
    """One generation of the shared facts, each part read the first time it is asked for. A part read
    later than the generation was is at least as new, never older: a newer change makes the numbers
    disagree at the next check, and the whole generation is dropped."""

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self._lock = threading.Lock()
        self._periods: dict[int, AcademicPeriod] | None = None
        self._sections: dict[int, dict[str, Section]] = {}   # period id → code → section
        self._period_of: dict[str, int] = {}                 # section code → period id
        self._plans: dict[tuple[int, int], tuple[dict[str, PlanItem], dict[str, int]]] = {}
        self._limits: dict[int, tuple[int, Decimal | None]] = {}
        self._facts: dict[int, SectionFacts] = {}             # section id → its facts as cached

    def section_facts(self, section: Section, taken: int | None = None) -> SectionFacts:
        """``selectors.section_facts``, remembered (its prerequisites are read off the cached section once);
        ``taken``: the seats taken as read just now."""
        found = self._facts.get(section.pk)
        if found is None:
            found = self._facts[section.pk] = selectors.section_facts(section)
        return found if taken is None or taken == found.taken else replace(found, taken=taken)

    def periods(self) -> dict[int, AcademicPeriod]:
        if self._periods is None:
            self._periods = {period.pk: period for period in AcademicPeriod.objects.all()}
        return self._periods

    def period_open_at(self, now: datetime) -> AcademicPeriod | None:
        """RG-2: ``period_with_open_registration``'s answer from the cached calendar — a period in its
        registration window first, else one in its drop-off period, the earliest starting."""
        periods = sorted(self.periods().values(), key=lambda p: (p.starts, p.code))
        return (next((p for p in periods if p.registration_open_at(now)), None)
                or next((p for p in periods if p.drop_off_open_at(now)), None))

    def sections(self, period_id: int) -> dict[str, Section]:
        """The period's sections in the offer's order, with discipline, instructor and prerequisites."""
        found = self._sections.get(period_id)
        if found is None:
            found = {section.code: section for section in Section.objects.filter(period_id=period_id)
                     .select_related("discipline", "instructor").prefetch_related("discipline__prerequisites")
                     .order_by("discipline__code", "code")}
            with self._lock:
                self._sections[period_id] = found
                self._period_of.update(dict.fromkeys(found, period_id))
        return found

    def section(self, code: str) -> Section | None:
        period_id = self._period_of.get(code)
        if period_id is None:  # not looked up yet (an unknown code is not remembered: it may come)
            period_id = Section.objects.filter(code=code).values_list("period_id", flat=True).first()
            if period_id is None:
                return None
        return self.sections(period_id).get(code)

    def plan(self, program_id: int, intake_year: int) -> tuple[dict[str, PlanItem], dict[str, int]]:
        """The curriculum's plan and its disciplines' credits (CR-4's elective groups need them)."""
        key = (program_id, intake_year)
        if key not in self._plans:
            plan = selectors.curriculum_plan(program_id, intake_year)
            self._plans[key] = (plan, selectors.plan_credits(plan))
        return self._plans[key]

    def limits(self, period: AcademicPeriod) -> tuple[int, Decimal | None]:
        """The period's credit limit and (GR-18, summer) price per credit."""
        if period.pk not in self._limits:
            self._limits[period.pk] = (selectors.credit_limit(period), selectors.price_per_credit(period))
        return self._limits[period.pk]


_shared: Shared | None = None
_shared_lock = threading.Lock()


def current_shared() -> Shared | None:
    """The shared facts this process holds now, of whatever generation (to look a section up by)."""
    return _shared


def shared(generation: int) -> Shared:
    """This process's shared facts for ``generation``; a newer generation replaces an older one."""
    global _shared
    current = _shared
    if current is not None and current.generation >= generation:
        return current
    with _shared_lock:
        if _shared is None or _shared.generation < generation:
            _shared = Shared(generation)
        return _shared


# --- a student's own, in Redis -------------------------------------------------------------------------


@dataclass(frozen=True)
class Registrant:
    """A student's own facts at one version of theirs and one generation of the shared ones."""

    version: int
    generation: int
    student_id: int
    user_id: int
    username: str
    program_id: int
    intake_year: int
    status: str
    windows: tuple[selectors.OwnWindow, ...]
    # period id → (the record for the period, the study plan's status for it; None: no plan yet)
    periods: Mapping[int, tuple[selectors.RegistrantRecord, str | None]] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.status == Student.Status.ACTIVE


def current_numbers(user_id: int) -> tuple[int, int, int] | None:
    """(student id, version, generation) as the database has them now; None: not a student."""
    with connection.cursor() as cursor:
        cursor.execute(VERSIONS_SQL, [user_id])
        row = cursor.fetchone()
    return None if row is None else (int(row[0]), int(row[1]), int(row[2]))


def _read(user_id: int, period_ids: set[int], now: datetime, scales: Any = None) -> Registrant | None:
    """Read a student's own facts. The numbers first: facts read after them are at least as new."""
    numbers = current_numbers(user_id)
    if numbers is None:
        return None
    student_id, version, generation = numbers
    student = Student.objects.select_related("user", "program").get(pk=student_id)
    facts = shared(generation)
    periods = facts.periods()
    windows = selectors.own_windows(student, now)
    if not period_ids:  # the period the student registers for now, if any: the offer asks for it next
        period = _period_for_windows(windows, facts, now)
        period_ids = {period.pk} if period is not None else set()
    plans = dict(StudyPlan.objects.filter(student=student, period_id__in=period_ids)
                 .values_list("period_id", "status"))
    records = {pk: (selectors.registrant_record(student, periods[pk], scales), plans.get(pk))
               for pk in period_ids if pk in periods}
    registrant = Registrant(version=version, generation=generation, student_id=student.pk, user_id=user_id,
                            username=student.user.username, program_id=student.program_id,
                            intake_year=student.intake_year, status=student.status,
                            windows=windows, periods=records)
    cache.set(STUDENT_KEY.format(user_id), registrant, STUDENT_TTL)
    return registrant


def registrant(user_id: int, period_id: int | None, now: datetime) -> tuple[Registrant, Shared] | None:
    """The student's cached facts (with the period's record, when one is named) and the shared facts of
    the same generation; read afresh what is missing or older than the other. None: not a student."""
    found: Registrant | None = cache.get(STUDENT_KEY.format(user_id))
    wanted = {period_id} if period_id is not None else set()
    for _attempt in range(3):
        if found is None or not wanted <= set(found.periods):
            found = _read(user_id, wanted | (set(found.periods) if found else set()), now)
            if found is None:
                return None
        facts = shared(found.generation)
        if facts.generation == found.generation:
            return found, facts
        found = None  # the entry is older than what this process already saw: read it again
    return None


def still_holds(registrant: Registrant) -> bool:
    """Whether the student's entry is still the database's word (a refusal is given only then)."""
    numbers = current_numbers(registrant.user_id)
    return numbers is not None and numbers[1:] == (registrant.version, registrant.generation)


def forget(user_id: int) -> None:
    cache.delete(STUDENT_KEY.format(user_id))


def after_enrolment(registrant: Registrant, period_id: int, taking: selectors.Taking, version: int) -> None:
    """The entry as the enrolment left it, at the version it left: exact, since ``registration_enrol``
    held the student's version locked from its check to its end (no other change came in between)."""
    if period_id not in registrant.periods:
        forget(registrant.user_id)
        return
    record, plan_status = registrant.periods[period_id]
    record = replace(record, taking=(*record.taking, taking))
    periods = {**registrant.periods, period_id: (record, plan_status)}
    cache.set(STUDENT_KEY.format(registrant.user_id), replace(registrant, version=version, periods=periods),
              STUDENT_TTL)


def enrol(registrant: Registrant, section: Section, *, waitlist: bool, now: datetime,
          actor: Any) -> tuple[str, int | None, int]:
    """``registration_enrol``: the student's lock, both numbers checked, the seat, the enrolment and its
    audit record — one statement. (outcome, enrolment id, the student's version after it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM registration_enrol(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                       [registrant.student_id, section.pk, registrant.version, registrant.generation,
                        waitlist, now, actor.pk, actor.get_username(), registrant.username, section.code])
        outcome, enrollment_id, version = cursor.fetchone()
    return str(outcome), enrollment_id, int(version)


def seats_and_numbers(registrant: Registrant, period_id: int | None) -> tuple[dict[int, int], bool]:
    """The seats taken in the period's sections now, and whether the student's entry still holds — one
    query (the offer shows seats as they are; the rest of it may come from the cache)."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT coalesce((SELECT f.version FROM registration_factsversion f WHERE f.student_id = %s), 0),
                   coalesce((SELECT g.generation FROM registration_factsgeneration g WHERE g.id = 1), 0),
                   coalesce(array_agg(s.id), '{}'), coalesce(array_agg(s.taken), '{}')
              FROM academics_section s WHERE s.period_id = %s""", [registrant.student_id, period_id])
        version, generation, ids, taken = cursor.fetchone()
    return dict(zip(ids, taken, strict=True)), (version, generation) == (registrant.version,
                                                                          registrant.generation)


# --- the offer from the caches ---------------------------------------------------------------------------


def _period_for_windows(windows: tuple[selectors.OwnWindow, ...], facts: Shared,
                        now: datetime) -> AcademicPeriod | None:
    """``selectors.registration_period`` from the cache: the student's own open window's period, or the
    calendar's."""
    own = selectors.open_own_window(windows, now)
    return facts.periods().get(own.period_id) if own else facts.period_open_at(now)


def _period_for(entry: Registrant, facts: Shared, now: datetime) -> AcademicPeriod | None:
    return _period_for_windows(entry.windows, facts, now)


def offer(user_id: int, now: datetime) -> selectors.Offer | None:
    """``selectors.offer`` of the signed-in student, from the caches: the same assembly
    (``selectors.assemble_offer``) on the same facts, the seats read now in the query that checks the
    facts still hold. None: not a student, or the facts kept changing (the caller asks the full path)."""
    found = offer_and_plan(user_id, now)
    return found.offer if found is not None else None


@dataclass(frozen=True)
class Page:
    """What the registration page shows, from one checked entry of the student's facts."""

    offer: selectors.Offer
    live: list[dict[str, Any]]  # the live registrations the plan lists (``selectors.plan_sections``)
    has_plan: bool  # a study plan exists for the offer's period (a write of one moves the version checked)
    entry: Registrant

    def student(self, user: Any) -> Student:
        """The student's record as the checked entry has it — what the page needs of it, without a query
        (``access_registrant``'s look-up of one's own record; its programme is read only if asked for)."""
        student = Student(pk=self.entry.student_id, user_id=self.entry.user_id,
                          program_id=self.entry.program_id, intake_year=self.entry.intake_year,
                          status=self.entry.status)
        student.user = user
        return student


def offer_and_plan(user_id: int, now: datetime) -> Page | None:
    """The offer (as ``offer``), the live registrations the plan lists and whether a plan exists, from the
    same checked facts — what the registration page shows."""
    for _attempt in range(3):
        got = registrant(user_id, None, now)
        if got is None:
            return None
        entry, facts = got
        period = _period_for(entry, facts, now)
        if period is not None and period.pk not in entry.periods:
            got = registrant(user_id, period.pk, now)
            if got is None:
                return None
            entry, facts = got
            again = _period_for(entry, facts, now)
            if again is None or again.pk != period.pk:
                continue
            period = again
        taken, holds = seats_and_numbers(entry, period.pk if period is not None else None)
        if not holds:
            forget(user_id)
            continue
        if period is None:
            return Page(offer=selectors.Offer(period=None, window_open=False), live=[], has_plan=False,
                        entry=entry)
        record, plan_status = entry.periods[period.pk]
        plan, credits = facts.plan(entry.program_id, entry.intake_year)
        limit, price = facts.limits(period)
        sections = facts.sections(period.pk)
        student_facts = selectors.registration_facts(record, period, plan, active=entry.active,
                                                     intake_year=entry.intake_year)
        offer = selectors.assemble_offer(
            period, plan, credits, student_facts, record, sections.values(),
            window_open=selectors.window_open(period, now, windows=entry.windows),
            window_closes=selectors.window_closes(period, now, windows=entry.windows),
            credit_limit=limit, price=price, taken=taken, facts_of=facts.section_facts)
        by_id = {section.pk: section for section in sections.values()}
        live = sorted((t for t in record.taking if t.section_id in by_id),
                      key=lambda t: by_id[t.section_id].discipline.code)
        lines = [selectors.plan_line(by_id[t.section_id], t.status, plan) for t in live]
        return Page(offer=offer, live=lines, has_plan=plan_status is not None, entry=entry)
    return None


# --- read ahead of an opening ----------------------------------------------------------------------------


def warm(period: AcademicPeriod, now: datetime) -> int:
    """Read every active student's facts for ``period`` into the cache — ahead of its opening, so that the
    opening minute finds them there (each still checked against the database when used). How many."""
    from grading.selectors import LetterScales

    scales = LetterScales()  # one letter scale for everybody (GR-6), not one query per student
    users = list(Student.objects.filter(status=Student.Status.ACTIVE).order_by("pk")
                 .values_list("user_id", flat=True))
    return sum(1 for user_id in users if _read(user_id, {period.pk}, now, scales))


def warm_upcoming(now: datetime) -> int:
    """Registration day's read-ahead (the beat job): the periods whose registration opens within
    ``WARM_AHEAD``, each once. How many students' facts were read."""
    from registration.models import RegistrationSweep

    done = RegistrationSweep.objects.filter(job=WARM_JOB).values_list("period_id", flat=True)
    warmed = 0
    upcoming = AcademicPeriod.objects.filter(registration_opens__gt=now,
                                             registration_opens__lte=now + WARM_AHEAD)
    for period in upcoming.exclude(pk__in=done).order_by("registration_opens"):
        warmed += warm(period, now)
        RegistrationSweep.objects.get_or_create(job=WARM_JOB, period=period, defaults={"done_at": now})
    return warmed
