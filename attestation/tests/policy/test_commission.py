"""FA-4: the composition of a commission, every broken rule named at once, and its calendar.

Each case lists the members as (role, external, qualification); the expected codes are read off
FA-4 and contract §9 by hand: an even number or more than five refused (everyone counted), one
external qualified chair, at most three EKTU staff (the student member not counted), a student
member only for bachelors and at most one.
"""

from __future__ import annotations

from datetime import date

import pytest

from attestation.policy.commission import (
    APPROVED_LATE,
    CHAIR_MISSING,
    CHAIR_NOT_EXTERNAL,
    CHAIR_UNQUALIFIED,
    CODES,
    COMMISSION_SIZE,
    NOT_APPROVED,
    PROPOSED_LATE,
    SCHEDULE_LATE,
    SCHEDULE_NOT_APPROVED,
    STUDENT_MEMBER_NOT_ALLOWED,
    TOO_MANY_INTERNAL,
    CompositionError,
    Member,
    calendar_flags,
    composition_errors,
    schedule_flags,
)

EXT_CHAIR = ("chair", True, "degree")
INDUSTRY_CHAIR = ("chair", True, "industry")
INTERNAL_CHAIR = ("chair", False, "degree")
STAFF = ("member", False, "degree")
SECRETARY = ("secretary", False, "none")
EXTERNAL = ("member", True, "phd")
STUDENT = ("student", False, "none")


def members(*rows: tuple[str, bool, str]) -> list[Member]:
    return [Member(f"Member {i}", role, external, qualification) for i, (role, external, qualification)
            in enumerate(rows)]


def codes(rows: list[Member], level: str = "bachelor") -> list[str]:
    return [e.code for e in composition_errors(rows, level)]


def test_codes_are_the_contracts() -> None:
    assert CODES == ("commission_size", "chair_missing", "chair_not_external", "chair_unqualified",
                     "too_many_internal", "student_member_not_allowed")


@pytest.mark.parametrize(("rows", "expected"), [
    # 3 and 5 are odd and at most 5
    ((EXT_CHAIR, STAFF, SECRETARY), []),
    ((EXT_CHAIR, STAFF, STAFF, SECRETARY, EXTERNAL), []),
    # 4 is even
    ((EXT_CHAIR, STAFF, SECRETARY, EXTERNAL), [COMMISSION_SIZE]),
    # 6 is even and over 5 — one code, not two
    ((EXT_CHAIR, STAFF, SECRETARY, EXTERNAL, EXTERNAL, EXTERNAL), [COMMISSION_SIZE]),
    # 7 is odd but over 5
    ((EXT_CHAIR, STAFF, SECRETARY, EXTERNAL, EXTERNAL, EXTERNAL, EXTERNAL), [COMMISSION_SIZE]),
    # the student member is counted in the size: 4 with the student
    ((EXT_CHAIR, STAFF, SECRETARY, STUDENT), [COMMISSION_SIZE]),
    # and makes 5 of 4 others
    ((EXT_CHAIR, STAFF, SECRETARY, EXTERNAL, STUDENT), []),
], ids=["3", "5", "4", "6", "7", "4-with-student", "5-with-student"])
def test_size(rows: tuple[tuple[str, bool, str], ...], expected: list[str]) -> None:
    assert codes(members(*rows)) == expected


@pytest.mark.parametrize(("rows", "expected"), [
    # four EKTU staff: an internal chair is staff too
    ((INTERNAL_CHAIR, STAFF, STAFF, SECRETARY, EXTERNAL), [CHAIR_NOT_EXTERNAL, TOO_MANY_INTERNAL]),
    # four EKTU staff under an external chair
    ((EXT_CHAIR, STAFF, STAFF, STAFF, SECRETARY), [TOO_MANY_INTERNAL]),
    # three staff and the student member: the student is not staff
    ((EXT_CHAIR, STAFF, STAFF, SECRETARY, STUDENT), []),
    # an internal chair alone is refused even with few staff
    ((INTERNAL_CHAIR, SECRETARY, EXTERNAL), [CHAIR_NOT_EXTERNAL]),
], ids=["internal-chair-and-four-staff", "four-staff", "three-staff-and-student", "internal-chair"])
def test_staff_and_chair(rows: tuple[tuple[str, bool, str], ...], expected: list[str]) -> None:
    assert codes(members(*rows)) == expected


