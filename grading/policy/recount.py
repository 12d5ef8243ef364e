"""RC-1 … RC-6, MO-6, MO-6a, NF-2, NF-3: the comparison sheet of a recount — pure, exact decimals.

The QA commission matches lines of a source transcript (another university, a mobility host,
prior or non-formal learning) to disciplines of the student's home working curriculum,
regardless of their names (RC-2). This module decides, for every matched home discipline,
whether it is recognized and with which letter, and lists the academic difference (RC-5).
The letter scale, the conversion of credits to hours and the caps are passed in as data;
nothing here knows the default scale.

Contract §8 (``POST /api/v1/recount/preview``) is built from :class:`ComparisonSheet`:
``recognized`` → discipline, letter, credits; ``refused`` → discipline, reason;
``difference`` → discipline, credits, semester.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from grading.policy.formula import round_half_up
from grading.policy.scale import MAX_SCORE, MIN_SCORE, LetterGrade, band_of, grade_for, passing_letters

HOME_HOURS_PER_CREDIT = 30  # CR-1: one Kazakh (and EKTU) credit is 30 academic hours
DEFAULT_HOURS_PER_CREDIT = Decimal(30)  # MO-6: the host's hours per ECTS credit unless it says otherwise
REDUCED_TERM_DIFFERENCE_CAP = 35  # RC-6: difference credits a reduced-term admission may register for
NON_FORMAL_SHARE_PERCENT = 15  # NF-2: non-formal learning may cover at most 15% of the programme

# Components of the home working curriculum, as the curriculum items spell them.
MANDATORY = "mandatory"
UNIVERSITY = "university"
ELECTIVE = "elective"
COMPONENTS = (MANDATORY, UNIVERSITY, ELECTIVE)

# Why a matched home discipline is refused — contract §8 codes, in the contract's order: a
# discipline with several faults is refused with the first of them.
LETTER_REQUIRED = "letter_required"  # RC-4
GRADE_BELOW_D = "grade_below_d"  # RC-3
WORKLOAD_SHORT = "workload_short"  # MO-6, NF-3
NON_FORMAL_CAP = "non_formal_cap"  # NF-2
REFUSAL_REASONS = (LETTER_REQUIRED, GRADE_BELOW_D, WORKLOAD_SHORT, NON_FORMAL_CAP)

# Why a discipline of the academic difference is there when the commission matched nothing to it.
NOT_MATCHED = "not_matched"  # RC-5
DIFFERENCE_REASONS = (NOT_MATCHED, *REFUSAL_REASONS)

# RC-6: the difference of a reduced-term admission is more than the student may register for.
DIFFERENCE_OVER_CAP = "difference_over_cap"

# Problems that make the input unusable (nothing is computed; every one is reported at once).
WORKLOAD_MISSING = "workload_missing"
WORKLOAD_INVALID = "workload_invalid"
GRADE_MISSING = "grade_missing"
LETTER_UNKNOWN = "letter_unknown"
PERCENT_INVALID = "percent_invalid"
DISCIPLINE_UNKNOWN = "discipline_unknown"
DISCIPLINE_MATCHED_TWICE = "discipline_matched_twice"
DISCIPLINE_DUPLICATED = "discipline_duplicated"
ITEMS_MISSING = "items_missing"
ITEM_UNKNOWN = "item_unknown"
ITEM_MATCHED_TWICE = "item_matched_twice"
COMPONENT_UNKNOWN = "component_unknown"
CREDITS_INVALID = "credits_invalid"
SEMESTER_INVALID = "semester_invalid"
CONVERSION_INVALID = "conversion_invalid"
CAP_INVALID = "cap_invalid"

_ZERO = Decimal(0)


# --- input ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StudiedDiscipline:
    """RC-1: one line of the source transcript — a studied discipline, its volume and its grade.

    Volume: ``hours``, else ``ects`` (converted by :class:`CreditConversion`), else Kazakh
    ``credits`` (× 30 hours, CR-1) — the contract's order when a line gives more than one.
    Grade: ``letter``, else ``percent`` mapped by the letter scale; a pass ("сынақ", credit)
    has ``passed=True`` and then ``percent`` first, else ``letter`` = the commission's choice
    (RC-4). The form of final control is not recorded: RC-3 ignores it.
    """

    title: str
    hours: int | Decimal | None = None
    ects: int | Decimal | None = None
    credits: int | Decimal | None = None
    letter: str | None = None
    percent: int | Decimal | None = None
    passed: bool = False


@dataclass(frozen=True)
class CurriculumDiscipline:
    """RC-5: one discipline of the student's home working curriculum."""

    code: str
    title: str
    credits: int
    component: str  # one of COMPONENTS
    semester: int


