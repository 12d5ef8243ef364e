"""The main navigation, rendered once per language, roles and page, and kept (issue 15).

Its two dozen links, each behind a role test, a URL reversal and a translation, were about a quarter of
the registration page's CPU, and on registration day thousands of students with the same role open the
same page. What the links depend on is all in the key: the language, the prefix the portal is served
under, whether someone is signed in, their roles (``my_roles``), whether they are staff, and which page
is current. URLs and translations change only with a new release, which starts new processes, so the
rendered fragment is kept in the process for its life.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple[Any, ...], SafeString] = {}
# Languages × role combinations × pages: a few thousand at most; a bound in case something unforeseen
# (a page name from a URL pattern of many) varies the key.
LIMIT = 10_000


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> SafeString:
    request, user = context.get("request"), context.get("user")
    match = getattr(request, "resolver_match", None)
    signed_in = bool(getattr(user, "is_authenticated", False))
    roles = context.get("my_roles") or {}
    key = (get_language(), get_script_prefix(), signed_in, signed_in and bool(user.is_staff),
           tuple(sorted(roles)), getattr(match, "url_name", None), getattr(match, "app_name", None))
    html = _rendered.get(key)
    if html is None:
        html = render_to_string("includes/main_nav.html", {
            "user": user, "my_roles": roles, "request": request})
        if len(_rendered) < LIMIT:
            _rendered[key] = html
    return html
