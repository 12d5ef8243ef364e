"""Template filters that turn grading's codes into the reader's words."""

from __future__ import annotations

from django import template

from grading import labels

register = template.Library()


@register.filter
def final_column(status: str | None) -> str:
    return labels.label(labels.FINAL_COLUMN, status)


@register.filter
def status_label(status: str | None) -> str:
    return labels.label(labels.STATUS, status)


@register.filter
def admission_reason(code: str | None) -> str:
    return labels.label(labels.ADMISSION_REASONS, code)


@register.filter
def traditional_label(code: str | None) -> str:
    return labels.label(labels.TRADITIONAL, code)


@register.filter
def recognized_label(code: str | None) -> str:
    return labels.label(labels.RECOGNIZED_FROM, code)