@dataclass(frozen=True)
class CommissionMatch:
    """RC-1/RC-2: the commission's decision that these transcript lines cover one home discipline.

    ``items`` are indexes into :attr:`RecountInput.studied`; names play no part (RC-2). Several
    lines may together cover one discipline; one line covers at most one discipline.
    """

    discipline: str
    items: tuple[int, ...]


@dataclass(frozen=True)
class CreditConversion:
    """MO-6/MO-6a: how a source's ECTS credits become hours — data per partner and period.

    Without ``ects_coefficient``: hours = ECTS × ``hours_per_credit`` (MO-6, default 30).
    With it (pre-2018 ratio, Order No. 152 of 2011): Kazakh credits = ECTS ÷ coefficient,
    a whole number, × 30 hours (CR-1); ``hours_per_credit`` is then not used.
    """

    hours_per_credit: int | Decimal = DEFAULT_HOURS_PER_CREDIT
    ects_coefficient: Decimal | None = None


@dataclass(frozen=True)
class NonFormalAllowance:
    """NF-2: the programme's cap of non-formal credits and those already recognized."""

    limit: int
    already_recognized: int = 0


@dataclass(frozen=True)
class RecountInput:
    """Everything one comparison sheet is computed from.

    ``current_semester`` is the semester of the home curriculum the student studies now
    (RC-5: only earlier ones make the difference); ``passed`` holds home discipline codes the
    student has already passed at EKTU. ``difference_cap`` is RC-6's 35 credits for a
    reduced-term admission and None otherwise; ``non_formal`` is set for non-formal learning.
    """

    studied: tuple[StudiedDiscipline, ...]
    curriculum: tuple[CurriculumDiscipline, ...]
    matches: tuple[CommissionMatch, ...]
    current_semester: int
    conversion: CreditConversion = field(default_factory=CreditConversion)
    passed: frozenset[str] = frozenset()
    difference_cap: int | None = None
    non_formal: NonFormalAllowance | None = None


# --- output ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RecountProblem:
    """One fault of the input: where (a field of :class:`RecountInput`), which entry, code, message.

    ``message`` is for logs and developers; pages and the API translate ``code``.
    """

    field: str
    index: int | None
    code: str
    message: str

    @property
    def path(self) -> str:
        return self.field if self.index is None else f"{self.field}[{self.index}]"


class RecountInvalid(ValueError):
    """The input has problems; ``problems`` lists every one of them (collect, then answer)."""

    def __init__(self, problems: Sequence[RecountProblem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems[:5]))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class RecognizedDiscipline:
    """RC-1: a home discipline recounted in full, with the letter it is entered with."""

    discipline: str
    letter: str
    points: Decimal
    credits: int
    sources: tuple[int, ...]  # indexes into RecountInput.studied
    source_hours: Decimal
    home_hours: int


@dataclass(frozen=True)
class RefusedDiscipline:
    """A matched home discipline that is not recognized, and the first reason (contract §8)."""

    discipline: str
    reason: str  # one of REFUSAL_REASONS
    sources: tuple[int, ...]
    source_hours: Decimal
    home_hours: int


@dataclass(frozen=True)
class DifferenceDiscipline:
    """RC-5: a mandatory discipline of an earlier semester the student must still take."""

    discipline: str
    credits: int
    semester: int
    reason: str  # NOT_MATCHED or the refusal reason of its match


@dataclass(frozen=True)
class ComparisonSheet:
    """RC-1: the comparison sheet (салыстыру ведомосі) and the academic difference it leaves."""

    recognized: tuple[RecognizedDiscipline, ...]
    refused: tuple[RefusedDiscipline, ...]
    difference: tuple[DifferenceDiscipline, ...]
    credits_recognized: int
    credits_of_difference: int
    difference_cap: int | None

    @property
    def over_cap(self) -> bool:
        """RC-6: the difference is more than the student may register for (exactly the cap is allowed)."""
        return self.difference_cap is not None and self.credits_of_difference > self.difference_cap