@pytest.mark.parametrize(("level", "chair", "expected"), [
    ("bachelor", INDUSTRY_CHAIR, []),
    ("master_scientific", INDUSTRY_CHAIR, [CHAIR_UNQUALIFIED]),
    ("master_profile", INDUSTRY_CHAIR, [CHAIR_UNQUALIFIED]),
    ("bachelor", ("chair", True, "none"), [CHAIR_UNQUALIFIED]),
    ("master_scientific", ("chair", True, "title"), []),
    ("master_scientific", ("chair", True, "phd"), []),
    ("bachelor", ("chair", True, "degree"), []),
])
def test_chair_qualification_by_level(level: str, chair: tuple[str, bool, str], expected: list[str]) -> None:
    assert codes(members(chair, STAFF, SECRETARY), level) == expected


@pytest.mark.parametrize(("rows", "expected"), [
    ((STAFF, SECRETARY, EXTERNAL), [CHAIR_MISSING]),
    ((EXT_CHAIR, EXT_CHAIR, SECRETARY), [CHAIR_MISSING]),
])
def test_exactly_one_chair(rows: tuple[tuple[str, bool, str], ...], expected: list[str]) -> None:
    assert codes(members(*rows)) == expected


@pytest.mark.parametrize(("level", "rows", "expected"), [
    ("bachelor", (EXT_CHAIR, SECRETARY, STUDENT), []),
    ("master_scientific", (EXT_CHAIR, SECRETARY, STUDENT), [STUDENT_MEMBER_NOT_ALLOWED]),
    ("bachelor", (EXT_CHAIR, SECRETARY, EXTERNAL, STUDENT, STUDENT), [STUDENT_MEMBER_NOT_ALLOWED]),
])
def test_student_member(level: str, rows: tuple[tuple[str, bool, str], ...], expected: list[str]) -> None:
    assert codes(members(*rows), level) == expected


def test_every_broken_rule_at_once_in_the_contracts_order() -> None:
    # 6 members (even, over 5); two chairs, one internal and one from industry on a master's
    # commission; the internal chair and three staff make four; a student member on a master's.
    rows = members(INTERNAL_CHAIR, INDUSTRY_CHAIR, STAFF, STAFF, SECRETARY, STUDENT)
    errors = composition_errors(rows, "master_scientific")
    assert [e.code for e in errors] == list(CODES)
    # each error names the member it is about, so a page shows it beside that member's row
    assert CompositionError(CHAIR_NOT_EXTERNAL, 0, "external") in errors
    assert CompositionError(CHAIR_UNQUALIFIED, 1, "qualification") in errors
    assert CompositionError(STUDENT_MEMBER_NOT_ALLOWED, 5, "role") in errors


def test_an_unknown_role_is_not_a_member() -> None:
    with pytest.raises(ValueError, match="role"):
        composition_errors([Member("X", "observer", True, "degree")], "bachelor")


# --- FA-4: proposal by 15 December, approval by 31 December, schedule two weeks ahead ---------------

@pytest.mark.parametrize(("proposed", "approved", "today", "expected"), [
    (date(2025, 12, 15), date(2025, 12, 31), date(2026, 5, 1), []),
    (date(2025, 12, 16), date(2025, 12, 31), date(2026, 5, 1), [PROPOSED_LATE]),
    (date(2025, 12, 10), date(2026, 1, 1), date(2026, 5, 1), [APPROVED_LATE]),
    (date(2025, 12, 10), None, date(2025, 12, 31), []),          # the Council has until the 31st
    (date(2025, 12, 10), None, date(2026, 1, 1), [NOT_APPROVED]),
    (None, None, date(2025, 11, 1), []),
])
def test_calendar_of_the_2026_commission(proposed: date | None, approved: date | None, today: date,
                                         expected: list[str]) -> None:
    assert calendar_flags(year=2026, proposed_on=proposed, approved_on=approved, today=today) == expected


@pytest.mark.parametrize(("approved", "today", "expected"), [
    (date(2026, 5, 18), date(2026, 5, 18), []),                  # exactly two weeks before 1 June
    (date(2026, 5, 19), date(2026, 5, 19), [SCHEDULE_LATE]),
    (None, date(2026, 5, 18), []),
    (None, date(2026, 5, 19), [SCHEDULE_NOT_APPROVED]),
])
def test_schedule_two_weeks_before_the_start(approved: date | None, today: date, expected: list[str]) -> None:
    assert schedule_flags(starts=date(2026, 6, 1), approved_on=approved, today=today) == expected
