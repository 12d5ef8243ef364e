"""GP-2, GP-3, GP-4, TR-10, TR-11: the integral GPA of a course year and progression to the next.

Pure and exact: every block is a fraction of its maximum (GPA / 4.0; achievement points / the
block's configured maximum, GP-3), combined with the weights of the student's course year (GP-2)
and reported on the 4.0 scale. Only what is shown is rounded, half up (contract §7): GPA to two
decimals, blocks to four, iGPA to two. Progression (GP-4) compares each assessed block with one
half of its maximum — exactly one half meets the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

GPA_SCALE = Decimal("4.0")  # GP-3: GPA is on the 4.0 scale
DEFAULT_BLOCK_MAXIMUM = Decimal(100)  # GP-3: configurable per block, 100 unless the university says
HALF = Decimal("0.5")  # GP-4: at least 50% of the block maximum

# GP-2: the weights of the two formulas.
JUNIOR_GPA_WEIGHT, JUNIOR_SSCI_WEIGHT = Decimal("0.85"), Decimal("0.15")  # years 1–2
ACADEMIC_SHARE, RESEARCH_SHARE = Decimal("0.8"), Decimal("0.2")  # years 1–2: the "GPA" of GP-2
SENIOR_GPA_WEIGHT, SENIOR_IROS_WEIGHT, SENIOR_SSCI_WEIGHT = Decimal("0.5"), Decimal("0.35"), Decimal("0.15")

IGPA_COURSE_YEARS = (1, 2, 3, 4)  # GP-2: full-time bachelors of years 1–4

# Reasons, exactly as contract §7 spells them.
GPA_BLOCK_BELOW_HALF = "gpa_block_below_half"
IROS_BLOCK_BELOW_HALF = "iros_block_below_half"
SSCI_BLOCK_BELOW_HALF = "ssci_block_below_half"
ACHIEVEMENTS_MISSING = "achievements_missing"
RESULTS_MISSING = "results_missing"
# TR-10: the rector's yearly order may add a minimum GPA by course year.
GPA_BELOW_MINIMUM = "gpa_below_minimum"

_HUNDREDTH, _TEN_THOUSANDTH = Decimal("0.01"), Decimal("0.0001")


@dataclass(frozen=True)
class BlockMaxima:
    """GP-3: the maximum points of each achievement block (the iGPA regulation sets them)."""

    ssci: Decimal = DEFAULT_BLOCK_MAXIMUM
    iros: Decimal = DEFAULT_BLOCK_MAXIMUM
    research: Decimal = DEFAULT_BLOCK_MAXIMUM

    def __post_init__(self) -> None:
        for name in ("ssci", "iros", "research"):
            if getattr(self, name) <= 0:
                raise ValueError(f"the maximum of the {name} block must be above 0")


@dataclass(frozen=True)
class Achievements:
    """A year's achievement points (GP-2): social and sports (SSCI), research achievements (iROS),
    research activity."""

    ssci: Decimal
    iros: Decimal
    research: Decimal


def achievement_problems(points: Achievements, maxima: BlockMaxima) -> list[tuple[str, str]]:
    """GP-3: every block's points lie in 0 … its maximum; (block, message) for each that does not."""
    problems = []
    for name in ("ssci", "iros", "research"):
        value, maximum = getattr(points, name), getattr(maxima, name)
        if not isinstance(value, Decimal) or not value.is_finite() or not 0 <= value <= maximum:
            problems.append((name, f"points are 0 … {maximum}, not {value}"))
    return problems


@dataclass(frozen=True)
class Blocks:
    """Each block as a fraction of its maximum; None where the course year's formula does not use it."""

    gpa: Decimal | None
    research: Decimal | None
    ssci: Decimal | None
    iros: Decimal | None


@dataclass(frozen=True)
class IntegralGpa:
    """GP-2 … GP-4 for one student and academic year. Exact values; ``shown_*`` round for display."""

    course_year: int
    gpa: Decimal | None
    blocks: Blocks
    igpa: Decimal | None
    meets: bool
    reasons: tuple[str, ...]

    @property
    def shown_gpa(self) -> Decimal | None:
        return _round(self.gpa, _HUNDREDTH)

    @property
    def shown_igpa(self) -> Decimal | None:
        return _round(self.igpa, _HUNDREDTH)

    def shown_block(self, name: str) -> Decimal | None:
        return _round(getattr(self.blocks, name), _TEN_THOUSANDTH)


