"""Translated words for admissions' codes: no raw code reaches a Kazakh or Russian page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from admissions.policy import applicant as applicant_policy
from admissions.policy import codes, comparison

ROUTES: dict[str, Promise] = {
    codes.STATE_GRANT: _("State grant"),
    codes.PAID: _("Paid study"),
}

# Contract §6 reasons: exactly which requirement failed.
REASONS: dict[str, Promise] = {
    codes.UNT_TOTAL_BELOW: _("UNT total below the minimum"),
    codes.UNT_SUBJECT_BELOW: _("a UNT subject below the minimum"),
    codes.CREATIVE_EXAM_BELOW: _("a creative exam below the minimum, or not taken"),
    codes.KT_TOTAL_BELOW: _("KT total below the minimum"),
    codes.KT_FOREIGN_LANGUAGE_BELOW: _("KT foreign language below the minimum"),
    codes.KT_READINESS_BELOW: _("KT readiness test below the minimum"),
    codes.KT_PROFILE_BELOW: _("KT profile test below the minimum"),
    codes.ENTRANCE_EXAM_BELOW: _("entrance exam below the minimum"),
    codes.MASTER_DEGREE_MISSING: _("no master's degree"),
    codes.WORK_EXPERIENCE_SHORT: _("work experience too short"),
    codes.CEFR_CERTIFICATE_MISSING: _("no CEFR foreign-language certificate (paid PhD)"),
    codes.SERVICE_TOO_LONG_AGO: _("military service ended too long before the interview"),
    codes.INTERVIEW_TOO_LATE: _("interview later than 5 days before the next period (AD-9)"),
    codes.PAID_ONLY: _("admission to paid study only"),
}

# How a field's problem reads (the policy's problem codes; %(…)s from its parameters).
FIELD_PROBLEMS: dict[str, Promise] = {
    applicant_policy.REQUIRED: _("required"),
    applicant_policy.NOT_TEXT: _("text expected"),
    applicant_policy.TOO_LONG: _("at most %(max_length)s characters"),
    applicant_policy.NOT_WHOLE_NUMBER: _("a whole number expected"),
    applicant_policy.OUT_OF_RANGE: _("a number from %(low)s to %(high)s"),
    applicant_policy.NOT_NUMBER: _("a number expected"),
    applicant_policy.NOT_DATE: _("a date expected (YYYY-MM-DD or DD.MM.YYYY)"),
    applicant_policy.NOT_YES_NO: _("yes or no expected"),
    applicant_policy.NOT_OBJECT: _("an object of named values expected"),
    applicant_policy.NOT_LIST: _("a list expected"),
    applicant_policy.UNKNOWN_TRACK: _('unknown track "%(track)s"'),
    applicant_policy.UNKNOWN_CODE: _('unknown code "%(code)s"'),
    applicant_policy.UNKNOWN_BLOCK: _("not a KT block (%(known)s)"),
    applicant_policy.UNKNOWN_CERTIFICATE: _("not a certificate on the scale (%(known)s)"),
    applicant_policy.NOT_IIN: _("an IIN is 12 digits"),
    applicant_policy.NOT_COUNTRY: _("a two-letter country code (KZ, UZ, …)"),
    applicant_policy.NOT_EMAIL: _("not an e-mail address"),
    "unknown_program": _('unknown programme "%(program)s"'),
    "program_track_mismatch": _("the programme %(program)s (%(level)s) is not for the track %(track)s"),
    "entrance_exam_over_max": _("the entrance exam is out of %(maximum)s"),
    "duplicate_number": _("the number %(number)s is in the file twice"),
}

# What decided between two neighbours of a ranking (AD-18), for the applicant.
CRITERIA: dict[str, Promise] = {
    codes.BY_SCORE: _("the score"),
    codes.BY_CERTIFICATE_AVERAGE: _("the average grade of the certificate or diploma"),
    codes.BY_PROFILE_SCORES: _("the profile subjects' scores"),
    codes.BY_NUMBER: _("the application number (everything else was equal)"),
}

# Why an applicant moved between two runs (AD-18).
MOVES: dict[str, Promise] = {
    comparison.ENTERED: _("entered the competition"),
    comparison.LEFT: _("left the competition (no longer eligible, or withdrawn)"),
    comparison.SCORE_CHANGED: _("their score changed"),
    comparison.PRIORITIES_CHANGED: _("their national priorities changed"),
    comparison.CERTIFICATE_AVERAGE_CHANGED: _("their certificate average changed"),
    comparison.PROFILE_SCORES_CHANGED: _("their profile subjects' scores changed"),
    comparison.QUOTA_CATEGORIES_CHANGED: _("their quota categories changed"),
    comparison.GRANTS_CHANGED: _("the number of grants changed"),
    comparison.QUOTAS_CHANGED: _("the quotas changed"),
    comparison.PRIORITY_ORDER_CHANGED: _("the national priority order changed"),
    comparison.OTHERS_CHANGED: _("other applicants entered, left or changed"),
}

CONFLICTS: dict[str, Promise] = {
    "invalid_applicant": _("The applicant's record has problems; nothing was saved."),
    "not_awarded": _("The applicant has no grant in a published run of their competition."),
    "not_eligible": _("The applicant is not eligible for this funding route."),
    "run_not_done": _("The run has not finished ranking."),
    "already_published": _("This run is already published."),
    "username_taken": _("An account with the applicant's username already exists."),
    "permission_denied": _("You may not do this."),
    "invalid_rule": _("The rule has problems; nothing was saved."),
}


def label(table: Mapping[str, Promise], code: str | None) -> str:
    """The translated word for a code; an unknown code is shown as it is rather than hidden."""
    if not code:
        return ""
    return str(table.get(code, code))


def field_problem(code: str, params: Mapping[str, Any]) -> str:
    text = str(FIELD_PROBLEMS.get(code, code))
    try:
        return text % dict(params) if params else text
    except (KeyError, TypeError, ValueError):
        return text


def criterion(code: str, priority_names: Mapping[str, str] | None = None) -> str:
    """``priority:altyn_belgi`` → "national priority: Holders of «Altyn belgi»"."""
    if code.startswith(codes.BY_PRIORITY + ":"):
        priority = code.split(":", 1)[1]
        name = (priority_names or {}).get(priority, priority)
        return str(_("the national priority: %(name)s")) % {"name": name}
    return label(CRITERIA, code)


# --- prior learning (AD-7, RC-1 … RC-6) -------------------------------------------------------------------

# Contract §8: why a matched home discipline is not recognized, and why a difference discipline is there.
RECOUNT_REASONS: dict[str, Promise] = {
    "letter_required": _("a pass needs a percentage or the commission's letter (RC-4)"),
    "grade_below_d": _("grade below D (RC-3)"),
    "workload_short": _("the workload studied does not cover the home discipline (CR-1, MO-6)"),
    # xgettext:no-python-format
    "non_formal_cap": _("past 15% of the programme (NF-2)"),
    "not_matched": _("nothing studied covers it (RC-5)"),
}

PRIOR_LEARNING_CONFLICTS: dict[str, Promise] = {
    "prior_learning_decided": _("The recount is already decided; its protocol cannot change."),
    "difference_over_cap": _("The academic difference is %(credits)s credits, more than the %(cap)s credits "
                             "a reduced-term admission may register for (RC-6)."),
    "no_confirmed_match": _("Confirm at least one match before deciding: nothing would be recounted."),
}
