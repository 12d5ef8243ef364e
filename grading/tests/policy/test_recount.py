"""RC-1 … RC-6, MO-6, MO-6a, NF-2: the comparison sheet of a recount.

Every expected value is worked out by hand in its row or comment from RULES.md, never by
calling the code under test: a home discipline needs credits × 30 hours (CR-1); a source line
has its hours, or ECTS × hours per credit (MO-6), or ECTS ÷ coefficient rounded half up to
whole Kazakh credits × 30 (MO-6a), or Kazakh credits × 30.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from grading.policy.recount import (
    CAP_INVALID,
    COMPONENT_UNKNOWN,
    CONVERSION_INVALID,
    CREDITS_INVALID,
    DIFFERENCE_REASONS,
    DISCIPLINE_DUPLICATED,
    DISCIPLINE_MATCHED_TWICE,
    DISCIPLINE_UNKNOWN,
    ELECTIVE,
    GRADE_BELOW_D,
    GRADE_MISSING,
    ITEM_MATCHED_TWICE,
    ITEM_UNKNOWN,
    ITEMS_MISSING,
    LETTER_REQUIRED,
    LETTER_UNKNOWN,
    MANDATORY,
    NON_FORMAL_CAP,
    NOT_MATCHED,
    PERCENT_INVALID,
    REDUCED_TERM_DIFFERENCE_CAP,
    REFUSAL_REASONS,
    SEMESTER_INVALID,
    UNIVERSITY,
    WORKLOAD_INVALID,
    WORKLOAD_MISSING,
    WORKLOAD_SHORT,
    CommissionMatch,
    CreditConversion,
    CurriculumDiscipline,
    DifferenceDiscipline,
    NonFormalAllowance,
    RecognizedDiscipline,
    RecountInput,
    RecountInvalid,
    RecountProblem,
    RefusedDiscipline,
    StudiedDiscipline,
    comparison_sheet,
    kazakh_credits_from_ects,
    non_formal_limit,
    source_grade,
    validate_recount,
    workload_hours,
)
from grading.policy.scale import DEFAULT_SCALE, LetterGrade, validate_scale

# A university that raised the D band: D is 55–59 (1.00) and FX now reaches 54; D+ is gone.
# Everything else is the policy's table. 52% is D on the default scale and FX on this one.
RAISED_D_SCALE: tuple[LetterGrade, ...] = (
    *(band for band in DEFAULT_SCALE if band.letter not in ("D+", "D", "FX", "F")),
    LetterGrade("D", Decimal("1.00"), 55, 59, "satisfactory"),
    LetterGrade("FX", Decimal("0.50"), 25, 54, "unsatisfactory"),
    LetterGrade("F", Decimal("0.00"), 0, 24, "unsatisfactory"),
)


def home(code: str, credits: int = 5, semester: int = 1, component: str = MANDATORY) -> CurriculumDiscipline:
    return CurriculumDiscipline(code=code, title=f"Discipline {code}", credits=credits, component=component,
                                semester=semester)


def one_to_one(*pairs: tuple[StudiedDiscipline, CurriculumDiscipline], current_semester: int = 1,
               **options: object) -> RecountInput:
    """Each source line matched to one home discipline, in the order given."""
    return RecountInput(
        studied=tuple(line for line, _ in pairs),
        curriculum=tuple(discipline for _, discipline in pairs),
        matches=tuple(CommissionMatch(discipline.code, (index,))
                      for index, (_, discipline) in enumerate(pairs)),
        current_semester=current_semester,
        **options,  # type: ignore[arg-type]
    )


def test_reason_codes_are_the_contract_strings_in_the_contract_order() -> None:
    # Contract §8: "refused with the first of letter_required, grade_below_d, workload_short, non_formal_cap".
    assert REFUSAL_REASONS == ("letter_required", "grade_below_d", "workload_short", "non_formal_cap")
    assert DIFFERENCE_REASONS == ("not_matched", "letter_required", "grade_below_d", "workload_short",
                                  "non_formal_cap")
    assert REDUCED_TERM_DIFFERENCE_CAP == 35  # RC-6


def test_the_raised_d_scale_is_a_valid_scale() -> None:
    validate_scale(RAISED_D_SCALE)  # the edited-scale rows below test the recount, not a broken table


# --- MO-6, MO-6a, CR-1: workload --------------------------------------------------------------------

@pytest.mark.parametrize(("line", "conversion", "hours"), [
    (StudiedDiscipline("Networks", hours=120), CreditConversion(), "120"),
    (StudiedDiscipline("Databases", ects=4), CreditConversion(), "120"),                  # 4 × 30
    (StudiedDiscipline("Databases", ects=6), CreditConversion(hours_per_credit=25), "150"),  # 6 × 25
    (StudiedDiscipline("Physics", ects=5), CreditConversion(hours_per_credit=Decimal("27.5")), "137.5"),
    (StudiedDiscipline("Physics", ects=Decimal("7.5")), CreditConversion(), "225"),          # 7.5 × 30
    (StudiedDiscipline("Ethics", credits=3), CreditConversion(hours_per_credit=25), "90"),  # CR-1: 3 × 30
    (StudiedDiscipline("Both", hours=100, ects=6), CreditConversion(), "100"),             # hours come first
    (StudiedDiscipline("Both", ects=2, credits=5), CreditConversion(), "60"),              # then ECTS
    # MO-6a: ECTS ÷ coefficient → whole Kazakh credits (half up) × 30 hours; hours per credit unused.
    (StudiedDiscipline("Old", ects=5), CreditConversion(ects_coefficient=Decimal("1.5")), "90"),    # 3.33 → 3
    (StudiedDiscipline("Old", ects=5), CreditConversion(hours_per_credit=25,
                                                         ects_coefficient=Decimal("1.8")), "90"),  # 2.78 → 3
    (StudiedDiscipline("Old", ects=4), CreditConversion(ects_coefficient=Decimal("1.8")), "60"),    # 2.22 → 2
    (StudiedDiscipline("Old", hours=100), CreditConversion(ects_coefficient=Decimal("1.8")), "100"),
])
def test_workload_hours(line: StudiedDiscipline, conversion: CreditConversion, hours: str) -> None:
    """MO-6: hours = ECTS × the host's hours per credit; MO-6a: the old ratio; CR-1: 30 h per credit."""
    assert workload_hours(line, conversion) == Decimal(hours)


