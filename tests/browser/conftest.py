"""Playwright driving Debian's Chromium (never `playwright install`: it downloads a browser)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser(django_db_setup: Any) -> Iterator[Any]:
    """Playwright's sync API keeps an event loop in the test thread; the ORM work the tests and
    pytest-django's fixtures do between browser steps is still plain synchronous work, which
    Django refuses beside a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The flag is
    set only while the browser lives and removed after (``check --deploy`` refuses it); the test
    database is created before the loop starts."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        try:
            yield browser
        finally:
            browser.close()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="kk-KZ", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def live_university(transactional_db: Any) -> dict[str, Any]:
    from conftest import two_school_document
    from ektu_portal.academics.loading import load_university

    document = two_school_document()
    load_university(document, allow_passwords=True, source="browser test")
    return document
