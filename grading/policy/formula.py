"""GR-2 … GR-8: admission, final score, letter and outcome of one result — exact decimals only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from grading.policy.scale import DEFAULT_SCALE, LetterGrade, band_of, grade_for

RATING_WEIGHT = Decimal("0.6")  # GR-4
EXAM_WEIGHT = Decimal("0.4")  # GR-4
ADMISSION_THRESHOLD = Decimal(50)  # GR-2
LATES_PER_ABSENCE = 5  # GR-3: five lates of more than 20 minutes make one missed class

# Statuses of a result, exactly as contract §4 spells them.
IN_PROGRESS = "in_progress"
GRADED = "graded"
NOT_ADMITTED = "not_admitted"
NO_SHOW = "no_show"
ANNULLED = "annulled"
STATUSES = (IN_PROGRESS, GRADED, NOT_ADMITTED, NO_SHOW, ANNULLED)

# Outcomes an examiner records instead of (or over) an exam score: none, GR-7, GR-8.
OUTCOMES: tuple[str | None, ...] = (None, NO_SHOW, ANNULLED)

# Reasons for refusing admission (stable codes; the UI translates them).
RATINGS_MISSING = "ratings_missing"
RATING_BELOW_THRESHOLD = "rating_below_threshold"
COURSEWORK_NOT_SUBMITTED = "coursework_not_submitted"
ATTENDANCE_OVER_HALF_MISSED = "attendance_over_half_missed"
ADMISSION_REASONS = (RATINGS_MISSING, RATING_BELOW_THRESHOLD, COURSEWORK_NOT_SUBMITTED,
                     ATTENDANCE_OVER_HALF_MISSED)

_ONE = Decimal(1)
_TENTH = Decimal("0.1")


def _check_score(name: str, value: int) -> None:
    # bool is an int subclass; True must not slip through as a score of 1.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValueError(f"{name} is a whole number from 0 to 100, not {value!r}")


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} is a whole number of at least 0, not {value!r}")


def round_half_up(value: Decimal) -> int:
    """GR-5: a fractional part of .1–.4 rounds down, .5 and above rounds up."""
    if not isinstance(value, Decimal):
        # A float has already lost the .5 boundary (GR-5); refuse it rather than round it wrongly.
        raise TypeError(f"round_half_up takes a Decimal, not {type(value).__name__}")
    return int(value.quantize(_ONE, rounding=ROUND_HALF_UP))


def whole_score(value: object) -> int:
    """GR-5 for the exam, and for R1/R2 by GR-1's interpretation: a score typed with a fractional
    part (84.5 from a spreadsheet or the API) becomes a whole point, half up (84.5 → 85, 84.4 → 84).

    Takes an int, a Decimal, a numeric string ("84.5", or "84,5" as a Kazakh or Russian spreadsheet
    writes it) or a float, which is read as the shortest decimal that prints as it — what was typed —
    so no binary expansion decides a .5 boundary. Refuses (ValueError) anything that is not a number
    from 0 to 100: a score is checked before it is rounded, so 100.4 is no more a score than 101.
    """
    number: Decimal
    if isinstance(value, bool):
        raise ValueError("a score is a number, not true or false")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    else:
        raise ValueError(f"{value!r} is not a number")
    if not number.is_finite() or not 0 <= number <= 100:
        raise ValueError(f"{value!r} is not a score from 0 to 100")
    return round_half_up(number)


def admission_rating(r1: int, r2: int) -> Decimal:
    """GR-2: admission rating (R1 + R2) / 2, exact, with one decimal place (e.g. 84.5)."""
    _check_score("R1", r1)
    _check_score("R2", r2)
    # The half of a whole number is exact at one decimal place: nothing is rounded here.
    return (Decimal(r1 + r2) / 2).quantize(_TENTH)


@dataclass(frozen=True)
class Attendance:
    """GR-3: a bachelor's attendance of one discipline."""

    classes_held: int
    absences: int
    lates_over_20_min: int = 0

    def __post_init__(self) -> None:
        _check_count("classes_held", self.classes_held)
        _check_count("absences", self.absences)
        _check_count("lates_over_20_min", self.lates_over_20_min)

    @property
    def effective_absences(self) -> int:
        """GR-3: every five lates of more than 20 minutes count as one missed class."""
        return self.absences + self.lates_over_20_min // LATES_PER_ABSENCE

    @property
    def over_half_missed(self) -> bool:
        """GR-3: more than 50% of the classes held were missed (exactly half is not more)."""
        # Integer comparison instead of a percentage keeps the 50% boundary exact.
        return self.classes_held > 0 and self.effective_absences * 2 > self.classes_held


@dataclass(frozen=True)
class AdmissionDecision:
    """GR-2/GR-3: admitted to the final control, or every reason why not."""

    admitted: bool
    reasons: tuple[str, ...]