@pytest.mark.parametrize(("ects", "coefficient", "credits"), [
    (6, "2", 3),
    (5, "1.5", 3),      # 3.33
    (5, "1.8", 3),      # 2.78
    (4, "1.6", 3),      # 2.5 exactly: half up (GR-5), banker's rounding would give 2
    (4, "1.8", 2),      # 2.22
    (3, "1.8", 2),      # 1.67
    (10, "4.2", 2),     # 2.38, doctorate ratio
    (9, "2", 5),        # 4.5 → 5
])
def test_kazakh_credits_from_ects(ects: int, coefficient: str, credits: int) -> None:
    """MO-6a: Kazakh credits = ECTS ÷ coefficient, a whole number."""
    assert kazakh_credits_from_ects(ects, Decimal(coefficient)) == credits


@pytest.mark.parametrize(("programme", "limit"), [(240, 36), (300, 45), (241, 36), (246, 36), (247, 37)])
def test_non_formal_limit(programme: int, limit: int) -> None:
    """NF-2: 15% of the programme rounded down — 246 × 0.15 = 36.9 → 36, 247 × 0.15 = 37.05 → 37."""
    assert non_formal_limit(programme) == limit


# --- RC-4: the letter a line counts with ------------------------------------------------------------

@pytest.mark.parametrize(("line", "letter"), [
    (StudiedDiscipline("x", ects=5, letter="B+"), "B+"),
    (StudiedDiscipline("x", ects=5, percent=91), "A-"),                       # 90–94
    (StudiedDiscipline("x", ects=5, percent=Decimal("94.5")), "A"),           # GR-5: 95
    (StudiedDiscipline("x", ects=5, percent=Decimal("94.4")), "A-"),          # GR-5: 94
    (StudiedDiscipline("x", ects=5, letter="B", percent=96), "B"),            # a letter comes first
    (StudiedDiscipline("x", ects=5, passed=True, percent=52), "D"),           # 50–54
    (StudiedDiscipline("x", ects=5, passed=True, percent=95), "A"),
    (StudiedDiscipline("x", ects=5, passed=True, percent=40), "FX"),          # a pass at 40% is not D
    (StudiedDiscipline("x", ects=5, passed=True, percent=80, letter="A"), "B"),  # RC-4: the percentage first
    (StudiedDiscipline("x", ects=5, passed=True, letter="C"), "C"),           # the commission's letter
    (StudiedDiscipline("x", ects=5, passed=True, letter="D"), "D"),
    (StudiedDiscipline("x", ects=5, passed=True), None),                      # the commission must choose
    (StudiedDiscipline("x", ects=5, passed=True, letter="FX"), None),         # a pass is D … A, never FX
    (StudiedDiscipline("x", ects=5, passed=True, letter="F"), None),
])
def test_source_grade(line: StudiedDiscipline, letter: str | None) -> None:
    """RC-4: percentage → letter by the scale; otherwise the commission's letter D … A."""
    grade = source_grade(line, DEFAULT_SCALE)
    assert (grade.letter if grade is not None else None) == letter


