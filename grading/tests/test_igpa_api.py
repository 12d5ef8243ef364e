"""Contract §7: PUT achievements and GET igpa — shape, exact values shown half up, nulls and reasons,
and the permission matrix (GP-2 … GP-4). Expected values are worked out by hand in the comments."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from grading.tests.igpa_data import GPA_24_7, igpa_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(university: Any) -> str:
    """The academic year whose progression comes next (course years now refer to it): s25001 is in
    course year 2 of it, s25101 in 3; the year before, s25001 was in 1."""
    from ektu_portal.academics.loading import load_university
    from ektu_portal.academics.models import Result
    from grading.selectors import course_years_refer_to

    academic_year = course_years_refer_to(timezone.localdate())
    Result.objects.filter(discipline__code="PRG1101").delete()  # the example's own result: another year
    load_university(igpa_document(academic_year), allow_passwords=True)
    return academic_year


def _previous(academic_year: str) -> str:
    start = int(academic_year[:4])
    return f"{start - 1}-{start}"


def test_the_contract_shape_for_years_1_and_2(api: Any, year: str) -> None:
    put = api("reg.office").put(f"/api/v1/students/s25001/achievements/{year}",
                                {"ssci": 80, "iros": 10, "research": 70}, format="json")
    assert put.status_code == 200, put.content
    body = api("s25001").get(f"/api/v1/students/s25001/igpa?academic_year={year}").json()
    # GPA 24/7 (A in autumn, B in the summer semester); block 6/7 → 0.8571.
    # 4 × (0.85 × (0.8 × 6/7 + 0.2 × 0.7) + 0.15 × 0.8) = 4 × (0.85 × 0.825714… + 0.12) = 3.287428… → 3.29
    assert body == {"student": "s25001", "academic_year": year, "course_year": 2, "gpa": GPA_24_7,
                    "blocks": {"gpa": "0.8571", "research": "0.7000", "ssci": "0.8000", "iros": None},
                    "igpa": "3.29", "progression": {"meets": True, "reasons": []}}


def test_years_3_and_4_use_iros_and_a_block_under_half_refuses_progression(api: Any, year: str) -> None:
    api("reg.office").put(f"/api/v1/students/s25101/achievements/{year}", {"ssci": 40, "iros": 60},
                          format="json")
    body = api("reg.office").get(f"/api/v1/students/s25101/igpa?academic_year={year}").json()
    # GPA 3.00 (one B): 0.5 × 0.75 + 0.35 × 0.6 + 0.15 × 0.4 = 0.645; × 4 = 2.58; SSCI 0.4 < 0.5
    assert body["course_year"] == 3
    assert body["blocks"] == {"gpa": "0.7500", "research": None, "ssci": "0.4000", "iros": "0.6000"}
    assert (body["gpa"], body["igpa"]) == ("3.00", "2.58")
    assert body["progression"] == {"meets": False, "reasons": ["ssci_block_below_half"]}


def test_without_recorded_points_there_is_no_igpa(api: Any, year: str) -> None:
    body = api("s25001").get(f"/api/v1/students/s25001/igpa?academic_year={year}").json()
    assert body["igpa"] is None
    assert body["gpa"] == GPA_24_7
    assert body["blocks"] == {"gpa": "0.8571", "research": None, "ssci": None, "iros": None}
    assert body["progression"] == {"meets": False, "reasons": ["achievements_missing"]}


def test_a_year_without_graded_results(api: Any, year: str) -> None:
    previous = _previous(year)
    api("reg.office").put(f"/api/v1/students/s25002/achievements/{year}", {"ssci": 90, "research": 90},
                          format="json")
    body = api("reg.office").get(f"/api/v1/students/s25002/igpa?academic_year={year}").json()
    assert (body["gpa"], body["igpa"], body["blocks"]["gpa"]) == (None, None, None)
    assert body["progression"] == {"meets": False, "reasons": ["results_missing"]}
    # The year before, s25001 was in course year 1 and only that year's result counts (IGC: 60 → C-, 1.67).
    earlier = api("s25001").get(f"/api/v1/students/s25001/igpa?academic_year={previous}").json()
    assert (earlier["course_year"], earlier["gpa"]) == (1, "1.67")
    assert earlier["progression"]["reasons"] == ["achievements_missing"]


def test_igpa_is_null_for_a_master_student(api: Any, year: str) -> None:
    body = api("m25001").get(f"/api/v1/students/m25001/igpa?academic_year={year}").json()
    assert body["gpa"] == "4.00"
    assert (body["igpa"], body["progression"]) == (None, None)
    assert body["blocks"] == {"gpa": None, "research": None, "ssci": None, "iros": None}


def test_block_maxima_are_configurable(api: Any, user: Any, year: str) -> None:
    from grading import services

    services.block_maxima_set(actor=user("reg.office"), from_academic_year=year,
                              maxima={"ssci": 50, "iros": 100, "research": 80}, basis="regulation 053",
                              now=timezone.now())
    refused = api("reg.office").put(f"/api/v1/students/s25001/achievements/{year}", {"ssci": 51},
                                    format="json")
    assert refused.status_code == 422
    assert [p["path"] for p in refused.json()["problems"]] == ["ssci"]
    api("reg.office").put(f"/api/v1/students/s25001/achievements/{year}", {"ssci": 25, "research": 40},
                          format="json")
    body = api("s25001").get(f"/api/v1/students/s25001/igpa?academic_year={year}").json()
    assert (body["blocks"]["ssci"], body["blocks"]["research"]) == ("0.5000", "0.5000")  # 25/50, 40/80
    assert body["progression"]["meets"] is True  # exactly one half meets (GP-4)


def test_points_outside_a_block_are_refused_whole_and_nothing_is_written(api: Any, year: str) -> None:
    from grading.models import AchievementRecord

    response = api("reg.office").put(f"/api/v1/students/s25001/achievements/{year}",
                                     {"ssci": 101, "iros": -1, "research": 50}, format="json")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert sorted(p["path"] for p in response.json()["problems"]) == ["iros", "ssci"]
    assert not AchievementRecord.objects.exists()
    bad_year = api("reg.office").put("/api/v1/students/s25001/achievements/2025-2027", {"ssci": 1},
                                     format="json")
    assert bad_year.status_code == 422


def test_every_entry_is_audited_with_before_and_after(api: Any, year: str) -> None:
    from ektu_portal.audit.models import AuditRecord

    client = api("reg.office")
    client.put(f"/api/v1/students/s25001/achievements/{year}", {"ssci": 80, "research": 70}, format="json")
    client.put(f"/api/v1/students/s25001/achievements/{year}", {"ssci": 85}, format="json")
    records = list(AuditRecord.objects.filter(action="achievements.set").order_by("at", "id"))
    assert [r.before for r in records] == [None, {"ssci": "80.00", "iros": "0.00", "research": "70.00"}]
    assert records[1].after == {"ssci": "85.00", "iros": "0.00", "research": "70.00"}  # research kept
    assert records[1].actor_username == "reg.office"


@pytest.mark.parametrize(("who", "status"), [
    ("s25001", 200), ("s25002", 404), ("adv.sarsen", 200), ("adv.other", 404), ("reg.office", 200),
    ("dean.sdt", 200), ("dean.sem", 404), (None, 401),
])
def test_who_reads_the_igpa(api: Any, year: str, who: str | None, status: int) -> None:
    response = api(who).get(f"/api/v1/students/s25001/igpa?academic_year={year}")
    assert response.status_code == status, response.content


@pytest.mark.parametrize(("who", "status"), [
    ("reg.office", 200), ("s25001", 403), ("adv.sarsen", 403), ("dean.sdt", 403), ("s25002", 404),
    ("adv.other", 404), ("dean.sem", 404), (None, 401),
])
def test_who_records_achievement_points(api: Any, year: str, who: str | None, status: int) -> None:
    from grading.models import AchievementRecord

    response = api(who).put(f"/api/v1/students/s25001/achievements/{year}", {"ssci": 60}, format="json")
    assert response.status_code == status, response.content
    assert AchievementRecord.objects.exists() is (status == 200)


def test_an_unknown_student_is_not_found(api: Any, year: str) -> None:
    assert api("reg.office").get(f"/api/v1/students/nobody/igpa?academic_year={year}").status_code == 404
    assert api("reg.office").get("/api/v1/students/s25001/igpa?academic_year=2025").status_code == 422