def _round(value: Decimal | None, step: Decimal) -> Decimal | None:
    return None if value is None else value.quantize(step, rounding=ROUND_HALF_UP)


def applies(*, course_year: int, level: str, study_form: str) -> bool:
    """GP-2: iGPA is for full-time bachelor students of years 1–4."""
    return level == "bachelor" and study_form == "full_time" and course_year in IGPA_COURSE_YEARS


def integral_gpa(*, course_year: int, gpa: Decimal | None, achievements: Achievements | None,
                 maxima: BlockMaxima = BlockMaxima(), minimum_gpa: Decimal | None = None) -> IntegralGpa:
    """GP-2/GP-3: the iGPA of a course year; GP-4 (and TR-10's yearly minimum GPA): whether the
    student meets progression, with every reason that does not.

    ``gpa`` is GP-1 over the academic year's results (None: no graded result yet); ``achievements``
    None: the year's points are not recorded yet.
    """
    if course_year not in IGPA_COURSE_YEARS:
        raise ValueError(f"iGPA is for course years 1–4, not {course_year}")
    junior = course_year <= 2
    gpa_block = None if gpa is None else gpa / GPA_SCALE
    research = ssci = iros = None
    if achievements is not None:
        ssci = achievements.ssci / maxima.ssci
        if junior:
            research = achievements.research / maxima.research
        else:
            iros = achievements.iros / maxima.iros
    blocks = Blocks(gpa=gpa_block, research=research, ssci=ssci, iros=iros)
    reasons: list[str] = []
    if gpa is None:
        reasons.append(RESULTS_MISSING)
    if achievements is None:
        reasons.append(ACHIEVEMENTS_MISSING)
    if reasons:
        return IntegralGpa(course_year, gpa, blocks, None, False, tuple(reasons))
    assert gpa is not None and gpa_block is not None and ssci is not None  # narrowed by the checks above
    assessed: tuple[tuple[str, Decimal], ...]
    if junior:
        assert research is not None
        # GP-2: years 1–2 — the "GPA" is 0.8 × academic level + 0.2 × research activity.
        academic = ACADEMIC_SHARE * gpa_block + RESEARCH_SHARE * research
        fraction = JUNIOR_GPA_WEIGHT * academic + JUNIOR_SSCI_WEIGHT * ssci
        assessed = ((GPA_BLOCK_BELOW_HALF, academic), (SSCI_BLOCK_BELOW_HALF, ssci))
    else:
        assert iros is not None
        fraction = SENIOR_GPA_WEIGHT * gpa_block + SENIOR_IROS_WEIGHT * iros + SENIOR_SSCI_WEIGHT * ssci
        assessed = ((GPA_BLOCK_BELOW_HALF, gpa_block), (IROS_BLOCK_BELOW_HALF, iros),
                    (SSCI_BLOCK_BELOW_HALF, ssci))
    # GP-4: each assessed block reaches one half of its maximum; exactly one half meets.
    reasons = [reason for reason, value in assessed if value < HALF]
    if minimum_gpa is not None and gpa < minimum_gpa:
        reasons.append(GPA_BELOW_MINIMUM)
    return IntegralGpa(course_year, gpa, blocks, GPA_SCALE * fraction, not reasons, tuple(reasons))


# --- TR-10 / TR-11: the progression list --------------------------------------------------------

PROGRESS = "progress"
PROGRESS_WITH_DEBTS = "progress_with_debts"
REPEAT_YEAR = "repeat_year"


@dataclass(frozen=True)
class ProgressionDecision:
    """TR-10/TR-11: one line of the progression list — what happens to the student, and why."""

    outcome: str  # PROGRESS, PROGRESS_WITH_DEBTS or REPEAT_YEAR
    reasons: tuple[str, ...]
    debts: tuple[str, ...]  # disciplines to clear on a paid basis (TR-10)
    loses_grant: bool  # TR-11: a grant holder who repeats a year loses the grant


def progression(outcome: IntegralGpa, *, debts: tuple[str, ...], grant_holder: bool) -> ProgressionDecision:
    """TR-10: a student who meets the conditions progresses — with academic debt to clear on a paid
    basis if they owe any, grant holder or not; TR-11: one who does not repeats the year, fully paid,
    and a grant holder loses the grant."""
    if outcome.meets:
        return ProgressionDecision(PROGRESS_WITH_DEBTS if debts else PROGRESS, (), debts, False)
    return ProgressionDecision(REPEAT_YEAR, outcome.reasons, debts, grant_holder)
