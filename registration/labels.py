"""Translated words for registration's codes: no raw code reaches a Kazakh or Russian page (issue 9).

The msgids already in use (the plan statuses, the short refusal reasons) are kept word for word,
so their Kazakh and Russian translations keep working.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from registration.policy import eligibility, study_plan

# RG-2, RG-3, RG-4, RG-9, CR-4, GR-11, GR-18: why a section cannot be chosen, as a row of the offer says it.
REASONS: dict[str, Promise] = {
    eligibility.REGISTRATION_CLOSED: _("registration is closed"),
    eligibility.NOT_ACTIVE: _("only active students register"),
    eligibility.NOT_IN_PLAN: _("not in your curriculum for this period"),
    eligibility.PREREQUISITE_MISSING: _("a prerequisite is not mastered"),
    eligibility.ALREADY_ENROLLED: _("you already chose this discipline"),
    eligibility.ALREADY_PASSED: _("you have already passed it"),
    eligibility.ELECTIVE_GROUP_COMPLETE: _("you already chose this elective group"),
    eligibility.CREDIT_LIMIT: _("over your credit limit"),
    eligibility.SECTION_FULL: _("full — you can join the wait list"),
}

# The same reasons as the sentence a refused request answers with (page form errors, API problem titles).
REFUSALS: dict[str, Promise] = {
    eligibility.REGISTRATION_CLOSED: _("Registration is closed (RG-2)"),
    eligibility.NOT_ACTIVE: _("Only active students register"),
    eligibility.NOT_IN_PLAN: _("The discipline is not in your curriculum for this period"),
    eligibility.PREREQUISITE_MISSING: _("A prerequisite is not mastered (RG-3)"),
    eligibility.ALREADY_ENROLLED: _("You already registered for this discipline"),
    eligibility.ALREADY_PASSED: _("You have already passed this discipline"),
    eligibility.ELECTIVE_GROUP_COMPLETE: _("You already chose this elective group's credits"),
    eligibility.CREDIT_LIMIT: _("This would pass the period's credit limit"),
    eligibility.SECTION_FULL: _("Section is full"),
    "already_dropped": _("This enrolment is already dropped."),
    "section_not_found": _("There is no such section."),
    "enrollment_not_found": _("There is no such registration."),
}

# RG-6: why a plan cannot take a step.
PLAN_REFUSALS: dict[str, Promise] = {
    study_plan.STEP_NOT_ALLOWED: _("This step is not possible in the plan's present state"),
    study_plan.COMMENT_REQUIRED: _("Say why the plan is returned"),
    study_plan.PLAN_EMPTY: _("The plan has no disciplines: register first"),
    study_plan.WAITLIST_PENDING: _("You are still on a wait list: drop it or wait for a seat"),
    study_plan.OVER_CREDIT_LIMIT: _("The plan is over the period's credit limit"),
    study_plan.REGISTRATION_CLOSED: _("Registration is closed (RG-2)"),
}

# RG-5, RG-7, RG-2: why the registrar's office request is refused.
OFFICE_REFUSALS: dict[str, Promise] = {
    "small_section_not_found": _("There is no such section under review."),
    "invalid_decision": _("Cancel the section or keep it."),
    "already_decided": _("This section is already decided."),
    "student_not_found": _("There is no student with this username."),
    "invalid_reason": _("The reason is orientation, transfer or readmission."),
    "basis_required": _("Name the order the window is based on."),
    "period_not_found": _("No period to register for."),
}

# Refusals any action may meet (the core's error classes), in the reader's words on a page.
COMMON_REFUSALS: dict[str, Promise] = {
    "permission_denied": _("You may not do this"),
    "conflict": _("The request conflicts with the current state"),
}

# An enrolment's status (academics.Enrollment.Status), as the student's offer shows it.
ENROLLMENT_STATUS: dict[str, Promise] = {
    "enrolled": _("Enrolled"),
    "waitlisted": _("On the wait list"),
    "dropped": _("Dropped"),
}

# RG-6: a plan's status, as the student, adviser and dean read it.
PLAN_STATUS: dict[str, Promise] = {
    study_plan.DRAFT: _("draft"),
    study_plan.SUBMITTED: _("with the adviser"),
    study_plan.RETURNED: _("returned for changes"),
    study_plan.ADVISER_APPROVED: _("approved by the adviser, with the dean"),
    study_plan.APPROVED: _("approved by the dean"),
}

# RG-6: the steps of a plan's history (the audit log's actions on a study plan), in the words of the
# status each step leads to; who took it is named beside it.
PLAN_STEPS: dict[str, Promise] = {
    "study_plan." + study_plan.SUBMIT: _("Submitted to the adviser"),
    "study_plan." + study_plan.ADVISER_APPROVE: _("Approved by the adviser"),
    "study_plan." + study_plan.ADVISER_RETURN: _("Returned for changes"),
    "study_plan." + study_plan.DEAN_APPROVE: _("Approved by the dean"),
    "study_plan." + study_plan.DEAN_RETURN: _("Returned for changes"),
    "study_plan.reopened": _("Registrations changed: the plan is to be approved again"),
}

# RG-5: the registrar's decision on a section under its minimum size.
SMALL_SECTION_DECISIONS: dict[str, Promise] = {
    "pending": _("Waiting for the registrar"),
    "cancelled": _("Cancelled"),
    "kept": _("Kept"),
}

# RG-7, RG-2, RG-5: why a student has a registration window of their own.
WINDOW_REASONS: dict[str, Promise] = {
    "orientation": _("Orientation week (first year)"),
    "transfer": _("Transfer"),
    "readmission": _("Readmission"),
    "rechoice": _("Re-choice: a section under its minimum size"),
}

# A section's language of instruction.
LANGUAGES: dict[str, Promise] = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}


def label(table: dict[str, Promise], code: str | None) -> str:
    """The translated word for a code; an unknown code is shown as it is rather than hidden."""
    if not code:
        return ""
    return str(table.get(code, code))
