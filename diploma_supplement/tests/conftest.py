"""Fixtures of the supplement's tests: a graduate who completed the programme, loaded by the real loader.

Django is imported inside the fixtures: the pure policy tests beside them run without it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from pypdf import PdfReader

DIPLOMA = "ЖБ-Б 1234567"
AWARDED = "2026-06-30"


@pytest.fixture
def graduate(university: Any) -> Any:
    """s25001 graduated with the programme's 240 credits, a diploma number and an award date (contract §1)."""
    from diploma_supplement.tests.documents import graduate_document
    from ektu_portal.academics.loading import load_university
    from ektu_portal.academics.models import Student

    load_university(graduate_document(status="graduated", diploma_number=DIPLOMA, graduated_on=AWARDED),
                    allow_passwords=True, source="diploma supplement test")
    return Student.objects.select_related("user", "program__school").get(user__username="s25001")


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def kazakh_words() -> Iterator[dict[str, str]]:
    """Kazakh for a few of the supplement's new words, put into the served catalogue for one test (the
    catalogue itself is filled by the translation pass): a page that shows them used gettext."""
    words = {
        "credits earned: %(recorded)s of the programme's %(needed)s (CR-3)":
            "жинаған кредиттері: бағдарламаның %(needed)s кредитінің %(recorded)s (CR-3)",
        "disciplines without a positive final grade: %(codes)s": "оң қорытынды бағасы жоқ пәндер: %(codes)s",
        "date of birth (1.3)": "туған күні (1.3)",
        "not issued": "берілмеген",
        "the date the degree was awarded (6.1, 7.1)": "дәреже берілген күн (6.1, 7.1)",
        "the diploma number (6.1)": "диплом нөмірі (6.1)",
    }
    catalog = translation.trans_real.translation("kk")._catalog
    before = {key: catalog.get(key) for key in words}
    for key, value in words.items():
        catalog[key] = value
    yield words
    for key, value in before.items():
        if value is None:
            catalog._catalogs[0].pop(key, None)
        else:
            catalog[key] = value
