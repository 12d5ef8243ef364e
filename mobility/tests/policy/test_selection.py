"""MO-2's ranking by hand: eligible first, then GPA, then English, then who applied first."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal

from mobility.policy.selection import ELIGIBILITY, ENGLISH, GPA, SUBMITTED, Candidate, rank


def at(hour: int) -> datetime:
    return datetime(2026, 3, 2, hour)


AIDA = Candidate(1, True, Decimal("3.10"), "B2", at(12))
BOLAT = Candidate(2, True, Decimal("3.40"), "B2", at(15))
CHINGIZ = Candidate(3, True, Decimal("3.10"), "C1", at(16))
DANA = Candidate(4, True, Decimal("3.10"), "C1", at(9))
ERLAN = Candidate(5, False, Decimal("3.90"), "C2", at(8))   # ineligible, however strong
FARIDA = Candidate(6, True, None, "C2", at(7))              # no GPA yet


def test_the_commissions_order_and_why_each_is_below_the_previous() -> None:
    ranked = rank([AIDA, BOLAT, CHINGIZ, DANA, ERLAN, FARIDA])
    assert [(r.position, r.candidate.application, r.decided_by) for r in ranked] == [
        (1, 2, None),         # Bolat: the highest GPA among the eligible
        (2, 4, GPA),          # Dana 3.10 < 3.40
        (3, 3, SUBMITTED),    # Chingiz: as Dana on GPA and English, applied later
        (4, 1, ENGLISH),      # Aida: B2 < C1
        (5, 6, GPA),          # Farida: no GPA ranks below any GPA
        (6, 5, ELIGIBILITY),  # Erlan: ineligible ranks after every eligible applicant
    ]


def test_the_order_of_entry_does_not_matter() -> None:
    expected = [r.candidate.application for r in rank([AIDA, BOLAT, CHINGIZ, DANA, ERLAN, FARIDA])]
    shuffled = [AIDA, BOLAT, CHINGIZ, DANA, ERLAN, FARIDA]
    for seed in range(20):
        random.Random(seed).shuffle(shuffled)
        assert [r.candidate.application for r in rank(shuffled)] == expected


def test_no_english_shown_ranks_below_any_level() -> None:
    ranked = rank([Candidate(1, True, Decimal(3), "", at(1)), Candidate(2, True, Decimal(3), "A1", at(2))])
    assert [(r.candidate.application, r.decided_by) for r in ranked] == [(2, None), (1, ENGLISH)]
