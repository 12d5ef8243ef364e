"""Template filters that turn attestation's codes into the reader's words."""

from __future__ import annotations

from typing import Any

from django import template

from attestation import labels

register = template.Library()


@register.filter
def calendar_flag(code: str | None) -> str:
    return labels.label(labels.CALENDAR_FLAGS, code)


@register.filter
def admission_reason(code: str | None) -> str:
    return labels.label(labels.ADMISSION_REASONS, code)


@register.filter
def honours_reason(code: str | None) -> str:
    return labels.label(labels.HONOURS_REASONS, code)


@register.filter
def document_label(code: str | None) -> str:
    return labels.label(labels.DOCUMENTS, code)


@register.filter
def blocker_label(code: str | None) -> str:
    return labels.label(labels.BLOCKERS, code)


@register.filter
def timing_label(code: str | None) -> str:
    return labels.label(labels.TIMING, code)


@register.filter
def vote_label(code: str | None) -> str:
    return labels.label(labels.VOTES, code or "")


@register.filter
def question_label(code: str | None) -> str:
    return labels.label(labels.QUESTIONS, code)


@register.filter
def role_label(code: str | None) -> str:
    return labels.label(labels.ROLES, code)


@register.filter
def qualification_label(code: str | None) -> str:
    return labels.label(labels.QUALIFICATIONS, code)


@register.filter
def after_failure_label(code: str | None) -> str:
    return labels.label(labels.AFTER_FAILURE, code)


@register.filter
def member_name(ballot_key: str, members: Any) -> str:
    """A vote's key (a member's id) as the member's name."""
    return next((m.name for m in members if str(m.pk) == str(ballot_key)), str(ballot_key))


@register.filter
def minutes(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds // 60}:{seconds % 60:02d}"


SCALE_ORDER = ("A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "FX", "F")


@register.filter
def letters(values: Any) -> str:
    """Letters in the order of the scale (GR-6): A, A-, B+, B, …"""
    def place(letter: str) -> int:
        return SCALE_ORDER.index(letter) if letter in SCALE_ORDER else len(SCALE_ORDER)

    return ", ".join(sorted(values, key=place))
