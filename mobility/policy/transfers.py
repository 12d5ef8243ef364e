"""§12: transfers between programmes, into and out of EKTU, and readmission — the pure policy.

Pure: no Django, no clock, no holiday table. Every date is an input: the vacations (the gaps between
academic periods, from the academic calendar), the start of the next academic period, the days off
(CR-5: Kazakhstan's public holidays plus the university's own, from ``academics.selectors.days_off``).
Working days are counted by ``ektu_portal.academics.policy.calendar``.

What the later app calls:
- ``refusals(case)`` — every reason the case cannot go ahead on ``case.on``, each a stable code that
  names its rule (the UI translates the codes); empty when nothing stands in the way;
- ``decision_window(next_period_starts)`` — TR-4's five days;
- ``due_dates(case, days_off)`` / ``overdue(case, today, days_off)`` — TR-6, TR-7 in working days;
- ``funding_after(case)`` — what the student studies on once moved (TR-5, TR-8);
- ``readmitted_until(case)`` — TR-8's one academic year for a PhD student who did not defend.

Interpretations (the policy text leaves them open; the lead may decide otherwise):
- TR-4's "within five days before the start of the next period" is calendar days: the rector decides
  during the vacation, when working days do not govern; the window is the five days ending the day
  before the period starts.
- The TR-1 exception (emergency, war, armed conflict in the country of study; Kazakh citizens and
  kandas from foreign universities) lifts TR-1 and TR-4 together: both tie the move to the vacation.
- TR-4 binds the rector's decisions at EKTU (between programmes, incoming, readmission); an outgoing
  application is decided in 3 working days instead (TR-6).
- TR-8's four weeks for a student expelled for non-payment are a route of their own during the year
  (a student expelled in mid-semester could otherwise never use them): within them (the expulsion day
  + 28 days, the last allowed), once the debt is paid, TR-1 and TR-4 do not apply. After them the
  student is readmitted as anyone else (§12.3: "regardless of how long ago they were expelled").
- TR-7's "order within 5 working days" counts from the rector's positive decision.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ektu_portal.academics.policy.calendar import add_working_days

# Case kinds.
BETWEEN_PROGRAMMES = "between_programmes"
INCOMING = "incoming"          # from another university, Kazakh or foreign
OUTGOING = "outgoing"          # to another university
READMISSION = "readmission"
KINDS = (BETWEEN_PROGRAMMES, INCOMING, OUTGOING, READMISSION)

# How a student studies (CR-6): a state or local-budget grant, a targeted place, or paid.
GRANT = "grant"
TARGETED = "targeted"
PAID = "paid"
FUNDINGS = (GRANT, TARGETED, PAID)

# What the student asks to study on after the move: keep their grant/place, or pay.
KEEP_GRANT = "keep_grant"
REQUESTS = (KEEP_GRANT, PAID)

# What the student ends up with (``funding_after``).
ENDS_PAID = "paid"
KEEPS_GRANT = "keeps_grant"
VACANT_GRANT_PLACE = "vacant_grant_place"

# Why a student was expelled (TR-8).
NON_PAYMENT = "non_payment"
MILITARY_SERVICE = "military_service"
ACADEMIC_DISHONESTY = "academic_dishonesty"
THEORY_NOT_DEFENDED = "theory_not_defended"   # finished theory, did not defend
PHD_NOT_DEFENDED = "phd_not_defended"
OTHER_REASON = "other"                        # own wish, academic failure, …
EXPULSION_REASONS = (NON_PAYMENT, MILITARY_SERVICE, ACADEMIC_DISHONESTY, THEORY_NOT_DEFENDED,
                     PHD_NOT_DEFENDED, OTHER_REASON)

# Refusals: one stable code per rule, named after it.
OUTSIDE_VACATION = "tr1_outside_vacation"
FIRST_PERIOD_NOT_COMPLETED = "tr2_first_period_not_completed"
OUTSIDE_DECISION_WINDOW = "tr4_outside_decision_window"
BETWEEN_PROGRAMMES_PAID_ONLY = "tr5_between_programmes_paid_only"
NO_GRANT_TO_KEEP = "tr5_no_grant_to_keep"
UNT_BELOW_THRESHOLD = "tr5_unt_below_threshold"
NO_VACANT_GRANT_PLACE = "tr5_no_vacant_grant_place"
TARGETED_PAID_ONLY = "tr5_targeted_paid_only"
READMISSION_PAID_ONLY = "tr8_readmission_paid_only"
NON_PAYMENT_DEBT_NOT_PAID = "tr8_non_payment_debt_not_paid"
NON_PAYMENT_FOUR_WEEKS_PASSED = "tr8_non_payment_four_weeks_passed"
MILITARY_SERVICE_SAME_COURSE = "tr8_military_service_same_course"
ACADEMIC_DISHONESTY_NEVER = "tr8_academic_dishonesty_never"
PHD_ONE_YEAR_ONLY = "tr8_phd_one_year_only"
REFUSALS = (OUTSIDE_VACATION, FIRST_PERIOD_NOT_COMPLETED, OUTSIDE_DECISION_WINDOW,
            BETWEEN_PROGRAMMES_PAID_ONLY, NO_GRANT_TO_KEEP, UNT_BELOW_THRESHOLD, NO_VACANT_GRANT_PLACE,
            TARGETED_PAID_ONLY, READMISSION_PAID_ONLY, NON_PAYMENT_DEBT_NOT_PAID,
            NON_PAYMENT_FOUR_WEEKS_PASSED, MILITARY_SERVICE_SAME_COURSE, ACADEMIC_DISHONESTY_NEVER,
            PHD_ONE_YEAR_ONLY)

DECISION_WINDOW_DAYS = 5        # TR-4
NON_PAYMENT_WINDOW = timedelta(weeks=4)  # TR-8

# Deadlines (TR-6, TR-7), in working days (CR-5).
OUTGOING_DECISION = "tr6_outgoing_decision"
EXPULSION_ORDER = "tr6_expulsion_order"
PERSONAL_FILE = "tr6_personal_file"
INCOMING_ORDER = "tr7_incoming_order"
WORKING_DAYS = {OUTGOING_DECISION: 3, EXPULSION_ORDER: 3, PERSONAL_FILE: 3, INCOMING_ORDER: 5}


@dataclass(frozen=True)
class Vacation:
    """A gap between two academic periods (summer or winter vacation), both days included (TR-1)."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