# --- one line against one home discipline (RC-3, RC-4, MO-6) --------------------------------------

@pytest.mark.parametrize(("line", "home_credits", "letter", "points", "reason"), [
    # MO-6: a 4-ECTS course of 120 hours does not cover a 5-credit discipline of 150 hours.
    (StudiedDiscipline("Algorithms", ects=4, letter="A"), 5, None, None, WORKLOAD_SHORT),
    (StudiedDiscipline("Algorithms", hours=149, letter="A"), 5, None, None, WORKLOAD_SHORT),
    (StudiedDiscipline("Algorithms", ects=5, letter="A"), 5, "A", "4.00", None),      # 150 = 150: in full
    (StudiedDiscipline("Algorithms", ects=6, letter="B"), 5, "B", "3.00", None),      # 180 > 150
    (StudiedDiscipline("Algorithms", credits=4, letter="C+"), 4, "C+", "2.33", None),  # 120 = 120
    # RC-3: only A … D; FX and F make a difference discipline.
    (StudiedDiscipline("Algorithms", ects=5, letter="D"), 5, "D", "1.00", None),
    (StudiedDiscipline("Algorithms", ects=5, letter="FX"), 5, None, None, GRADE_BELOW_D),
    (StudiedDiscipline("Algorithms", ects=5, letter="F"), 5, None, None, GRADE_BELOW_D),
    (StudiedDiscipline("Algorithms", ects=5, percent=49), 5, None, None, GRADE_BELOW_D),   # FX 25–49
    (StudiedDiscipline("Algorithms", ects=5, percent=50), 5, "D", "1.00", None),
    # RC-4 and RC-3 "form of control ignored": a pass (сынақ) is recounted like any grade.
    (StudiedDiscipline("Algorithms", ects=5, passed=True, percent=91), 5, "A-", "3.67", None),
    (StudiedDiscipline("Algorithms", ects=5, passed=True, letter="B-"), 5, "B-", "2.67", None),
    (StudiedDiscipline("Algorithms", ects=5, passed=True), 5, None, None, LETTER_REQUIRED),
    # Several faults: the first of letter_required, grade_below_d, workload_short (contract §8).
    (StudiedDiscipline("Algorithms", ects=4, passed=True), 5, None, None, LETTER_REQUIRED),
    (StudiedDiscipline("Algorithms", ects=4, passed=True, letter="FX"), 5, None, None, LETTER_REQUIRED),
    (StudiedDiscipline("Algorithms", ects=4, letter="FX"), 5, None, None, GRADE_BELOW_D),
])
def test_one_line_against_one_home_discipline(line: StudiedDiscipline, home_credits: int, letter: str | None,
                                              points: str | None, reason: str | None) -> None:
    sheet = comparison_sheet(one_to_one((line, home("CSE2201", home_credits))), scale=DEFAULT_SCALE)
    if reason is None:
        assert [(r.discipline, r.letter, r.points, r.credits) for r in sheet.recognized] == [
            ("CSE2201", letter, Decimal(points or "0"), home_credits)]
        assert sheet.refused == ()
        assert sheet.credits_recognized == home_credits
    else:
        assert sheet.recognized == ()
        assert [(r.discipline, r.reason) for r in sheet.refused] == [("CSE2201", reason)]
        assert sheet.credits_recognized == 0


