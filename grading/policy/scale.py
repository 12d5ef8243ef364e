"""GR-6: the letter scale — data passed in, never a constant buried in a formula."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

TRADITIONAL_GRADES = ("excellent", "good", "satisfactory", "unsatisfactory")
UNSATISFACTORY = "unsatisfactory"
MIN_SCORE, MAX_SCORE = 0, 100


@dataclass(frozen=True)
class LetterGrade:
    """GR-6: one row of the letter table — a band of whole final scores and what it is worth."""

    letter: str
    points: Decimal
    min_score: int
    max_score: int
    traditional: str  # one of TRADITIONAL_GRADES


# The university may edit the scale in the database; this is the policy's own table, the
# fallback and the seed, not the only scale the code accepts.
DEFAULT_SCALE: tuple[LetterGrade, ...] = (
    LetterGrade("A", Decimal("4.00"), 95, 100, "excellent"),
    LetterGrade("A-", Decimal("3.67"), 90, 94, "excellent"),
    LetterGrade("B+", Decimal("3.33"), 85, 89, "good"),
    LetterGrade("B", Decimal("3.00"), 80, 84, "good"),
    LetterGrade("B-", Decimal("2.67"), 75, 79, "good"),
    LetterGrade("C+", Decimal("2.33"), 70, 74, "good"),
    LetterGrade("C", Decimal("2.00"), 65, 69, "satisfactory"),
    LetterGrade("C-", Decimal("1.67"), 60, 64, "satisfactory"),
    LetterGrade("D+", Decimal("1.33"), 55, 59, "satisfactory"),
    LetterGrade("D", Decimal("1.00"), 50, 54, "satisfactory"),
    LetterGrade("FX", Decimal("0.50"), 25, 49, "unsatisfactory"),
    LetterGrade("F", Decimal("0.00"), 0, 24, "unsatisfactory"),
)


def passing_letters(scale: Sequence[LetterGrade] = DEFAULT_SCALE) -> frozenset[str]:
    """RC-3 / GR-6: the positive final grades ("from A to D") — every band not unsatisfactory."""
    return frozenset(band.letter for band in scale if band.traditional != UNSATISFACTORY)


# Positive final grades A…D of the policy's table; FX and F are unsatisfactory.
PASSING_LETTERS: frozenset[str] = passing_letters(DEFAULT_SCALE)


def is_positive(letter: str | None, scale: Sequence[LetterGrade] = DEFAULT_SCALE) -> bool:
    """GR-6: whether a letter is a positive final grade (A…D); no letter is not positive."""
    if letter is None:
        return False
    if scale is DEFAULT_SCALE:
        return letter in PASSING_LETTERS
    return letter in passing_letters(scale)


def validate_scale(scale: Sequence[LetterGrade]) -> None:
    """GR-6: every whole score 0–100 falls in exactly one band.

    Raises ValueError naming the first fault: a band outside 0–100 or upside down, a
    duplicated letter, an unknown traditional grade, two bands sharing a score, or a gap.
    """
    if not scale:
        raise ValueError("the scale has no bands")
    owner: dict[int, str] = {}
    letters: set[str] = set()
    for band in scale:
        if band.letter in letters:
            raise ValueError(f"letter {band.letter} appears twice")
        letters.add(band.letter)
        if band.traditional not in TRADITIONAL_GRADES:
            raise ValueError(f"{band.letter}: unknown traditional grade {band.traditional!r}")
        if band.points < 0:
            raise ValueError(f"{band.letter}: negative points {band.points}")
        if not MIN_SCORE <= band.min_score <= band.max_score <= MAX_SCORE:
            raise ValueError(f"{band.letter}: {band.min_score}–{band.max_score} is not a band within 0–100")
        for score in range(band.min_score, band.max_score + 1):
            if score in owner:
                raise ValueError(f"score {score} is in both {owner[score]} and {band.letter}")
            owner[score] = band.letter
    missing = [score for score in range(MIN_SCORE, MAX_SCORE + 1) if score not in owner]
    if missing:
        raise ValueError(f"scores without a letter: {missing[:5]}")


def grade_for(score: int, scale: Sequence[LetterGrade] = DEFAULT_SCALE) -> LetterGrade:
    """GR-6: the band a whole final score falls in; ValueError outside 0–100."""
    if isinstance(score, bool) or not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
        raise ValueError(f"a final score is a whole number 0–100, not {score!r}")
    for band in scale:
        if band.min_score <= score <= band.max_score:
            return band
    raise ValueError(f"the scale has no letter for {score}")
