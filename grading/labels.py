"""Translated words for grading's codes: no raw code reaches a Kazakh or Russian page."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The final column of a sheet and a transcript (GR-6 … GR-8). GR-7: a student not admitted is in
# the same category as one who did not appear — the column reads «келген жоқ / не явился» for both;
# the reason stays in the row's detail (ADMISSION_REASONS).
FINAL_COLUMN: dict[str, Promise] = {
    "in_progress": _("in progress"),
    "no_show": _("did not appear"),
    "not_admitted": _("did not appear"),
    "annulled": _("annulled"),
    "graded": _("graded"),
}

STATUS: dict[str, Promise] = {
    "in_progress": _("in progress"),
    "graded": _("graded"),
    "not_admitted": _("not admitted"),
    "no_show": _("did not appear"),
    "annulled": _("annulled"),
}

ADMISSION_REASONS: dict[str, Promise] = {
    "ratings_missing": _("R1 or R2 not entered"),
    "rating_below_threshold": _("admission rating below 50"),
    "coursework_not_submitted": _("course work not submitted"),
    "attendance_over_half_missed": _("more than half of the classes missed"),
}

TRADITIONAL: dict[str, Promise] = {
    "excellent": _("excellent"),
    "good": _("good"),
    "satisfactory": _("satisfactory"),
    "unsatisfactory": _("unsatisfactory"),
}

RECOGNIZED_FROM: dict[str, Promise] = {
    "transfer": _("recognized: transfer"),
    "mobility": _("recognized: academic mobility"),
    "prior_learning": _("recognized: prior learning"),
    "non_formal": _("recognized: non-formal learning"),
}


def label(table: dict[str, Promise], code: str | None) -> str:
    """The translated word for a code; an unknown code is shown as it is rather than hidden."""
    if not code:
        return ""
    return str(table.get(code, code))


# --- appended by the grading pages (issue 9): what a sheet list, a result's history and My results say ---

# The state of a grade sheet on the sheet list (GR-12, GR-13).
SHEET_STATES: dict[str, Promise] = {
    "not_started": _("not started"),
    "in_progress": _("in progress"),
    "posted": _("posted"),
    "final": _("final"),
    "printed": _("printed"),
}

# What changed a result, as its history names it (GR-20).
HISTORY_ACTIONS: dict[str, Promise] = {
    "result.load": _("loaded from the university's records"),
    "result.sheet_entry": _("entered on the grade sheet"),
    "result.appeal": _("changed by an appeal decision"),
    "result.retake": _("FX retake"),
    "result.additional_period": _("additional-period exam"),
    "result.final_attestation": _("decided by the attestation commission"),
}

# The fields of a result's history (GR-20): "R1: was 81, now 85".
RESULT_FIELDS: dict[str, Promise] = {
    "r1": _("R1"),
    "r2": _("R2"),
    "exam": _("exam"),
    "outcome": _("outcome"),
    "attempt": _("attempt"),
    "recognized_from": _("recognized from"),
    "letter": _("letter"),
}

# GR-10: why a result became an academic debt.
DEBT_REASONS: dict[str, Promise] = {
    "F": _("graded F"),
    "FX twice": _("FX twice"),
    "FX retake window passed": _("the FX retake was not taken in time"),
    "not cleared in the additional period": _("not cleared in the additional period"),
    "academic difference not cleared (RC-5/RC-6)": _("the academic difference was not cleared in time"),
}


# --- appended by the grading rules (issue 9: GR-12, GR-14, GR-3) --------------------------------------

# GR-14: where an appeal stands, as the student reads it on My results.
APPEAL_STAGE: dict[str, Promise] = {
    "filed": _("filed, waiting for the appeals commission"),
    "rejected": _("rejected"),
    "granted_pending_entry": _("granted, being entered"),
    "entered": _("granted and entered"),
}

# GR-9 / GR-12 / GR-15: the sitting a grade sheet records.
SITTINGS: dict[str, Promise] = {
    "regular": _("exam session"),
    "fx_retake": _("FX retake"),
    "additional": _("additional period"),
}
