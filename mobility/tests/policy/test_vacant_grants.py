"""TR-9 by hand: the vacant-grant list of one group, study form and intake year."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from mobility.policy.vacant_grants import (
    ACADEMIC_DEBT,
    GPA,
    GRADES,
    NO_GPA,
    NOT_PAID,
    OTHER_COHORT,
    PAID,
    RECORD_NUMBER,
    Cohort,
    Student,
    candidates,
    grades_tier,
    rank,
    tie_at_cut,
)

B057 = Cohort("B057", "full_time", 2024)


def student(number: str, gpa: str | None, *letters: str | None, debts: int = 0, funding: str = PAID,
            cohort: Cohort = B057) -> Student:
    return Student(number, cohort, funding, Decimal(gpa) if gpa is not None else None, letters, debts)


AIGERIM = student("24002", "3.67", "A", "A-", "B+")
BAUYRZHAN = student("24003", "3.50", "A", "A-")        # only A and A-
DANIYAR = student("24001", "3.50", "A", "B")           # A … C+
ERKEBULAN = student("24005", "3.50", "A", "B")         # as Daniyar, later record number
GULNAR = student("24004", "3.50", "A", "C")            # C: the rest
ZHANNA = student("24010", "3.50", "A", None)           # an F-equivalent without a letter: the rest
KAIRAT = student("24000", "3.49", "A", "A")            # only A, but a lower GPA
# Not on the list:
LAURA = student("24006", "3.90", "A", debts=1)
MARAT = student("24007", "4.00", "A", funding="grant")
NURLAN = student("24008", "3.95", "A", cohort=Cohort("B057", "full_time", 2023))
OLZHAS = student("24009", None)
PERIZAT = student("24011", "3.80", "A", debts=2, funding="targeted")
EVERYONE = [AIGERIM, BAUYRZHAN, DANIYAR, ERKEBULAN, GULNAR, ZHANNA, KAIRAT, LAURA, MARAT, NURLAN, OLZHAS,
            PERIZAT]

# By hand: GPA first (3.67 > 3.50 > 3.49); among the 3.50s only-A/A- (Bauyrzhan), then A…C+ (Daniyar,
# Erkebulan — only the record number 24001 < 24005 separates them), then the rest (Gulnar 24004,
# Zhanna 24010); Kairat's only-A grades do not lift a lower GPA.
EXPECTED = [
    (1, AIGERIM, None),
    (2, BAUYRZHAN, GPA),
    (3, DANIYAR, GRADES),
    (4, ERKEBULAN, RECORD_NUMBER),
    (5, GULNAR, GRADES),
    (6, ZHANNA, RECORD_NUMBER),
    (7, KAIRAT, GPA),
]


def test_the_list_and_why_each_is_below_the_one_above() -> None:
    ranking = rank(EVERYONE, B057)
    assert [(r.position, r.student, r.decided_by) for r in ranking.ranked] == EXPECTED


def test_who_is_left_out_and_why() -> None:
    assert [(e.student.record_number, e.reasons) for e in rank(EVERYONE, B057).excluded] == [
        ("24006", (ACADEMIC_DEBT,)),
        ("24007", (NOT_PAID,)),
        ("24008", (OTHER_COHORT,)),
        ("24009", (NO_GPA,)),
        ("24011", (ACADEMIC_DEBT, NOT_PAID)),
    ]


def test_the_order_of_entry_does_not_change_the_list() -> None:
    shuffled = list(EVERYONE)
    for seed in range(25):
        random.Random(seed).shuffle(shuffled)
        ranking = rank(shuffled, B057)
        assert [(r.position, r.student, r.decided_by) for r in ranking.ranked] == EXPECTED
        assert [e.student.record_number for e in ranking.excluded] == ["24006", "24007", "24008", "24009",
                                                                        "24011"]


@pytest.mark.parametrize(("letters", "tier"), [
    (("A", "A-"), 0), (("A",), 0),
    (("A", "C+"), 1), (("B-",), 1), (("B+", "B"), 1),
    (("A", "C"), 2), (("D",), 2), (("A", "FX"), 2), (("A", None), 2),
])
def test_grades_tiers_for_equal_gpa(letters: tuple[str | None, ...], tier: int) -> None:
    assert grades_tier(letters) == tier


@pytest.mark.parametrize(("places", "chosen", "tie"), [
    (0, [], False),
    (2, [AIGERIM, BAUYRZHAN], False),        # Daniyar is below Bauyrzhan on grades
    (3, [AIGERIM, BAUYRZHAN, DANIYAR], True),  # only the record number keeps Erkebulan out
    (4, [AIGERIM, BAUYRZHAN, DANIYAR, ERKEBULAN], False),
    (7, [AIGERIM, BAUYRZHAN, DANIYAR, ERKEBULAN, GULNAR, ZHANNA, KAIRAT], False),
    (10, [AIGERIM, BAUYRZHAN, DANIYAR, ERKEBULAN, GULNAR, ZHANNA, KAIRAT], False),
])
def test_candidates_for_the_vacant_places(places: int, chosen: list[Student], tie: bool) -> None:
    ranked = rank(EVERYONE, B057).ranked
    assert [r.student for r in candidates(ranked, places)] == chosen
    assert tie_at_cut(ranked, places) is tie
