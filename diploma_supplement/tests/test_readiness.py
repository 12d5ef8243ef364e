"""Who is ready (DS-1 with CR-3): a graduate is ready only with the programme's credits earned and nothing
unpassed; the dean's page says what is missing in the reader's language, names in Kazakh order."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from diploma_supplement import selectors
from diploma_supplement.policy import content
from ektu_portal.academics.models import AcademicPeriod, Discipline, Result, Student

pytestmark = pytest.mark.django_db
COHORT = "/diploma-supplements/?program=6B06102&year=2025"


@pytest.fixture
def short_graduate(graduate: Student) -> Student:
    """s25002 recorded as graduated with a diploma, but with 5 credits of 240 and an FX in DB2201."""
    student = Student.objects.get(user__username="s25002")
    Student.objects.filter(pk=student.pk).update(status="graduated", diploma_number="ЖБ-Б 7654321",
                                                 graduated_on=date(2026, 6, 30), birth_date=date(2004, 2, 2),
                                                 iin="040202400321")
    autumn = AcademicPeriod.objects.get(code="2025-F")
    Result.objects.create(student=student, discipline=Discipline.objects.get(code="PRG1101"), period=autumn,
                          r1=80, r2=80, exam=80)  # 80: B, 5 credits
    Result.objects.create(student=student, discipline=Discipline.objects.get(code="DB2201"), period=autumn,
                          r1=60, r2=60, exam=0)  # 0.6 × 60 + 0.4 × 0 = 36: FX (GR-4, GR-6)
    return Student.objects.select_related("user", "program__school").get(pk=student.pk)


def test_a_total_the_programme_contradicts_is_not_ready(short_graduate: Student) -> None:
    [complete, short] = selectors.readiness(short_graduate.program, 2025, today=timezone.localdate())
    assert complete.student.user.username == "s25001" and complete.missing == []
    assert [gap.code for gap in short.missing] == [content.CREDITS_SHORT, content.UNPASSED]
    assert (short.missing[0].recorded, short.missing[0].needed) == (5, 240)
    assert short.missing[1].disciplines == ("DB2201",)


def test_the_dean_reads_what_is_missing_in_kazakh(client: Any, user: Any, short_graduate: Student,
                                                  kazakh_words: dict[str, str]) -> None:
    client.force_login(user("dean.sdt"))  # the portal speaks Kazakh by default
    page = client.get(COHORT).content.decode()
    row = page[page.index('data-student="s25002"'):]
    row = row[:row.index("</tr>")]
    assert "жинаған кредиттері: бағдарламаның 240 кредитінің 5 (CR-3)" in row
    assert "оң қорытынды бағасы жоқ пәндер: DB2201" in row
    assert "берілмеген" in row  # the supplement's state, a translated label
    for english in ("credits earned", "without a positive final grade", "not issued", "credits_short",
                    "unpassed"):
        assert english not in row
    # Kazakh alphabetical order: Ә comes right after А, long before Ж (the code points say otherwise).
    assert page.index('data-student="s25001"') < page.index('data-student="s25002"')


def test_the_holder_reads_what_is_missing_in_kazakh(client: Any, user: Any, short_graduate: Student,
                                                    kazakh_words: dict[str, str]) -> None:
    client.force_login(user("s25002"))
    page = client.get("/students/s25002/diploma-supplement/").content.decode()
    missing = page[page.index('<ul id="missing">'):]
    missing = missing[:missing.index("</ul>")]
    assert "жинаған кредиттері: бағдарламаның 240 кредитінің 5 (CR-3)" in missing
    assert 'id="download"' not in page
    assert "оң қорытынды бағасы жоқ пәндер: DB2201" in missing and "credits earned" not in missing


def test_a_graduate_with_a_passed_retake_is_ready(short_graduate: Student) -> None:
    """An FX retaken and passed leaves nothing unpassed (the retake is the final grade, GP-1)."""
    Result.objects.create(student=short_graduate, discipline=Discipline.objects.get(code="DB2201"),
                          period=AcademicPeriod.objects.get(code="2025-F"), attempt=2, r1=60, r2=60, exam=80)
    [_, short] = selectors.readiness(short_graduate.program, 2025, today=timezone.localdate())
    assert [gap.code for gap in short.missing] == [content.CREDITS_SHORT]
