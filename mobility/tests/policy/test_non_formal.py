"""NF-1 … NF-4 at their edges — no database. Expected values come from the rules' own numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from mobility.policy.non_formal import (
    ALREADY_MASTERED,
    DISCIPLINE_PERIOD_PASSED,
    OVER_CAP,
    TOO_LATE,
    VOLUME_SHORT,
    NonFormalRequest,
    latest_filing_day,
    refusal_reasons,
)

# A 5-credit discipline of semester 3, asked for the period of semester 3 starting on 1 September,
# with 150 hours of certificates (5 × 30), nothing recognized yet, a 240-credit programme (limit 36).
FINE = NonFormalRequest(submitted_on=date(2026, 8, 22), period_starts=date(2026, 9, 1), period_semester=3,
                        discipline_semester=3, discipline_credits=5, certificate_hours=Decimal(150),
                        programme_limit=36, credits_taken=0)


def test_a_request_within_every_rule_is_accepted() -> None:
    assert refusal_reasons(FINE) == ()


@pytest.mark.parametrize(("submitted_on", "late"), [
    (date(2026, 8, 22), False),  # exactly 10 days before 1 September (NF-4: "at least 10 days")
    (date(2026, 8, 23), True),   # 9 days before
    (date(2026, 9, 1), True),    # the first day of the period
    (date(2026, 6, 1), False),
])
def test_nf4_ten_days_before_the_period(submitted_on: date, late: bool) -> None:
    assert (TOO_LATE in refusal_reasons(replace(FINE, submitted_on=submitted_on))) is late
    assert latest_filing_day(date(2026, 9, 1)) == date(2026, 8, 22)


@pytest.mark.parametrize(("discipline_semester", "passed"), [(2, True), (3, False), (5, False)])
def test_nf1_only_in_the_disciplines_period_or_before(discipline_semester: int, passed: bool) -> None:
    reasons = refusal_reasons(replace(FINE, discipline_semester=discipline_semester))
    assert (DISCIPLINE_PERIOD_PASSED in reasons) is passed


@pytest.mark.parametrize(("hours", "short"), [(Decimal(150), False), (Decimal("149.5"), True),
                                              (Decimal(200), False), (Decimal(0), True)])
def test_nf3_whole_discipline_by_thirty_hours_a_credit(hours: Decimal, short: bool) -> None:
    assert (VOLUME_SHORT in refusal_reasons(replace(FINE, certificate_hours=hours))) is short


@pytest.mark.parametrize(("limit", "taken", "credits", "over"), [
    (36, 31, 5, False),  # 240 credits: 36 allowed, 31 + 5 = 36 exactly
    (36, 32, 5, True),   # 37 > 36
    (45, 40, 5, False),  # 300 credits: 45 allowed
    (45, 41, 5, True),
])
def test_nf2_fifteen_percent_at_its_edge(limit: int, taken: int, credits: int, over: bool) -> None:
    request = replace(FINE, programme_limit=limit, credits_taken=taken, discipline_credits=credits,
                      certificate_hours=Decimal(credits * 30))
    assert (OVER_CAP in refusal_reasons(request)) is over


def test_every_reason_is_named_at_once() -> None:
    request = replace(FINE, submitted_on=date(2026, 8, 30), discipline_semester=1,
                      certificate_hours=Decimal(10), credits_taken=36, mastered=True)
    assert refusal_reasons(request) == (TOO_LATE, DISCIPLINE_PERIOD_PASSED, VOLUME_SHORT, OVER_CAP,
                                        ALREADY_MASTERED)
