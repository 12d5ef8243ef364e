"""GP-1: GPA = Σ(points × credits) / Σ(credits) over graded disciplines, latest attempt counting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from grading.policy.scale import is_positive


@dataclass(frozen=True)
class GpaEntry:
    discipline: str
    credits: int
    points: Decimal | None
    counts_as_fail: bool = False
    order: tuple[object, ...] = ()   # later attempts sort later, e.g. (period start, attempt)
    letter: str | None = None


def latest_attempts(entries: Iterable[GpaEntry]) -> list[GpaEntry]:
    """GP-1 interpretation: a retaken discipline counts with its latest final grade."""
    latest: dict[str, GpaEntry] = {}
    for entry in entries:
        current = latest.get(entry.discipline)
        if current is None or entry.order >= current.order:  # type: ignore[operator]
            latest[entry.discipline] = entry
    return list(latest.values())


def gpa(entries: Iterable[GpaEntry]) -> Decimal | None:
    """Two decimals, half up; None when nothing counts yet.

    In-progress results are skipped; "did not appear", "not admitted" and "annulled" count
    as F (0 points) until cleared; work without credits does not count (GR-16).
    """
    total_points = Decimal(0)
    total_credits = 0
    for entry in latest_attempts(entries):
        if entry.credits <= 0:
            continue
        if entry.points is None and not entry.counts_as_fail:
            continue
        total_points += (entry.points or Decimal(0)) * entry.credits
        total_credits += entry.credits
    if not total_credits:
        return None
    return (total_points / total_credits).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def credits_earned(entries: Iterable[GpaEntry]) -> int:
    """Credits of disciplines whose latest attempt has a positive letter (A…D)."""
    return sum(e.credits for e in latest_attempts(entries) if is_positive(e.letter))