@dataclass(frozen=True)
class Readmission:
    """TR-8: why and when the student was expelled, and what the readmission asks."""

    reason: str
    expelled_on: date
    debt_paid: bool = False                 # non-payment: the tuition debt is paid off
    course_at_expulsion: int | None = None  # military service: readmitted to this course
    requested_course: int | None = None
    already_readmitted_to_defend: bool = False  # PhD: the one academic year was granted before
    academic_year_ends: date | None = None  # PhD: the last day of the academic year of readmission


@dataclass(frozen=True)
class Case:
    """The facts of one transfer or readmission, as the case, the transcript and the calendar hold them.

    ``on``: the day the move is decided (the rector's decision, TR-4); for an outgoing case, the day
    the student applies — EKTU then has 3 working days (TR-6), which may run past the vacation.
    ``vacations``: the academic calendar's summer and winter vacations.
    """

    kind: str
    on: date
    vacations: Sequence[Vacation]
    next_period_starts: date
    first_period_completed: bool              # TR-2
    funding: str                              # the student's funding now (CR-6)
    requested: str = PAID                     # KEEP_GRANT or PAID
    same_group: bool = False                  # TR-5: the new programme is in the same group
    leaves_creative_group: bool = False       # TR-5: from a creative group to another group
    unt_score: int | None = None
    unt_threshold: int | None = None
    medical_commission: bool = False          # TR-5: the commission's conclusion forbids the programme
    vacant_grant_place: bool = False          # TR-5: a vacant grant place of the new programme exists
    from_foreign_university: bool = False     # TR-1 exception
    kazakh_citizen_or_kandas: bool = False    # TR-1 exception
    emergency_in_country_of_study: bool = False  # TR-1 exception: emergency, war, armed conflict
    readmission: Readmission | None = None    # TR-8, for READMISSION only


