"""Template filters for the iGPA and progression pages (issue 11): every reason, outcome, block, intake
and funding in the reader's words, never a code."""

from __future__ import annotations

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from grading.labels import label

register = template.Library()

# Contract §7 reasons and TR-10's minimum GPA, as a student reads why they would not progress.
REASONS: dict[str, Promise] = {
    "achievements_missing": _("achievement points of the year are not recorded yet"),
    "results_missing": _("no graded result in the year yet"),
    "gpa_block_below_half": _("the GPA block is under one half of its maximum"),
    "iros_block_below_half": _("research achievements (iROS) are under one half of the maximum"),
    "ssci_block_below_half": _("social and sports achievements (SSCI) are under one half of the maximum"),
    "gpa_below_minimum": _("GPA under the minimum the rector's order sets for the course year"),
}

OUTCOMES: dict[str, Promise] = {
    "progress": _("progresses"),
    "progress_with_debts": _("progresses, clears debts on a paid basis"),
    "repeat_year": _("repeats the year"),
    "none": _("not studying in that year"),
}

# As a risk on an adviser's or dean's list.
RISKS: dict[str, Promise] = {
    "progress": _("on track"),
    "progress_with_debts": _("debts to clear"),
    "repeat_year": _("at risk of repeating the year"),
    "none": _("—"),
}

BLOCKS: dict[str, Promise] = {
    "gpa": _("GPA"),
    "research": _("research activity"),
    "ssci": _("social and sports achievements (SSCI)"),
    "iros": _("research achievements (iROS)"),
}

INTAKES: dict[str, Promise] = {"autumn": _("autumn intake"), "winter": _("winter intake")}

FUNDING: dict[str, Promise] = {
    "state_grant": _("State educational grant"),
    "local_grant": _("Local-budget grant"),
    "paid": _("Paid"),
    "targeted": _("Targeted training"),
}


@register.filter
def progression_reason(code: str | None) -> str:
    return label(REASONS, code)


@register.filter
def progression_outcome(code: str | None) -> str:
    return label(OUTCOMES, code)


@register.filter
def risk_label(code: str | None) -> str:
    return label(RISKS, code)


@register.filter
def block_label(code: str | None) -> str:
    return label(BLOCKS, code)


@register.filter
def intake_label(code: str | None) -> str:
    return label(INTAKES, code)


@register.filter
def funding_label(code: str | None) -> str:
    return label(FUNDING, code)


@register.filter
def academic_year_words(academic_year: str | None) -> str:
    """"2025-2026" as a reader writes it: 2025/2026."""
    return (academic_year or "").replace("-", "/")
