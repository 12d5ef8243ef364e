"""FA-9 and its Interpretation: every attempt counts, GPA ≥ 3.5, the thesis A or A-; thresholds are
parameters."""

from __future__ import annotations

from decimal import Decimal

import pytest

from attestation.policy.honours import (
    FINAL_WORK_BELOW_A_MINUS,
    FINAL_WORK_MISSING,
    GPA_BELOW_3_5,
    GRADE_BELOW_C_PLUS,
    REASONS,
    Grade,
    HonoursCriteria,
    honours,
)


def studies(*letters: str) -> list[Grade]:
    return [Grade(letter) for letter in letters]


THESIS_A = Grade("A", final_work=True)
THESIS_A_MINUS = Grade("A-", final_work=True)
THESIS_B_PLUS = Grade("B+", final_work=True)


def test_reasons_are_the_contracts() -> None:
    assert REASONS == ("grade_below_c_plus", "gpa_below_3_5", "final_work_below_a_minus",
                       "final_work_missing")


@pytest.mark.parametrize(("grades", "gpa", "reasons"), [
    # every grade C+ or better, GPA exactly 3.5, thesis A-: met
    ([*studies("A", "C+", "B-"), THESIS_A_MINUS], "3.50", ()),
    # a C (below C+)
    ([*studies("A", "C"), THESIS_A], "3.60", (GRADE_BELOW_C_PLUS,)),
    # GPA just under
    ([*studies("A", "B"), THESIS_A], "3.49", (GPA_BELOW_3_5,)),
    # the thesis B+
    ([*studies("A", "A"), THESIS_B_PLUS], "3.80", (FINAL_WORK_BELOW_A_MINUS,)),
    # no thesis grade yet
    (studies("A", "A"), "4.00", (FINAL_WORK_MISSING,)),
    # no GPA yet is not a GPA of 3.5
    ([THESIS_A], None, (GPA_BELOW_3_5,)),
])
def test_criteria_edges(grades: list[Grade], gpa: str | None, reasons: tuple[str, ...]) -> None:
    check = honours(grades, Decimal(gpa) if gpa else None)
    assert check.reasons == reasons
    assert check.meets is (reasons == ())


def test_a_retaken_fx_still_rules_honours_out() -> None:
    # FX in the first attempt, A in the retake: every attempt counts (FA-9 Interpretation)
    check = honours([*studies("FX", "A", "A"), THESIS_A], Decimal("3.90"))
    assert check.reasons == (GRADE_BELOW_C_PLUS,)


def test_an_attempt_that_counts_as_f_without_a_letter_rules_honours_out() -> None:
    # did not appear (GR-7): no letter, counts as F
    check = honours([Grade(None, failed=True), *studies("A"), THESIS_A], Decimal("3.90"))
    assert check.reasons == (GRADE_BELOW_C_PLUS,)


def test_attempts_in_progress_are_passed_over() -> None:
    check = honours([Grade(None), *studies("A"), THESIS_A], Decimal("4.00"))
    assert check.meets


def test_a_failed_thesis_is_below_a_minus_not_missing() -> None:
    check = honours([*studies("A"), Grade(None, failed=True, final_work=True)], Decimal("3.80"))
    assert check.reasons == (GRADE_BELOW_C_PLUS, FINAL_WORK_BELOW_A_MINUS)


def test_every_reason_at_once() -> None:
    check = honours(studies("D"), Decimal("1.00"))
    assert check.reasons == (GRADE_BELOW_C_PLUS, GPA_BELOW_3_5, FINAL_WORK_MISSING)


def test_thresholds_are_parameters() -> None:
    # a university rule stricter than the national one: B- or better, GPA 3.67, thesis A only
    strict = HonoursCriteria(letters=frozenset({"A", "A-", "B+", "B", "B-"}), min_gpa=Decimal("3.67"),
                             final_work_letters=frozenset({"A"}))
    grades = [*studies("A", "C+"), THESIS_A_MINUS]
    assert honours(grades, Decimal("3.60")).meets
    assert honours(grades, Decimal("3.60"), strict).reasons == (GRADE_BELOW_C_PLUS, GPA_BELOW_3_5,
                                                                FINAL_WORK_BELOW_A_MINUS)