# --- conversion -----------------------------------------------------------------------------------

def non_formal_limit(programme_credits: int) -> int:
    """NF-2: 15% of the programme's credits, rounded down (36 of 240, 45 of 300)."""
    return int((Decimal(programme_credits) * NON_FORMAL_SHARE_PERCENT / 100).to_integral_value(ROUND_FLOOR))


def kazakh_credits_from_ects(ects: int | Decimal, coefficient: Decimal) -> int:
    """MO-6a: Kazakh credits = ECTS ÷ coefficient, a whole number.

    MO-6a says only "whole numbers"; the policy's one rounding rule is GR-5 (half up), so
    5 ECTS ÷ 1.8 = 2.78 → 3 and 4 ECTS ÷ 1.6 = 2.5 → 3, while 4 ÷ 1.8 = 2.22 → 2.
    """
    return int((Decimal(ects) / coefficient).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def workload_hours(item: StudiedDiscipline, conversion: CreditConversion) -> Decimal:
    """MO-6/MO-6a/CR-1: the hours a transcript line stands for; hours, else ECTS, else credits."""
    if item.hours is not None:
        return Decimal(item.hours)
    if item.ects is not None:
        if conversion.ects_coefficient is not None:
            return Decimal(kazakh_credits_from_ects(item.ects, conversion.ects_coefficient)
                           * HOME_HOURS_PER_CREDIT)
        return Decimal(item.ects) * Decimal(conversion.hours_per_credit)
    if item.credits is not None:
        return Decimal(item.credits) * HOME_HOURS_PER_CREDIT
    raise ValueError(f"{item.title}: the line has no hours, ECTS or credits")


def source_grade(item: StudiedDiscipline, scale: Sequence[LetterGrade]) -> LetterGrade | None:
    """RC-4: the letter a transcript line counts with on this scale; None when a letter is required.

    A pass takes the letter of its percentage when the transcript has one; otherwise the
    commission's chosen letter, which must be a positive one (D … A) — a pass is never a
    fail. Any other line: its letter, else its percentage. A fractional percentage is rounded
    half up like a final score (GR-5).
    """
    if item.passed:
        if item.percent is not None:
            return grade_for(_whole_percent(item.percent), scale)
        if item.letter is not None and item.letter in passing_letters(scale):
            return band_of(item.letter, scale)
        return None
    if item.letter is not None:
        return band_of(item.letter, scale)
    if item.percent is not None:
        return grade_for(_whole_percent(item.percent), scale)
    raise ValueError(f"{item.title}: the line has no letter, percentage or pass")


def _whole_percent(percent: int | Decimal) -> int:
    return percent if isinstance(percent, int) else round_half_up(percent)


# --- validation -----------------------------------------------------------------------------------

def _is_number(value: object) -> bool:
    # bool is an int and a float has lost exactness; neither is a volume or a percentage.
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, Decimal) and value.is_finite()


