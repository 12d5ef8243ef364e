"""The UI speaks Kazakh and Russian everywhere English is written (catalogue checks)."""

from __future__ import annotations

import pytest
from django.utils import translation

from ektu_portal.core.translations import LANGUAGES, catalogue_problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_compiled(language: str) -> None:
    assert catalogue_problems(language) == []


@pytest.mark.parametrize(("language", "expected"),
                         [("kk", "Менің оқуым"), ("ru", "Моя учёба"), ("en", "My studies")])
def test_the_compiled_catalogue_is_what_django_serves(language: str, expected: str) -> None:
    with translation.override(language):
        assert translation.gettext("My studies") == expected
