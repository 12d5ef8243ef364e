"""RC-2, CR-1, MO-6: which home discipline a line of a previous transcript is proposed for — by code, then
by equal volume and a close name, whatever the names. Expected values worked out by hand from difflib's
ratio (2 × matching characters ÷ both lengths) and 30 hours a credit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from admissions.policy.matching import (
    BY_CODE,
    BY_VOLUME_AND_NAME,
    HomeDiscipline,
    MatchProposal,
    TranscriptLine,
    name_similarity,
    normalised_code,
    normalised_name,
    propose_matches,
)

DATABASES = HomeDiscipline("DB2201", ("Деректер қоры", "Базы данных", "Databases"), 5)
PROGRAMMING = HomeDiscipline("PRG1101", ("Бағдарламалау негіздері", "Основы программирования",
                                         "Programming Basics"), 5)
HISTORY = HomeDiscipline("HKZ1102", ("Қазақстан тарихы", "История Казахстана", "History of Kazakhstan"), 5)
ACCOUNTING = HomeDiscipline("ACC2101", ("Бухгалтерлік есеп", "Учет и аудит", "Accounting"), 4)
HOME = (DATABASES, PROGRAMMING, HISTORY, ACCOUNTING)


def line(position: int, title: str, code: str = "", **volume: int | str) -> TranscriptLine:
    values = {name: Decimal(str(value)) for name, value in volume.items()}
    return TranscriptLine(position=position, title=title, code=code, **values)


@pytest.mark.parametrize(("name", "expected"), [
    ("  Основы  программирования (1) ", "основы программирования 1"),
    ("Data-Bases!", "data bases"),
    ("ИСТОРИЯ КАЗАХСТАНА.", "история казахстана"),
    ("Қазақстан   ТАРИХЫ", "қазақстан тарихы"),
    ("Учёт и аудит", "учет и аудит"),
])
def test_names_are_compared_without_case_punctuation_or_spacing(name: str, expected: str) -> None:
    assert normalised_name(name) == expected


@pytest.mark.parametrize(("code", "expected"), [("db 2201", "DB2201"), ("DB-2201", "DB2201"),
                                                ("db_2201", "DB2201"), ("DB.2201", "DB2201")])
def test_codes_are_compared_without_case_spaces_or_dashes(code: str, expected: str) -> None:
    assert normalised_code(code) == expected


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("Databases", "DATABASES", Decimal(1)),
    # "databases" (9) vs "database" (8): the block "database" (8) → 2 × 8 / 17
    ("Databases", "Database", Decimal(16) / Decimal(17)),
    # "databases" (9) vs "database systems" (16): "database" (8), then "s" (1) → 2 × 9 / 25
    ("Databases", "Database Systems", Decimal("0.72")),
    # "abcd" vs "abce": "abc" → 2 × 3 / 8
    ("abcd", "abce", Decimal("0.75")),
    ("", "Databases", Decimal(0)),
])
def test_name_similarity_is_difflibs_ratio_exactly(first: str, second: str, expected: Decimal) -> None:
    assert name_similarity(first, second) == expected


def test_an_equal_code_proposes_the_discipline_whatever_its_name() -> None:
    """RC-2: the institution called it «Ақпараттық жүйелер»; its code is ours."""
    assert propose_matches([line(1, "Ақпараттық жүйелер", code="db-2201")], HOME) == (
        MatchProposal(1, "DB2201", BY_CODE, Decimal(1)),)


@pytest.mark.parametrize(("given", "expected_score"), [
    (line(1, "DATABASE!", hours=150), Decimal("0.941")),  # 16/17 = 0.94117… → 0.941; 150 h = 5 × 30
    (line(1, "Databases", credits=5), Decimal("1.000")),  # 5 credits × 30 = 150 h
    (line(1, "Базы данных", ects=5), Decimal("1.000")),  # 5 ECTS × 30 h (MO-6 default) = 150 h
])
def test_equal_volume_and_a_close_name_propose_the_discipline(given: TranscriptLine,
                                                              expected_score: Decimal) -> None:
    assert propose_matches([given], HOME) == (
        MatchProposal(1, "DB2201", BY_VOLUME_AND_NAME, expected_score),)


def test_ects_are_converted_with_the_institutions_hours_per_credit() -> None:
    """MO-6: 6 ECTS at 25 hours are 150 hours = the 5 credits of Databases; at 30 hours they are 180."""
    given = [line(1, "Databases", ects=6)]
    assert propose_matches(given, HOME, hours_per_credit=Decimal(25)) == (
        MatchProposal(1, "DB2201", BY_VOLUME_AND_NAME, Decimal(1)),)
    assert propose_matches(given, HOME) == ()


@pytest.mark.parametrize("given", [
    line(1, "Databases", hours=120),  # 120 h ≠ 150 h: the same name is not enough
    line(1, "Physics", hours=150),  # 150 h, but «physics» shares at most two letters with every name
    line(1, "Databases"),  # no volume at all: only a code could match it
])
def test_without_equal_volume_and_a_close_name_nothing_is_proposed(given: TranscriptLine) -> None:
    assert propose_matches([given], HOME) == ()


def test_cyrillic_names_match_whatever_their_case_and_punctuation() -> None:
    assert propose_matches([line(3, "ОСНОВЫ ПРОГРАММИРОВАНИЯ.", hours=150),
                            line(4, "Учёт и аудит", credits=4)], HOME) == (
        MatchProposal(3, "PRG1101", BY_VOLUME_AND_NAME, Decimal(1)),
        MatchProposal(4, "ACC2101", BY_VOLUME_AND_NAME, Decimal(1)))


def test_the_threshold_is_inclusive() -> None:
    """«abcd» against «abce» scores exactly 0.75."""
    home = (HomeDiscipline("X1", ("abce",), 2),)
    given = [line(1, "abcd", hours=60)]
    assert propose_matches(given, home, threshold=Decimal("0.75")) == (
        MatchProposal(1, "X1", BY_VOLUME_AND_NAME, Decimal("0.750")),)
    assert propose_matches(given, home, threshold=Decimal("0.76")) == ()


def test_a_code_goes_before_volume_and_name() -> None:
    """Line 1 carries PRG1101's code and Databases' name and volume: the code decides; Databases is left
    for line 2, which matches it by volume and name."""
    assert propose_matches([line(1, "Databases", code="PRG1101", hours=150),
                            line(2, "Database", hours=150)], HOME) == (
        MatchProposal(1, "PRG1101", BY_CODE, Decimal(1)),
        MatchProposal(2, "DB2201", BY_VOLUME_AND_NAME, Decimal("0.941")))


def test_one_discipline_is_proposed_for_one_line_the_closest_name() -> None:
    """Two lines could cover Databases; only the closer name (line 2: 1 against line 1: 16/17) gets it —
    covering one discipline with several lines is the commission's decision, never a proposal."""
    assert propose_matches([line(1, "Database", hours=150), line(2, "Databases", hours=150)], HOME) == (
        MatchProposal(2, "DB2201", BY_VOLUME_AND_NAME, Decimal(1)),)


def test_equal_scores_go_to_the_earlier_line() -> None:
    assert propose_matches([line(5, "Databases", hours=150), line(2, "Databases", hours=150)], HOME) == (
        MatchProposal(2, "DB2201", BY_VOLUME_AND_NAME, Decimal(1)),)


def test_a_code_taken_by_an_earlier_line_is_not_proposed_again() -> None:
    assert propose_matches([line(1, "Anything", code="DB2201"), line(2, "Something", code="DB2201")],
                           HOME) == (MatchProposal(1, "DB2201", BY_CODE, Decimal(1)),)


def test_the_same_transcript_always_gets_the_same_proposals() -> None:
    lines = [line(n, title, hours=150) for n, title in enumerate(
        ["Databases", "Database", "История Казахстана", "Основы программирования"], start=1)]
    expected = (MatchProposal(1, "DB2201", BY_VOLUME_AND_NAME, Decimal(1)),
                MatchProposal(3, "HKZ1102", BY_VOLUME_AND_NAME, Decimal(1)),
                MatchProposal(4, "PRG1101", BY_VOLUME_AND_NAME, Decimal(1)))
    assert propose_matches(lines, HOME) == expected
    assert propose_matches(list(reversed(lines)), tuple(reversed(HOME))) == expected
