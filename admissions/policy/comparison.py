"""AD-18: two stored runs of a competition compared — who moved, and why.

A run keeps its inputs (each candidate's facts, the grants, quotas and priority order) beside its
ranking, so a move is explained from the data alone: the applicant's own facts changed, or the
competition's parameters did, or only other applicants' did (they entered, left or changed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from admissions.policy.ranking import Candidate, Quota, RankedEntry

ENTERED = "entered"  # not in the earlier run (new, or eligible since)
LEFT = "left"  # not in the later run (no longer eligible, or withdrawn)
SCORE_CHANGED = "score_changed"
PRIORITIES_CHANGED = "priorities_changed"
CERTIFICATE_AVERAGE_CHANGED = "certificate_average_changed"
PROFILE_SCORES_CHANGED = "profile_scores_changed"
QUOTA_CATEGORIES_CHANGED = "quota_categories_changed"
GRANTS_CHANGED = "grants_changed"
QUOTAS_CHANGED = "quotas_changed"
PRIORITY_ORDER_CHANGED = "priority_order_changed"
OTHERS_CHANGED = "others_changed"  # nothing of one's own changed: other applicants entered, left or changed
WHY = (ENTERED, LEFT, SCORE_CHANGED, PRIORITIES_CHANGED, CERTIFICATE_AVERAGE_CHANGED, PROFILE_SCORES_CHANGED,
       QUOTA_CATEGORIES_CHANGED, GRANTS_CHANGED, QUOTAS_CHANGED, PRIORITY_ORDER_CHANGED, OTHERS_CHANGED)


@dataclass(frozen=True)
class RunView:
    """What comparing needs of one run: its ranking and the inputs it was computed from."""

    entries: Sequence[RankedEntry]
    candidates: Mapping[str, Candidate]
    grants: int
    quotas: Sequence[Quota]
    priority_order: Sequence[str]


@dataclass(frozen=True)
class Movement:
    applicant: str
    rank_before: int | None
    rank_after: int | None
    awarded_before: bool
    awarded_after: bool
    why: tuple[str, ...]

    @property
    def places(self) -> int | None:
        """Places gained (positive) or lost (negative); None when in only one of the runs."""
        if self.rank_before is None or self.rank_after is None:
            return None
        return self.rank_before - self.rank_after


def _own_changes(before: Candidate, after: Candidate) -> list[str]:
    changes = []
    if before.score != after.score:
        changes.append(SCORE_CHANGED)
    if before.priorities != after.priorities:
        changes.append(PRIORITIES_CHANGED)
    if before.certificate_average != after.certificate_average:
        changes.append(CERTIFICATE_AVERAGE_CHANGED)
    if before.profile_scores != after.profile_scores:
        changes.append(PROFILE_SCORES_CHANGED)
    if before.quota_categories != after.quota_categories:
        changes.append(QUOTA_CATEGORIES_CHANGED)
    return changes


def compare(before: RunView, after: RunView) -> tuple[Movement, ...]:
    """Everyone whose rank or award differs between the runs, with every reason found, in the later
    run's order (then those who left, in the earlier run's order)."""
    was = {entry.applicant: entry for entry in before.entries}
    now = {entry.applicant: entry for entry in after.entries}
    shared: list[str] = []
    if before.grants != after.grants:
        shared.append(GRANTS_CHANGED)
    if list(before.quotas) != list(after.quotas):
        shared.append(QUOTAS_CHANGED)
    if list(before.priority_order) != list(after.priority_order):
        shared.append(PRIORITY_ORDER_CHANGED)
    moves = []
    order = [entry.applicant for entry in after.entries] + [
        entry.applicant for entry in before.entries if entry.applicant not in now]
    for number in order:
        old, new = was.get(number), now.get(number)
        rank_before, rank_after = (old.rank if old else None), (new.rank if new else None)
        awarded_before, awarded_after = bool(old and old.awarded), bool(new and new.awarded)
        if rank_before == rank_after and awarded_before == awarded_after:
            continue
        if old is None:
            why = [ENTERED]
        elif new is None:
            why = [LEFT]
        else:
            why = _own_changes(before.candidates[number], after.candidates[number]) + shared
            if not why:
                why = [OTHERS_CHANGED]
        moves.append(Movement(number, rank_before, rank_after, awarded_before, awarded_after, tuple(why)))
    return tuple(moves)
