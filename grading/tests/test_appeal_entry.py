"""GR-14: a granted appeal is passed to the head of the registrar's office, who enters it. The grade
changes only then — one audited action — and meanwhile the student reads "granted, being entered"."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from ektu_portal.academics.models import Result, Student
from ektu_portal.audit.models import AuditRecord
from grading import services
from grading.labels import APPEAL_STAGE
from grading.models import Appeal
from grading.selectors import results_page
from grading.tests.conftest import DB2201

pytestmark = pytest.mark.django_db
SHEET = f"/api/v1/sections/{DB2201}/sheet"
TO_ENTER = "/api/v1/appeals/to-enter"


@pytest.fixture
def granted(api: Any, enrolled: None) -> int:
    """s25001's 60 on DB2201 is appealed and the commission grants 15 points."""
    response = api("adv.sarsen").put(SHEET, {"rows": [
        {"student": "s25001", "r1": 70, "r2": 80, "exam": 60, "coursework_submitted": True},
        {"student": "s25002", "r1": 40, "r2": 50}]}, format="json")
    assert response.status_code == 200, response.content
    assert api("adv.sarsen").post(SHEET + "/post").status_code == 200
    appeal = api("s25001").post("/api/v1/appeals", {"section": DB2201, "student": "s25001",
                                                    "reason": "Question 3 was marked wrong"}, format="json")
    assert appeal.status_code == 201, appeal.content
    decided = api("appeals.chair").post(f"/api/v1/appeals/{appeal.json()['id']}/decision",
                                        {"decision": "granted", "points_added": 15,
                                         "reason": "question 3 re-marked"}, format="json")
    assert decided.status_code == 200, decided.content
    return int(appeal.json()["id"])


def exam_of_s25001() -> int | None:
    return Result.objects.get(student__user__username="s25001", discipline__code="DB2201").exam


def test_the_grant_waits_for_the_registrar(api: Any, granted: int) -> None:
    assert exam_of_s25001() == 60  # not yet
    decided = Appeal.objects.get(pk=granted)
    assert (decided.status, decided.stage, decided.entered_at) == ("granted", "granted_pending_entry", None)
    row = next(r for r in api("s25001").get("/api/v1/students/s25001/transcript").json()["results"]
               if r["discipline"] == "DB2201")
    assert (row["exam"], row["letter"]) == (60, "C")
    queue = api("reg.office").get(TO_ENTER).json()
    # 0.6 × 75 + 0.4 × 75 = 75 → B- once entered (was 69, C)
    assert [(a["id"], a["student"], a["discipline"], a["exam_before"], a["points_added"], a["exam_after"])
            for a in queue] == [(granted, "s25001", "DB2201", 60, 15, 75)]
    assert queue[0]["decided_by"] == "Омаров Ерлан" and queue[0]["decision_reason"] == "question 3 re-marked"


def test_the_student_reads_granted_being_entered(granted: int) -> None:
    page = results_page(Student.objects.get(user__username="s25001"), timezone.now())
    line = next(line for group in page["groups"] for line in group.lines
                if line.result.discipline.code == "DB2201")
    assert line.appeal.stage == "granted_pending_entry"
    assert str(APPEAL_STAGE["granted_pending_entry"]) == "granted, being entered"


def test_the_registrar_enters_it_once(api: Any, granted: int) -> None:
    response = api("reg.office").post(f"/api/v1/appeals/{granted}/enter")
    assert response.status_code == 200, response.content
    assert (response.json()["stage"], response.json()["exam"]) == ("entered", 75)
    assert exam_of_s25001() == 75
    row = next(r for r in api("s25001").get("/api/v1/students/s25001/transcript").json()["results"]
               if r["discipline"] == "DB2201")
    assert (row["exam"], row["final_score"], row["letter"]) == (75, 75, "B-")
    change = AuditRecord.objects.get(action="result.appeal")
    assert (change.actor_username, change.before["exam"], change.after["exam"]) == ("reg.office", 60, 75)
    assert change.reason == "question 3 re-marked" and change.basis.startswith(f"appeal #{granted}")
    again = api("reg.office").post(f"/api/v1/appeals/{granted}/enter")
    assert (again.status_code, again.json()["code"]) == (409, "appeal_already_entered")
    assert api("reg.office").get(TO_ENTER).json() == []
    assert exam_of_s25001() == 75


def test_a_rejected_or_undecided_appeal_is_not_entered(api: Any, enrolled: None, user: Any) -> None:
    api("adv.sarsen").put(SHEET, {"rows": [
        {"student": "s25001", "r1": 70, "r2": 80, "exam": 60, "coursework_submitted": True},
        {"student": "s25002", "r1": 40, "r2": 50}]}, format="json")
    api("adv.sarsen").post(SHEET + "/post")
    appeal = api("s25001").post("/api/v1/appeals", {"section": DB2201, "student": "s25001", "reason": "Q3"},
                                format="json").json()
    response = api("reg.office").post(f"/api/v1/appeals/{appeal['id']}/enter")
    assert (response.status_code, response.json()["code"]) == (409, "appeal_not_granted")
    assert exam_of_s25001() == 60


def test_the_final_sheet_does_not_print_while_a_grant_waits(granted: int, user: Any) -> None:
    sheet = Appeal.objects.get(pk=granted).result.section.grade_sheets.get()
    with pytest.raises(services.Conflict) as refused:
        services.sheet_print(actor=user("reg.office"), code=DB2201, now=sheet.appeal_window_closes_at)
    assert refused.value.code == "appeals_pending"
    services.appeal_enter(actor=user("reg.office"), appeal_id=granted, now=sheet.appeal_window_closes_at)
    assert services.sheet_print(actor=user("reg.office"), code=DB2201,
                                now=sheet.appeal_window_closes_at).is_printed


@pytest.mark.parametrize(("who", "status"), [
    ("reg.office", 200), ("appeals.chair", 403), ("adv.sarsen", 403), ("s25001", 403), ("dean.sdt", 403),
    (None, 401)])
def test_the_queue_is_the_registrars(api: Any, granted: int, who: str | None, status: int) -> None:
    assert api(who).get(TO_ENTER).status_code == status


@pytest.mark.parametrize(("who", "status"), [
    # who sees the appeal but may not enter it: the student, the commission, the adviser, the dean
    ("s25001", 403), ("appeals.chair", 403), ("adv.sarsen", 403), ("dean.sdt", 403),
    # who does not see it at all
    ("s25002", 404), ("adv.other", 404), ("dean.sem", 404), (None, 401),
    ("reg.office", 200)])
def test_who_enters(api: Any, granted: int, who: str | None, status: int) -> None:
    assert api(who).post(f"/api/v1/appeals/{granted}/enter").status_code == status
    assert exam_of_s25001() == (75 if status == 200 else 60)
