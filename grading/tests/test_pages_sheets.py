"""Issue 9: instructors and the registrar reach grade sheets from the menu — a list of sections with each
sheet's state (not started, in progress, posted with its appeal deadline, final, printed); the registrar's
list covers every section, by period and school, page by page. The API link is for staff only."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.utils import translation

from ektu_portal.academics.models import AcademicPeriod, Discipline, Section
from grading import services
from grading.models import GradeSheet
from grading.tests.test_pages_forms import CODE, _walk, at, page_of, row_text, signed_in, visible_text

pytestmark = pytest.mark.django_db


def links(page: Any) -> dict[str, str]:
    """The menu's links: their text by address."""
    nav = next(node for node, _ in _walk(page) if node.name == "nav" and "main-nav" in
               (dict(node.attributes).get("class") or ""))
    return {dict(a.attributes)["href"]: visible_text(a) for a, _ in _walk(nav) if a.name == "a"}


def test_instructor_reaches_own_sheets_from_the_menu_with_their_states(client: Any, enrolled: None, user: Any,
                                                                       university: Any) -> None:
    signed_in(client, "adv.sarsen")
    assert links(page_of(client.get("/")))["/sheets/"] == "Grade sheets"
    page = page_of(client.get("/sheets/"))
    text = visible_text(page)
    assert "Autumn semester 2026/2027" in text and "2026-F" not in text
    assert "WEB2202-2026F-01" in text and "not started" in row_text(page, "data-section", "WEB2202-2026F-01")
    # PRG1101's results were loaded from the university's records: final
    assert row_text(page, "data-section", "PRG1101-2025F-01").endswith("final")

    services.sheet_update(actor=user("adv.sarsen"), code=CODE, rows=[
        {"student": "s25001", "r1": 70, "r2": 80, "exam": 60, "coursework_submitted": True},
        {"student": "s25002", "r1": 20, "r2": 10}])
    assert row_text(page_of(client.get("/sheets/")), "data-section", CODE).endswith("in progress")

    sheet = services.sheet_post(actor=user("adv.sarsen"), code=CODE, now=at(2026, 12, 24))
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 12, 24, 15)):
        posted = row_text(page_of(client.get("/sheets/")), "data-section", CODE)
    # GR-13: until 13:00 of the next day
    assert posted.endswith("posted — appeals until 25 December, 13:00")
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 12, 25, 13, 1)):
        assert row_text(page_of(client.get("/sheets/")), "data-section", CODE).endswith("final")
    GradeSheet.objects.filter(pk=sheet.pk).update(printed_at=at(2026, 12, 28, 9))
    assert row_text(page_of(client.get("/sheets/")), "data-section", CODE).endswith(
        "final sheet printed on 28 December 2026")


def test_another_instructor_sees_only_their_own(client: Any, university: Any) -> None:
    signed_in(client, "adv.other")
    page = page_of(client.get("/sheets/"))
    assert "DB2201-2026F-01" not in visible_text(page) and "No section." in visible_text(page)


@pytest.mark.parametrize("who", ["s25001", "dean.sdt", "appeals.chair"])
def test_others_have_no_sheet_list(client: Any, university: Any, who: str) -> None:
    signed_in(client, who)
    assert "/sheets/" not in links(page_of(client.get("/")))
    assert client.get("/sheets/").status_code == 404


def test_registrar_lists_every_section_by_period_and_school_page_by_page(client: Any,
                                                                         university: Any) -> None:
    signed_in(client, "reg.office")
    assert links(page_of(client.get("/")))["/sheets/"] == "Grade sheets"
    page = page_of(client.get("/sheets/"))
    assert "Сәрсенова Гүлнар" in row_text(page, "data-section", CODE)  # the instructor, by name
    spring = page_of(client.get("/sheets/?period=2025-F"))
    shown = [code for code in ("PRG1101-2025F-01", CODE) if code in visible_text(spring)]
    assert shown == ["PRG1101-2025F-01"]
    # the School of Earth Sciences teaches none of these disciplines; Digital Technologies all four
    assert "No section." in visible_text(page_of(client.get("/sheets/?school=SEM")))
    assert CODE in visible_text(page_of(client.get("/sheets/?school=SDT&period=2026-F")))

    period = AcademicPeriod.objects.get(code="2026-F")
    web = Discipline.objects.get(code="WEB2202")
    # 61 sections in 2026-F, 50 a page
    Section.objects.bulk_create([Section(code=f"WEB2202-2026F-{n:02d}", discipline=web, period=period,
                                         capacity=20) for n in range(2, 60)])
    first = page_of(client.get("/sheets/?period=2026-F"))
    assert len([node for node, _ in _walk(first) if dict(node.attributes).get("data-section")]) == 50
    assert "Page 1 of 2" in visible_text(first)
    second = page_of(client.get("/sheets/?period=2026-F&page=2"))
    assert len([node for node, _ in _walk(second) if dict(node.attributes).get("data-section")]) == 61 - 50
    next_link = next(dict(a.attributes)["href"] for a, _ in _walk(first)
                     if dict(a.attributes).get("rel") == "next")
    assert next_link == "?period=2026-F&page=2"


