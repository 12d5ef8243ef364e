"""A person signs in through the real page, reads it in three languages, and signs out."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/")
    page.fill("#id_login", username)
    page.fill("#id_password", "contract-pass-1234")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def test_student_signs_in_switches_language_and_signs_out(page: Any, live_server: Any,
                                                          live_university: Any) -> None:
    base = live_server.url
    page.goto(base + "/")
    assert "/accounts/login/" in page.url
    page.fill("#id_login", "s25001")
    page.fill("#id_password", "wrong-password-1")
    page.click("button[type=submit]")
    assert page.locator(".form-errors").is_visible()

    sign_in(page, base, "s25001")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("#student-heading").inner_text() == "Менің оқуым"
    assert "Әлиев Нұрлан" in page.locator("h1").inner_text()

    page.select_option("#language", "ru")
    page.wait_for_selector("html[lang=ru]")  # the switch reloads the page; wait for the new one
    assert page.locator("#student-heading").inner_text() == "Моя учёба"

    page.select_option("#language", "en")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("#student-heading").inner_text() == "My studies"

    with page.expect_navigation():  # the click posts a form; wait for the answer
        page.click(".sign-out button")
    page.goto(base + "/")
    assert "/accounts/login/" in page.url


def test_home_works_on_a_phone(browser: Any, live_server: Any, live_university: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server.url, "adv.sarsen")
    # Nothing is wider than the screen except inside scrollable tables.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert page.locator("#adviser-heading").is_visible()
    context.close()
