"""FA-9: whether a graduate meets the criteria of a diploma with honours.

National rule (Order No. 595 of 30.10.2018, para. 52), kept configurable: the thresholds are
parameters (``HonoursCriteria``), the university's rows live in the database. The commission
decides (FA-6); the portal shows whether the student meets the criteria.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

# Contract §9 reasons, in the contract's order.
GRADE_BELOW_C_PLUS = "grade_below_c_plus"
GPA_BELOW_3_5 = "gpa_below_3_5"
FINAL_WORK_BELOW_A_MINUS = "final_work_below_a_minus"
FINAL_WORK_MISSING = "final_work_missing"
REASONS = (GRADE_BELOW_C_PLUS, GPA_BELOW_3_5, FINAL_WORK_BELOW_A_MINUS, FINAL_WORK_MISSING)


@dataclass(frozen=True)
class HonoursCriteria:
    """FA-9's thresholds: the letters every final grade must have, the least GPA, and the letters
    of the final exam / thesis."""

    letters: frozenset[str] = field(default_factory=lambda: frozenset({"A", "A-", "B+", "B", "B-", "C+"}))
    min_gpa: Decimal = Decimal("3.5")
    final_work_letters: frozenset[str] = field(default_factory=lambda: frozenset({"A", "A-"}))


NATIONAL = HonoursCriteria()


@dataclass(frozen=True)
class Grade:
    """One attempt as FA-9 sees it: its letter, or None with ``failed`` for an attempt that counts
    as F without a letter (did not appear, not admitted, annulled); ``final_work``: an attempt at a
    final-attestation discipline."""

    letter: str | None
    failed: bool = False
    final_work: bool = False


@dataclass(frozen=True)
class HonoursCheck:
    meets: bool
    reasons: tuple[str, ...]


def _below(grade: Grade, letters: frozenset[str]) -> bool:
    return grade.failed or (grade.letter is not None and grade.letter not in letters)


def honours(grades: Sequence[Grade], gpa: Decimal | None,
            criteria: HonoursCriteria = NATIONAL) -> HonoursCheck:
    """FA-9 with its Interpretation: every final grade of the studies counts, every attempt — a grade
    below C+ that was later retaken still rules honours out; GPA is the GP-1 GPA (none yet: not met);
    the final exam / thesis is every final-attestation attempt with a grade, each graded A or A-.

    ``grades`` holds every attempt with a final grade or an F-equivalent; attempts in progress are
    left out by the caller (or have neither a letter nor ``failed``, and are passed over here).
    """
    reasons: list[str] = []
    if any(_below(g, criteria.letters) for g in grades):
        reasons.append(GRADE_BELOW_C_PLUS)
    if gpa is None or gpa < criteria.min_gpa:
        reasons.append(GPA_BELOW_3_5)
    final_work = [g for g in grades if g.final_work and (g.letter is not None or g.failed)]
    if any(_below(g, criteria.final_work_letters) for g in final_work):
        reasons.append(FINAL_WORK_BELOW_A_MINUS)
    if not final_work:
        reasons.append(FINAL_WORK_MISSING)
    return HonoursCheck(meets=not reasons, reasons=tuple(reasons))
