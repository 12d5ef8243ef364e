"""Contract §3 sheet, appeal and transcript endpoints: behaviour and the permission matrix."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ektu_portal.academics.models import Result
from ektu_portal.audit.models import AuditRecord
from grading import services
from grading.models import GradeSheet

pytestmark = pytest.mark.django_db
SHEET = "/api/v1/sections/DB2201-2026F-01/sheet"


def put(api: Any, who: str, rows: list[dict[str, Any]]) -> Any:
    return api(who).put(SHEET, {"rows": rows}, format="json")


def complete_sheet(api: Any) -> None:
    response = put(api, "adv.sarsen", [{"student": "s25001", "r1": 70, "r2": 80, "exam": 60,
                                        "coursework_submitted": True},
                                       {"student": "s25002", "r1": 40, "r2": 50}])
    assert response.status_code == 200, response.content


# --- transcript -------------------------------------------------------------------------------------

def test_transcript_matches_the_contract(api: Any) -> None:
    body = api("s25001").get("/api/v1/students/s25001/transcript").json()
    assert (body["student"], body["program"], body["gpa"], body["credits_earned"]) == (
        "s25001", "6B06102", "2.67", 5)
    # r1 80, r2 90, exam 71: 0.6 × 85 + 0.4 × 71 = 79.4 → 79 → B- (2.67, good)
    assert body["results"] == [{
        "discipline": "PRG1101", "period": "2025-F", "credits": 5, "attempt": 1, "r1": 80, "r2": 90,
        "admission_rating": "85.0", "admitted": True, "exam": 71, "final_score": 79, "letter": "B-",
        "points": "2.67", "traditional": "good", "status": "graded", "recognized_from": None}]


@pytest.mark.parametrize(("who", "status"), [
    ("s25001", 200), ("s25002", 404), ("adv.sarsen", 200), ("adv.other", 404), ("dean.sdt", 200),
    ("dean.sem", 404), ("reg.office", 200), ("appeals.chair", 404), (None, 401)])
def test_transcript_permission_matrix(api: Any, who: str | None, status: int) -> None:
    assert api(who).get("/api/v1/students/s25001/transcript").status_code == status


# --- sheets -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("adv.sarsen", 200), ("reg.office", 200), ("adv.other", 404), ("s25001", 404), ("dean.sdt", 404),
    ("appeals.chair", 404), (None, 401)])
def test_sheet_permission_matrix(api: Any, enrolled: None, who: str | None, status: int) -> None:
    assert api(who).get(SHEET).status_code == status
    assert put(api, who, [{"student": "s25001", "r1": 99}]).status_code == status
    if status != 200:
        assert not Result.objects.filter(discipline__code="DB2201").exists()


def test_sheet_rows_compute_as_you_enter(api: Any, enrolled: None) -> None:
    rows = api("adv.sarsen").get(SHEET).json()["rows"]
    assert sorted(r["student"] for r in rows) == ["s25001", "s25002"]
    assert all(r["status"] == "in_progress" for r in rows)
    complete_sheet(api)
    rows = {r["student"]: r for r in api("adv.sarsen").get(SHEET).json()["rows"]}
    # 0.6 × 75 + 0.4 × 60 = 69 → C (2.00, satisfactory)
    assert (rows["s25001"]["admission_rating"], rows["s25001"]["final_score"], rows["s25001"]["letter"]) == (
        "75.0", 69, "C")
    # (40 + 50) / 2 = 45 < 50: not admitted (GR-2)
    assert (rows["s25002"]["admitted"], rows["s25002"]["status"], rows["s25002"]["letter"]) == (
        False, "not_admitted", None)
    entries = AuditRecord.objects.filter(action="result.sheet_entry")
    assert entries.count() == 2 and {e.actor_username for e in entries} == {"adv.sarsen"}


def test_bad_rows_are_all_named_and_nothing_is_saved(api: Any, enrolled: None) -> None:
    response = put(api, "adv.sarsen", [
        {"student": "s25001", "r1": 101, "r2": 80},
        {"student": "s25101", "r1": 70},
        {"student": "s25002", "outcome": "sick"},
        {"student": "s25002", "r1": 40, "r2": 40, "exam": 90},
    ])
    assert response.status_code == 422
    paths = {p["path"] for p in response.json()["problems"]}
    assert {"rows[0].r1", "rows[1].student", "rows[2].outcome", "rows[3].student"} <= paths
    assert not Result.objects.filter(discipline__code="DB2201").exists()


def test_exam_for_a_student_not_admitted_is_refused(api: Any, enrolled: None) -> None:
    response = put(api, "adv.sarsen", [{"student": "s25002", "r1": 40, "r2": 40, "exam": 90}])
    assert response.status_code == 422
    assert response.json()["problems"][0]["path"] == "rows[0].exam"


def test_post_needs_every_row_complete_then_locks(api: Any, enrolled: None) -> None:
    put(api, "adv.sarsen", [{"student": "s25001", "r1": 70, "r2": 80}])
    response = api("adv.sarsen").post(SHEET + "/post")
    assert (response.status_code, response.json()["code"]) == (422, "sheet_incomplete")
    complete_sheet(api)
    assert api("s25001").post(SHEET + "/post").status_code == 404
    response = api("adv.sarsen").post(SHEET + "/post")
    assert response.status_code == 200 and response.json()["locked"] is True
    response = put(api, "reg.office", [{"student": "s25001", "exam": 100}])
    assert (response.status_code, response.json()["code"]) == (409, "grades_locked")
    assert Result.objects.get(student__user__username="s25001", discipline__code="DB2201").exam == 60


def test_student_sees_the_grade_only_after_posting(api: Any, enrolled: None) -> None:
    complete_sheet(api)
    row = next(r for r in api("s25001").get("/api/v1/students/s25001/transcript").json()["results"]
               if r["discipline"] == "DB2201")
    assert (row["status"], row["exam"], row["letter"]) == ("in_progress", None, None)
    api("adv.sarsen").post(SHEET + "/post")
    row = next(r for r in api("s25001").get("/api/v1/students/s25001/transcript").json()["results"]
               if r["discipline"] == "DB2201")
    assert (row["status"], row["exam"], row["letter"]) == ("graded", 60, "C")


# --- appeals ----------------------------------------------------------------------------------------

@pytest.fixture
def posted(api: Any, enrolled: None) -> None:
    complete_sheet(api)
    assert api("adv.sarsen").post(SHEET + "/post").status_code == 200


def test_appeal_granted_raises_the_grade(api: Any, posted: None) -> None:
    body = {"section": "DB2201-2026F-01", "student": "s25001", "reason": "Question 3 was marked wrong"}
    assert api("s25002").post("/api/v1/appeals", body, format="json").status_code == 404  # not theirs to see
    assert api("adv.sarsen").post("/api/v1/appeals", body, format="json").status_code == 403  # sees, may not
    response = api("s25001").post("/api/v1/appeals", body, format="json")
    assert response.status_code == 201, response.content
    appeal_id = response.json()["id"]
    assert api("s25001").post("/api/v1/appeals", body, format="json").json()["code"] == "appeal_already_filed"
    decision = f"/api/v1/appeals/{appeal_id}/decision"
    assert api("adv.sarsen").post(decision, {"decision": "granted", "points_added": 15}, format="json"
                                  ).status_code == 403
    response = api("appeals.chair").post(decision, {"decision": "granted", "points_added": 15,
                                                    "reason": "question 3 re-marked"}, format="json")
    # GR-14: the grant goes to the registrar's office, which enters it
    assert response.status_code == 200 and (response.json()["exam"], response.json()["stage"]) == (
        60, "granted_pending_entry")
    assert api("reg.office").post(f"/api/v1/appeals/{appeal_id}/enter").json()["exam"] == 75
    row = next(r for r in api("s25001").get("/api/v1/students/s25001/transcript").json()["results"]
               if r["discipline"] == "DB2201")
    # 0.6 × 75 + 0.4 × 75 = 75 → B- (was 69, C)
    assert (row["exam"], row["final_score"], row["letter"]) == (75, 75, "B-")
    change = AuditRecord.objects.get(action="result.appeal")
    assert (change.before["exam"], change.after["exam"], change.basis) == (60, 75, f"appeal #{appeal_id}")
    again = api("appeals.chair").post(decision, {"decision": "rejected"}, format="json")
    assert again.json()["code"] == "appeal_already_decided"


def test_rejected_appeal_keeps_the_grade(api: Any, posted: None) -> None:
    appeal_id = api("s25001").post("/api/v1/appeals", {"section": "DB2201-2026F-01", "student": "s25001",
                                                       "reason": "unfair"}, format="json").json()["id"]
    response = api("appeals.chair").post(f"/api/v1/appeals/{appeal_id}/decision",
                                         {"decision": "rejected", "points_added": 3}, format="json")
    assert response.status_code == 422  # a rejection adds nothing
    response = api("appeals.chair").post(f"/api/v1/appeals/{appeal_id}/decision", {"decision": "rejected"},
                                         format="json")
    assert response.status_code == 200 and response.json()["exam"] == 60


def test_late_appeal_is_refused(university: Any, posted: None, user: Any) -> None:
    sheet = GradeSheet.objects.get(section__code="DB2201-2026F-01")
    with pytest.raises(services.AppealWindowClosed):
        services.appeal_file(actor=user("s25001"), section_code="DB2201-2026F-01", student_username="s25001",
                             reason="late", now=sheet.appeal_window_closes_at)
    services.appeal_file(actor=user("s25001"), section_code="DB2201-2026F-01", student_username="s25001",
                         reason="just in time", now=sheet.appeal_window_closes_at - timedelta(seconds=1))


def test_appeal_on_an_unposted_sheet_is_refused(api: Any, enrolled: None) -> None:
    complete_sheet(api)
    response = api("s25001").post("/api/v1/appeals", {"section": "DB2201-2026F-01", "student": "s25001",
                                                      "reason": "x"}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "appeal_window_closed")


def test_closing_windows_is_idempotent_and_catches_up(posted: None) -> None:
    sheet = GradeSheet.objects.get(section__code="DB2201-2026F-01")
    assert services.close_appeal_windows(now=sheet.appeal_window_closes_at - timedelta(minutes=1)) == 0
    # the beat was down for two days: the first run afterwards closes the window once
    later = sheet.appeal_window_closes_at + timedelta(days=2)
    assert services.close_appeal_windows(now=later) == 1
    assert services.close_appeal_windows(now=later) == 0
    assert AuditRecord.objects.filter(action="sheet.close").count() == 1
    assert timezone.is_aware(GradeSheet.objects.get(pk=sheet.pk).closed_at)


@pytest.mark.parametrize(("who", "status"), [("s25001", 200), ("reg.office", 200), ("s25002", 404),
                                             ("adv.other", 404), ("dean.sem", 404)])
def test_history_of_a_result(client: Any, api: Any, posted: None, who: str, status: int) -> None:
    """GR-20: the student and the registrar see who changed the score, from what, to what, why."""
    result = Result.objects.get(student__user__username="s25001", discipline__code="DB2201")
    client.post("/accounts/login/", {"login": who, "password": "contract-pass-1234"})
    response = client.get(f"/results/{result.pk}/history/")
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Сәрсенова Гүлнар" in page and "60" in page  # who (by name, issue 9) and the score