def decision_window(next_period_starts: date) -> tuple[date, date]:
    """TR-4: the rector decides within the five days before the next period — first and last day."""
    return (next_period_starts - timedelta(days=DECISION_WINDOW_DAYS), next_period_starts - timedelta(days=1))


def emergency_exception(case: Case) -> bool:
    """TR-1: Kazakh citizens and kandas from foreign universities, in an emergency, war or armed conflict
    in the country of study, move during the year."""
    return (case.kind in (INCOMING, READMISSION) and case.from_foreign_university
            and case.kazakh_citizen_or_kandas and case.emergency_in_country_of_study)


def non_payment_route(case: Case) -> bool:
    """TR-8: expelled for non-payment, debt paid, within four weeks of expulsion (the 28th day included)."""
    r = case.readmission
    return (case.kind == READMISSION and r is not None and r.reason == NON_PAYMENT and r.debt_paid
            and r.expelled_on <= case.on <= r.expelled_on + NON_PAYMENT_WINDOW)


def _timing(case: Case) -> list[str]:
    """TR-1, TR-4 (and TR-8's four weeks): the move happens in the vacation, decided in the window."""
    if emergency_exception(case) or non_payment_route(case):
        return []
    reasons = []
    if not any(case.on in vacation for vacation in case.vacations):
        reasons.append(OUTSIDE_VACATION)
    first, last = decision_window(case.next_period_starts)
    if case.kind != OUTGOING and not first <= case.on <= last:  # TR-6 governs outgoing decisions
        reasons.append(OUTSIDE_DECISION_WINDOW)
    r = case.readmission
    if reasons and case.kind == READMISSION and r is not None and r.reason == NON_PAYMENT and r.debt_paid:
        reasons.append(NON_PAYMENT_FOUR_WEEKS_PASSED)  # say why the during-the-year route is closed
    return reasons


def _medical_move(case: Case) -> bool:
    """TR-5: a grant holder whom the medical commission forbids the programme moves on a grant."""
    return case.kind == BETWEEN_PROGRAMMES and case.medical_commission and case.funding == GRANT


def _funding(case: Case) -> list[str]:
    """TR-5, TR-8: on what basis the student may move."""
    reasons = []
    if case.leaves_creative_group and case.kind != READMISSION and (
            case.unt_score is None or case.unt_threshold is None or case.unt_score < case.unt_threshold):
        reasons.append(UNT_BELOW_THRESHOLD)
    if case.requested != KEEP_GRANT:
        return reasons
    if case.kind == READMISSION:
        reasons.append(READMISSION_PAID_ONLY)
    elif case.funding == PAID:
        reasons.append(NO_GRANT_TO_KEEP)
    elif case.kind == BETWEEN_PROGRAMMES:
        if _medical_move(case):
            if not case.vacant_grant_place:
                reasons.append(NO_VACANT_GRANT_PLACE)
        elif not case.same_group:
            reasons.append(BETWEEN_PROGRAMMES_PAID_ONLY)
    elif case.funding == TARGETED:  # to or from another university
        reasons.append(TARGETED_PAID_ONLY)
    return reasons