def test_the_contract_example() -> None:
    """Contract §8: hours per credit 25; Databases 6 ECTS B+, Networks 120 h 91%, Ethics a bare pass."""
    recount = RecountInput(
        studied=(StudiedDiscipline("Databases", ects=6, letter="B+"),
                 StudiedDiscipline("Networks", hours=120, percent=91),
                 StudiedDiscipline("Ethics", credits=3, passed=True)),
        curriculum=(home("DB2201", 5, semester=3), home("NET3301", 4, semester=5),
                    home("ETH1101", 3, semester=1), home("MAT1102", 5, semester=1)),
        matches=(CommissionMatch("DB2201", (0,)), CommissionMatch("NET3301", (1,)),
                 CommissionMatch("ETH1101", (2,))),
        current_semester=2,
        conversion=CreditConversion(hours_per_credit=25),
    )
    sheet = comparison_sheet(recount, scale=DEFAULT_SCALE)
    # DB2201: 6 × 25 = 150 h = 5 × 30 → B+ (3.33). NET3301: 120 h = 4 × 30, 91% → A- (3.67).
    assert sheet.recognized == (
        RecognizedDiscipline("DB2201", "B+", Decimal("3.33"), 5, (0,), Decimal(150), 150),
        RecognizedDiscipline("NET3301", "A-", Decimal("3.67"), 4, (1,), Decimal(120), 120),
    )
    # ETH1101: a pass without a percentage and without the commission's letter (RC-4); 3 × 30 = 90 h.
    assert sheet.refused == (RefusedDiscipline("ETH1101", LETTER_REQUIRED, (2,), Decimal(90), 90),)
    # RC-5: semester 1 is before semester 2; ETH1101 refused, MAT1102 matched to nothing.
    assert sheet.difference == (DifferenceDiscipline("ETH1101", 3, 1, LETTER_REQUIRED),
                                DifferenceDiscipline("MAT1102", 5, 1, NOT_MATCHED))
    assert (sheet.credits_recognized, sheet.credits_of_difference) == (9, 8)
    assert not sheet.over_cap


def test_names_play_no_part_and_several_lines_cover_one_discipline() -> None:
    """RC-2: regardless of names; two lines (60 h + 90 h = 150 h) cover a 5-credit discipline."""
    recount = RecountInput(
        studied=(StudiedDiscipline("Introduction to Programming", hours=60, letter="A-"),
                 StudiedDiscipline("Practicum", ects=3, letter="B"),
                 StudiedDiscipline("Unrelated", ects=2, letter="C")),
        curriculum=(home("CSE1101", 5),),
        matches=(CommissionMatch("CSE1101", (0, 1)),),
        current_semester=3,
    )
    sheet = comparison_sheet(recount, scale=DEFAULT_SCALE)
    # The lower of A- and B: a recount never raises a grade. The unmatched line is simply unused.
    assert sheet.recognized == (
        RecognizedDiscipline("CSE1101", "B", Decimal("3.00"), 5, (0, 1), Decimal(150), 150),)
    assert sheet.difference == ()


