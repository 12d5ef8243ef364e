"""GR-5: 84.5 typed on the sheet (the API, a spreadsheet) is stored as 85 — rounded half up, not refused.
R1 and R2 likewise (GR-1's interpretation). Out-of-scale values are still refused, row by row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ektu_portal.academics.models import Result
from grading import services
from grading.tests.conftest import DB2201, at

pytestmark = pytest.mark.django_db
SHEET = f"/api/v1/sections/{DB2201}/sheet"


def marks() -> dict[str, tuple[Any, ...]]:
    return {r.student.user.username: (r.r1, r.r2, r.exam)
            for r in Result.objects.filter(discipline__code="DB2201").select_related("student__user")}


def test_the_api_rounds_fractional_scores_half_up(api: Any, enrolled: None) -> None:
    response = api("adv.sarsen").put(SHEET, {"rows": [
        {"student": "s25001", "r1": 70.5, "r2": 79.4, "exam": 84.5, "coursework_submitted": True},
        {"student": "s25002", "r1": "60.5", "r2": "59,5", "exam": "49.49", "coursework_submitted": True},
    ]}, format="json")
    assert response.status_code == 200, response.content
    assert marks() == {"s25001": (71, 79, 85), "s25002": (61, 60, 49)}
    row = next(r for r in response.json()["rows"] if r["student"] == "s25001")
    # (71 + 79) / 2 = 75; 0.6 × 75 + 0.4 × 85 = 79 → B-
    assert (row["exam"], row["final_score"], row["letter"]) == (85, 79, "B-")


def test_out_of_scale_fractions_are_still_refused(api: Any, enrolled: None) -> None:
    response = api("adv.sarsen").put(SHEET, {"rows": [
        {"student": "s25001", "r1": 100.5, "exam": -0.4}, {"student": "s25002", "r2": "many"}]},
        format="json")
    assert response.status_code == 422
    assert {p["path"] for p in response.json()["problems"]} == {"rows[0].r1", "rows[0].exam", "rows[1].r2"}
    assert not Result.objects.filter(discipline__code="DB2201").exists()


def test_the_spreadsheet_cells_are_rounded_too(enrolled: None, user: Any) -> None:
    """What grading.spreadsheets hands the service: strings from a CSV, floats from an XLSX."""
    services.sheet_update(actor=user("adv.sarsen"), code=DB2201, rows=[
        {"student": "s25001", "r1": "80.5", "r2": 90.5, "exam": Decimal("70.5"),
         "coursework_submitted": True}])
    assert marks()["s25001"] == (81, 91, 71)


def test_a_retake_score_is_rounded(fx_sheet: Result, api: Any, user: Any) -> None:
    application = services.retake_apply(actor=user("s25001"), result_id=fx_sheet.pk, now=at(2026, 12, 28))
    services.retake_schedule(actor=user("reg.office"), application_id=application.pk, at=at(2027, 1, 8))
    response = api("reg.office").post(f"/api/v1/retakes/{application.pk}/grade", {"exam": 74.5},
                                      format="json")
    assert response.status_code == 200, response.content
    # exam 75: 0.6 × 50 + 0.4 × 75 = 60 → C-
    assert (response.json()["exam_after"], response.json()["letter_after"]) == (75, "C-")