def _readmission(case: Case) -> list[str]:
    """TR-8: the reasons tied to why the student was expelled."""
    r = case.readmission
    if case.kind != READMISSION or r is None:
        return []
    reasons = []
    if r.reason == ACADEMIC_DISHONESTY:
        reasons.append(ACADEMIC_DISHONESTY_NEVER)  # never, whatever the window
    if r.reason == NON_PAYMENT and not r.debt_paid:
        reasons.append(NON_PAYMENT_DEBT_NOT_PAID)
    if r.reason == MILITARY_SERVICE and r.requested_course != r.course_at_expulsion:
        reasons.append(MILITARY_SERVICE_SAME_COURSE)
    if r.reason == PHD_NOT_DEFENDED and r.already_readmitted_to_defend:
        reasons.append(PHD_ONE_YEAR_ONLY)
    return reasons


def refusals(case: Case) -> tuple[str, ...]:
    """Every reason the case cannot go ahead on ``case.on``, in the order of ``REFUSALS``."""
    found = set(_timing(case))
    if not case.first_period_completed:
        found.add(FIRST_PERIOD_NOT_COMPLETED)  # TR-2
    found.update(_funding(case))
    found.update(_readmission(case))
    return tuple(code for code in REFUSALS if code in found)


def funding_after(case: Case) -> str:
    """TR-5, TR-8: what the student studies on once moved (for a case that ``refusals`` lets through).

    Readmission is paid; the medical commission's move of a grant holder is to a vacant grant place;
    a grant (or targeted place, whose order is also per group) stays within the group of programmes;
    a grant holder keeps the grant at or from another university if they ask to; the rest pay.
    """
    if case.kind == READMISSION or case.requested != KEEP_GRANT or case.funding == PAID:
        return ENDS_PAID
    if case.kind == BETWEEN_PROGRAMMES:
        if _medical_move(case):
            return VACANT_GRANT_PLACE
        return KEEPS_GRANT if case.same_group else ENDS_PAID
    return KEEPS_GRANT if case.funding == GRANT else ENDS_PAID


def readmitted_until(case: Case) -> date | None:
    """TR-8: a PhD student who did not defend is readmitted for one academic year only — its last day;
    None when the readmission has no end of its own."""
    r = case.readmission
    if case.kind == READMISSION and r is not None and r.reason == PHD_NOT_DEFENDED:
        return r.academic_year_ends
    return None


# --- deadlines (TR-6, TR-7) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """The dated steps of a case so far (None: not yet)."""

    kind: str
    applied_on: date | None = None
    decided_on: date | None = None
    receiving_request_on: date | None = None   # outgoing: the receiving university's request
    expulsion_order_on: date | None = None     # outgoing: "expelled in connection with transfer to …"
    file_sent_on: date | None = None           # outgoing: the personal file sent
    order_on: date | None = None               # incoming: the transfer order


@dataclass(frozen=True)
class Deadline:
    code: str
    counted_from: date
    due: date                  # the last allowed day
    done_on: date | None


def _steps(progress: Progress) -> tuple[tuple[str, date | None, date | None], ...]:
    """(deadline, the step it counts from, the step that meets it) for the case's kind."""
    if progress.kind == OUTGOING:
        return ((OUTGOING_DECISION, progress.applied_on, progress.decided_on),
                (EXPULSION_ORDER, progress.receiving_request_on, progress.expulsion_order_on),
                (PERSONAL_FILE, progress.expulsion_order_on, progress.file_sent_on))
    if progress.kind == INCOMING:
        return ((INCOMING_ORDER, progress.decided_on, progress.order_on),)
    return ()


def due_dates(progress: Progress, days_off: Container[date]) -> tuple[Deadline, ...]:
    """TR-6, TR-7: each deadline whose step it counts from has happened, due N working days after it
    (the step's own day not counted, CR-5)."""
    return tuple(Deadline(code, start, add_working_days(start, WORKING_DAYS[code], days_off), done)
                 for code, start, done in _steps(progress) if start is not None)


def overdue(progress: Progress, today: date, days_off: Container[date]) -> tuple[str, ...]:
    """The deadlines not met by ``today`` whose last allowed day has passed."""
    return tuple(d.code for d in due_dates(progress, days_off)
                 if today > d.due and (d.done_on is None or d.done_on > today))

