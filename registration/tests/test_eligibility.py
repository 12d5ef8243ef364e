"""RG-2/3/4/9, CR-4 as a table: each fact alone produces exactly its reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from registration.policy.eligibility import (
    PlanItem,
    SectionFacts,
    StudentFacts,
    elective_group_credits,
    reasons_against,
    semester_of,
)

PLAN = {"DB2201": PlanItem("DB2201", 3), "WEB2202": PlanItem("WEB2202", 3, "E3-1"),
        "ML2203": PlanItem("ML2203", 3, "E3-1"), "OS4101": PlanItem("OS4101", 7)}
STUDENT = StudentFacts(active=True, semester=3, plan=PLAN, mastered={"PRG1101"}, enrolled_credits=10,
                       enrolled_disciplines={"HKZ2101"}, group_credits_taken={})
SECTION = SectionFacts(discipline="DB2201", credits=5, prerequisites=["PRG1101"], capacity=25, taken=3)


def reasons(student: StudentFacts = STUDENT, section: SectionFacts = SECTION,
            **kw: object) -> tuple[str, ...]:
    options = {"window_open": True, "credit_limit": 36, "group_credits": 5, **kw}
    return reasons_against(student, section, **options)  # type: ignore[arg-type]


def test_an_eligible_student_has_no_reason() -> None:
    assert reasons() == ()


@pytest.mark.parametrize(("student", "section", "options", "expected"), [
    (STUDENT, SECTION, {"window_open": False}, ("registration_closed",)),
    (replace(STUDENT, active=False), SECTION, {}, ("student_not_active",)),
    (STUDENT, replace(SECTION, discipline="XX9999"), {}, ("not_in_plan",)),
    (STUDENT, replace(SECTION, discipline="OS4101"), {}, ("not_in_plan",)),          # a later semester
    (STUDENT, replace(SECTION, prerequisites=["PRG1101", "DB2201"]), {}, ("prerequisite_missing",)),
    # RG-3 interpretation: a prerequisite studied right now (no final grade yet) counts as met
    (replace(STUDENT, studying={"DB2201"}), replace(SECTION, discipline="OS4101", prerequisites=["DB2201"]),
     {}, ("not_in_plan",)),
    (replace(STUDENT, semester=7, studying={"DB2201"}),
     replace(SECTION, discipline="OS4101", prerequisites=["DB2201"]), {}, ()),
    (replace(STUDENT, semester=7, studying={"WEB2202"}),
     replace(SECTION, discipline="OS4101", prerequisites=["DB2201"]), {}, ("prerequisite_missing",)),
    (replace(STUDENT, enrolled_disciplines={"DB2201"}), SECTION, {}, ("already_enrolled",)),
    (replace(STUDENT, mastered={"PRG1101", "DB2201"}), SECTION, {}, ("already_passed",)),
    (replace(STUDENT, enrolled_credits=32), SECTION, {}, ("credit_limit",)),          # 32 + 5 > 36
    (replace(STUDENT, enrolled_credits=31), SECTION, {}, ()),                         # 31 + 5 = 36
    (STUDENT, replace(SECTION, taken=25), {}, ("section_full",)),
    (STUDENT, replace(SECTION, taken=25), {"include_full": False}, ()),
    (replace(STUDENT, group_credits_taken={"E3-1": 5}),
     replace(SECTION, discipline="ML2203", prerequisites=[]), {},
     ("elective_group_complete",)),
])
def test_each_fact_gives_its_reason(student: StudentFacts, section: SectionFacts, options: dict[str, object],
                                    expected: tuple[str, ...]) -> None:
    assert reasons(student, section, **options) == expected


def test_all_reasons_are_reported_in_order() -> None:
    student = replace(STUDENT, active=False, enrolled_credits=40)
    section = replace(SECTION, discipline="XX9999", prerequisites=["ZZ1"], taken=25)
    assert reasons(student, section, window_open=False) == (
        "registration_closed", "student_not_active", "not_in_plan", "prerequisite_missing", "credit_limit",
        "section_full")


@pytest.mark.parametrize(("intake", "starts", "semester"), [
    (2025, date(2025, 9, 1), 1), (2025, date(2026, 1, 19), 2), (2025, date(2026, 9, 1), 3),
    (2023, date(2027, 1, 18), 8), (2026, date(2026, 8, 25), 1)])
def test_semester_of(intake: int, starts: date, semester: int) -> None:
    assert semester_of(intake, starts) == semester


def test_elective_group_asks_for_one_alternative() -> None:
    assert elective_group_credits(PLAN, {"WEB2202": 5, "ML2203": 5}, "E3-1") == 5
    assert elective_group_credits(PLAN, {}, "NONE") == 0
