"""MO-4, MO-6: a learning agreement against the period's plan — planned credits (one alternative per
elective group), every mandatory discipline, the shortfall, and the host workload by hours."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mobility.policy.agreement import AgreementCheck, HostComponent, PlannedDiscipline, check_agreement

# Semester 3: DB2201 (5, university component), MAT2101 (5, mandatory), WEB2202 / ML2203 (5 each,
# elective group E3-1: one of them) → planned 5 + 5 + 5 = 15 credits.
PLAN = [PlannedDiscipline("DB2201", 5, False), PlannedDiscipline("MAT2101", 5, True),
        PlannedDiscipline("WEB2202", 5, False, "E3-1"), PlannedDiscipline("ML2203", 5, False, "E3-1")]


def host(*ects: int) -> list[HostComponent]:
    return [HostComponent(f"Course {i}", Decimal(e)) for i, e in enumerate(ects)]


def test_the_whole_plan_covered_with_one_elective_alternative() -> None:
    # 15 home credits × 30 h = 450 h; host 3 × 6 ECTS × 25 h = 450 h: exactly covered.
    result = check_agreement(PLAN, host(6, 6, 6), [("DB2201", 5), ("MAT2101", 5), ("ML2203", 5)],
                             hours_per_credit=Decimal(25))
    assert result == AgreementCheck(15, 15, 0, (), (), Decimal(450), 450)
    assert result.complete


def test_both_alternatives_of_a_group_count_once() -> None:
    result = check_agreement(PLAN, host(30), [("WEB2202", 5), ("ML2203", 5), ("MAT2101", 5)],
                             hours_per_credit=Decimal(30))
    # covered: the group (5) + MAT2101 (5) = 10 of 15 → 5 short; DB2201 is not mandatory.
    assert (result.covered_credits, result.shortfall_credits, result.missing_mandatory) == (10, 5, ())
    assert not result.complete


def test_a_missing_mandatory_discipline_and_a_discipline_from_elsewhere() -> None:
    result = check_agreement(PLAN, host(12), [("DB2201", 5), ("PRG1101", 5)], hours_per_credit=Decimal(30))
    # covered 5 of 15 → 10 short; MAT2101 is mandatory and missing; PRG1101 is not in this period's plan.
    assert (result.shortfall_credits, result.missing_mandatory, result.not_in_plan) == (10, ("MAT2101",),
                                                                                      ("PRG1101",))


@pytest.mark.parametrize(("hours_per_credit", "ects", "short"), [
    # 15 home credits = 450 h.  25 h/ECTS: 18 ECTS = 450 (enough), 17 = 425 (short);
    # 30 h/ECTS: 15 ECTS = 450 (enough); 28 h/ECTS: 16 ECTS = 448 (short).
    (25, 18, False), (25, 17, True), (30, 15, False), (28, 16, True),
])
def test_host_workload_by_hours(hours_per_credit: int, ects: int, short: bool) -> None:
    result = check_agreement(PLAN, host(ects), [("DB2201", 5), ("MAT2101", 5), ("WEB2202", 5)],
                             hours_per_credit=Decimal(hours_per_credit))
    assert result.workload_short is short
    assert result.complete is not short
