"""Issue 16: Content-Security-Policy on every page, and no inline script anywhere in the portal's pages, so
a script that finds its way into a name or a comment never runs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
# An inline script: a <script> element without src, or an on… event attribute.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
# Printed documents (WeasyPrint renders them to PDF; no browser runs them).
PRINTED = re.compile(r"(/print/|_print\.html$|supplement\.html$|/pdf/)")


def page_templates() -> list[Path]:
    found = []
    for folder in [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("ektu_portal/*/templates")]:
        found += [p for p in folder.rglob("*.html") if not PRINTED.search(str(p))]
    return sorted(found)


def test_the_templates_are_found() -> None:
    names = {p.name for p in page_templates()}
    assert {"base.html", "non_formal.html", "sheet.html"} <= names


@pytest.mark.parametrize("template", page_templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_template_has_an_inline_script(template: Path) -> None:
    inline = INLINE_SCRIPT.findall(template.read_text())
    assert not inline, inline


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "path"), [
    (None, "/accounts/login/"), ("s25001", "/"), ("s25001", "/mobility/non-formal/"),
    ("admin.portal", "/api/docs/"), ("admin.portal", "/api/docs/?script="), ("admin.portal", "/admin/"),
    (None, "/api/v1/me")])
def test_every_answer_carries_the_policy(university: Any, who: str | None, path: str) -> None:
    from django.test import Client

    client = Client()
    if who:
        assert client.login(username=who, password=PASSWORD)
    response = client.get(path, follow=False)
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert script_src == "script-src 'self'"
    if response.get("Content-Type", "").startswith("text/html") and response.status_code == 200:
        assert not re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())
