"""Issue 10's journey: admissions staff import a spreadsheet of applicants (one bad row refused with its
reason, nothing written), see why one applicant may not have a grant but may study for pay, run a
competition (a real Celery worker ranks it while the page shows progress), publish it, and admit a
winner — who sets a password from the e-mail and signs in as a student."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from openpyxl import Workbook

pytestmark = [pytest.mark.browser, pytest.mark.worker]

HEADER = ["number", "full_name", "track", "program", "citizenship", "email", "unt_total", "unt_history_kz",
          "unt_reading", "unt_math_literacy", "unt_profile_1", "unt_profile_2", "certificate_average"]


def rows(reading_of_a4: Any) -> list[list[Any]]:
    return [
        ["A26-0001", "Әлия Серікова", "bachelor", "6B07101", "KZ", "aliya@example.kz",
         120, 18, 9, 9, 44, 40, "4.9"],
        ["A26-0002", "Марат Оспан", "bachelor", "6B07102", "KZ", "marat@example.kz",
         110, 16, 8, 8, 40, 38, "4.5"],
        # a citizen of Uzbekistan: the best score, but paid study only (AD-8)
        ["A26-0003", "Azamat Karimov", "bachelor", "6B07101", "UZ", "azamat@example.uz",
         130, 20, 10, 10, 45, 45, "5.0"],
        ["A26-0004", "Дина Айтқали", "bachelor", "6B07101", "KZ", "dina@example.kz",
         95, 15, reading_of_a4, 8, 35, 30, "4.2"],
    ]


def spreadsheet(path: Path, reading_of_a4: Any) -> str:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows(reading_of_a4):
        sheet.append(row)
    book.save(path)
    return str(path)


@pytest.fixture
def admissions_university(transactional_db: Any) -> None:
    from admissions.tests.conftest import admissions_document, seed_campaign_rules
    from ektu_portal.academics.loading import load_university

    seed_campaign_rules()
    load_university(admissions_document(), allow_passwords=True, source="browser test")


def sign_in(page: Any, base: str, username: str, password: str = "contract-pass-1234") -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_import_eligibility_competition_publish_admit(browser: Any, live_server: Any,
                                                     admissions_university: None, tmp_path: Path) -> None:
    from django.core import mail

    from admissions.models import Applicant
    from ektu_portal.academics.models import Student
    from ektu_portal.celery import app

    base = live_server.url
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, base, "adm.officer")
    page.click("nav.main-nav >> text=Admissions")

    # 1. the file with one bad row is refused, with the row and the column; nothing is written
    page.click("text=Import")
    page.set_input_files("input[name=file]", spreadsheet(tmp_path / "bad.xlsx", "seven"))
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    errors = page.locator("#import-form .form-errors").inner_text()
    assert "row 5, unt_reading: a whole number expected" in errors, errors
    assert Applicant.objects.count() == 0

    # corrected, it is imported whole
    page.set_input_files("input[name=file]", spreadsheet(tmp_path / "good.xlsx", 7))
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    assert "4 new applicants" in page.locator(".message.success").inner_text()
    assert page.locator("#applicants tbody tr").count() == 4

    # 2. why the Uzbek citizen may not have a grant but may study for pay
    page.click("#applicants >> text=A26-0003")
    grant = page.locator("tr[data-route=state_grant]")
    assert "not eligible" in grant.inner_text() and "paid study only" in grant.inner_text()
    assert page.locator("tr[data-route=paid] [data-field=eligible]").inner_text().strip() == "eligible"

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        # 3. a competition of group B071 with two grants, ranked by the worker while the page waits
        page.click("text=Grant competitions")
        page.fill("#id_code", "G-B071-2026")
        page.fill("#id_program_group", "B071")
        page.select_option("#id_track", "bachelor")
        page.fill("#id_grants", "2")
        page.fill("#id_intake_year", "2026")
        with page.expect_navigation():
            page.click("#competition-form button[type=submit]")
        page.wait_for_selector("#ranking", timeout=60_000)  # the progress poll reloads when it is ranked
        ranking = page.locator("#ranking tbody tr")
        assert [ranking.nth(i).get_attribute("data-applicant") for i in range(3)] == [
            "A26-0001", "A26-0002", "A26-0004"]  # A26-0003 is not in a grant competition
        assert "110" in page.locator("#run-summary").inner_text()  # the cut-off: the second grant's score

        # 4. published: the list as XLSX and PDF
        page.check("#publish-form input[name=confirm]")
        with page.expect_navigation():
            page.click("#publish-form button[type=submit]")
        assert page.locator("#published").is_visible()
        with page.expect_download() as download:
            page.click("#download-xlsx")
        assert download.value.suggested_filename == "G-B071-2026-run1.xlsx"

        # 5. the winner is admitted from the list; the e-mail with the password link goes out by the worker
        with page.expect_navigation():
            page.locator("tr[data-applicant=A26-0001] button[name=admit]").click()
        assert "a26-0001" in page.locator(".message.success").inner_text()
        deadline = time.monotonic() + 30
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.2)
    assert Student.objects.get(user__username="a26-0001").funding == "state_grant"
    (message,) = mail.outbox
    assert message.to == ["aliya@example.kz"]
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/key/" in line)
    page.click(".sign-out button")
    context.clear_cookies()

    # 6. the new student sets a password and signs in as a student
    page.goto(base + link[link.index("/accounts/"):])
    page.fill("input[name=password1]", "Admitted-2026!")
    page.fill("input[name=password2]", "Admitted-2026!")
    with page.expect_navigation():
        page.click("button[name=action]")
    sign_in(page, base, "a26-0001", "Admitted-2026!")
    assert "Әлия Серікова" in page.locator(".who").inner_text()
    assert page.locator("nav.main-nav >> text=Registration").is_visible()
    context.close()
