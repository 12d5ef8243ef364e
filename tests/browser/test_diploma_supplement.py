"""The supplement's journeys: in Kazakh, the holder sees a watermarked preview until the dean's office
issues the supplement, and nothing on the pages is a raw code; a dean issues and prints a batch, watches
its progress, downloads the ZIP; a stranger verifies a supplement by its QR address."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any
from urllib.parse import urlsplit

import pytest
from celery.contrib.testing.worker import start_worker
from pypdf import PdfReader

from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser
# Codes that must never reach a reader: statuses, gap codes, period codes.
RAW_CODES = re.compile(r"\b(graduated|in_progress|not_admitted|no_show|queued|running|credits_short|unpassed|"
                       r"not_graduated|prior_learning|non_formal|20\d\d-[FS])\b")


@pytest.fixture
def graduate(live_university: dict[str, Any]) -> None:
    """s25001 completed the programme (CR-3) and has a diploma number and its date (contract §1)."""
    from diploma_supplement.tests.documents import graduate_document
    from ektu_portal.academics.loading import load_university

    document = graduate_document(status="graduated", diploma_number="ЖБ-Б 0000001", graduated_on="2026-06-30")
    load_university(document, allow_passwords=True, source="browser test")


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_in_kazakh_a_preview_until_the_dean_issues(browser: Any, live_server: Any, graduate: None) -> None:
    from diploma_supplement.models import IssuedSupplement

    base = live_server.url
    holder = browser.new_context(locale="kk-KZ").new_page()
    holder.set_default_timeout(30_000)
    sign_in(holder, base, "s25001")
    holder.click("nav >> text=Дипломға қосымша")
    holder.wait_for_selector("[data-state=preview]")
    main = holder.locator("main").inner_text()
    assert not RAW_CODES.search(main), RAW_CODES.search(main)
    href = holder.locator("#download").get_attribute("href")
    preview = holder.request.get(base + href)
    assert preview.status == 200 and preview.headers["x-supplement-preview"] == "true"
    assert "PREVIEW — not an official document" in pdf_text(preview.body())
    assert not IssuedSupplement.objects.exists()  # looking issued nothing

    dean = browser.new_context(locale="kk-KZ").new_page()
    dean.set_default_timeout(30_000)
    sign_in(dean, base, "dean.sdt")
    dean.goto(f"{base}/diploma-supplements/?program=6B06102&year=2025")
    table = dean.locator("table.readiness").inner_text()
    assert "Әлиев Нұрлан Серікұлы" in table and not RAW_CODES.search(table)
    dean.click("table.readiness >> text=Әлиев Нұрлан Серікұлы")
    dean.click("#issue")
    dean.wait_for_selector("[data-state=issued]")
    supplement = IssuedSupplement.objects.get()
    assert supplement.number in dean.locator("main").inner_text()

    holder.reload()
    holder.wait_for_selector("[data-state=issued]")
    issued = holder.request.get(base + href)
    assert issued.headers["x-supplement-number"] == supplement.number
    assert "PREVIEW" not in pdf_text(issued.body())


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
