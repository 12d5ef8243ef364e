"""GP-1: GPA = Σ(points × credits) / Σ(credits) over graded disciplines, latest attempt counting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class GpaEntry:
    """GP-1: one attempt at a discipline as the GPA sees it.

    ``order`` sorts attempts of a discipline: a later attempt has a larger key, e.g.
    ``(period_start_iso, attempt)``. ``points`` is None without a final grade; such an entry
    is in progress unless ``counts_as_fail`` (did not appear, not admitted, annulled).
    """

    discipline: str
    credits: int
    points: Decimal | None
    counts_as_fail: bool = False
    order: tuple[Any, ...] = ()
    letter: str | None = None
    # Whether the letter is positive on the scale this attempt was graded by (GR-6): the caller
    # decides it with that scale, so credits earned follow the scale in force, not a constant.
    passed: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.credits, bool) or not isinstance(self.credits, int) or self.credits < 0:
            raise ValueError(f"{self.discipline}: credits must be a whole number ≥ 0, not {self.credits!r}")

    @property
    def in_progress(self) -> bool:
        """No final grade yet and nothing that counts as F."""
        return self.points is None and not self.counts_as_fail


def latest_attempts(entries: Iterable[GpaEntry]) -> list[GpaEntry]:
    """GP-1 interpretation: a retaken discipline counts with its latest final grade.

    In-progress attempts are passed over, so a retake that is still running does not hide
    the grade (or the F) it is meant to replace. Of two attempts with equal ``order`` the
    one given later wins.
    """
    latest: dict[str, GpaEntry] = {}
    for entry in entries:
        if entry.in_progress:
            continue
        current = latest.get(entry.discipline)
        if current is None or entry.order >= current.order:
            latest[entry.discipline] = entry
    return list(latest.values())


def gpa(entries: Iterable[GpaEntry]) -> Decimal | None:
    """GP-1: grade point average, two decimals rounded half up; None when nothing counts yet.

    "Did not appear", "not admitted" and "annulled" count as F (0 points) until cleared;
    work without credits does not count (GR-16).
    """
    total_points = Decimal(0)
    total_credits = 0
    for entry in latest_attempts(entries):
        if entry.credits == 0:
            continue
        points = Decimal(0) if entry.counts_as_fail or entry.points is None else entry.points
        total_points += points * entry.credits
        total_credits += entry.credits
    if total_credits == 0:
        return None
    return (total_points / total_credits).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


def credits_earned(entries: Iterable[GpaEntry]) -> int:
    """GP-1 / GR-6: credits of the disciplines whose latest final grade is positive (A…D on its scale)."""
    return sum(e.credits for e in latest_attempts(entries) if not e.counts_as_fail and e.passed)
