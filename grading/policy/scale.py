"""GR-6: the letter scale — data passed in, never a constant buried in a formula."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class LetterGrade:
    letter: str
    points: Decimal
    min_score: int
    max_score: int
    traditional: str  # excellent | good | satisfactory | unsatisfactory


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

# Positive final grades (RC-3: "from A to D"); FX and F are unsatisfactory.
PASSING_LETTERS: frozenset[str] = frozenset({"A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D"})


def is_positive(letter: str | None) -> bool:
    return letter in PASSING_LETTERS


def validate_scale(scale: Sequence[LetterGrade]) -> None:
    """Every score 0–100 falls in exactly one band; raises ValueError naming the first fault."""
    owner: dict[int, str] = {}
    for band in scale:
        if band.min_score > band.max_score:
            raise ValueError(f"{band.letter}: {band.min_score} > {band.max_score}")
        for score in range(band.min_score, band.max_score + 1):
            if score in owner:
                raise ValueError(f"score {score} is in both {owner[score]} and {band.letter}")
            owner[score] = band.letter
    missing = [score for score in range(101) if score not in owner]
    if missing or max(owner, default=0) > 100:
        raise ValueError(f"scores without a letter: {missing[:5]}" if missing else "a band passes 100")


def grade_for(score: int, scale: Sequence[LetterGrade] = DEFAULT_SCALE) -> LetterGrade:
    """GR-6: the band a whole final score falls in."""
    if not 0 <= score <= 100:
        raise ValueError(f"a final score is 0–100, not {score}")
    for band in scale:
        if band.min_score <= score <= band.max_score:
            return band
    raise ValueError(f"the scale has no letter for {score}")
