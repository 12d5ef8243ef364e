"""Contract §8: ``GET /api/v1/mobility/eligibility`` — MO-1/MO-2 reasons from the real transcript and
debts, and who may ask.

The example university gives s25001 (bachelor, year 2) PRG1101 in 2025-F: 0.6 × (80 + 90) / 2 + 0.4 × 71
= 79.4 → 79 → B- (2.67), so a cumulative GPA of 2.67 and no letter under B-.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/mobility/eligibility"


def add_result(student: str, discipline: str, score: int) -> Any:
    """A past result of 2025-F with R1 = R2 = exam = ``score``, so its final score is ``score`` (GR-4)."""
    from ektu_portal.academics.models import AcademicPeriod, Discipline, Result, Student

    return Result.objects.create(student=Student.objects.get(user__username=student),
                                 discipline=Discipline.objects.get(code=discipline),
                                 period=AcademicPeriod.objects.get(code="2025-F"), r1=score, r2=score,
                                 exam=score)


def ask(api: Any, who: str | None, **query: str) -> Any:
    return api(who).get(URL, query)


def test_s25001_is_eligible_for_both_kinds(api: Any) -> None:
    # GPA 2.67 ≥ 2.50, English B2, year 2, no debt; B- is the lowest letter internal mobility accepts.
    assert ask(api, "s25001", kind="international", english="B2").json() == {"eligible": True, "reasons": []}
    assert ask(api, "s25001", kind="internal").json() == {"eligible": True, "reasons": []}


def test_english_b1_is_refused(api: Any) -> None:
    response = ask(api, "s25001", kind="international", english="B1")
    assert (response.status_code, response.json()) == (200, {"eligible": False,
                                                             "reasons": ["english_below_b2"]})
    assert ask(api, "s25001", kind="international").json()["reasons"] == ["english_below_b2"]


def test_gpa_of_exactly_2_50_is_eligible_but_a_c_plus_keeps_internal_mobility_closed(api: Any) -> None:
    add_result("s25001", "HKZ1102", 72)  # 72 → C+ (2.33); GPA (2.67 × 5 + 2.33 × 5) / 10 = 2.50
    assert ask(api, "reg.office", student="s25001", kind="international", english="C1").json() == {
        "eligible": True, "reasons": []}
    assert ask(api, "reg.office", student="s25001", kind="internal").json() == {
        "eligible": False, "reasons": ["grade_below_b_minus"]}


def test_gpa_just_under_2_50_is_refused(api: Any) -> None:
    add_result("s25001", "HKZ1102", 67)  # 67 → C (2.00); GPA (2.67 + 2.00) / 2 = 2.335 → 2.34
    assert ask(api, "s25001", kind="international", english="B2").json() == {
        "eligible": False, "reasons": ["gpa_below_2_5"]}


def test_an_open_debt_refuses_both_kinds_with_every_reason(api: Any) -> None:
    from grading.models import AcademicDebt  # test set-up only: a debt as GR-10's sweep records it

    fx = add_result("s25001", "HKZ1102", 40)  # 40 → FX (0.50); GPA (2.67 × 5 + 0.50 × 5) / 10 = 1.585 → 1.59
    AcademicDebt.objects.create(result=fx, reason="FX retake not taken",
                                registered_at=datetime(2026, 1, 20, tzinfo=ZoneInfo("Asia/Almaty")))
    assert ask(api, "mob.coord", student="s25001", kind="international", english="C2").json() == {
        "eligible": False, "reasons": ["gpa_below_2_5", "academic_debt"]}
    assert ask(api, "mob.coord", student="s25001", kind="internal").json() == {
        "eligible": False, "reasons": ["grade_below_b_minus", "academic_debt"]}


def test_course_years_first_year_bachelor_no_master_in_first_year_yes(api: Any) -> None:
    # Neither has a grade yet: no GPA has shown 2.50.
    assert ask(api, "s26001", kind="international", english="B2").json() == {
        "eligible": False, "reasons": ["course_year_not_eligible", "gpa_below_2_5"]}
    assert ask(api, "m25001", kind="international", english="B2").json() == {
        "eligible": False, "reasons": ["gpa_below_2_5"]}


def test_a_wrong_kind_or_level_is_a_problem_naming_the_field(api: Any) -> None:
    for query, field in (({"kind": "erasmus"}, "kind"), ({}, "kind"),
                         ({"kind": "international", "english": "B3"}, "english")):
        response = ask(api, "s25001", **query)
        assert response.status_code == 422, query
        assert response["Content-Type"].startswith("application/problem+json")
        assert field in response.json()["errors"], response.json()


@pytest.mark.parametrize(("who", "status"), [
    ("s25001", 200), ("mob.coord", 200), ("reg.office", 200),
    ("adv.sarsen", 403), ("dean.sdt", 403),            # they see the student, but §8 does not name them
    ("s25002", 404), ("dean.sem", 404), ("appeals.chair", 404), (None, 401),
])
def test_who_may_ask(api: Any, who: str | None, status: int) -> None:
    response = ask(api, who, student="s25001", kind="internal")
    assert response.status_code == status
    if status != 200:
        assert response["Content-Type"].startswith("application/problem+json")


def test_an_unknown_student_is_not_found(api: Any) -> None:
    response = ask(api, "mob.coord", student="nobody", kind="internal")
    assert (response.status_code, response.json()["code"]) == (404, "student_not_found")


def test_the_operation_is_typed_in_the_schema() -> None:
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generator = SchemaGenerator(patterns=[path("api/v1/", include("mobility.api.urls"))])
    schema = json.loads(OpenApiJsonRenderer().render(generator.get_schema(request=None, public=True)))
    operation = schema["paths"]["/api/v1/mobility/eligibility"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"student", "kind", "english"}
    body = schema["components"]["schemas"]["MobilityEligibility"]
    assert set(body["properties"]) == {"eligible", "reasons"}
    assert "course_year_not_eligible" in json.dumps(schema["components"]["schemas"])
    problem = operation["responses"]["404"]["content"]["application/problem+json"]["schema"]["$ref"]
    assert problem.endswith("/Problem")
