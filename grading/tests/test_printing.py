"""Printed documents: the final sheet after the appeal deadline (GR-12) and the transcript."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone
from pypdf import PdfReader

from grading import services
from grading.models import GradeSheet

pytestmark = pytest.mark.django_db
CODE = "DB2201-2026F-01"


def text_of(content: bytes) -> str:
    # whitespace folded: a long name may wrap onto the next line of a table cell
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def sign_in(client: Any, who: str) -> Any:
    client.post("/accounts/login/", {"login": who, "password": "contract-pass-1234"})
    return client


@pytest.fixture
def posted(enrolled: None, user: Any) -> GradeSheet:
    services.sheet_update(actor=user("adv.sarsen"), code=CODE, rows=[
        {"student": "s25001", "r1": 70, "r2": 80, "exam": 60, "coursework_submitted": True},
        {"student": "s25002", "r1": 40, "r2": 45}])
    return services.sheet_post(actor=user("adv.sarsen"), code=CODE, now=timezone.now())


def test_final_sheet_waits_for_the_appeal_deadline(client: Any, posted: GradeSheet) -> None:
    response = sign_in(client, "adv.sarsen").get(f"/sheets/{CODE}/final.pdf")
    assert response.status_code == 302  # back to the sheet with a message
    assert GradeSheet.objects.get(pk=posted.pk).printed_at is None


def test_final_sheet_prints_and_then_nothing_changes(client: Any, api: Any, posted: GradeSheet) -> None:
    appeal = api("s25001").post("/api/v1/appeals", {"section": CODE, "student": "s25001",
                                                    "reason": "re-check"},
                                format="json").json()
    later = posted.appeal_window_closes_at + timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = sign_in(client, "adv.sarsen").get(f"/sheets/{CODE}/final.pdf")
        assert response.status_code == 302  # an appeal is still waiting for its decision
        api("appeals.chair").post(f"/api/v1/appeals/{appeal['id']}/decision", {"decision": "rejected"},
                                  format="json")
        response = client.get(f"/sheets/{CODE}/final.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Әлиев Нұрлан Серікұлы" in text and "Жұмабаева Ұлжан" in text
    assert "DB2201" in text and "жіберілмеді" in text  # s25002 not admitted (GR-7)
    assert "Registrar's office" in text  # the signatures block
    assert f"EKTU · {CODE}" in text  # the running header
    assert GradeSheet.objects.get(pk=posted.pk).printed_at is not None


def test_after_printing_an_appeal_decision_cannot_change_a_score(api: Any, posted: GradeSheet,
                                                                 user: Any) -> None:
    appeal = services.appeal_file(actor=user("s25001"), section_code=CODE, student_username="s25001",
                                  reason="late review", now=posted.posted_at + timedelta(hours=1))
    GradeSheet.objects.filter(pk=posted.pk).update(printed_at=timezone.now())
    response = api("appeals.chair").post(f"/api/v1/appeals/{appeal.pk}/decision",
                                         {"decision": "granted", "points_added": 5}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "grades_final")


@pytest.mark.parametrize(("who", "status"), [("s25001", 200), ("adv.sarsen", 200), ("reg.office", 200),
                                             ("s25002", 404), ("dean.sem", 404)])
def test_transcript_pdf(client: Any, university: Any, who: str, status: int) -> None:
    response = sign_in(client, who).get("/students/s25001/transcript.pdf")
    assert response.status_code == status
    if status == 200:
        text = text_of(response.content)
        assert "Әлиев Нұрлан Серікұлы" in text and "Aliyev Nurlan" in text
        assert "PRG1101" in text and "B-" in text and "2.67" in text
        assert "150" in text  # 5 credits × 30 hours (CR-1)