def test_the_api_link_is_for_staff(client: Any, enrolled: None) -> None:
    signed_in(client, "adv.sarsen")
    assert "/api/docs/" not in links(page_of(client.get(f"/sheets/{CODE}/")))
    signed_in(client, "admin.portal")  # an administrator is staff
    assert links(page_of(client.get("/")))["/api/docs/"] == "API"


def test_the_sheet_list_in_kazakh(client: Any, university: Any) -> None:
    client.post("/accounts/login/", {"login": "reg.office", "password": "contract-pass-1234"})
    client.post("/i18n/setlang/", {"language": "kk", "next": "/"})
    text = visible_text(page_of(client.get("/sheets/")))
    with translation.override("kk"):
        assert translation.gettext("Autumn semester %(year)s") % {"year": "2026/2027"} in text
    assert "2026-F" not in text and "not_started" not in text and "in_progress" not in text


def test_posting_from_the_page_needs_the_post_permission(client: Any, enrolled: None) -> None:
    signed_in(client, "adv.other")
    assert client.post(f"/sheets/{CODE}/post", {}).status_code == 404
    assert GradeSheet.objects.filter(section__code=CODE, posted_at__isnull=False).count() == 0


def test_registrar_posts_and_prints_a_retake_sheet_from_the_list(client: Any, fx_sheet: Any,
                                                                  user: Any) -> None:
    """GR-9/GR-12/GR-13: the retake is a new attempt on the FX retake sheet of its day; the registrar
    finds that sheet on the list, posts it (its own appeal window), and prints it once that has passed."""
    from io import BytesIO

    from pypdf import PdfReader

    application = services.retake_apply(actor=user("s25001"), result_id=fx_sheet.pk, now=at(2026, 12, 28))
    services.retake_schedule(actor=user("reg.office"), application_id=application.pk, at=at(2027, 1, 8))
    services.retake_grade(actor=user("reg.office"), application_id=application.pk, exam=70,
                          now=at(2027, 1, 8, 15))
    sheet = GradeSheet.objects.get(sitting=GradeSheet.Sitting.FX_RETAKE)
    with mock.patch("django.utils.timezone.now", return_value=at(2027, 1, 8, 16)):
        signed_in(client, "reg.office")
        listed = row_text(page_of(client.get("/sheets/")), "data-attempt-sheet", str(sheet.pk))
        assert "FX retake" in listed and "8 January 2027" in listed and listed.endswith("in progress")
        page = visible_text(page_of(client.get(f"/attempt-sheets/{sheet.pk}/")))
        # 0.6 × 50 + 0.4 × 70 = 58 → D+ on the new attempt; the FX stays on the session's sheet
        assert "Әлиев Нұрлан Серікұлы" in page and "58" in page and "D+" in page
        response = client.post(f"/attempt-sheets/{sheet.pk}/post", {}, follow=True)
        assert "The sheet is posted." in visible_text(page_of(response))
    with mock.patch("django.utils.timezone.now", return_value=at(2027, 1, 9, 13, 1)):
        listed = row_text(page_of(client.get("/sheets/")), "data-attempt-sheet", str(sheet.pk))
        assert listed.endswith("final")
        response = client.get(f"/attempt-sheets/{sheet.pk}/final.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages).split())
    assert "FX қайта тапсыру" in text and "Әлиев Нұрлан Серікұлы" in text and "08.01.2027" in text
    assert GradeSheet.objects.get(pk=sheet.pk).printed_at is not None
    assert GradeSheet.objects.get(section__code=CODE, sitting=GradeSheet.Sitting.REGULAR).printed_at is None
