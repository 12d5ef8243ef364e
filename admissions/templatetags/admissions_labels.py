"""Template filters that turn admissions' codes into the reader's words."""

from __future__ import annotations

from django import template

from admissions import labels
from admissions.models import Requirement, Track

register = template.Library()


@register.filter
def admission_route(code: str | None) -> str:
    return labels.label(labels.ROUTES, code)


@register.filter
def eligibility_reason(code: str | None) -> str:
    return labels.label(labels.REASONS, code)


@register.filter
def track_label(code: str | None) -> str:
    return str(Track(code).label) if code in Track.values else (code or "")


@register.filter
def requirement_label(code: str | None) -> str:
    return str(Requirement(code).label) if code in Requirement.values else (code or "")


@register.filter
def move_reason(code: str | None) -> str:
    return labels.label(labels.MOVES, code)
