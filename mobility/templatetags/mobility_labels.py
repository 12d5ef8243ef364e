"""Template filters that turn mobility's codes into the reader's words."""

from __future__ import annotations

from typing import Any

from django import template

from ektu_portal.academics.labels import period_label
from mobility import labels

register = template.Library()


@register.filter
def eligibility_reason(code: str | None) -> str:
    return labels.label(labels.REASONS, code)


@register.filter
def recount_refusal(code: str | None) -> str:
    return labels.label(labels.RECOUNT_REFUSALS, code)


@register.filter
def mobility_kind(code: str | None) -> str:
    return labels.label(labels.KINDS, code)


@register.filter
def application_status(code: str | None) -> str:
    return labels.label(labels.STATUSES, code)


@register.filter
def period_name(period: Any) -> str:
    """A period as people say it ("Autumn semester 2026/2027"), never its code."""
    if period is None:
        return ""
    return period_label(period.kind, period.academic_year, period.starts)


@register.filter
def non_formal_status(code: str | None) -> str:
    return labels.label(labels.NON_FORMAL_STATUSES, code)


@register.filter
def get_party(signatures: dict[str, Any], party: str) -> Any:
    """The signature of one party of a learning agreement, or None (MO-3)."""
    return signatures.get(party)


@register.filter
def selection_criterion(code: str | None) -> str:
    return labels.label(labels.SELECTION_CRITERIA, code)
