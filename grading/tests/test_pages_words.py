"""Issue 9, what a Kazakh reader meets on grading's pages: words, not codes — a result's history reads
as actions, fields and "was/now" with people by name; sheets, transcripts and PDFs never say
`in_progress`; periods are words; GR-7's final column reads "did not appear" for a student who did
not appear and one not admitted alike, the reason kept in the row's detail."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.utils import translation
from pypdf import PdfReader

from ektu_portal.academics.models import Result
from grading import services
from grading.models import GradeSheet
from grading.tests.test_pages_forms import CODE, PASSWORD, at, page_of, row_text, visible_text

pytestmark = pytest.mark.django_db

# What issue 9 found on kk/ru pages: audit action codes, status codes, raw field keys with values,
# period codes, the username of the person who changed a mark.
RAW = ["result.load", "result.sheet_entry", "result.appeal", "in_progress", "not_admitted", "no_show",
       "rating_below_threshold", "coursework_not_submitted", "2025-F", "2026-F"]
RAW_FIELDS = re.compile(r"\b(r1|r2|exam|outcome|attempt) (\d+|—|None)")


def in_kazakh(client: Any, who: str) -> Any:
    client.logout()  # a signed-in person is sent away from the sign-in page
    client.post("/accounts/login/", {"login": who, "password": PASSWORD})
    client.post("/i18n/setlang/", {"language": "kk", "next": "/"})
    return client


def raw_codes(text: str) -> list[str]:
    return [code for code in RAW if code in text] + [m.group(0) for m in RAW_FIELDS.finditer(text)]


def kk(text: str) -> str:
    with translation.override("kk"):
        return translation.gettext(text)


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@pytest.fixture
def entered(enrolled: None, user: Any) -> None:
    """s25001: 70/80, exam 60, course work in; s25002: ratings only (in progress)."""
    services.sheet_update(actor=user("adv.sarsen"), code=CODE, rows=[
        {"student": "s25001", "r1": 70, "r2": 80, "exam": 60, "coursework_submitted": True},
        {"student": "s25002", "r1": 60, "r2": 64, "coursework_submitted": True}])


def test_a_results_history_reads_in_words(client: Any, entered: None, user: Any) -> None:
    result = Result.objects.get(student__user__username="s25001", discipline__code="DB2201")
    services.sheet_update(actor=user("adv.sarsen"), code=CODE, rows=[{"student": "s25001", "r1": 81}])
    loaded = Result.objects.get(student__user__username="s25001", discipline__code="PRG1101")
    for who, shown in (("s25001", result), ("reg.office", result), ("s25001", loaded)):
        page = visible_text(page_of(in_kazakh(client, who).get(f"/results/{shown.pk}/history/")))
        assert raw_codes(page) == [], who
        assert "adv.sarsen" not in page
    page = visible_text(page_of(client.get(f"/results/{result.pk}/history/")))
    # the instructor by name, the action in words, each field with "was/now"
    assert page.count("Сәрсенова Гүлнар") == 2
    assert kk("entered on the grade sheet") in page
    assert kk("%(field)s: was %(was)s, now %(now)s") % {"field": kk("R1"), "was": "70", "now": "81"} in page
    assert kk("Autumn semester %(year)s") % {"year": "2026/2027"} in page
    loaded_page = visible_text(page_of(client.get(f"/results/{loaded.pk}/history/")))
    assert kk("loaded from the university's records") in loaded_page


def test_a_sheet_in_progress_says_so_in_words(client: Any, entered: None) -> None:
    page = page_of(in_kazakh(client, "adv.sarsen").get(f"/sheets/{CODE}/"))
    assert raw_codes(visible_text(page)) == []
    assert kk("in progress") in row_text(page, "data-student", "s25002")


def test_gr7_did_not_appear_and_not_admitted_read_alike(client: Any, enrolled: None, user: Any) -> None:
    services.sheet_update(actor=user("adv.sarsen"), code=CODE, rows=[
        {"student": "s25001", "r1": 70, "r2": 80, "outcome": "no_show", "coursework_submitted": True},
        {"student": "s25002", "r1": 20, "r2": 10, "coursework_submitted": True}])  # rating 15: not admitted
    page = page_of(in_kazakh(client, "adv.sarsen").get(f"/sheets/{CODE}/"))
    assert raw_codes(visible_text(page)) == []
    did_not_appear = kk("did not appear")
    no_show, not_admitted = row_text(page, "data-student", "s25001"), row_text(page, "data-student", "s25002")
    assert did_not_appear in no_show and did_not_appear in not_admitted
    # the reason stays in the row's detail
    assert kk("admission rating below 50") in not_admitted and kk("admission rating below 50") not in no_show


def test_transcript_page_and_pdf_have_no_codes(client: Any, entered: None) -> None:
    in_kazakh(client, "s25001")
    page = visible_text(page_of(client.get("/students/s25001/transcript/")))
    assert raw_codes(page) == []
    assert kk("in progress") in page  # DB2201's sheet is not posted yet
    text = pdf_text(client.get("/students/s25001/transcript.pdf").content)
    assert raw_codes(text) == []
    assert kk("Autumn semester %(year)s") % {"year": "2025/2026"} in text


def test_my_results_and_the_final_sheet_in_words(client: Any, enrolled: None, user: Any) -> None:
    services.sheet_update(actor=user("adv.sarsen"), code=CODE, rows=[
        {"student": "s25001", "r1": 70, "r2": 80, "exam": 60, "coursework_submitted": True},
        {"student": "s25002", "r1": 20, "r2": 10}])
    sheet = services.sheet_post(actor=user("adv.sarsen"), code=CODE, now=at(2026, 12, 24))
    page = visible_text(page_of(in_kazakh(client, "s25002").get("/results/")))
    assert raw_codes(page) == []
    assert kk("Autumn semester %(year)s") % {"year": "2026/2027"} in page

    in_kazakh(client, "adv.sarsen")
    after_appeals = sheet.appeal_window_closes_at + timedelta(hours=1)
    with mock.patch("django.utils.timezone.now", return_value=after_appeals):
        final = visible_text(page_of(client.get(f"/sheets/{CODE}/")))
        assert raw_codes(final) == []
        response = client.get(f"/sheets/{CODE}/final.pdf")
    assert GradeSheet.objects.get(pk=sheet.pk).printed_at is not None
    text = pdf_text(response.content)
    assert raw_codes(text) == []
    # GR-7: the policy's words for both «did not appear» and «not admitted», the reason beside
    assert "келген жоқ / не явился" in text and "жіберілмеді / не допущен" in text
    assert kk("Autumn semester %(year)s") % {"year": "2026/2027"} in text
    printed = visible_text(page_of(client.get(f"/sheets/{CODE}/")))
    assert raw_codes(printed) == []
