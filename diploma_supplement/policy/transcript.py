"""DS-4: the transcript of a supplement — every discipline once, with its final grade.

A retaken discipline appears once, with its latest final attempt (GP-1's rule); an earlier
FX that a retake replaced is not a final grade and is not listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from diploma_supplement.policy.facts import IN_PROGRESS, KINDS, Attempt, Period


def final_attempts(attempts: Iterable[Attempt]) -> list[Attempt]:
    """DS-4: one line per discipline — its latest attempt with a final grade.

    Ordered as studied: by period start, then code. A discipline with only attempts still in
    progress keeps its latest one, so the completeness check can name it (DS-1).
    """
    latest: dict[str, Attempt] = {}
    for attempt in sorted(attempts, key=lambda a: (a.period.starts, a.attempt)):
        current = latest.get(attempt.code)
        if current is None or attempt.status != IN_PROGRESS or current.status == IN_PROGRESS:
            latest[attempt.code] = attempt
    return sorted(latest.values(), key=lambda a: (a.period.starts, a.period.code, a.code))


@dataclass(frozen=True)
class PeriodGroup:
    number: int  # 1 for the first period the holder studied in
    period: Period
    lines: tuple[Attempt, ...]

    @property
    def credits(self) -> int:
        return sum(line.credits for line in self.lines)


def by_period(lines: Sequence[Attempt]) -> list[PeriodGroup]:
    """The transcript's lines grouped by period, numbered from the first one studied."""
    groups: list[PeriodGroup] = []
    for line in lines:
        if groups and groups[-1].period.code == line.period.code:
            last = groups[-1]
            groups[-1] = PeriodGroup(last.number, last.period, last.lines + (line,))
        else:
            groups.append(PeriodGroup(len(groups) + 1, line.period, (line,)))
    return groups


@dataclass(frozen=True)
class KindTotal:
    kind: str
    count: int
    credits: int


def totals_by_kind(lines: Sequence[Attempt]) -> list[KindTotal]:
    """DS-4: how many disciplines, course works, practices, research works and final attestations."""
    return [KindTotal(kind, sum(1 for line in lines if line.kind == kind),
                      sum(line.credits for line in lines if line.kind == kind)) for kind in KINDS]