def _is_count(value: object, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _studied_problems(recount: RecountInput, scale: Sequence[LetterGrade]) -> list[RecountProblem]:
    problems: list[RecountProblem] = []
    letters = {band.letter for band in scale}

    def add(index: int, code: str, message: str) -> None:
        problems.append(RecountProblem("studied", index, code, message))

    for index, item in enumerate(recount.studied):
        volumes = [value for value in (item.hours, item.ects, item.credits) if value is not None]
        if not volumes:
            add(index, WORKLOAD_MISSING, f"{item.title}: give hours, ECTS or credits (RC-1)")
        elif any(not _is_number(value) or Decimal(value) <= _ZERO for value in volumes):
            add(index, WORKLOAD_INVALID, f"{item.title}: hours, ECTS and credits are positive exact numbers")
        if item.letter is None and item.percent is None and not item.passed:
            add(index, GRADE_MISSING, f"{item.title}: give a letter, a percentage or a pass")
        if item.letter is not None and item.letter not in letters:
            add(index, LETTER_UNKNOWN, f"{item.title}: the letter scale has no letter {item.letter!r}")
        if item.percent is not None and not (
                _is_number(item.percent) and MIN_SCORE <= Decimal(item.percent) <= MAX_SCORE):
            add(index, PERCENT_INVALID, f"{item.title}: a percentage is a number from 0 to 100")
    return problems


def _curriculum_problems(recount: RecountInput) -> list[RecountProblem]:
    problems: list[RecountProblem] = []
    seen: set[str] = set()

    def add(index: int, code: str, message: str) -> None:
        problems.append(RecountProblem("curriculum", index, code, message))

    for index, discipline in enumerate(recount.curriculum):
        if discipline.code in seen:
            add(index, DISCIPLINE_DUPLICATED, f"{discipline.code} appears twice in the curriculum")
        seen.add(discipline.code)
        if discipline.component not in COMPONENTS:
            add(index, COMPONENT_UNKNOWN, f"{discipline.code}: unknown component {discipline.component!r}")
        if not _is_count(discipline.credits, 1):
            add(index, CREDITS_INVALID, f"{discipline.code}: credits are a whole number of at least 1")
        if not _is_count(discipline.semester, 1):
            add(index, SEMESTER_INVALID, f"{discipline.code}: the semester is a whole number of at least 1")
    return problems


def _match_problems(recount: RecountInput) -> list[RecountProblem]:
    problems: list[RecountProblem] = []
    home = {discipline.code for discipline in recount.curriculum}
    matched: set[str] = set()
    used_by: dict[int, str] = {}

    def add(index: int, code: str, message: str) -> None:
        problems.append(RecountProblem("matches", index, code, message))

    for index, match in enumerate(recount.matches):
        if match.discipline not in home:
            add(index, DISCIPLINE_UNKNOWN, f"{match.discipline} is not in the student's curriculum")
        elif match.discipline in matched:
            add(index, DISCIPLINE_MATCHED_TWICE,
                f"{match.discipline} is matched twice; match all its lines at once")
        matched.add(match.discipline)
        if not match.items:
            add(index, ITEMS_MISSING, f"{match.discipline}: no transcript line is matched")
        for item in match.items:
            if not _is_count(item, 0) or item >= len(recount.studied):
                add(index, ITEM_UNKNOWN, f"{match.discipline}: there is no transcript line {item!r}")
            elif item in used_by:
                # One line's workload cannot cover two disciplines (MO-6: recognized only in full).
                add(index, ITEM_MATCHED_TWICE,
                    f"{match.discipline}: line {item} already covers {used_by[item]}")
            else:
                used_by[item] = match.discipline
    return problems


def _setting_problems(recount: RecountInput) -> list[RecountProblem]:
    problems: list[RecountProblem] = []
    if not _is_count(recount.current_semester, 1):
        problems.append(RecountProblem("current_semester", None, SEMESTER_INVALID,
                                       "the current semester is a whole number of at least 1"))
    conversion = recount.conversion
    if not _is_number(conversion.hours_per_credit) or Decimal(conversion.hours_per_credit) <= _ZERO:
        problems.append(RecountProblem("conversion", None, CONVERSION_INVALID,
                                       "hours per credit is a positive exact number (MO-6)"))
    coefficient = conversion.ects_coefficient
    if coefficient is not None and (not _is_number(coefficient) or coefficient <= _ZERO):
        problems.append(RecountProblem("conversion", None, CONVERSION_INVALID,
                                       "the ECTS coefficient is a positive exact number (MO-6a)"))
    if recount.difference_cap is not None and not _is_count(recount.difference_cap, 0):
        problems.append(RecountProblem("difference_cap", None, CAP_INVALID,
                                       "the difference cap is a whole number of credits (RC-6)"))
    allowance = recount.non_formal
    if allowance is not None and not (_is_count(allowance.limit, 0)
                                      and _is_count(allowance.already_recognized, 0)):
        problems.append(RecountProblem("non_formal", None, CAP_INVALID,
                                       "the non-formal limit and the credits already recognized "
                                       "are whole numbers (NF-2)"))
    return problems


def validate_recount(recount: RecountInput, *, scale: Sequence[LetterGrade]) -> tuple[RecountProblem, ...]:
    """Every fault of the input at once, never only the first; empty when a sheet can be computed."""
    return tuple(_studied_problems(recount, scale) + _curriculum_problems(recount)
                 + _match_problems(recount) + _setting_problems(recount))


# --- the comparison sheet -------------------------------------------------------------------------

def _refusal(grades: Sequence[LetterGrade | None], positive: frozenset[str], source_hours: Decimal,
             home_hours: int) -> str | None:
    # Contract §8: the first fault in the order letter_required, grade_below_d, workload_short.
    if any(grade is None for grade in grades):
        return LETTER_REQUIRED  # RC-4
    if any(grade is not None and grade.letter not in positive for grade in grades):
        return GRADE_BELOW_D  # RC-3: only A … D are recounted
    if source_hours < home_hours:
        return WORKLOAD_SHORT  # MO-6, NF-3: recognized only in full
    return None


def comparison_sheet(recount: RecountInput, *, scale: Sequence[LetterGrade]) -> ComparisonSheet:
    """RC-1 … RC-6: recognized and refused home disciplines, the academic difference and its totals.

    Raises :class:`RecountInvalid` with every problem of the input. Matches are taken in the
    order given, which decides which non-formal line still fits under NF-2's cap. A discipline
    covered by several lines takes the lowest of their letters: the policy does not say how
    to combine them, and a recount must not raise a grade the student did not earn.
    """
    problems = validate_recount(recount, scale=scale)
    if problems:
        raise RecountInvalid(problems)
    home = {discipline.code: discipline for discipline in recount.curriculum}
    positive = passing_letters(scale)
    allowance = recount.non_formal
    non_formal_total = allowance.already_recognized if allowance is not None else 0
    recognized: list[RecognizedDiscipline] = []
    refused: list[RefusedDiscipline] = []
    for match in recount.matches:
        discipline = home[match.discipline]
        lines = [recount.studied[index] for index in match.items]
        grades = [source_grade(line, scale) for line in lines]
        source_hours = sum((workload_hours(line, recount.conversion) for line in lines), _ZERO)
        home_hours = discipline.credits * HOME_HOURS_PER_CREDIT  # CR-1
        reason = _refusal(grades, positive, source_hours, home_hours)
        if reason is None and allowance is not None:
            # NF-2: a line that would pass the cap is refused; a later, smaller one may still fit.
            if non_formal_total + discipline.credits > allowance.limit:
                reason = NON_FORMAL_CAP
            else:
                non_formal_total += discipline.credits
        if reason is not None:
            refused.append(RefusedDiscipline(discipline.code, reason, match.items, source_hours, home_hours))
            continue
        lowest = min((grade for grade in grades if grade is not None), key=lambda grade: grade.points)
        recognized.append(RecognizedDiscipline(discipline.code, lowest.letter, lowest.points,
                                               discipline.credits, match.items, source_hours, home_hours))
    difference = academic_difference(recount, recognized, refused)
    return ComparisonSheet(
        recognized=tuple(recognized),
        refused=tuple(refused),
        difference=difference,
        credits_recognized=sum(item.credits for item in recognized),
        credits_of_difference=sum(item.credits for item in difference),
        difference_cap=recount.difference_cap,
    )


def academic_difference(recount: RecountInput, recognized: Sequence[RecognizedDiscipline],
                        refused: Sequence[RefusedDiscipline]) -> tuple[DifferenceDiscipline, ...]:
    """RC-5: mandatory disciplines of semesters before the current one, neither passed nor recognized.

    University-component and elective disciplines never make the difference, nor do those
    of the current or later semesters, whatever happened to their match (RC-3's "difference
    discipline" is one of these). Ordered by semester, then code.
    """
    done = recount.passed | {item.discipline for item in recognized}
    reasons = {item.discipline: item.reason for item in refused}
    return tuple(
        DifferenceDiscipline(discipline.code, discipline.credits, discipline.semester,
                             reasons.get(discipline.code, NOT_MATCHED))
        for discipline in sorted(recount.curriculum, key=lambda item: (item.semester, item.code))
        if discipline.component == MANDATORY
        and discipline.semester < recount.current_semester
        and discipline.code not in done
    )
