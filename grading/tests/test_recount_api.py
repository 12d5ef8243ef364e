"""Contract §8: the recount engine over the API — preview writes nothing, apply records recognized
results with their source; who may use it."""

from __future__ import annotations

from typing import Any

import pytest

from ektu_portal.academics.models import Result
from ektu_portal.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
# s25001 (6B06102, second year, autumn: semester 3) passed PRG1101; HKZ1102 (semester 1, mandatory) is not.
BODY = {"student": "s25001", "source": "mobility", "hours_per_credit": 25, "items": [
    {"title": "Databases", "ects": 6, "letter": "B+", "discipline": "DB2201"},       # 6 × 25 = 150 h ≥ 150
    {"title": "History", "hours": 120, "percent": 91, "discipline": "HKZ1102"},      # 120 h < 5 × 30
    {"title": "Ethics", "credits": 3, "pass": True, "discipline": "WEB2202"},        # a pass, no letter
]}
SHEET = {"recognized": [{"discipline": "DB2201", "letter": "B+", "credits": 5}],
         "refused": [{"discipline": "HKZ1102", "reason": "workload_short"},
                     {"discipline": "WEB2202", "reason": "letter_required"}],
         "difference": [{"discipline": "HKZ1102", "credits": 5, "semester": 1}]}


def test_preview_computes_the_sheet_and_writes_nothing(api: Any) -> None:
    response = api("reg.office").post("/api/v1/recount/preview", BODY, format="json")
    assert (response.status_code, response.json()) == (200, SHEET)
    assert not Result.objects.filter(recognized_from="mobility").exists()


def test_apply_records_recognized_results_on_the_transcript(api: Any) -> None:
    response = api("reg.office").post("/api/v1/recount/apply", {**BODY, "basis": "QA protocol No. 7"},
                                      format="json")
    assert (response.status_code, response.json()) == (201, SHEET)
    row = next(r for r in api("reg.office").get("/api/v1/students/s25001/transcript").json()["results"]
               if r["discipline"] == "DB2201")
    assert (row["status"], row["letter"], row["points"], row["recognized_from"]) == ("graded", "B+", "3.33",
                                                                                     "mobility")
    assert (row["r1"], row["exam"], row["final_score"]) == (None, None, None)
    assert AuditRecord.objects.get(action="result.recognized").basis == "QA protocol No. 7"


def test_a_bad_request_names_every_problem_and_writes_nothing(api: Any) -> None:
    body = {**BODY, "items": [{"title": "X", "letter": "B", "discipline": "NOPE"},
                              {"title": "Y", "ects": 5, "discipline": "DB2201"}]}
    response = api("reg.office").post("/api/v1/recount/apply", body, format="json")
    assert response.status_code == 422
    paths = {p["path"] for p in response.json()["problems"]}
    assert {"items[0]", "items[0].discipline", "items[1]"} <= paths, paths
    assert not Result.objects.filter(recognized_from="mobility").exists()


@pytest.mark.parametrize(("who", "status"), [("reg.office", 200), ("s25001", 403), ("adv.sarsen", 403),
                                             ("dean.sem", 404), ("appeals.chair", 404), (None, 401)])
def test_who_may_recount(api: Any, who: str | None, status: int) -> None:
    assert api(who).post("/api/v1/recount/preview", BODY, format="json").status_code == status
