"""Translated words for mobility's codes: no raw code reaches a Kazakh or Russian page."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mobility.policy import eligibility, non_formal, selection
from mobility.policy import transfers as _tr  # §12 block below
from mobility.policy import vacant_grants as _vacant_grants  # TR-9 block at the end

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


# --- §12: transfers and readmission ------------------------------------------------------------------------

TRANSFER_REFUSALS: dict[str, Promise] = {
    _tr.OUTSIDE_VACATION: _("TR-1: transfers and readmission happen only in the summer and winter "
                            "vacations."),
    _tr.FIRST_PERIOD_NOT_COMPLETED: _("TR-2: the first academic period of the study plan is not completed."),
    _tr.OUTSIDE_DECISION_WINDOW: _("TR-4: the rector decides within the five days before the next "
                                   "academic period."),
    _tr.BETWEEN_PROGRAMMES_PAID_ONLY: _("TR-5: between programmes of different groups only on a paid basis."),
    _tr.NO_GRANT_TO_KEEP: _("TR-5: the student does not hold a grant to keep."),
    _tr.UNT_BELOW_THRESHOLD: _("TR-5: leaving a creative programme needs a UNT certificate at the "
                               "threshold."),
    _tr.NO_VACANT_GRANT_PLACE: _("TR-5: there is no vacant grant place in the programme's group."),
    _tr.TARGETED_PAID_ONLY: _("TR-5: a student on a targeted place moves to another university only on a "
                              "paid basis."),
    _tr.READMISSION_PAID_ONLY: _("TR-8: readmission is only on a paid basis."),
    _tr.NON_PAYMENT_DEBT_NOT_PAID: _("TR-8: the tuition debt is not paid."),
    _tr.NON_PAYMENT_FOUR_WEEKS_PASSED: _("TR-8: the four weeks after expulsion for non-payment have passed."),
    _tr.MILITARY_SERVICE_SAME_COURSE: _("TR-8: after military service a student returns to the same course."),
    _tr.ACADEMIC_DISHONESTY_NEVER: _("TR-8: a student expelled for violating academic integrity is never "
                                     "readmitted."),
    _tr.PHD_ONE_YEAR_ONLY: _("TR-8: a doctoral student is readmitted to defend for one academic year only, "
                             "once."),
}

TRANSFER_DEADLINES: dict[str, Promise] = {
    _tr.OUTGOING_DECISION: _("Decision on the application (TR-6: 3 working days)"),
    _tr.EXPULSION_ORDER: _("Expulsion order after the receiving university's request (TR-6: 3 working days)"),
    _tr.PERSONAL_FILE: _("Personal file sent after the order (TR-6: 3 working days)"),
    _tr.INCOMING_ORDER: _("Transfer order after the decision (TR-7: 5 working days)"),
}

FUNDING_AFTER: dict[str, Promise] = {
    _tr.ENDS_PAID: _("paid basis"),
    _tr.KEEPS_GRANT: _("keeps the grant"),
    _tr.VACANT_GRANT_PLACE: _("a vacant grant place"),
}

TRANSFER_ERRORS: dict[str, Promise] = {
    "already_decided": _("The case is already decided."),
    "not_approved": _("The case is not approved: no order can be issued."),
    "no_receiving_request": _("The receiving university's request is not recorded yet."),
    "no_expulsion_order": _("The expulsion order is not issued yet."),
    "not_outgoing": _("Only a transfer to another university has this step."),
    "order_number_taken": _("This order number is already used."),
    "no_curriculum": _("The programme has no working curriculum for this course."),
    "no_period": _("There is no academic period to register for."),
}


# --- TR-9: vacant grants ----------------------------------------------------------------------------------
# TR-9: equal GPA is split by the grades of the whole study.
VACANT_GRANT_TIERS: dict[int, Promise] = {
    0: _("only A and A-"),
    1: _("grades from A to C+"),
    2: _("other grades"),
}

# TR-9: the criterion that put a student below the one ranked above.
VACANT_GRANT_CRITERIA: dict[str, Promise] = {
    _vacant_grants.GPA: _("lower GPA"),
    _vacant_grants.GRADES: _("equal GPA, lower grades tier"),
    _vacant_grants.RECORD_NUMBER: _("equal GPA and grades: record number (the Scientific Council decides)"),
}

# TR-9: why a student of the group is not on the list.
VACANT_GRANT_EXCLUSIONS: dict[str, Promise] = {
    _vacant_grants.ACADEMIC_DEBT: _("has academic debt"),
    _vacant_grants.NOT_PAID: _("does not study on a paid basis"),
    _vacant_grants.OTHER_COHORT: _("another group of programmes, study form or intake year"),
    _vacant_grants.NO_GPA: _("no GPA yet"),
}

# TR-9: why a vacant grant cannot be recorded or awarded.
VACANT_GRANT_REFUSALS: dict[str, Promise] = {
    "vacant_grant_exists": _("This group, study form and intake year already has vacant grants for this "
                             "deadline."),
    "no_list": _("The candidate list is not made yet."),
    "not_a_candidate": _("Only a candidate of the list (within the vacant places) can be awarded."),
    "already_awarded": _("This student is already awarded this vacant grant."),
    "all_places_awarded": _("Every vacant place of this grant is already awarded."),
    "no_longer_paid": _("The student no longer studies on a paid basis."),
}

TRANSFER_ACTIONS: dict[str, Promise] = {
    "transfer.file": _("application filed"),
    "transfer.document": _("document added"),
    "transfer.approved": _("approved"),
    "transfer.refused": _("refused"),
    "transfer.receiving_request": _("the receiving university's request recorded"),
    "transfer.order": _("order recorded"),
    "transfer.file_sent": _("personal file sent"),
    "transfer.difference_due": _("academic difference due: what was not passed became academic debt"),
}

# §12: who acts next on a case, by its kind and state (the page and the list say it).
TRANSFER_NEXT: dict[str, Promise] = {
    "decide": _("The rector's office decides."),
    "decide_outgoing": _("The rector's office or the dean decides (3 working days)."),
    "receiving_request": _("The registrar's office waits for the receiving university's request."),
    "order": _("The registrar's office records the rector's order."),
    "file": _("The registrar's office sends the personal file (3 working days)."),
    "register": _("The student registers for disciplines within one week (RG-7)."),
}
