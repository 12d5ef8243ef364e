"""Issue 3's journey: an instructor fills and posts a sheet; a student appeals; the commission
grants it; the student sees the raised grade."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def db_section(live_university: dict[str, Any]) -> None:
    from ektu_portal.academics.loading import load_university

    live_university["sections"][1]["enrolled"] = ["s25001", "s25002"]
    load_university(live_university, allow_passwords=True)


def sign_out(page: Any) -> None:
    with page.expect_navigation():  # the click posts a form; wait for the answer
        page.click(".sign-out button")


def test_sheet_post_appeal_grant(browser: Any, live_server: Any, db_section: None) -> None:
    base = live_server.url
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())

    sign_in(page, base, "adv.sarsen")
    page.click("text=DB2201-2026F-01")
    row = page.locator("tr[data-student=s25001]")
    # Each change saves the row and shows the recomputed grade without a reload.
    row.locator("input[name=coursework-s25001]").check()  # DB2201 has a course work (GR-2)
    row.locator("input[name=r1-s25001]").fill("70")
    row.locator("input[name=r2-s25001]").fill("80")
    row.locator("input[name=exam-s25001]").fill("60")
    row.locator("input[name=exam-s25001]").press("Tab")
    page.wait_for_function("document.querySelector('tr[data-student=s25001] [data-field=final_score]')"
                           ".textContent.trim() === '69'")
    assert row.locator("[data-field=letter]").inner_text().startswith("C")
    other = page.locator("tr[data-student=s25002]")
    other.locator("input[name=r1-s25002]").fill("40")
    other.locator("input[name=r2-s25002]").fill("45")
    other.locator("input[name=r2-s25002]").press("Tab")
    page.wait_for_function("document.querySelector('tr[data-student=s25002] [data-field=admitted]')"
                           ".textContent.trim() !== '' && document.querySelector('.save-state').textContent === '✓'")
    with page.expect_navigation():  # the click posts a form; wait for the answer
        page.click("button[name=post]")
    assert page.locator("input[name=exam-s25001]").is_disabled(), page.locator("main").inner_text()[:600]
    sign_out(page)

    sign_in(page, base, "s25001")
    page.goto(base + "/results/")
    page.click("summary")
    page.fill("textarea[name=reason]", "Question 3 was marked wrong")
    with page.expect_navigation():  # the click posts a form; wait for the answer
        page.click(".appeal-form button")
    assert page.locator(".message.success").count() == 1
    sign_out(page)

    sign_in(page, base, "appeals.chair")
    page.goto(base + "/appeals/")
    card = page.locator("section[id^=appeal-]").first
    card.locator("input[value=granted]").check()
    card.locator("input[name=points_added]").fill("15")
    card.locator("textarea[name=reason]").fill("Question 3 re-marked")
    with page.expect_navigation():  # the click posts a form; wait for the answer
        card.locator("button[type=submit]").click()
    assert page.locator("section[id^=appeal-]").count() == 0
    sign_out(page)

    sign_in(page, base, "s25001")
    page.goto(base + "/results/")
    db_row = page.locator("tr", has_text="DB2201")
    # exam 60 + 15 = 75; 0.6 × 75 + 0.4 × 75 = 75 → B-
    assert "B-" in db_row.inner_text() and "75" in db_row.inner_text()
    context.close()
