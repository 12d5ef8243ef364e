"""Issue 16: under the portal's Content-Security-Policy the pages still work in a real browser — the
language switch (its handler now in portal.js) and the API documentation (Swagger UI's start-up script
served from a URL, not inline) — and the browser reports no violation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser


def test_pages_work_under_the_policy(page: Any, live_server: Any, live_university: Any) -> None:
    base = live_server.url
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    sign_in(page, base, "admin.portal")
    with page.expect_navigation():
        page.select_option("#language", "ru")  # no button: the change sends the form
    assert page.locator("html").get_attribute("lang") == "ru"
    page.goto(base + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "EKTU" in page.locator(".swagger-ui .info .title").inner_text()
    assert violations == []
