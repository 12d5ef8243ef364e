"""TR-9: whether the reader has the vacant-grants page (for the link to it)."""

from __future__ import annotations

from typing import Any

from django import template

from mobility import permissions

register = template.Library()


@register.filter
def sees_vacant_grants(user: Any) -> bool:
    return permissions.can_see_vacant_grants(user)
