"""§12 by hand: every window and refusal at its edge (the last allowed day, the first refused day), and
TR-6/TR-7 deadlines in working days across Kazakh holidays.

The calendar of these tests (2026/2027): summer vacation 1 July – 31 August 2026, the autumn semester
from Tuesday 1 September 2026, winter vacation Monday 4 – Sunday 24 January 2027, the spring semester
from Monday 25 January 2027. Days off are built here (CR-5), never in the policy.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mobility.policy.transfers import (
    ACADEMIC_DISHONESTY,
    ACADEMIC_DISHONESTY_NEVER,
    BETWEEN_PROGRAMMES,
    BETWEEN_PROGRAMMES_PAID_ONLY,
    ENDS_PAID,
    EXPULSION_ORDER,
    FIRST_PERIOD_NOT_COMPLETED,
    GRANT,
    INCOMING,
    INCOMING_ORDER,
    KEEP_GRANT,
    KEEPS_GRANT,
    MILITARY_SERVICE,
    MILITARY_SERVICE_SAME_COURSE,
    NO_GRANT_TO_KEEP,
    NO_VACANT_GRANT_PLACE,
    NON_PAYMENT,
    NON_PAYMENT_DEBT_NOT_PAID,
    NON_PAYMENT_FOUR_WEEKS_PASSED,
    OTHER_REASON,
    OUTGOING,
    OUTGOING_DECISION,
    OUTSIDE_DECISION_WINDOW,
    OUTSIDE_VACATION,
    PAID,
    PERSONAL_FILE,
    PHD_NOT_DEFENDED,
    PHD_ONE_YEAR_ONLY,
    READMISSION,
    READMISSION_PAID_ONLY,
    TARGETED,
    TARGETED_PAID_ONLY,
    THEORY_NOT_DEFENDED,
    UNT_BELOW_THRESHOLD,
    VACANT_GRANT_PLACE,
    Case,
    Progress,
    Readmission,
    Vacation,
    decision_window,
    due_dates,
    funding_after,
    overdue,
    readmitted_until,
    refusals,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


SUMMER = Vacation(d("2026-07-01"), d("2026-08-31"))
WINTER = Vacation(d("2027-01-04"), d("2027-01-24"))
AUTUMN_STARTS = d("2026-09-01")
SPRING_STARTS = d("2027-01-25")
MID_AUTUMN = d("2026-10-15")  # in the middle of the autumn semester

# CR-5: Kazakhstan's public holidays of 2026/2027 as the brief lists them (no moved days off).
DAYS_OFF = frozenset({
    d("2026-07-06"), d("2026-08-30"), d("2026-10-25"), d("2026-12-16"), d("2026-12-17"),
    d("2027-01-01"), d("2027-01-02"), d("2027-01-07"), d("2027-03-08"),
    d("2027-03-21"), d("2027-03-22"), d("2027-03-23"), d("2027-05-01"), d("2027-05-07"), d("2027-05-09"),
})

# A paid student moving to another programme, decided on Friday 22 January 2027: inside the winter
# vacation and inside TR-4's window (20–24 January) — nothing stands in the way.
BASE = Case(kind=BETWEEN_PROGRAMMES, on=d("2027-01-22"), vacations=(SUMMER, WINTER),
            next_period_starts=SPRING_STARTS, first_period_completed=True, funding=PAID)
READMIT = replace(BASE, kind=READMISSION, readmission=Readmission(OTHER_REASON, d("2026-05-10")))


def test_a_case_with_nothing_against_it_is_not_refused() -> None:
    assert refusals(BASE) == ()
    assert refusals(READMIT) == ()


# --- TR-4: the five days before the next period ---------------------------------------------------


@pytest.mark.parametrize(("next_starts", "window"), [
    # 25 January minus 5 days = 20 January; the last day is the eve of the period, 24 January.
    (SPRING_STARTS, (d("2027-01-20"), d("2027-01-24"))),
    # 1 September minus 5 days = 27 August (30 August, a holiday, is still a calendar day of it).
    (AUTUMN_STARTS, (d("2026-08-27"), d("2026-08-31"))),
])
def test_the_rectors_decision_window(next_starts: date, window: tuple[date, date]) -> None:
    assert decision_window(next_starts) == window


@pytest.mark.parametrize(("kind", "on", "next_starts", "expected"), [
    (BETWEEN_PROGRAMMES, "2027-01-19", SPRING_STARTS, (OUTSIDE_DECISION_WINDOW,)),  # the day before
    (BETWEEN_PROGRAMMES, "2027-01-20", SPRING_STARTS, ()),                          # first allowed
    (BETWEEN_PROGRAMMES, "2027-01-24", SPRING_STARTS, ()),                          # last allowed
    # The period has begun: out of the vacation (TR-1) and out of the window (TR-4).
    (BETWEEN_PROGRAMMES, "2027-01-25", SPRING_STARTS, (OUTSIDE_VACATION, OUTSIDE_DECISION_WINDOW)),
    (INCOMING, "2026-08-26", AUTUMN_STARTS, (OUTSIDE_DECISION_WINDOW,)),
    (INCOMING, "2026-08-27", AUTUMN_STARTS, ()),
    (INCOMING, "2026-08-30", AUTUMN_STARTS, ()),  # Constitution Day: TR-4 counts calendar days
    (INCOMING, "2026-08-31", AUTUMN_STARTS, ()),
    (INCOMING, "2026-09-01", AUTUMN_STARTS, (OUTSIDE_VACATION, OUTSIDE_DECISION_WINDOW)),
    (READMISSION, "2027-01-19", SPRING_STARTS, (OUTSIDE_DECISION_WINDOW,)),
    (READMISSION, "2027-01-20", SPRING_STARTS, ()),
])
def test_decided_within_five_days_before_the_next_period(kind: str, on: str, next_starts: date,
                                                         expected: tuple[str, ...]) -> None:
    case = replace(READMIT if kind == READMISSION else BASE, kind=kind, on=d(on),
                   next_period_starts=next_starts)
    assert refusals(case) == expected


# --- TR-1: only in the vacations (outgoing: TR-4 does not bind, so TR-1 shows alone) ---------------


@pytest.mark.parametrize(("on", "expected"), [
    ("2026-06-30", (OUTSIDE_VACATION,)),  # the eve of the summer vacation
    ("2026-07-01", ()),                   # its first day
    ("2026-08-31", ()),                   # its last day
    ("2026-09-01", (OUTSIDE_VACATION,)),  # the autumn semester's first day
    ("2027-01-03", (OUTSIDE_VACATION,)),
    ("2027-01-04", ()),
    ("2027-01-24", ()),
    ("2027-01-25", (OUTSIDE_VACATION,)),
])
def test_transfers_happen_only_in_the_vacations(on: str, expected: tuple[str, ...]) -> None:
    assert refusals(replace(BASE, kind=OUTGOING, on=d(on))) == expected


EMERGENCY = replace(BASE, kind=INCOMING, on=MID_AUTUMN, from_foreign_university=True,
                    kazakh_citizen_or_kandas=True, emergency_in_country_of_study=True)


@pytest.mark.parametrize("case", [
    EMERGENCY, replace(EMERGENCY, kind=READMISSION, readmission=READMIT.readmission),
])
def test_the_emergency_exception_moves_a_kazakh_citizen_from_abroad_during_the_year(case: Case) -> None:
    assert refusals(case) == ()


@pytest.mark.parametrize("case", [
    replace(EMERGENCY, from_foreign_university=False),        # from a Kazakh university
    replace(EMERGENCY, kazakh_citizen_or_kandas=False),       # a foreign citizen
    replace(EMERGENCY, emergency_in_country_of_study=False),  # no emergency, war or conflict
    replace(EMERGENCY, kind=BETWEEN_PROGRAMMES),              # inside EKTU: no exception
])
def test_without_every_condition_of_the_exception_the_vacation_rules_apply(case: Case) -> None:
    assert refusals(case) == (OUTSIDE_VACATION, OUTSIDE_DECISION_WINDOW)


# --- TR-2 and every reason at once ---------------------------------------------------------------


@pytest.mark.parametrize("kind", [BETWEEN_PROGRAMMES, INCOMING, OUTGOING, READMISSION])
def test_the_first_academic_period_must_be_completed(kind: str) -> None:
    case = replace(READMIT if kind == READMISSION else BASE, kind=kind, first_period_completed=False)
    assert refusals(case) == (FIRST_PERIOD_NOT_COMPLETED,)


def test_every_reason_is_given_at_once() -> None:
    case = replace(BASE, on=MID_AUTUMN, first_period_completed=False, funding=GRANT, requested=KEEP_GRANT,
                   leaves_creative_group=True, unt_score=40, unt_threshold=65)
    assert refusals(case) == (OUTSIDE_VACATION, FIRST_PERIOD_NOT_COMPLETED, OUTSIDE_DECISION_WINDOW,
                              BETWEEN_PROGRAMMES_PAID_ONLY, UNT_BELOW_THRESHOLD)


# --- TR-5: funding ------------------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "expected", "ends_with"), [
    # Between programmes: a grant stays inside its group of programmes, elsewhere the student pays.
    ({"funding": GRANT, "requested": KEEP_GRANT, "same_group": True}, (), KEEPS_GRANT),
    ({"funding": GRANT, "requested": KEEP_GRANT}, (BETWEEN_PROGRAMMES_PAID_ONLY,), None),
    ({"funding": GRANT, "requested": PAID}, (), ENDS_PAID),
    ({"funding": PAID, "requested": KEEP_GRANT, "same_group": True}, (NO_GRANT_TO_KEEP,), None),
    # Medical commission: a grant holder goes to a vacant grant place of another group's programme.
    ({"funding": GRANT, "requested": KEEP_GRANT, "medical_commission": True, "vacant_grant_place": True},
     (), VACANT_GRANT_PLACE),
    ({"funding": GRANT, "requested": KEEP_GRANT, "medical_commission": True},
     (NO_VACANT_GRANT_PLACE,), None),
    ({"funding": PAID, "requested": KEEP_GRANT, "medical_commission": True, "vacant_grant_place": True},
     (NO_GRANT_TO_KEEP,), None),
    # To or from another university: a grant moves with the student; a targeted place does not.
    ({"kind": OUTGOING, "funding": GRANT, "requested": KEEP_GRANT}, (), KEEPS_GRANT),
    ({"kind": INCOMING, "funding": GRANT, "requested": KEEP_GRANT}, (), KEEPS_GRANT),
    ({"kind": OUTGOING, "funding": TARGETED, "requested": KEEP_GRANT}, (TARGETED_PAID_ONLY,), None),
    ({"kind": INCOMING, "funding": TARGETED, "requested": KEEP_GRANT}, (TARGETED_PAID_ONLY,), None),
    ({"kind": OUTGOING, "funding": TARGETED, "requested": PAID}, (), ENDS_PAID),
    ({"kind": INCOMING, "funding": PAID, "requested": KEEP_GRANT}, (NO_GRANT_TO_KEEP,), None),
])
def test_funding_of_a_transfer(changes: dict[str, object], expected: tuple[str, ...],
                               ends_with: str | None) -> None:
    case = replace(BASE, **changes)  # type: ignore[arg-type]
    assert refusals(case) == expected
    if ends_with is not None:
        assert funding_after(case) == ends_with


@pytest.mark.parametrize(("kind", "score", "expected"), [
    (BETWEEN_PROGRAMMES, 65, ()),                     # exactly the threshold: allowed
    (BETWEEN_PROGRAMMES, 64, (UNT_BELOW_THRESHOLD,)),  # one point below
    (BETWEEN_PROGRAMMES, None, (UNT_BELOW_THRESHOLD,)),  # no UNT certificate
    (OUTGOING, 64, (UNT_BELOW_THRESHOLD,)),
    (OUTGOING, 65, ()),
])
def test_leaving_a_creative_group_needs_the_unt_threshold(kind: str, score: int | None,
                                                          expected: tuple[str, ...]) -> None:
    case = replace(BASE, kind=kind, leaves_creative_group=True, unt_score=score, unt_threshold=65)
    assert refusals(case) == expected


# --- TR-8: readmission --------------------------------------------------------------------------


def readmission(reason: str, on: str = "2027-01-22", **facts: object) -> Case:
    expelled = facts.pop("expelled_on", d("2026-05-10"))
    return replace(READMIT, on=d(on), readmission=Readmission(reason, expelled, **facts))  # type: ignore[arg-type]


def test_readmission_is_paid_only() -> None:
    case = replace(READMIT, funding=GRANT, requested=KEEP_GRANT)
    assert refusals(case) == (READMISSION_PAID_ONLY,)
    assert funding_after(replace(READMIT, funding=GRANT)) == ENDS_PAID


@pytest.mark.parametrize(("on", "expected"), [
    ("2027-01-22", (ACADEMIC_DISHONESTY_NEVER,)),  # inside every window: still never
    ("2026-10-15", (OUTSIDE_VACATION, OUTSIDE_DECISION_WINDOW, ACADEMIC_DISHONESTY_NEVER)),
])
def test_never_after_expulsion_for_academic_dishonesty(on: str, expected: tuple[str, ...]) -> None:
    assert refusals(readmission(ACADEMIC_DISHONESTY, on)) == expected


# Expelled for non-payment on Monday 5 October 2026: four weeks = 28 days → Monday 2 November 2026 is
# the last day of the during-the-year route; from Tuesday 3 November the vacation rules apply again.
@pytest.mark.parametrize(("on", "debt_paid", "expected"), [
    ("2026-10-05", True, ()),
    ("2026-11-02", True, ()),
    ("2026-11-03", True, (OUTSIDE_VACATION, OUTSIDE_DECISION_WINDOW, NON_PAYMENT_FOUR_WEEKS_PASSED)),
    ("2026-10-20", False, (OUTSIDE_VACATION, OUTSIDE_DECISION_WINDOW, NON_PAYMENT_DEBT_NOT_PAID)),
    # After the four weeks, in the rector's window, readmitted as anyone else (§12.3).
    ("2027-01-22", True, ()),
    ("2027-01-22", False, (NON_PAYMENT_DEBT_NOT_PAID,)),
])
def test_expelled_for_non_payment_within_four_weeks_once_the_debt_is_paid(
        on: str, debt_paid: bool, expected: tuple[str, ...]) -> None:
    case = readmission(NON_PAYMENT, on, expelled_on=d("2026-10-05"), debt_paid=debt_paid)
    assert refusals(case) == expected


@pytest.mark.parametrize(("requested_course", "expected"), [
    (2, ()), (3, (MILITARY_SERVICE_SAME_COURSE,)), (1, (MILITARY_SERVICE_SAME_COURSE,)),
])
def test_military_service_to_the_same_course(requested_course: int, expected: tuple[str, ...]) -> None:
    case = readmission(MILITARY_SERVICE, course_at_expulsion=2, requested_course=requested_course)
    assert refusals(case) == expected


@pytest.mark.parametrize(("on", "expected"), [
    ("2027-01-19", (OUTSIDE_DECISION_WINDOW,)), ("2027-01-20", ()), ("2027-01-24", ()),
    ("2027-01-25", (OUTSIDE_VACATION, OUTSIDE_DECISION_WINDOW)),
])
def test_theory_finished_not_defended_within_five_days_before_the_period(on: str,
                                                                         expected: tuple[str, ...]) -> None:
    assert refusals(readmission(THEORY_NOT_DEFENDED, on)) == expected


def test_a_phd_student_who_did_not_defend_is_readmitted_for_one_academic_year() -> None:
    case = readmission(PHD_NOT_DEFENDED, academic_year_ends=d("2027-06-30"))
    assert refusals(case) == ()
    assert readmitted_until(case) == d("2027-06-30")
    assert refusals(readmission(PHD_NOT_DEFENDED, already_readmitted_to_defend=True)) == (PHD_ONE_YEAR_ONLY,)
    assert readmitted_until(readmission(OTHER_REASON)) is None


# --- TR-6, TR-7: deadlines in working days --------------------------------------------------------


@pytest.mark.parametrize(("progress", "expected"), [
    # Applied Mon 14 Dec 2026: Tue 15 (1); 16–17 Independence Day; Fri 18 (2); Mon 21 (3).
    (Progress(OUTGOING, applied_on=d("2026-12-14")), [(OUTGOING_DECISION, d("2026-12-21"))]),
    # Request Wed 30 Dec: Thu 31 (1); 1 Jan holiday, 2–3 weekend; Mon 4 (2); Tue 5 (3).
    # Order Tue 5 Jan: Wed 6 (1); 7 Jan Christmas; Fri 8 (2); Mon 11 (3).
    (Progress(OUTGOING, applied_on=d("2026-10-05"), decided_on=d("2026-10-06"),
              receiving_request_on=d("2026-12-30"), expulsion_order_on=d("2027-01-05")),
     [(OUTGOING_DECISION, d("2026-10-08")),  # Tue 6, Wed 7, Thu 8: no holiday between
      (EXPULSION_ORDER, d("2027-01-05")), (PERSONAL_FILE, d("2027-01-11"))]),
    # Applied Wed 5 May 2027: Thu 6 (1); 7 May Defender's Day; Mon 10 (2); Tue 11 (3).
    (Progress(OUTGOING, applied_on=d("2027-05-05")), [(OUTGOING_DECISION, d("2027-05-11"))]),
    # Decided Thu 18 Mar 2027: Fri 19 (1); 22–23 Nauryz; Wed 24 (2), Thu 25 (3), Fri 26 (4), Mon 29 (5).
    (Progress(INCOMING, decided_on=d("2027-03-18")), [(INCOMING_ORDER, d("2027-03-29"))]),
    # Decided Thu 29 Apr 2027: Fri 30 (1); 1 May a Saturday; Mon 3 (2) … Thu 6 (5).
    (Progress(INCOMING, decided_on=d("2027-04-29")), [(INCOMING_ORDER, d("2027-05-06"))]),
    (Progress(INCOMING), []),  # not decided yet: nothing to count from
    (Progress(READMISSION, applied_on=d("2027-01-20"), decided_on=d("2027-01-21")), []),
])
def test_due_dates(progress: Progress, expected: list[tuple[str, date]]) -> None:
    assert [(x.code, x.due) for x in due_dates(progress, DAYS_OFF)] == expected


def test_without_the_holidays_the_due_date_would_be_earlier() -> None:
    # Mon 14 Dec with no days off: Tue 15, Wed 16, Thu 17 — the holidays above push it to Mon 21.
    assert due_dates(Progress(OUTGOING, applied_on=d("2026-12-14")), frozenset())[0].due == d("2026-12-17")


@pytest.mark.parametrize(("progress", "today", "expected"), [
    (Progress(OUTGOING, applied_on=d("2026-12-14")), "2026-12-21", ()),  # the last allowed day
    (Progress(OUTGOING, applied_on=d("2026-12-14")), "2026-12-22", (OUTGOING_DECISION,)),
    (Progress(OUTGOING, applied_on=d("2026-12-14"), decided_on=d("2026-12-21")), "2026-12-22", ()),
    # Decided later than ``today``: not yet decided on that day.
    (Progress(OUTGOING, applied_on=d("2026-12-14"), decided_on=d("2026-12-23")), "2026-12-22",
     (OUTGOING_DECISION,)),
    (Progress(OUTGOING, applied_on=d("2026-12-14"), decided_on=d("2026-12-15"),
              receiving_request_on=d("2026-12-30")), "2027-01-05", ()),
    (Progress(OUTGOING, applied_on=d("2026-12-14"), decided_on=d("2026-12-15"),
              receiving_request_on=d("2026-12-30")), "2027-01-06", (EXPULSION_ORDER,)),
    (Progress(OUTGOING, applied_on=d("2026-12-14"), decided_on=d("2026-12-15"),
              receiving_request_on=d("2026-12-30"), expulsion_order_on=d("2027-01-05")), "2027-01-11", ()),
    (Progress(OUTGOING, applied_on=d("2026-12-14"), decided_on=d("2026-12-15"),
              receiving_request_on=d("2026-12-30"), expulsion_order_on=d("2027-01-05")), "2027-01-12",
     (PERSONAL_FILE,)),
    (Progress(INCOMING, decided_on=d("2027-03-18")), "2027-03-29", ()),
    (Progress(INCOMING, decided_on=d("2027-03-18")), "2027-03-30", (INCOMING_ORDER,)),
    (Progress(INCOMING, decided_on=d("2027-03-18"), order_on=d("2027-03-29")), "2027-04-15", ()),
])
def test_overdue_deadlines(progress: Progress, today: str, expected: tuple[str, ...]) -> None:
    assert overdue(progress, d(today), DAYS_OFF) == expected