def decide_admission(*, r1: int | None, r2: int | None, coursework_required: bool = False,
                     coursework_submitted: bool = False, attendance: Attendance | None = None,
                     attendance_rule_applies: bool = True, admitted_by_dean_order: bool = False,
                     threshold: Decimal = ADMISSION_THRESHOLD) -> AdmissionDecision:
    """GR-2/GR-3: admission to the final control, collecting every reason that applies.

    The attendance rule is for bachelors (``attendance_rule_applies``). A dean's order for a
    valid reason waives only the attendance rule, never the rating or the course work.
    """
    reasons: list[str] = []
    if r1 is None or r2 is None:
        reasons.append(RATINGS_MISSING)
    elif admission_rating(r1, r2) < threshold:
        reasons.append(RATING_BELOW_THRESHOLD)
    if coursework_required and not coursework_submitted:
        reasons.append(COURSEWORK_NOT_SUBMITTED)
    if (attendance_rule_applies and attendance is not None and attendance.over_half_missed
            and not admitted_by_dean_order):
        reasons.append(ATTENDANCE_OVER_HALF_MISSED)
    return AdmissionDecision(admitted=not reasons, reasons=tuple(reasons))


def final_score(r1: int, r2: int, exam: int) -> int:
    """GR-4 + GR-5: final score 0.6 × (R1 + R2) / 2 + 0.4 × E, rounded half up to a whole point."""
    _check_score("exam", exam)
    return round_half_up(RATING_WEIGHT * admission_rating(r1, r2) + EXAM_WEIGHT * Decimal(exam))


@dataclass(frozen=True)
class ResultComputation:
    """GR-6/GR-7/GR-8: what the sheet and the transcript show for one result (contract §4)."""

    status: str
    admission_rating: Decimal | None
    admitted: bool | None
    admission_reasons: tuple[str, ...]
    exam: int | None
    final_score: int | None
    letter: str | None
    points: Decimal | None
    traditional: str | None
    counts_in_gpa_as_fail: bool


def compute_result(*, r1: int | None, r2: int | None, exam: int | None, outcome: str | None,
                   admission: AdmissionDecision | None = None,
                   scale: Sequence[LetterGrade] = DEFAULT_SCALE) -> ResultComputation:
    """GR-2 … GR-8: status, admission, exam, final score and letter of one result.

    Without an explicit ``admission`` the decision is made from R1 and R2 alone (GR-2).
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    for name, value in (("R1", r1), ("R2", r2), ("exam", exam)):
        if value is not None:
            _check_score(name, value)
    rating = admission_rating(r1, r2) if r1 is not None and r2 is not None else None
    decision = decide_admission(r1=r1, r2=r2) if admission is None else admission
    if outcome == ANNULLED:
        # GR-8: the record book shows 0 (F) regardless of the rating, and it counts as F (GP-1).
        band = grade_for(0, scale)
        return ResultComputation(ANNULLED, rating, decision.admitted, decision.reasons, 0, 0, band.letter,
                                 band.points, band.traditional, True)
    if outcome is None and decision.reasons == (RATINGS_MISSING,):
        # Ratings not entered yet is the ordinary state of a running period, not a refusal:
        # admission is undecided until both ratings exist.
        return ResultComputation(IN_PROGRESS, rating, None, (), exam, None, None, None, None, False)
    if not decision.admitted:
        # GR-2/GR-3/GR-7: exam 0, no final grade, counts as F until cleared (GP-1).
        return ResultComputation(NOT_ADMITTED, rating, False, decision.reasons, 0, None, None, None, None,
                                 True)
    if outcome == NO_SHOW:
        # GR-7: exam 0 and the final column reads "did not appear"; counts as F (GP-1).
        return ResultComputation(NO_SHOW, rating, True, (), 0, None, None, None, None, True)
    if exam is None:
        return ResultComputation(IN_PROGRESS, rating, True, (), None, None, None, None, None, False)
    if r1 is None or r2 is None:
        # Only an explicit decision can admit without ratings, and GR-4 needs both of them.
        raise ValueError("a graded result needs both R1 and R2 (GR-4)")
    score = final_score(r1, r2, exam)
    band = grade_for(score, scale)
    return ResultComputation(GRADED, rating, True, (), exam, score, band.letter, band.points,
                             band.traditional, False)


def recognized_result(letter: str, scale: Sequence[LetterGrade]) -> ResultComputation:
    """RC-3 / contract §4: a recognized result (transfer, mobility, prior or non-formal learning)
    reads ``graded`` with the recognized letter, its points and traditional grade from the scale in
    force, and no marks, ratings or scores — it is never recomputed from marks. Only a positive
    letter (A…D) is recognized (RC-3): anything else is refused."""
    band = band_of(letter, scale)
    if band.traditional == "unsatisfactory":
        raise ValueError(f"only a positive grade is recognized (RC-3), not {letter}")
    return ResultComputation(GRADED, None, None, (), None, None, band.letter, band.points, band.traditional,
                             False)


def commission_grade(score: int, scale: Sequence[LetterGrade]) -> ResultComputation:
    """FA-6: the attestation commission grades the defence (or the final exam) as a whole — there are
    no term ratings and no admission rating; its score is the final score, and the letter follows
    from the scale (GR-6). An unsatisfactory defence reads as a graded FX or F (FA-7), not "not admitted"."""
    _check_score("score", score)
    band = grade_for(score, scale)
    return ResultComputation(GRADED, None, None, (), score, score, band.letter, band.points, band.traditional,
                             False)
