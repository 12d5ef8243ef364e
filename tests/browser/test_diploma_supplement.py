"""Issue 4's journey: a dean starts a print batch, watches its progress, downloads the ZIP; a
stranger verifies a supplement by its QR address."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
from celery.contrib.testing.worker import start_worker
from pypdf import PdfReader

from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def graduate(live_university: dict[str, Any]) -> None:
    from ektu_portal.academics.models import Program, Role, RoleAssignment, Student
    from ektu_portal.accounts.models import User

    Program.objects.filter(code="6B06102").update(  # DS-1: 8–12 outcomes, the qualification in Kazakh
        learning_outcomes=[{"en": f"Builds software, outcome {n}"} for n in range(1, 9)],
        qualification_kk="Инженерия бакалавры")
    student = Student.objects.get(user__username="s25001")
    Student.objects.filter(pk=student.pk).update(status="graduated", diploma_number="ЖБ-Б 0000001",
                                                 graduated_on=date(2029, 6, 30))
    RoleAssignment.objects.create(user=User.objects.get(username="admin.portal"), role=Role.VICE_RECTOR)


def test_dean_prints_a_batch_and_a_stranger_verifies(browser: Any, live_server: Any, graduate: None) -> None:
    from diploma_supplement.models import IssuedSupplement
    from ektu_portal.celery import app

    base = live_server.url
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, base, "dean.sdt")
    page.click("nav >> text=Diploma Supplements")
    assert "Әлиев Нұрлан Серікұлы" in page.locator("table.readiness").inner_text()
    assert "1 of 1 ready" in page.locator("#cohort-heading").inner_text()
    app.control.purge()  # the tests' own broker database: nothing left over from an interrupted run
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.click("#start-batch")
        page.wait_for_selector("#batch-progress")
        page.wait_for_selector("#batch-status[data-status=done]")  # the bar filled by polling
    assert page.locator("#batch-progress").get_attribute("value") == "1"
    with page.expect_download() as download:
        page.click("#download-zip")
    with open(download.value.path(), "rb") as downloaded:
        archive = zipfile.ZipFile(io.BytesIO(downloaded.read()))
    [name] = archive.namelist()
    assert name.startswith("s25001-") and archive.read(name)[:5] == b"%PDF-"
    context.close()

    supplement = IssuedSupplement.objects.get()
    # The address the QR code encodes is printed beneath it: the stranger follows it on this server.
    text = " ".join(PdfReader(io.BytesIO(archive.read(name))).pages[0].extract_text().split())
    qr_url = re.search(r"https?://\S+/verify/(\S+?)/", text)
    assert qr_url and qr_url.group(1) == supplement.number
    stranger = browser.new_context(locale="en-GB").new_page()  # not signed in
    stranger.goto(f"{base}{urlsplit(qr_url.group(0)).path}")
    assert stranger.locator("[data-verdict=valid]").is_visible()
    assert stranger.locator("#holder").inner_text() == "Әлиев Нұрлан Серікұлы"
    assert stranger.locator("#sha256").inner_text() == supplement.sha256
