"""GR-2 … GR-8: admission, final score and the outcome of one result.

Every expected value below is worked out by hand in its comment, never by calling the code
under test: the final score is 0.6 × (R1 + R2) / 2 + 0.4 × E, rounded half up (GR-4, GR-5).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grading.policy.formula import (
    ANNULLED,
    ATTENDANCE_OVER_HALF_MISSED,
    COURSEWORK_NOT_SUBMITTED,
    GRADED,
    IN_PROGRESS,
    NO_SHOW,
    NOT_ADMITTED,
    OUTCOMES,
    RATING_BELOW_THRESHOLD,
    RATINGS_MISSING,
    STATUSES,
    AdmissionDecision,
    Attendance,
    ResultComputation,
    admission_rating,
    commission_grade,
    compute_result,
    decide_admission,
    final_score,
    recognized_result,
    round_half_up,
)
from grading.policy.scale import DEFAULT_SCALE

scores = st.integers(min_value=0, max_value=100)


def test_statuses_and_outcomes_are_the_contract_strings() -> None:
    assert STATUSES == ("in_progress", "graded", "not_admitted", "no_show", "annulled")
    assert OUTCOMES == (None, "no_show", "annulled")


# --- GR-5: rounding -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("0", 0),
    ("0.4", 0),
    ("0.5", 1),       # banker's rounding would give 0
    ("1.4", 1),
    ("1.5", 2),
    ("2.5", 3),       # banker's rounding would give 2
    ("54.1", 54),
    ("54.4", 54),
    ("54.49", 54),
    ("54.50", 55),
    ("54.6", 55),
    ("79.40", 79),
    ("99.5", 100),
    ("100.0", 100),
])
def test_round_half_up(value: str, expected: int) -> None:
    assert round_half_up(Decimal(value)) == expected


def test_round_half_up_refuses_a_float() -> None:
    with pytest.raises(TypeError):
        round_half_up(54.5)  # type: ignore[arg-type]


# --- GR-2: admission rating -----------------------------------------------------------------------

@pytest.mark.parametrize(("r1", "r2", "expected"), [
    (80, 90, "85.0"),
    (84, 85, "84.5"),
    (49, 50, "49.5"),
    (50, 50, "50.0"),
    (0, 100, "50.0"),
    (0, 0, "0.0"),
    (100, 100, "100.0"),
    (0, 1, "0.5"),
])
def test_admission_rating_is_exact_with_one_decimal(r1: int, r2: int, expected: str) -> None:
    rating = admission_rating(r1, r2)
    assert rating == Decimal(expected)
    assert str(rating) == expected  # one decimal place, as the sheet and contract §4 show it


@pytest.mark.parametrize(("r1", "r2"), [(-1, 50), (50, 101), (True, 50), (50, 50.5)])
def test_admission_rating_refuses_ratings_outside_0_100(r1: int, r2: int) -> None:
    with pytest.raises(ValueError):
        admission_rating(r1, r2)


@given(scores, scores)
def test_admission_rating_is_half_the_sum(r1: int, r2: int) -> None:
    assert admission_rating(r1, r2) * 2 == r1 + r2


# --- GR-4 + GR-5: final score ---------------------------------------------------------------------

@pytest.mark.parametrize(("r1", "r2", "exam", "expected"), [
    # contract check: 0.6 × 85 + 0.4 × 71 = 51 + 28.4 = 79.4 → 79
    (80, 90, 71, 79),
    # contract §4 example: 0.6 × 85 + 0.4 × 73 = 51 + 29.2 = 80.2 → 80
    (80, 90, 73, 80),
    # 0.6 × 54.5 + 0.4 × 55 = 32.7 + 22 = 54.7 → 55
    (54, 55, 55, 55),
    # 0.6 × 59 + 0.4 × 60 = 35.4 + 24 = 59.4 → 59
    (59, 59, 60, 59),
    # 0.6 × 51 + 0.4 × 47 = 30.6 + 18.8 = 49.4 → 49 (FX, not D)
    (51, 51, 47, 49),
    # 0.6 × 50 + 0.4 × 49 = 30 + 19.6 = 49.6 → 50
    (50, 50, 49, 50),
    # Exactly n.5, where binary floating point lands on n.4999… and a float
    # floor(x + 0.5) rounds down:
    # 0.6 × 89.5 + 0.4 × 2 = 53.7 + 0.8 = 54.5 → 55 (D+, not D)
    (80, 99, 2, 55),
    # 0.6 × 94.5 + 0.4 × 7 = 56.7 + 2.8 = 59.5 → 60 (C-, not D+)
    (90, 99, 7, 60),
    # 0.6 × 79.5 + 0.4 × 7 = 47.7 + 2.8 = 50.5 → 51
    (60, 99, 7, 51),
    # 0.6 × 54.5 + 0.4 × 2 = 32.7 + 0.8 = 33.5 → 34
    (50, 59, 2, 34),
    # 0.6 × 50.5 + 0.4 × 3 = 30.3 + 1.2 = 31.5 → 32
    (50, 51, 3, 32),
    # 0.6 × 98.5 + 0.4 × 6 = 59.1 + 2.4 = 61.5 → 62
    (98, 99, 6, 62),
    # 0.6 × 99.5 + 0.4 × 2 = 59.7 + 0.8 = 60.5 → 61
    (99, 100, 2, 61),
    # Exactly n.5 at letter boundaries, where Python's round() (to even) would go down:
    # 0.6 × 50.5 + 0.4 × 48 = 30.3 + 19.2 = 49.5 → 50 (D, not FX)
    (50, 51, 48, 50),
    # 0.6 × 99.5 + 0.4 × 87 = 59.7 + 34.8 = 94.5 → 95 (A, not A-)
    (99, 100, 87, 95),
    # 0.6 × 1.5 + 0.4 × 59 = 0.9 + 23.6 = 24.5 → 25 (FX, not F)
    (1, 2, 59, 25),
    # the ends: 0; 0.6 × 100 + 0.4 × 100 = 100; 60 + 0 = 60; 0 + 40 = 40
    (0, 0, 0, 0),
    (100, 100, 100, 100),
    (100, 100, 0, 60),
    (0, 0, 100, 40),
])
def test_final_score(r1: int, r2: int, exam: int, expected: int) -> None:
    assert final_score(r1, r2, exam) == expected


@pytest.mark.parametrize(("r1", "r2", "exam"), [
    (-1, 50, 50), (50, -1, 50), (50, 50, -1), (101, 50, 50), (50, 101, 50), (50, 50, 101), (50, 50, True),
])
def test_final_score_refuses_marks_outside_0_100(r1: int, r2: int, exam: int) -> None:
    with pytest.raises(ValueError):
        final_score(r1, r2, exam)


@given(scores, scores, scores)
def test_final_score_matches_integer_arithmetic(r1: int, r2: int, exam: int) -> None:
    # 0.6 × (R1 + R2) / 2 + 0.4 × E = (3 (R1 + R2) + 4 E) / 10; half up is floor(x + 1/2).
    assert final_score(r1, r2, exam) == (3 * (r1 + r2) + 4 * exam + 5) // 10


@given(scores, scores, scores)
def test_final_score_stays_within_0_100(r1: int, r2: int, exam: int) -> None:
    assert 0 <= final_score(r1, r2, exam) <= 100


@given(scores, scores, scores, st.data())
def test_final_score_is_monotone_in_each_mark(r1: int, r2: int, exam: int, data: st.DataObject) -> None:
    base = final_score(r1, r2, exam)
    higher_r1 = data.draw(st.integers(min_value=r1, max_value=100))
    higher_r2 = data.draw(st.integers(min_value=r2, max_value=100))
    higher_exam = data.draw(st.integers(min_value=exam, max_value=100))
    assert final_score(higher_r1, r2, exam) >= base
    assert final_score(r1, higher_r2, exam) >= base
    assert final_score(r1, r2, higher_exam) >= base


# --- GR-3: attendance -----------------------------------------------------------------------------

@pytest.mark.parametrize(("absences", "lates", "effective"), [
    (0, 0, 0),
    (3, 4, 3),     # four lates are not yet a missed class
    (3, 5, 4),     # five lates are one
    (3, 9, 4),
    (3, 10, 5),    # ten lates are two
    (0, 24, 4),
])
def test_effective_absences(absences: int, lates: int, effective: int) -> None:
    attendance = Attendance(classes_held=30, absences=absences, lates_over_20_min=lates)
    assert attendance.effective_absences == effective


@pytest.mark.parametrize(("held", "absences", "lates", "over_half"), [
    (30, 15, 0, False),   # exactly half is not "more than 50%"
    (30, 16, 0, True),
    (30, 15, 4, False),   # 15 + 0
    (30, 15, 5, True),    # 15 + 1 = 16
    (31, 15, 0, False),   # 15 of 31 = 48%
    (31, 16, 0, True),    # 16 of 31 = 52%
    (0, 0, 0, False),     # nothing held yet
    (1, 1, 0, True),
])
def test_over_half_missed(held: int, absences: int, lates: int, over_half: bool) -> None:
    assert Attendance(held, absences, lates).over_half_missed is over_half


@pytest.mark.parametrize(("held", "absences", "lates"), [(-1, 0, 0), (10, -1, 0), (10, 0, -1)])
def test_attendance_refuses_negative_counts(held: int, absences: int, lates: int) -> None:
    with pytest.raises(ValueError):
        Attendance(held, absences, lates)


# --- GR-2 / GR-3: admission -----------------------------------------------------------------------

MISSED_MOST = Attendance(classes_held=30, absences=20)
MISSED_FEW = Attendance(classes_held=30, absences=2)


@pytest.mark.parametrize(("kwargs", "reasons"), [
    ({"r1": 80, "r2": 90}, ()),
    ({"r1": 50, "r2": 50}, ()),                                     # 50.0 ≥ 50
    ({"r1": 49, "r2": 51}, ()),                                     # 50.0 ≥ 50
    ({"r1": 100, "r2": 0}, ()),                                     # 50.0 ≥ 50
    ({"r1": 49, "r2": 50}, (RATING_BELOW_THRESHOLD,)),              # 49.5 < 50
    ({"r1": 0, "r2": 0}, (RATING_BELOW_THRESHOLD,)),
    ({"r1": None, "r2": 90}, (RATINGS_MISSING,)),
    ({"r1": 80, "r2": None}, (RATINGS_MISSING,)),
    ({"r1": None, "r2": None}, (RATINGS_MISSING,)),
    ({"r1": 80, "r2": 90, "coursework_required": True}, (COURSEWORK_NOT_SUBMITTED,)),
    ({"r1": 80, "r2": 90, "coursework_required": True, "coursework_submitted": True}, ()),
    ({"r1": 80, "r2": 90, "coursework_submitted": False}, ()),      # no course work in this discipline
    ({"r1": 80, "r2": 90, "attendance": MISSED_MOST}, (ATTENDANCE_OVER_HALF_MISSED,)),
    ({"r1": 80, "r2": 90, "attendance": MISSED_FEW}, ()),
    # master's / doctoral students: the attendance rule is for bachelors
    ({"r1": 80, "r2": 90, "attendance": MISSED_MOST, "attendance_rule_applies": False}, ()),
    # a dean's order waives the attendance rule ...
    ({"r1": 80, "r2": 90, "attendance": MISSED_MOST, "admitted_by_dean_order": True}, ()),
    # ... but never the rating or the course work
    ({"r1": 40, "r2": 50, "attendance": MISSED_MOST, "admitted_by_dean_order": True},
     (RATING_BELOW_THRESHOLD,)),
    ({"r1": 80, "r2": 90, "coursework_required": True, "admitted_by_dean_order": True},
     (COURSEWORK_NOT_SUBMITTED,)),
    # every reason that applies is collected, in a stable order
    ({"r1": 40, "r2": 50, "coursework_required": True, "attendance": MISSED_MOST},
     (RATING_BELOW_THRESHOLD, COURSEWORK_NOT_SUBMITTED, ATTENDANCE_OVER_HALF_MISSED)),
    ({"r1": None, "r2": None, "coursework_required": True, "attendance": MISSED_MOST},
     (RATINGS_MISSING, COURSEWORK_NOT_SUBMITTED, ATTENDANCE_OVER_HALF_MISSED)),
    # a configurable threshold: 55.0 < 60
    ({"r1": 55, "r2": 55, "threshold": Decimal(60)}, (RATING_BELOW_THRESHOLD,)),
    ({"r1": 60, "r2": 60, "threshold": Decimal(60)}, ()),
])
def test_decide_admission(kwargs: dict[str, object], reasons: tuple[str, ...]) -> None:
    decision = decide_admission(**kwargs)  # type: ignore[arg-type]
    assert decision == AdmissionDecision(admitted=not reasons, reasons=reasons)


def test_the_reason_codes_are_stable_strings() -> None:
    codes = (RATINGS_MISSING, RATING_BELOW_THRESHOLD, COURSEWORK_NOT_SUBMITTED, ATTENDANCE_OVER_HALF_MISSED)
    assert codes == ("ratings_missing", "rating_below_threshold", "coursework_not_submitted",
                     "attendance_over_half_missed")


# --- GR-6 … GR-8: one result ----------------------------------------------------------------------

def _result(status: str, rating: str | None, admitted: bool | None, reasons: tuple[str, ...],
            exam: int | None, final: int | None, letter: str | None, points: str | None,
            traditional: str | None, fail: bool) -> ResultComputation:
    return ResultComputation(status, None if rating is None else Decimal(rating), admitted, reasons, exam,
                             final, letter, None if points is None else Decimal(points), traditional, fail)


@pytest.mark.parametrize(("r1", "r2", "exam", "outcome", "expected"), [
    # the contract check: 85.0; 51 + 28.4 = 79.4 → 79 → B-
    (80, 90, 71, None, _result(GRADED, "85.0", True, (), 71, 79, "B-", "2.67", "good", False)),
    # 0.6 × 89.5 + 0.4 × 2 = 54.5 → 55 → D+ (a float would say 54, D)
    (80, 99, 2, None, _result(GRADED, "89.5", True, (), 2, 55, "D+", "1.33", "satisfactory", False)),
    # 0.6 × 50 + 0.4 × 0 = 30 → FX: admitted, sat the exam, failed it
    (50, 50, 0, None, _result(GRADED, "50.0", True, (), 0, 30, "FX", "0.50", "unsatisfactory", False)),
    # 100 → A
    (100, 100, 100, None, _result(GRADED, "100.0", True, (), 100, 100, "A", "4.00", "excellent", False)),
    # admitted, exam not yet written
    (80, 90, None, None, _result(IN_PROGRESS, "85.0", True, (), None, None, None, None, None, False)),
    # ratings not entered yet: the period is running, admission not decided
    (None, None, None, None, _result(IN_PROGRESS, None, None, (), None, None, None, None, None, False)),
    (80, None, None, None, _result(IN_PROGRESS, None, None, (), None, None, None, None, None, False)),
    # GR-2: 45.0 < 50 → not admitted; exam shows 0 even if one was typed in; counts as F
    (40, 50, None, None, _result(NOT_ADMITTED, "45.0", False, (RATING_BELOW_THRESHOLD,), 0, None, None, None,
                                 None, True)),
    (40, 50, 70, None, _result(NOT_ADMITTED, "45.0", False, (RATING_BELOW_THRESHOLD,), 0, None, None, None,
                               None, True)),
    (40, 50, None, NO_SHOW, _result(NOT_ADMITTED, "45.0", False, (RATING_BELOW_THRESHOLD,), 0, None, None,
                                    None, None, True)),
    # at the exam without ratings: not admitted (GR-2, "without a positive rating")
    (None, None, None, NO_SHOW, _result(NOT_ADMITTED, None, False, (RATINGS_MISSING,), 0, None, None, None,
                                        None, True)),
    # GR-7: did not appear — exam 0, no final grade, counts as F
    (80, 90, None, NO_SHOW, _result(NO_SHOW, "85.0", True, (), 0, None, None, None, None, True)),
    (80, 90, 55, NO_SHOW, _result(NO_SHOW, "85.0", True, (), 0, None, None, None, None, True)),
    # GR-8: annulled — exam 0, final 0, F, whatever the rating
    (80, 90, None, ANNULLED, _result(ANNULLED, "85.0", True, (), 0, 0, "F", "0.00", "unsatisfactory", True)),
    (100, 100, 95, ANNULLED, _result(ANNULLED, "100.0", True, (), 0, 0, "F", "0.00", "unsatisfactory", True)),
    (40, 50, None, ANNULLED, _result(ANNULLED, "45.0", False, (RATING_BELOW_THRESHOLD,), 0, 0, "F", "0.00",
                                     "unsatisfactory", True)),
])
def test_compute_result(r1: int | None, r2: int | None, exam: int | None, outcome: str | None,
                        expected: ResultComputation) -> None:
    assert compute_result(r1=r1, r2=r2, exam=exam, outcome=outcome) == expected


def test_an_explicit_refusal_overrides_good_ratings() -> None:
    refusal = decide_admission(r1=80, r2=90, coursework_required=True)
    computed = compute_result(r1=80, r2=90, exam=75, outcome=None, admission=refusal)
    assert (computed.status, computed.admitted, computed.admission_reasons) == (
        NOT_ADMITTED, False, (COURSEWORK_NOT_SUBMITTED,))
    assert (computed.exam, computed.final_score, computed.letter, computed.counts_in_gpa_as_fail) == (
        0, None, None, True)


def test_attendance_refusal_and_the_deans_order() -> None:
    refused = decide_admission(r1=80, r2=90, attendance=MISSED_MOST)
    by_order = decide_admission(r1=80, r2=90, attendance=MISSED_MOST, admitted_by_dean_order=True)
    assert compute_result(r1=80, r2=90, exam=71, outcome=None, admission=refused).status == NOT_ADMITTED
    # admitted by order: 51 + 28.4 = 79.4 → 79 → B-
    admitted = compute_result(r1=80, r2=90, exam=71, outcome=None, admission=by_order)
    assert (admitted.status, admitted.final_score, admitted.letter) == (GRADED, 79, "B-")


def test_ratings_missing_with_another_reason_is_a_refusal_not_progress() -> None:
    decision = decide_admission(r1=None, r2=None, attendance=MISSED_MOST)
    computed = compute_result(r1=None, r2=None, exam=None, outcome=None, admission=decision)
    assert computed.status == NOT_ADMITTED
    assert computed.admission_reasons == (RATINGS_MISSING, ATTENDANCE_OVER_HALF_MISSED)


def test_compute_result_uses_the_scale_it_is_given() -> None:
    # 0.6 × 90 + 0.4 × 100 = 54 + 40 = 94: A- on the policy's table, A once A starts at 94.
    edited = (replace(DEFAULT_SCALE[0], min_score=94), replace(DEFAULT_SCALE[1], max_score=93),
              *DEFAULT_SCALE[2:])
    assert compute_result(r1=90, r2=90, exam=100, outcome=None).letter == "A-"
    assert compute_result(r1=90, r2=90, exam=100, outcome=None, scale=edited).letter == "A"


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"r1": 80, "r2": 90, "exam": 71, "outcome": "absent"}, ValueError),
    ({"r1": 80, "r2": 90, "exam": 101, "outcome": None}, ValueError),
    ({"r1": 80, "r2": 90, "exam": -1, "outcome": None}, ValueError),
    ({"r1": 101, "r2": None, "exam": None, "outcome": None}, ValueError),
    ({"r1": None, "r2": -5, "exam": None, "outcome": None}, ValueError),
    ({"r1": None, "r2": None, "exam": 70, "outcome": None,
      "admission": AdmissionDecision(admitted=True, reasons=())}, ValueError),
])
def test_compute_result_refuses_impossible_input(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        compute_result(**kwargs)  # type: ignore[arg-type]


@given(scores, scores, scores)
def test_a_graded_result_carries_the_band_of_its_final_score(r1: int, r2: int, exam: int) -> None:
    computed = compute_result(r1=r1, r2=r2, exam=exam, outcome=None)
    if r1 + r2 < 100:  # admission rating below 50
        assert (computed.status, computed.final_score, computed.letter) == (NOT_ADMITTED, None, None)
        return
    assert computed.status == GRADED
    assert computed.final_score == (3 * (r1 + r2) + 4 * exam + 5) // 10
    band = next(b for b in DEFAULT_SCALE if b.letter == computed.letter)
    assert band.min_score <= computed.final_score <= band.max_score
    assert (computed.points, computed.traditional) == (band.points, band.traditional)


@pytest.mark.parametrize(("letter", "points", "traditional"), [
    ("A", "4.00", "excellent"), ("B+", "3.33", "good"), ("C-", "1.67", "satisfactory"),
    ("D", "1.00", "satisfactory"),
])
def test_a_recognized_result_reads_its_letter_and_no_marks(letter: str, points: str,
                                                           traditional: str) -> None:
    computed = recognized_result(letter, DEFAULT_SCALE)
    assert (computed.status, computed.letter, computed.points, computed.traditional) == (
        "graded", letter, Decimal(points), traditional)
    assert (computed.admission_rating, computed.exam, computed.final_score) == (None, None, None)
    assert computed.counts_in_gpa_as_fail is False


@pytest.mark.parametrize("letter", ["FX", "F", "Z"])
def test_only_a_positive_letter_is_recognized(letter: str) -> None:
    with pytest.raises(ValueError):
        recognized_result(letter, DEFAULT_SCALE)


@pytest.mark.parametrize(("score", "letter", "points"), [
    (96, "A", "4.00"), (50, "D", "1.00"), (49, "FX", "0.50"), (24, "F", "0.00"),
])
def test_a_commission_grade_is_the_final_score(score: int, letter: str, points: str) -> None:
    """FA-6: no ratings, no admission — the commission's score is final; under 50 is a graded FX/F (FA-7)."""
    computed = commission_grade(score, DEFAULT_SCALE)
    assert (computed.status, computed.final_score, computed.letter, computed.points) == (
        "graded", score, letter, Decimal(points))
    assert computed.admission_rating is None and computed.admitted is None
