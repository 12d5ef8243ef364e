"""GR-2/GR-3 on the sheet: course work, attendance with the five-lates rule, the dean's order."""

from __future__ import annotations

from typing import Any

import pytest

from ektu_portal.academics.models import Result
from ektu_portal.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
SHEET = "/api/v1/sections/DB2201-2026F-01/sheet"


@pytest.fixture
def enrolled(university: Any) -> None:
    from ektu_portal.academics.loading import load_university

    university["sections"][1]["enrolled"] = ["s25001", "s25002"]
    load_university(university, allow_passwords=True)


def row_of(api: Any, username: str) -> dict[str, Any]:
    return next(r for r in api("adv.sarsen").get(SHEET).json()["rows"] if r["student"] == username)


@pytest.mark.parametrize(("entry", "admitted", "reasons"), [
    ({"coursework_submitted": True}, True, []),
    ({}, False, ["coursework_not_submitted"]),                                        # GR-2
    ({"coursework_submitted": True, "classes_held": 30, "absences": 15}, True, []),  # exactly half: admitted
    ({"coursework_submitted": True, "classes_held": 30, "absences": 16}, False,
     ["attendance_over_half_missed"]),
    # 14 missed + 5 lates over 20 minutes = 15 = half: still admitted; 10 lates make 16
    ({"coursework_submitted": True, "classes_held": 30, "absences": 14, "lates_over_20_min": 5}, True, []),
    ({"coursework_submitted": True, "classes_held": 30, "absences": 14, "lates_over_20_min": 10}, False,
     ["attendance_over_half_missed"]),
])
def test_admission_on_the_sheet(api: Any, enrolled: None, entry: dict[str, Any], admitted: bool,
                                reasons: list[str]) -> None:
    response = api("adv.sarsen").put(SHEET, {"rows": [{"student": "s25001", "r1": 70, "r2": 80, **entry}]},
                                     format="json")
    assert response.status_code == 200, response.content
    row = row_of(api, "s25001")
    assert (row["admitted"], row["admission_reasons"]) == (admitted, reasons)


def test_not_admitted_students_cannot_get_an_exam_score(api: Any, enrolled: None) -> None:
    response = api("adv.sarsen").put(SHEET, {"rows": [
        {"student": "s25001", "r1": 70, "r2": 80, "classes_held": 30, "absences": 20,
         "coursework_submitted": True,
         "exam": 90}]}, format="json")
    assert response.status_code == 422
    assert "attendance_over_half_missed" in response.json()["problems"][0]["message"]
    assert not Result.objects.filter(discipline__code="DB2201").exists()


@pytest.mark.parametrize(("field", "value"), [("absences", -1), ("classes_held", "many"),
                                              ("coursework_submitted", "yes"), ("lates_over_20_min", None)])
def test_bad_entry_values(api: Any, enrolled: None, field: str, value: Any) -> None:
    response = api("adv.sarsen").put(SHEET, {"rows": [{"student": "s25001", field: value}]}, format="json")
    assert response.status_code == 422 and response.json()["problems"][0]["path"] == f"rows[0].{field}"


# the dean of the student's school admits; who sees the student but may not is refused (403); another
# school's dean does not see the student at all (404)
@pytest.mark.parametrize(("who", "status"), [("dean.sdt", 200), ("dean.sem", 404), ("adv.sarsen", 403),
                                             ("reg.office", 403), ("s25001", 403)])
def test_dean_order_waives_attendance_only(api: Any, enrolled: None, who: str, status: int) -> None:
    api("adv.sarsen").put(SHEET, {"rows": [{"student": "s25001", "r1": 70, "r2": 80, "classes_held": 30,
                                            "absences": 20}]}, format="json")
    result = Result.objects.get(student__user__username="s25001", discipline__code="DB2201")
    response = api(who).post(f"/api/v1/results/{result.pk}/dean-admission",
                             {"basis": "order No. 12 of 01.12.2026, illness"}, format="json")
    assert response.status_code == status
    reasons = row_of(api, "s25001")["admission_reasons"]
    if status == 200:
        # attendance waived; the missing course work still bars admission (GR-3 waives attendance only)
        assert reasons == ["coursework_not_submitted"]
        assert AuditRecord.objects.filter(action="sheet_entry.dean_admission").count() == 1
    else:
        assert reasons == ["coursework_not_submitted", "attendance_over_half_missed"]


def test_a_loaded_past_result_of_a_coursework_discipline_is_final(university: Any) -> None:
    """A result loaded from the university's records (no sheet in the portal) was admitted where it
    was recorded: its course work is not asked for again — it counts as passed for RG-3 and GPA."""
    from ektu_portal.academics.models import AcademicPeriod, Discipline, Result, Student
    from grading.selectors import student_transcript

    student = Student.objects.get(user__username="s25002")
    Result.objects.create(student=student, discipline=Discipline.objects.get(code="DB2201"),
                          period=AcademicPeriod.objects.get(code="2025-F"), r1=70, r2=74, exam=80)
    record = student_transcript(student)
    row = next(a for a in record.attempts if a.discipline.code == "DB2201")
    assert (row.status, row.final_score, row.letter) == ("graded", 75, "B-")  # 0.6 × 72 + 0.4 × 80 = 75.2
    assert "DB2201" in record.mastered
