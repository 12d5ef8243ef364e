"""Contract §1: a graduate loaded with a diploma number and its date, a birth date, an IIN and the
programme's credits (recognized past results among them) gets a supplement through the contract
endpoint without any other step; recognized results show their source on its transcript."""

from __future__ import annotations

from typing import Any

import pytest

from diploma_supplement.tests.conftest import text_of
from diploma_supplement.tests.documents import graduate_document
from ektu_portal.academics.loading import load_university

pytestmark = pytest.mark.django_db


def test_a_loaded_graduate_gets_a_supplement_through_the_contract_endpoint(api: Any) -> None:
    document = graduate_document(status="graduated", diploma_number="ЖБ-Б 0042001", graduated_on="2026-06-27",
                                 birth_date="2003-03-14", iin="030314500987")
    recognized = {"GEN22": ("prior_learning", "A"), "GEN23": ("transfer", "B+")}
    for result in document["results"]:
        if result["student"] == "s25001" and result["discipline"] in recognized:
            source, letter = recognized[result["discipline"]]
            for mark in ("r1", "r2", "exam"):
                del result[mark]
            result.update(recognized_from=source, letter=letter)
    load_university(document, allow_passwords=True, source="contract §1 graduate")

    response = api("s25001").get("/api/v1/students/s25001/diploma-supplement.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Diploma number: ЖБ-Б 0042001; the degree was awarded on 27/06/2026." in text  # 6.1
    assert "the degree was awarded on 27/06/2026" in text.split("7.1 Date", 1)[1][:200]  # 7.1
    assert "14/03/2003" in text and "030314500987" in text  # 1.3, 1.4
    assert "Credits gained 240" in text  # CR-3: the programme's credits, recognized ones counted
    assert "GEN22" in text and "Recognized from prior learning" in text
    assert "GEN23" in text and "Recognized from a transfer from another university" in text
    assert "prior_learning" not in text  # the source in words, never its code