@pytest.mark.parametrize(("letters", "reason"), [
    (("A", "FX"), GRADE_BELOW_D),     # RC-3: every line must be A … D
    (("A", None), LETTER_REQUIRED),   # RC-4: a bare pass among them still needs a letter
])
def test_one_bad_line_refuses_the_whole_discipline(letters: tuple[str | None, str | None],
                                                   reason: str) -> None:
    studied = tuple(StudiedDiscipline(f"part {i}", hours=75, letter=letter, passed=letter is None)
                    for i, letter in enumerate(letters))
    recount = RecountInput(studied=studied, curriculum=(home("CSE1101", 5),),
                           matches=(CommissionMatch("CSE1101", (0, 1)),), current_semester=2)
    sheet = comparison_sheet(recount, scale=DEFAULT_SCALE)
    assert [(r.discipline, r.reason) for r in sheet.refused] == [("CSE1101", reason)]
    assert [(d.discipline, d.reason) for d in sheet.difference] == [("CSE1101", reason)]


# --- RC-5: the academic difference ---------------------------------------------------------------

CURRICULUM = (
    home("HIS1101", 5, semester=1),                         # mandatory, earlier, matched with FX
    home("MAT1102", 5, semester=1),                         # mandatory, earlier, matched to nothing
    home("PHY1103", 4, semester=1),                         # mandatory, earlier, passed at EKTU
    home("KAZ1104", 3, semester=1),                         # mandatory, earlier, recognized
    home("ENG2201", 3, semester=2),                         # mandatory, earlier, 2 ECTS = 60 h < 90 h
    home("UNI1105", 5, semester=1, component=UNIVERSITY),   # university component: never difference
    home("ELE2202", 4, semester=2, component=ELECTIVE),     # elective: never difference
    home("MAT3301", 5, semester=3),                         # mandatory, the current semester
    home("DB4401", 5, semester=4),                          # mandatory, later
)
STUDIED = (
    StudiedDiscipline("History", ects=5, letter="FX"),
    StudiedDiscipline("Kazakh", credits=3, letter="B"),
    StudiedDiscipline("English", ects=2, letter="A"),
    StudiedDiscipline("Elective seminar", ects=4, letter="F"),
)
MATCHES = (CommissionMatch("HIS1101", (0,)), CommissionMatch("KAZ1104", (1,)),
           CommissionMatch("ENG2201", (2,)), CommissionMatch("ELE2202", (3,)))


@pytest.mark.parametrize(("current_semester", "difference"), [
    (1, []),                                   # nothing is earlier than the first semester
    (2, [("HIS1101", 5, 1, GRADE_BELOW_D), ("MAT1102", 5, 1, NOT_MATCHED)]),
    (3, [("HIS1101", 5, 1, GRADE_BELOW_D), ("MAT1102", 5, 1, NOT_MATCHED),
         ("ENG2201", 3, 2, WORKLOAD_SHORT)]),
    (4, [("HIS1101", 5, 1, GRADE_BELOW_D), ("MAT1102", 5, 1, NOT_MATCHED), ("ENG2201", 3, 2, WORKLOAD_SHORT),
         ("MAT3301", 5, 3, NOT_MATCHED)]),
])
def test_difference_is_earlier_mandatory_disciplines_neither_passed_nor_recognized(
        current_semester: int, difference: list[tuple[str, int, int, str]]) -> None:
    """RC-5: only mandatory disciplines of semesters before the current one; PHY1103 is passed."""
    recount = RecountInput(studied=STUDIED, curriculum=CURRICULUM, matches=MATCHES,
                           current_semester=current_semester, passed=frozenset({"PHY1103"}))
    sheet = comparison_sheet(recount, scale=DEFAULT_SCALE)
    assert [(d.discipline, d.credits, d.semester, d.reason) for d in sheet.difference] == difference
    assert sheet.credits_of_difference == sum(credits for _, credits, _, _ in difference)
    # The refused elective is on the sheet but never in the difference.
    assert {(r.discipline, r.reason) for r in sheet.refused} == {
        ("HIS1101", GRADE_BELOW_D), ("ENG2201", WORKLOAD_SHORT), ("ELE2202", GRADE_BELOW_D)}
    assert [(r.discipline, r.letter) for r in sheet.recognized] == [("KAZ1104", "B")]
    assert sheet.credits_recognized == 3


# --- RC-6: the difference cap of a reduced-term admission --------------------------------------------

