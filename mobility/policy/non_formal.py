"""Non-formal learning (NF-1 … NF-4): may this application be filed, and may it still be recognized?

Pure: no Django. The recount itself (whole disciplines by hours, the 15 % cap at the decision) is
grading's engine; this module decides what the portal can say when the student files the application,
so a request that can never succeed is refused with its reason before the QA commission sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# NF-4: the application reaches the QA commission's chair at least 10 days before the period starts.
NOTICE_DAYS = 10
# NF-3 / CR-1: 30 academic hours per credit when comparing volumes.
HOURS_PER_CREDIT = 30

# Why an application is refused when filed (codes; pages and the API translate them).
TOO_LATE = "too_late"
DISCIPLINE_PERIOD_PASSED = "discipline_period_passed"
VOLUME_SHORT = "volume_short"
OVER_CAP = "non_formal_cap"
ALREADY_MASTERED = "already_mastered"
REASONS = (TOO_LATE, DISCIPLINE_PERIOD_PASSED, VOLUME_SHORT, OVER_CAP, ALREADY_MASTERED)


@dataclass(frozen=True)
class NonFormalRequest:
    """One application: a whole discipline of the curriculum (NF-3) for one academic period.

    ``period_semester`` is the semester of the student's curriculum the period is (NF-1);
    ``credits_taken`` counts the non-formal credits already recognized or still pending (NF-2)."""

    submitted_on: date
    period_starts: date
    period_semester: int
    discipline_semester: int
    discipline_credits: int
    certificate_hours: Decimal
    programme_limit: int
    credits_taken: int
    mastered: bool = False


def latest_filing_day(period_starts: date) -> date:
    """NF-4: the last day an application for the period can be filed (10 days before it starts)."""
    return period_starts - timedelta(days=NOTICE_DAYS)


def refusal_reasons(request: NonFormalRequest) -> tuple[str, ...]:
    """Every reason the application cannot be filed, in a stable order; empty when it may be."""
    reasons = []
    if request.submitted_on > latest_filing_day(request.period_starts):
        reasons.append(TOO_LATE)
    # NF-1: recognized in the period where the curriculum places the discipline, or before it starts —
    # never for a discipline whose semester is already behind the period applied for.
    if request.discipline_semester < request.period_semester:
        reasons.append(DISCIPLINE_PERIOD_PASSED)
    # NF-3: only the whole discipline, so the certificates' hours must cover all of its credits.
    if request.certificate_hours < request.discipline_credits * HOURS_PER_CREDIT:
        reasons.append(VOLUME_SHORT)
    # NF-2: 15 % of the programme (36 of 240, 45 of 300) — exactly the limit is allowed.
    if request.credits_taken + request.discipline_credits > request.programme_limit:
        reasons.append(OVER_CAP)
    if request.mastered:
        reasons.append(ALREADY_MASTERED)
    return tuple(reasons)
