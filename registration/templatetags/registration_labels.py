"""Template filters that turn registration's codes into the reader's words (issue 9)."""

from __future__ import annotations

from typing import Any

from django import template

from ektu_portal.academics.labels import period_label
from registration import labels

register = template.Library()


@register.filter
def reason_label(code: str | None) -> str:
    return labels.label(labels.REASONS, code)


@register.filter
def enrollment_status(code: str | None) -> str:
    return labels.label(labels.ENROLLMENT_STATUS, code)


@register.filter
def plan_status(code: str | None) -> str:
    return labels.label(labels.PLAN_STATUS, code)


@register.filter
def plan_step(action: str | None) -> str:
    return labels.label(labels.PLAN_STEPS, action)


@register.filter
def small_section_decision(code: str | None) -> str:
    return labels.label(labels.SMALL_SECTION_DECISIONS, code)


@register.filter
def window_reason(code: str | None) -> str:
    return labels.label(labels.WINDOW_REASONS, code)


@register.filter
def language_label(code: str | None) -> str:
    return labels.label(labels.LANGUAGES, code)


@register.filter
def period_words(period: Any) -> str:
    """An academic period as a reader names it ("Autumn semester 2026/2027"), never its code."""
    if period is None:
        return ""
    return period_label(period.kind, period.academic_year, period.starts)