@pytest.mark.parametrize(("credits", "cap", "over"), [
    ((5, 5, 5, 5, 5, 5, 5), 35, False),        # exactly 35 is allowed
    ((5, 5, 5, 5, 5, 5, 5, 1), 35, True),      # 36 is refused
    ((5, 5, 5, 5, 5, 5, 5, 1), None, False),   # no cap outside reduced-term admission
    ((), 0, False),
    ((1,), 0, True),
])
def test_difference_cap(credits: tuple[int, ...], cap: int | None, over: bool) -> None:
    curriculum = tuple(home(f"MAN{index:04}", credit, semester=1) for index, credit in enumerate(credits))
    recount = RecountInput(studied=(), curriculum=curriculum, matches=(), current_semester=2,
                           difference_cap=cap)
    sheet = comparison_sheet(recount, scale=DEFAULT_SCALE)
    assert sheet.credits_of_difference == sum(credits)
    assert sheet.over_cap is over


# --- GR-6: the scale is really passed in ---------------------------------------------------------

@pytest.mark.parametrize(("line", "default_outcome", "raised_outcome"), [
    (StudiedDiscipline("x", ects=5, passed=True, percent=52), ("D", "1.00"), GRADE_BELOW_D),
    (StudiedDiscipline("x", ects=5, percent=52), ("D", "1.00"), GRADE_BELOW_D),
    (StudiedDiscipline("x", ects=5, percent=57), ("D+", "1.33"), ("D", "1.00")),
    (StudiedDiscipline("x", ects=5, passed=True, letter="D"), ("D", "1.00"), ("D", "1.00")),
])
def test_an_edited_scale_changes_the_outcome(line: StudiedDiscipline, default_outcome: str | tuple[str, str],
                                             raised_outcome: str | tuple[str, str]) -> None:
    """GR-6/RC-3: D raised to 55–59 — 52% stops being positive, 57% becomes D instead of D+."""
    for scale, expected in ((DEFAULT_SCALE, default_outcome), (RAISED_D_SCALE, raised_outcome)):
        sheet = comparison_sheet(one_to_one((line, home("CSE2201"))), scale=scale)
        if isinstance(expected, str):
            assert [(r.discipline, r.reason) for r in sheet.refused] == [("CSE2201", expected)]
        else:
            letter, points = expected
            assert [(r.letter, r.points) for r in sheet.recognized] == [(letter, Decimal(points))]


def test_a_letter_the_edited_scale_does_not_have_is_a_problem() -> None:
    recount = one_to_one((StudiedDiscipline("x", ects=5, letter="D+"), home("CSE2201")))
    assert validate_recount(recount, scale=DEFAULT_SCALE) == ()
    assert [(p.path, p.code) for p in validate_recount(recount, scale=RAISED_D_SCALE)] == [
        ("studied[0]", LETTER_UNKNOWN)]


# --- NF-2: non-formal cap, lines taken in the order given ------------------------------------------

def test_non_formal_cap_refuses_a_line_that_would_pass_it_and_keeps_a_later_smaller_one() -> None:
    # Limit 36, 30 already recognized: 5 → 35 fits; 3 → 38 does not; 1 → 36 fits (exactly the cap).
    recount = one_to_one(
        (StudiedDiscipline("MOOC A", hours=150, percent=88), home("CSE1101", 5, semester=3)),
        (StudiedDiscipline("MOOC B", hours=90, percent=88), home("CSE1102", 3, semester=3)),
        (StudiedDiscipline("MOOC C", hours=30, percent=88), home("CSE1103", 1, semester=3)),
        non_formal=NonFormalAllowance(limit=36, already_recognized=30),
    )
    sheet = comparison_sheet(recount, scale=DEFAULT_SCALE)
    assert [(r.discipline, r.letter) for r in sheet.recognized] == [("CSE1101", "B+"), ("CSE1103", "B+")]
    assert [(r.discipline, r.reason) for r in sheet.refused] == [("CSE1102", NON_FORMAL_CAP)]
    assert sheet.credits_recognized == 6


