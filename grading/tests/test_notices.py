"""E-mail notices of grading events: queued after the commit, sent to the right people."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from grading.models import Appeal, GradeSheet
from grading.notifications import (
    send_appeal_decision_notice,
    send_appeal_entered_notice,
    send_sheet_posted_notices,
)
from grading.tests.test_api import SHEET, complete_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(university: Any) -> None:
    for username in ("s25001", "s25002"):
        get_user_model().objects.filter(username=username).update(email=f"{username}@edu.ektu.kz")


def queued_tasks(callbacks: list[Any]) -> list[tuple[str, tuple[Any, ...]]]:
    return [(c.func.__self__.name, c.args) for c in callbacks]


def test_posting_tells_each_student_until_when_to_appeal(api: Any, enrolled: None, emails: None,
                                                         django_capture_on_commit_callbacks: Any) -> None:
    complete_sheet(api)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert api("adv.sarsen").post(SHEET + "/post").status_code == 200
    sheet = GradeSheet.objects.get()
    assert queued_tasks(callbacks) == [("grading.notify_sheet_posted", (sheet.pk,))]
    assert send_sheet_posted_notices(sheet.pk) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["s25001@edu.ektu.kz", "s25002@edu.ektu.kz"]
    assert all(len(m.to) == 1 and "DB2201-2026F-01" in m.body and "appeal" in m.body for m in mail.outbox)


def test_the_student_learns_the_appeal_decision(api: Any, enrolled: None, emails: None,
                                                django_capture_on_commit_callbacks: Any) -> None:
    complete_sheet(api)
    api("adv.sarsen").post(SHEET + "/post")
    appeal = api("s25001").post("/api/v1/appeals", {"section": "DB2201-2026F-01", "student": "s25001",
                                                    "reason": "Q3"}, format="json").json()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        api("appeals.chair").post(f"/api/v1/appeals/{appeal['id']}/decision",
                                  {"decision": "granted", "points_added": 5, "reason": "Q3 re-marked"},
                                  format="json")
    assert queued_tasks(callbacks) == [("grading.notify_appeal_decided", (appeal["id"],))]
    assert Appeal.objects.get().status == "granted"
    assert send_appeal_decision_notice(appeal["id"]) == 1
    assert mail.outbox[0].to == ["s25001@edu.ektu.kz"]
    body = mail.outbox[0].body
    assert "granted" in body and "5 points" in body and "registrar" in body and "Q3 re-marked" in body


def test_the_student_learns_the_grant_is_entered(api: Any, enrolled: None, emails: None,
                                                 django_capture_on_commit_callbacks: Any) -> None:
    complete_sheet(api)
    api("adv.sarsen").post(SHEET + "/post")
    appeal = api("s25001").post("/api/v1/appeals", {"section": "DB2201-2026F-01", "student": "s25001",
                                                    "reason": "Q3"}, format="json").json()
    api("appeals.chair").post(f"/api/v1/appeals/{appeal['id']}/decision",
                              {"decision": "granted", "points_added": 5, "reason": "Q3 re-marked"},
                              format="json")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert api("reg.office").post(f"/api/v1/appeals/{appeal['id']}/enter").status_code == 200
    assert queued_tasks(callbacks) == [("grading.notify_appeal_entered", (appeal["id"],))]
    assert send_appeal_entered_notice(appeal["id"]) == 1
    # 60 + 5 = 65 on the exam
    assert mail.outbox[0].to == ["s25001@edu.ektu.kz"] and "65" in mail.outbox[0].body
