"""FA-1, CR-3, GR-19: who is admitted to final attestation, and why each other student is not.

The facts come from grading's transcript and open debts (selectors); this module only decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# Contract §9 reasons, in the contract's order.
CREDITS_INCOMPLETE = "credits_incomplete"
ACADEMIC_DEBT = "academic_debt"
PUBLICATION_MISSING = "publication_missing"
REASONS = (CREDITS_INCOMPLETE, ACADEMIC_DEBT, PUBLICATION_MISSING)

CREDITS_PER_COURSE_YEAR = 60  # contract §9: the final course year is the programme's credits / 60, rounded up
MASTER_LEVELS = frozenset({"master_scientific", "master_profile"})
DOCTORATE_LEVELS = frozenset({"doctorate_phd", "doctorate_profile"})
# CR-3: final attestation is at least 8 credits of a bachelor's or master's programme, 12 of a doctorate's.
MIN_FINAL_ATTESTATION_CREDITS = 8
MIN_DOCTORATE_FINAL_ATTESTATION_CREDITS = 12
# FA-1: the dean's admission list is issued at least two weeks before attestation.
ADMISSION_LIST_LEAD = timedelta(weeks=2)


def final_course_year(programme_credits: int) -> int:
    """Contract §9: the course year of a programme's final-year students (240 → 4, 90 → 2, 120 → 2)."""
    if programme_credits <= 0:
        raise ValueError(f"a programme has credits, not {programme_credits}")
    return -(-programme_credits // CREDITS_PER_COURSE_YEAR)


def final_attestation_credits(level: str, curriculum_credits: Iterable[int]) -> int:
    """CR-3: the credits of the programme's final-attestation disciplines as its curriculum lists
    them; a curriculum that lists none is read with CR-3's least volume (8, or 12 for a doctorate)."""
    listed = sum(curriculum_credits)
    if listed:
        return listed
    if level in DOCTORATE_LEVELS:
        return MIN_DOCTORATE_FINAL_ATTESTATION_CREDITS
    return MIN_FINAL_ATTESTATION_CREDITS


@dataclass(frozen=True)
class AdmissionFacts:
    """What FA-1 asks of one final-year student."""

    student: str
    level: str
    programme_credits: int
    final_attestation_credits: int
    # Credits of positive final grades outside the final-attestation disciplines (CR-3).
    credits_earned_outside: int
    # GR-10, GR-19: academic debts not cleared (debts of a final-attestation discipline left out:
    # those are re-attested, FA-7, not re-studied).
    open_debts: int
    # FA-1: a master's publication or talk at a scientific-practical conference on the thesis topic.
    publications: int


def admission_reasons(facts: AdmissionFacts) -> tuple[str, ...]:
    """FA-1, CR-3, GR-19: every reason the student is not admitted; empty when admitted."""
    reasons: list[str] = []
    if facts.credits_earned_outside < facts.programme_credits - facts.final_attestation_credits:
        reasons.append(CREDITS_INCOMPLETE)
    if facts.open_debts > 0:
        reasons.append(ACADEMIC_DEBT)
    if facts.level in MASTER_LEVELS and facts.publications < 1:
        reasons.append(PUBLICATION_MISSING)
    return tuple(reasons)


def admission_list_deadline(attestation_starts: date) -> date:
    """FA-1: the last day the dean's admission list may be issued (exactly two weeks before is in time)."""
    return attestation_starts - ADMISSION_LIST_LEAD
