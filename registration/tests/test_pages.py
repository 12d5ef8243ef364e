"""The registration page: choose and drop work without JavaScript; reasons are shown."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ektu_portal.academics.models import AcademicPeriod, Enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def student(client: Any, university: Any) -> Any:
    period = AcademicPeriod.objects.get(code="2026-F")
    period.registration_opens = timezone.now() - timedelta(days=1)
    period.registration_closes = timezone.now() + timedelta(days=7)
    period.save()
    client.post("/accounts/login/", {"login": "s25001", "password": "contract-pass-1234"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_page_shows_sections_with_reasons(student: Any) -> None:
    page = student.get("/registration/").content.decode()
    assert "DB2201-2026F-01" in page and "ML2203-2026F-01" in page
    assert "a prerequisite is not mastered" in page  # ML2203 needs DB2201 (RG-3)


def test_choose_and_drop_without_javascript(student: Any) -> None:
    response = student.post("/registration/", {"section": "DB2201-2026F-01"}, follow=True)
    assert b"Registered." in response.content
    enrollment = Enrollment.objects.get(section__code="DB2201-2026F-01", student__user__username="s25001")
    assert enrollment.status == "enrolled"
    response = student.post("/registration/", {"drop": enrollment.pk}, follow=True)
    assert b"Dropped." in response.content
    enrollment.refresh_from_db()
    assert enrollment.status == "dropped"


def test_a_refusal_is_shown_in_the_row_and_writes_nothing(student: Any) -> None:
    response = student.post("/registration/", {"section": "ML2203-2026F-01"})
    assert response.status_code == 422
    row = row_html(response.content.decode(), "ML2203-2026F-01")
    assert 'id="refusal-ML2203-2026F-01"' in row and "A prerequisite is not mastered (RG-3)" in row
    assert not Enrollment.objects.filter(section__code="ML2203-2026F-01").exists()


def row_html(page: str, section: str) -> str:
    """The table row of one section, as the student reads it."""
    start = page.index(f'<tr data-section="{section}"')
    return page[start:page.index("</tr>", start)]


def test_partial_is_only_the_table(student: Any) -> None:
    fragment = student.get("/registration/?partial=1").content.decode()
    assert fragment.lstrip().startswith('<div id="offer"') and "<html" not in fragment


def test_waiting_room_before_opening(client: Any, university: Any) -> None:
    period = AcademicPeriod.objects.get(code="2026-F")
    period.registration_opens = timezone.now() + timedelta(hours=2)
    period.registration_closes = timezone.now() + timedelta(days=7)
    period.save()
    client.post("/accounts/login/", {"login": "s25001", "password": "contract-pass-1234"})
    page = client.get("/registration/").content.decode()
    assert 'id="waiting-room"' in page and 'class="countdown"' in page


@pytest.mark.parametrize("who", ["adv.sarsen", "reg.office", "dean.sdt"])
def test_not_a_students_page(client: Any, university: Any, who: str) -> None:
    client.post("/accounts/login/", {"login": who, "password": "contract-pass-1234"})
    assert client.get("/registration/").status_code == 404
