"""Translated words for mobility's codes: no raw code reaches a Kazakh or Russian page."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mobility.policy import eligibility, non_formal, selection

# MO-1, MO-2 (contract §8 codes): why a student may not apply, as the page explains it.
REASONS: dict[str, Promise] = {
    eligibility.COURSE_YEAR_NOT_ELIGIBLE: _("International mobility is for bachelors of years 2–4, masters "
                                            "and doctoral students."),
    eligibility.GPA_BELOW_2_5: _("The cumulative GPA is below 2.50 (or there is no GPA yet)."),
    eligibility.ENGLISH_BELOW_B2: _("English below B2 (or no level given)."),
    eligibility.ACADEMIC_DEBT: _("There is an open academic debt."),
    eligibility.GRADE_BELOW_B_MINUS: _("A final grade below B- in the studies."),
}

KINDS: dict[str, Promise] = {
    eligibility.INTERNATIONAL: _("International mobility"),
    eligibility.INTERNAL: _("Internal (national) mobility"),
}

STATUSES: dict[str, Promise] = {
    "submitted": _("submitted, awaiting the selection commission"),
    "selected": _("selected"),
    "not_selected": _("not selected"),
}

# Contract §8: why the recount refuses a host line (RC-3, RC-4, MO-6, NF-2).
RECOUNT_REFUSALS: dict[str, Promise] = {
    "letter_required": _("a pass needs a percentage or the commission's letter"),
    "grade_below_d": _("grade below D"),
    "workload_short": _("the host workload does not cover the home discipline"),
    # xgettext:no-python-format
    "non_formal_cap": _("past 15% of the programme"),
}

REFUSALS: dict[str, Promise] = {
    "not_selected": _("Only a selected student has a learning agreement and a return."),
    "call_closed": _("Applications for this call are closed."),
    "already_applied": _("You have already applied for this call."),
    "already_decided": _("This application is already decided."),
    "no_places_left": _("All places of this call are taken."),
    "partner_exists": _("This university is already a partner."),
    "already_filed": _("This discipline is already asked for."),
    "already_signed": _("This version is already signed for this party."),
    "no_agreement": _("There is no learning agreement to sign yet."),
}


# NF-1 … NF-4: why a non-formal learning application cannot be filed.
NON_FORMAL_REASONS: dict[str, Promise] = {
    non_formal.TOO_LATE: _("The application must reach the QA commission at least 10 days before the period "
                           "starts."),
    non_formal.DISCIPLINE_PERIOD_PASSED: _("The curriculum places this discipline in an earlier semester: it "
                                           "can only be recognized in its own period or before it."),
    non_formal.VOLUME_SHORT: _("The certificates' hours do not cover the whole discipline (30 hours a "
                               "credit)."),
    # xgettext:no-python-format
    non_formal.OVER_CAP: _("Recognizing it would take non-formal learning past 15% of the programme."),
    non_formal.ALREADY_MASTERED: _("This discipline is already mastered."),
}

# MO-2: the criterion that put an applicant below the one ranked above.
SELECTION_CRITERIA: dict[str, Promise] = {
    selection.ELIGIBILITY: _("eligibility"),
    selection.GPA: _("GPA"),
    selection.ENGLISH: _("English level"),
    selection.SUBMITTED: _("applied later"),
}

NON_FORMAL_STATUSES: dict[str, Promise] = {
    "submitted": _("submitted, awaiting the QA commission"),
    "recognized": _("recognized"),
    "refused": _("refused"),
}


def label(table: Mapping[str, Promise], code: str | None) -> str:
    """The reader's words for a code; the code itself only when it has none (never silently empty)."""
    if code is None:
        return ""
    return str(table.get(code, code))
