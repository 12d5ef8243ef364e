"""MO-2: the selection commission's ranking of a call's applicants — an open competition.

Pure: no Django. The commission decides, and may decide otherwise with a recorded basis (MO-2); the
ranking is what it decides from, printed in its protocol. The order, most deserving first:
1. eligible before ineligible (MO-1, MO-2: the policy's requirements met);
2. the higher cumulative GPA (GP-1; none yet ranks last);
3. the higher English level (CEFR, MO-1's B2 and above matter to the host);
4. the earlier application.
Each ranked applicant carries the criterion that set them below the one above — the protocol says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from mobility.policy.eligibility import CEFR_LEVELS

ELIGIBILITY = "eligibility"
GPA = "gpa"
ENGLISH = "english"
SUBMITTED = "submitted"
CRITERIA = (ELIGIBILITY, GPA, ENGLISH, SUBMITTED)


@dataclass(frozen=True)
class Candidate:
    application: int
    eligible: bool
    gpa: Decimal | None
    english: str  # a CEFR level or "" (none shown)
    submitted_at: datetime


@dataclass(frozen=True)
class Ranked:
    position: int
    candidate: Candidate
    decided_by: str | None  # the criterion that put them below the previous one; None for the first


def _english_rank(level: str) -> int:
    return CEFR_LEVELS.index(level) + 1 if level in CEFR_LEVELS else 0


def _keys(c: Candidate) -> tuple[tuple[str, object], ...]:
    gpa = c.gpa if c.gpa is not None else Decimal(-1)
    return ((ELIGIBILITY, not c.eligible), (GPA, -gpa), (ENGLISH, -_english_rank(c.english)),
            (SUBMITTED, c.submitted_at))


def rank(candidates: Sequence[Candidate]) -> list[Ranked]:
    """The applicants in the commission's order (ties on every criterion keep the application id order)."""
    ordered = sorted(candidates, key=lambda c: (tuple(value for _name, value in _keys(c)), c.application))
    ranked: list[Ranked] = []
    for position, candidate in enumerate(ordered, start=1):
        decided_by = None
        if ranked:
            previous = _keys(ranked[-1].candidate)
            decided_by = next((name for (name, mine), (_n, theirs) in zip(_keys(candidate), previous,
                                                                         strict=True) if mine != theirs),
                              SUBMITTED)
        ranked.append(Ranked(position, candidate, decided_by))
    return ranked