def test_a_short_line_does_not_use_up_the_non_formal_cap() -> None:
    # Limit 5: the first line is 60 h < 150 h (refused, workload_short), so the second 5 credits fit.
    recount = one_to_one(
        (StudiedDiscipline("Short", hours=60, letter="A"), home("CSE1101", 5, semester=3)),
        (StudiedDiscipline("Full", hours=150, letter="A"), home("CSE1102", 5, semester=3)),
        non_formal=NonFormalAllowance(limit=5),
    )
    sheet = comparison_sheet(recount, scale=DEFAULT_SCALE)
    assert [(r.discipline, r.reason) for r in sheet.refused] == [("CSE1101", WORKLOAD_SHORT)]
    assert [r.discipline for r in sheet.recognized] == ["CSE1102"]


# --- collect every problem, then answer ------------------------------------------------------------

def test_every_problem_is_reported_at_once() -> None:
    recount = RecountInput(
        studied=(
            StudiedDiscipline("No volume", letter="A"),                       # 0: workload_missing
            StudiedDiscipline("No grade", ects=5),                            # 1: grade_missing
            StudiedDiscipline("Bad", hours=-3, letter="Z", percent=101),      # 2: three faults
            StudiedDiscipline("Float", ects=5.5, letter="A"),                 # type: ignore[arg-type]  # 3
            StudiedDiscipline("Fine", ects=5, letter="A"),                    # 4
        ),
        curriculum=(
            home("CSE1101"),
            home("CSE1101"),                                                  # 1: duplicated
            CurriculumDiscipline("X", "x", 0, "optional", 0),                 # 2: three faults
        ),
        matches=(
            CommissionMatch("CSE1101", (4,)),
            CommissionMatch("CSE1101", (0,)),                                 # 1: matched twice
            CommissionMatch("NOPE", ()),                                      # 2: unknown, no lines
            CommissionMatch("X", (4, 9)),                                     # 3: line 4 reused, 9 unknown
        ),
        current_semester=0,
        conversion=CreditConversion(hours_per_credit=0, ects_coefficient=Decimal(-1)),
        difference_cap=-1,
        non_formal=NonFormalAllowance(limit=-1),
    )
    expected = [
        ("studied[0]", WORKLOAD_MISSING),
        ("studied[1]", GRADE_MISSING),
        ("studied[2]", WORKLOAD_INVALID), ("studied[2]", LETTER_UNKNOWN), ("studied[2]", PERCENT_INVALID),
        ("studied[3]", WORKLOAD_INVALID),
        ("curriculum[1]", DISCIPLINE_DUPLICATED),
        ("curriculum[2]", COMPONENT_UNKNOWN), ("curriculum[2]", CREDITS_INVALID),
        ("curriculum[2]", SEMESTER_INVALID),
        ("matches[1]", DISCIPLINE_MATCHED_TWICE),
        ("matches[2]", DISCIPLINE_UNKNOWN), ("matches[2]", ITEMS_MISSING),
        ("matches[3]", ITEM_MATCHED_TWICE), ("matches[3]", ITEM_UNKNOWN),
        ("current_semester", SEMESTER_INVALID),
        ("conversion", CONVERSION_INVALID), ("conversion", CONVERSION_INVALID),
        ("difference_cap", CAP_INVALID),
        ("non_formal", CAP_INVALID),
    ]
    problems = validate_recount(recount, scale=DEFAULT_SCALE)
    assert [(p.path, p.code) for p in problems] == expected
    assert all(p.message for p in problems)
    with pytest.raises(RecountInvalid) as raised:
        comparison_sheet(recount, scale=DEFAULT_SCALE)
    assert raised.value.problems == problems


def test_a_problem_names_its_entry() -> None:
    recount = one_to_one((StudiedDiscipline("Databases", letter="A"), home("DB2201")))
    assert validate_recount(recount, scale=DEFAULT_SCALE) == (
        RecountProblem("studied", 0, WORKLOAD_MISSING, "Databases: give hours, ECTS or credits (RC-1)"),)
