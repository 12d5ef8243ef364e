"""RG-6: the study plan's steps, decided without a database."""

from __future__ import annotations

import pytest

from registration.policy import study_plan as sp

ALL_STEPS = (sp.SUBMIT, sp.ADVISER_APPROVE, sp.ADVISER_RETURN, sp.DEAN_APPROVE, sp.DEAN_RETURN)
ALLOWED = {
    (sp.SUBMIT, sp.DRAFT): sp.SUBMITTED, (sp.SUBMIT, sp.RETURNED): sp.SUBMITTED,
    (sp.ADVISER_APPROVE, sp.SUBMITTED): sp.ADVISER_APPROVED, (sp.ADVISER_RETURN, sp.SUBMITTED): sp.RETURNED,
    (sp.DEAN_APPROVE, sp.ADVISER_APPROVED): sp.APPROVED, (sp.DEAN_RETURN, sp.ADVISER_APPROVED): sp.RETURNED,
}


@pytest.mark.parametrize("status", sp.STATUSES)
@pytest.mark.parametrize("step", ALL_STEPS)
def test_every_step_from_every_status(step: str, status: str) -> None:
    """The dean never approves what the adviser has not; nothing approved is submitted twice."""
    assert sp.next_status(step, status) == ALLOWED.get((step, status))
    problems = sp.step_problems(step, status, comment="why")
    assert (sp.STEP_NOT_ALLOWED in problems) == ((step, status) not in ALLOWED)


@pytest.mark.parametrize(("step", "comment", "refused"), [
    (sp.ADVISER_RETURN, "", True), (sp.ADVISER_RETURN, "   ", True),
    (sp.ADVISER_RETURN, "Add WEB2202", False),
    (sp.DEAN_RETURN, "", True), (sp.ADVISER_APPROVE, "", False), (sp.DEAN_APPROVE, "", False),
])
def test_a_return_needs_a_comment(step: str, comment: str, refused: bool) -> None:
    status = sp.SUBMITTED if step.startswith("adviser") else sp.ADVISER_APPROVED
    assert (sp.COMMENT_REQUIRED in sp.step_problems(step, status, comment)) is refused


def facts(**changes: object) -> sp.PlanFacts:
    base = {"enrolled_credits": 20, "enrolled_count": 4, "waitlisted_count": 0, "credit_limit": 36,
            "window_open": True}
    return sp.PlanFacts(**{**base, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, []),
    ({"window_open": False}, [sp.REGISTRATION_CLOSED]),
    ({"enrolled_count": 0, "enrolled_credits": 0}, [sp.PLAN_EMPTY]),
    ({"waitlisted_count": 1}, [sp.WAITLIST_PENDING]),
    ({"enrolled_credits": 36}, []),
    ({"enrolled_credits": 37}, [sp.OVER_CREDIT_LIMIT]),
    ({"window_open": False, "waitlisted_count": 2, "enrolled_credits": 40},
     [sp.REGISTRATION_CLOSED, sp.WAITLIST_PENDING, sp.OVER_CREDIT_LIMIT]),
])
def test_what_a_submission_needs(changes: dict[str, object], expected: list[str]) -> None:
    assert sp.submission_problems(facts(**changes)) == expected


@pytest.mark.parametrize(("status", "after"), [
    (sp.DRAFT, sp.DRAFT), (sp.RETURNED, sp.RETURNED), (sp.SUBMITTED, sp.DRAFT),
    (sp.ADVISER_APPROVED, sp.DRAFT), (sp.APPROVED, sp.DRAFT),
])
def test_changed_registrations_need_approval_again(status: str, after: str) -> None:
    assert sp.after_registration_change(status) == after
