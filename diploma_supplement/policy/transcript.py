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

    Ordered as studied: by period start; within a period disciplines first, then course works,
    practices, research work and the final attestation (DS-4's order), each by code. A discipline with only
    attempts still in progress keeps its latest one, so the completeness check can name it (DS-1).
    """
    latest: dict[str, Attempt] = {}
    for attempt in sorted(attempts, key=lambda a: (a.period.starts, a.attempt)):
        current = latest.get(attempt.code)
        if current is None or attempt.status != IN_PROGRESS or current.status == IN_PROGRESS:
            latest[attempt.code] = attempt
    return sorted(latest.values(),
                  key=lambda a: (a.period.starts, a.period.code, _kind_order(a.kind), a.code))


def _kind_order(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


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


def mobility_source(recognized_from: str) -> str | None:
    """The host institution of a result recognized from academic mobility (§14), or None.

    Recounted results name their source; those from mobility read "mobility" or
    "mobility: <institution, country>".
    """
    text = recognized_from.strip()
    if not text.lower().startswith("mobility"):
        return None
    _, _, host = text.partition(":")
    return host.strip() or "host institution not recorded"


def mobility_periods(attempts: Iterable[Attempt]) -> tuple[str, ...]:
    """DS-3 (6): mobility periods — country/institution and period — from the results recognized
    from academic mobility, one entry per host and period, in the order studied."""
    seen: dict[tuple[str, str], list[Attempt]] = {}
    for attempt in final_attempts(attempts):
        host = mobility_source(attempt.recognized_from)
        if host is not None:
            seen.setdefault((host, attempt.period.code), []).append(attempt)
    return tuple(
        f"{host}, {lines[0].period.words} "
        f"({lines[0].period.starts:%d/%m/%Y} – {lines[0].period.ends:%d/%m/%Y}): "
        f"{len(lines)} {'discipline' if len(lines) == 1 else 'disciplines'}, "
        f"{sum(line.credits for line in lines)} credits recognized"
        for (host, _code), lines in seen.items())


KIND_LABELS = {  # DS-4 names every kind of transcript line
    "theory": "Discipline",
    "coursework": "Course work (project)",
    "practice": "Professional practice",
    "research": "Research work",
    "final_attestation": "Final attestation",
}
STATUS_WORDS = {"not_admitted": "not admitted", "no_show": "did not appear", "annulled": "annulled",
                "in_progress": "in progress"}


# Contract §1: where a recognized result comes from (the loader's and the recount's codes, RC rules).
RECOGNIZED_SOURCES = {"transfer": "a transfer from another university", "mobility": "academic mobility",
                      "prior_learning": "prior learning", "non_formal": "non-formal learning"}


def recognition_note(recognized_from: str) -> str:
    """DS-4 with RC-3: a recognized result shows its source in words — "Recognized from prior learning";
    "" for a result earned at the university. A host named after a colon ("mobility: TalTech, Estonia")
    follows in brackets."""
    text = recognized_from.strip()
    if not text:
        return ""
    source, _, host = text.partition(":")
    key = source.strip().lower().replace(" ", "_").replace("-", "_")
    words = RECOGNIZED_SOURCES.get(key, source.strip())
    return f"Recognized from {words}" + (f" ({host.strip()})" if host.strip() else "")


def result_label(line: Attempt) -> str:
    """DS-4: the letter grade, or in words why there is none."""
    return line.letter or STATUS_WORDS.get(line.status, line.status.replace("_", " "))
