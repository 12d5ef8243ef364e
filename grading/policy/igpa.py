"""GP-2, GP-3, GP-4, TR-10, TR-11: the integral GPA of a course year and progression to the next.

Pure and exact: every block is a fraction of its maximum (GPA / 4.0; achievement points / the
block's configured maximum, GP-3), combined with the weights of the student's course year (GP-2)
and reported on the 4.0 scale. Only what is shown is rounded, half up (contract §7): GPA to two
decimals, blocks to four, iGPA to two. Progression (GP-4) compares each assessed block with one
half of its maximum — exactly one half meets the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from grading.policy.gpa import GpaEntry, latest_attempts

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
    if junior:
        assert research is not None
        fraction = JUNIOR_GPA_WEIGHT * _junior_gpa_block(gpa_block, research) + JUNIOR_SSCI_WEIGHT * ssci
    else:
        assert iros is not None
        fraction = SENIOR_GPA_WEIGHT * gpa_block + SENIOR_IROS_WEIGHT * iros + SENIOR_SSCI_WEIGHT * ssci
    # GP-4: each assessed block reaches one half of its maximum; exactly one half meets.
    reasons = [f"{name}_block_below_half" for name, value in assessed_blocks(course_year, blocks)
               if value is not None and value < HALF]
    if minimum_gpa is not None and gpa < minimum_gpa:
        reasons.append(GPA_BELOW_MINIMUM)
    return IntegralGpa(course_year, gpa, blocks, GPA_SCALE * fraction, not reasons, tuple(reasons))


def _junior_gpa_block(gpa_block: Decimal, research: Decimal) -> Decimal:
    """GP-2: years 1–2 — the "GPA" is 0.8 × academic level + 0.2 × research activity."""
    return ACADEMIC_SHARE * gpa_block + RESEARCH_SHARE * research


def assessed_blocks(course_year: int, blocks: Blocks) -> tuple[tuple[str, Decimal | None], ...]:
    """GP-4 (its interpretation): the blocks progression assesses, each as a fraction of its maximum —
    years 1–2 the GPA block (0.8 × GPA / 4 + 0.2 × research) and SSCI; years 3–4 GPA, iROS and SSCI.
    None where a block is not known yet (no results, no points)."""
    if course_year <= 2:
        gpa_block = (None if blocks.gpa is None or blocks.research is None
                     else _junior_gpa_block(blocks.gpa, blocks.research))
        return (("gpa", gpa_block), ("ssci", blocks.ssci))
    return (("gpa", blocks.gpa), ("iros", blocks.iros), ("ssci", blocks.ssci))


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


# --- issue 11: the academic year's GPA, course years, conditions without iGPA, what a block needs -------

_ACADEMIC_YEAR = re.compile(r"(\d{4})-(\d{4})")
CREDITS_PER_YEAR = 60  # MO-6: 60 credits per academic year
AUTUMN_FROM_MONTH = 8  # an academic year begins in August (as the period labels read, CR-2)


def academic_year_start(academic_year: str) -> int:
    """"2025-2026" → 2025; refused unless it is two consecutive years."""
    match = _ACADEMIC_YEAR.fullmatch(academic_year or "")
    if match is None or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValueError(f'an academic year reads "2025-2026", not "{academic_year}"')
    return int(match.group(1))


def academic_year_of(day: date) -> str:
    """The academic year a day falls in: from August on, the one beginning that year."""
    start = day.year if day.month >= AUTUMN_FROM_MONTH else day.year - 1
    return f"{start}-{start + 1}"


def progression_deadline(academic_year: str, *, winter_intake: bool = False) -> date:
    """TR-10: 25 August at the end of the academic year; 15 January (of the academic year's second
    calendar year) for winter-intake masters and doctoral students."""
    end = academic_year_start(academic_year) + 1
    return date(end, 1, 15) if winter_intake else date(end, 8, 25)


def course_year_in(*, course_year_now: int, now_refers_to: str, academic_year: str) -> int | None:
    """The course year a student was in during ``academic_year``, from the course year recorded now
    (which refers to the academic year ``now_refers_to``): one course year per academic year back.
    None when the student had not begun yet (a course year below 1)."""
    years_back = academic_year_start(now_refers_to) - academic_year_start(academic_year)
    course_year = course_year_now - years_back
    return course_year if course_year >= 1 else None


def final_course_year(program_credits: int) -> int:
    """MO-6: 60 credits per academic year — a programme of 240 credits has 4 course years, one of 90
    has 2. Students of the final course year go to final attestation, not to the next course."""
    return max(1, -(-program_credits // CREDITS_PER_YEAR))


def exact_gpa(entries: Iterable[GpaEntry]) -> Decimal | None:
    """GP-1 without the display rounding: contract §7 computes the blocks on exact values and rounds
    only what is shown. Latest final grade per discipline; did not appear / annulled count as F."""
    total_points, total_credits = Decimal(0), 0
    for entry in latest_attempts(entries):
        if entry.credits == 0:
            continue  # GR-16: work without credits does not count
        points = Decimal(0) if entry.counts_as_fail or entry.points is None else entry.points
        total_points += points * entry.credits
        total_credits += entry.credits
    return None if total_credits == 0 else total_points / total_credits


def conditions_without_igpa(*, course_year: int, gpa: Decimal | None,
                            minimum_gpa: Decimal | None = None) -> IntegralGpa:
    """TR-10 for those iGPA does not apply to (masters, doctoral students, part-time bachelors): the
    conditions of the rector's order only — a graded year, and its minimum GPA where the order sets
    one. No blocks, no iGPA."""
    reasons: list[str] = []
    if gpa is None:
        reasons.append(RESULTS_MISSING)
    elif minimum_gpa is not None and gpa < minimum_gpa:
        reasons.append(GPA_BELOW_MINIMUM)
    return IntegralGpa(course_year, gpa, Blocks(None, None, None, None), None, not reasons, tuple(reasons))


@dataclass(frozen=True)
class BlockNeeds:
    """GP-4: what reaching one half of each assessed block takes — what a student can still aim for.
    ``gpa``: the lowest academic-year GPA that meets the GPA block (years 1–2 it depends on the research
    points); ``ssci``/``iros``: the lowest points; None where the course year does not assess the block."""

    gpa: Decimal
    ssci: Decimal
    iros: Decimal | None


def block_needs(*, course_year: int, achievements: Achievements | None,
                maxima: BlockMaxima = BlockMaxima()) -> BlockNeeds:
    """GP-4 solved for each block: years 3–4 the GPA block is GPA / 4 ≥ ½, so GPA ≥ 2.00; years 1–2 it is
    0.8 × GPA / 4 + 0.2 × research ≥ ½, so GPA ≥ (½ − 0.2 × research) × 4 / 0.8 (never below 0).
    Without recorded points the research fraction counts as 0. Rounded up to hundredths (as a GPA and
    points show), so the figure shown is enough."""
    if course_year not in IGPA_COURSE_YEARS:
        raise ValueError(f"iGPA is for course years 1–4, not {course_year}")
    def up(value: Decimal) -> Decimal:
        return value.quantize(_HUNDREDTH, rounding=ROUND_CEILING)

    if course_year <= 2:
        research = Decimal(0) if achievements is None else achievements.research / maxima.research
        gpa = max(Decimal(0), (HALF - RESEARCH_SHARE * research) * GPA_SCALE / ACADEMIC_SHARE)
        return BlockNeeds(up(gpa), up(HALF * maxima.ssci), None)
    return BlockNeeds(up(HALF * GPA_SCALE), up(HALF * maxima.ssci), up(HALF * maxima.iros))


GRANT_FUNDING = ("state_grant", "local_grant")  # CR-6: the grants a repeat year loses (TR-11)


def holds_grant(funding: str) -> bool:
    """TR-11 / CR-6: state educational and local-budget grant holders lose the grant on a repeat year."""
    return funding in GRANT_FUNDING
