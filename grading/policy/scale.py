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


def passing_letters(scale: Sequence[LetterGrade]) -> frozenset[str]:
    """RC-3 / GR-6: the positive final grades ("from A to D") of the scale in force — every band that
    is not unsatisfactory. Derived from the scale passed in, so an edited scale moves the pass line."""
    return frozenset(band.letter for band in scale if band.traditional != UNSATISFACTORY)


def is_positive(letter: str | None, scale: Sequence[LetterGrade]) -> bool:
    """GR-6: whether a letter is a positive final grade (A…D) on this scale; no letter is not positive."""
    return letter is not None and letter in passing_letters(scale)


def band_of(letter: str, scale: Sequence[LetterGrade]) -> LetterGrade:
    """GR-6: the band a letter names on this scale (a recognized result carries only its letter, RC-3);
    ValueError for a letter the scale does not have."""
    for band in scale:
        if band.letter == letter:
            return band
    raise ValueError(f"the scale has no letter {letter!r}")


def scale_problems(scale: Sequence[LetterGrade]) -> list[str]:
    """GR-6: every fault of a scale at once — a band outside 0–100 or upside down, a duplicated
    letter, an unknown traditional grade, negative points, two bands sharing a score, scores without
    a letter, points out of order. Empty when every whole score 0–100 falls in exactly one band."""
    if not scale:
        return ["the scale has no bands"]
    problems: list[str] = []
    owner: dict[int, str] = {}
    letters: set[str] = set()
    shared: dict[tuple[str, str], list[int]] = {}
    for band in scale:
        if not band.letter.strip():
            problems.append("a band has no letter")
        elif band.letter in letters:
            problems.append(f"letter {band.letter} appears twice")
        letters.add(band.letter)
        if band.traditional not in TRADITIONAL_GRADES:
            problems.append(f"{band.letter}: unknown traditional grade {band.traditional!r}")
        if band.points < 0:
            problems.append(f"{band.letter}: negative points {band.points}")
        if not MIN_SCORE <= band.min_score <= band.max_score <= MAX_SCORE:
            problems.append(f"{band.letter}: {band.min_score}–{band.max_score} is not a band within 0–100")
            continue
        for score in range(band.min_score, band.max_score + 1):
            if score in owner:
                shared.setdefault((owner[score], band.letter), []).append(score)
            else:
                owner[score] = band.letter
    for (first, second), scores in shared.items():
        problems.append(f"scores {scores[0]}–{scores[-1]} are in both {first} and {second}")
    missing = [score for score in range(MIN_SCORE, MAX_SCORE + 1) if score not in owner]
    if missing:
        problems.append(f"scores without a letter: {_ranges(missing)}")
    by_score = sorted((b for b in scale if MIN_SCORE <= b.min_score <= b.max_score <= MAX_SCORE),
                      key=lambda b: b.min_score)
    for lower, higher in zip(by_score, by_score[1:], strict=False):
        if higher.points < lower.points:
            problems.append(f"{higher.letter} is worth fewer points than the lower band {lower.letter}")
    return problems


def _ranges(scores: list[int]) -> str:
    """[1, 2, 3, 7] → "1–3, 7": a gap named as a reader would."""
    runs: list[list[int]] = []
    for score in scores:
        if runs and score == runs[-1][-1] + 1:
            runs[-1].append(score)
        else:
            runs.append([score])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else f"{run[0]}" for run in runs)


def validate_scale(scale: Sequence[LetterGrade]) -> None:
    """GR-6: raise ValueError naming every fault of the scale (``scale_problems``)."""
    problems = scale_problems(scale)
    if problems:
        raise ValueError("; ".join(problems))


def grade_for(score: int, scale: Sequence[LetterGrade] = DEFAULT_SCALE) -> LetterGrade:
    """GR-6: the band a whole final score falls in; ValueError outside 0–100."""
    if isinstance(score, bool) or not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
        raise ValueError(f"a final score is a whole number 0–100, not {score!r}")
    for band in scale:
        if band.min_score <= score <= band.max_score:
            return band
    raise ValueError(f"the scale has no letter for {score}")
