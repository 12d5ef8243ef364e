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
