"""Issue 9: a Kazakh reader walks a result's history, a grade sheet and the Diploma Supplement page
and meets no raw code, no English status and no bare username where a person is meant."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser
CODE = "DB2201-2026F-01"
# What the pages showed before issue 9, and must not show to a Kazakh reader.
RAW = [r"\bin_progress\b", r"\bnot_admitted\b", r"\bno_show\b", r"\bresult\.load\b",
       r"\bresult\.sheet_entry\b", r"\bresult\.update\b", r"\bsheet_entry\b", r"\br1 \d", r"\br2 —",
       r"study_plan\.", r"→ submitted", r"\bgraded\b", r"\bannulled\b", r"\bcredits_incomplete\b",
       r"\bdiploma_number\b", r"\bmissing\b", r"\bIn progress\b", r"\bDid not appear\b", r"\bNot admitted\b",
       r"\bHistory\b"]


@pytest.fixture
def marked(live_university: dict[str, Any]) -> int:
    """s25001 and s25002 take DB2201; the instructor entered R1/R2 (s25002 below 50: not admitted), so
    the sheet and a result's history have something to say."""
    from django.utils import timezone

    from ektu_portal.academics.loading import load_university
    from ektu_portal.academics.models import AcademicPeriod, Result
    from ektu_portal.accounts.models import User
    from grading import services

    live_university["sections"][1]["enrolled"] = ["s25001", "s25002"]
    load_university(live_university, allow_passwords=True)
    AcademicPeriod.objects.filter(code="2026-F").update(
        exam_session_starts=timezone.localdate() - timedelta(days=7))
    services.sheet_update(actor=User.objects.get(username="adv.sarsen"), code=CODE, rows=[
        {"student": "s25001", "r1": 81, "r2": 77, "coursework_submitted": True},
        {"student": "s25002", "r1": 30, "r2": 40}])
    return Result.objects.get(student__user__username="s25001", discipline__code="DB2201").pk


def text_of(page: Any) -> str:
    return page.locator("main").inner_text()


def assert_kazakh(text: str, where: str) -> None:
    found = [pattern for pattern in RAW if re.search(pattern, text)]
    assert not found, f"{where}: {found}\n{text[:1500]}"
    assert re.search(r"[әғқңөұүһі]", text), f"{where} is not in Kazakh:\n{text[:500]}"


def test_a_kazakh_reader_meets_no_raw_code(page: Any, live_server: Any, marked: int) -> None:
    base = live_server.url
    sign_in(page, base, "reg.office")
    page.wait_for_selector("html[lang=kk]")  # Kazakh is the portal's default language

    page.goto(f"{base}/sheets/{CODE}/")
    sheet = text_of(page)
    assert_kazakh(sheet, "the grade sheet")
    assert "Жұмабаева Ұлжан" in sheet  # people by name, not username alone

    page.goto(f"{base}/results/{marked}/history/")
    history = text_of(page)
    assert_kazakh(history, "the result's history")
    assert "Сәрсенова" in history  # who entered the marks, by name

    page.goto(f"{base}/students/s25001/diploma-supplement/")
    assert_kazakh(text_of(page), "the Diploma Supplement page")
