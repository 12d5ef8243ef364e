"""RG-6: the individual study plan (IUP, ЖОЖ) and the steps it goes through.

The student submits the plan formed from their registrations; the adviser approves it or
returns it with a comment; the dean approves it (or returns it). A change of the
registrations after submission (the drop-off period, RG-2) sends the plan back to a draft:
what was signed is no longer what the student studies, so it is approved again.

Pure: the service loads the plan's status and the facts, this module decides.
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
ADVISER_APPROVED = "adviser_approved"
APPROVED = "approved"
STATUSES = (DRAFT, SUBMITTED, RETURNED, ADVISER_APPROVED, APPROVED)

SUBMIT = "submit"
ADVISER_APPROVE = "adviser_approve"
ADVISER_RETURN = "adviser_return"
DEAN_APPROVE = "dean_approve"
DEAN_RETURN = "dean_return"

# (step, from) → to. Anything else is refused with ``plan_step_not_allowed``.
TRANSITIONS: dict[tuple[str, str], str] = {
    (SUBMIT, DRAFT): SUBMITTED,
    (SUBMIT, RETURNED): SUBMITTED,
    (ADVISER_APPROVE, SUBMITTED): ADVISER_APPROVED,
    (ADVISER_RETURN, SUBMITTED): RETURNED,
    (DEAN_APPROVE, ADVISER_APPROVED): APPROVED,
    (DEAN_RETURN, ADVISER_APPROVED): RETURNED,
}
RETURNS = (ADVISER_RETURN, DEAN_RETURN)

# Refusal codes (stable, shown as problem details).
STEP_NOT_ALLOWED = "plan_step_not_allowed"
COMMENT_REQUIRED = "comment_required"
PLAN_EMPTY = "plan_empty"
WAITLIST_PENDING = "waitlist_pending"
OVER_CREDIT_LIMIT = "credit_limit"
REGISTRATION_CLOSED = "registration_closed"


@dataclass(frozen=True)
class PlanFacts:
    """What the student's registrations for the period are at the moment of submission."""

    enrolled_credits: int
    enrolled_count: int
    waitlisted_count: int
    credit_limit: int
    window_open: bool


def next_status(step: str, status: str) -> str | None:
    """The status a step leads to, or None when the step is not allowed from ``status``."""
    return TRANSITIONS.get((step, status))


def step_problems(step: str, status: str, comment: str = "") -> list[str]:
    """Why a step cannot be taken: wrong status, or a return without a reason to act on."""
    problems = []
    if next_status(step, status) is None:
        problems.append(STEP_NOT_ALLOWED)
    if step in RETURNS and not comment.strip():
        problems.append(COMMENT_REQUIRED)
    return problems


def submission_problems(facts: PlanFacts) -> list[str]:
    """RG-6/RG-2: a plan is submitted while registration (or drop-off) is open, with at least one
    discipline, within the credit limit, and with no wait-list place still undecided (the plan
    must say what the student will actually study)."""
    problems = []
    if not facts.window_open:
        problems.append(REGISTRATION_CLOSED)
    if facts.enrolled_count == 0:
        problems.append(PLAN_EMPTY)
    if facts.waitlisted_count:
        problems.append(WAITLIST_PENDING)
    if facts.enrolled_credits > facts.credit_limit:
        problems.append(OVER_CREDIT_LIMIT)
    return problems


def after_registration_change(status: str) -> str:
    """RG-6/RG-2: changing the registrations of a plan under review or approved makes it a draft
    again (to be re-submitted and re-approved); a draft or returned plan stays as it is."""
    return DRAFT if status in (SUBMITTED, ADVISER_APPROVED, APPROVED) else status
