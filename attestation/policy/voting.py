"""FA-5 and FA-6: the quorum of a defence session and the commission's decisions by vote.

Decisions (grades, awarding the degree, a diploma with or without honours) are taken in closed
session by simple majority of the members present, by open vote; a tie is decided by the chair's
vote (FA-6). The session is open only with at least half of the members present (FA-5).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

Choice = TypeVar("Choice", bound=Hashable)

FOR = "for"
AGAINST = "against"
VOTES = (FOR, AGAINST)

# FA-5: a defence lasts at most 50 minutes per student, of which the talk at most 15.
TALK_LIMIT_SECONDS = 15 * 60
DEFENCE_LIMIT_SECONDS = 50 * 60
TALK_OVER = "talk_over_15_minutes"
DEFENCE_OVER = "defence_over_50_minutes"


def quorum_met(present: int, members: int) -> bool:
    """FA-5: at least half of the members present (exactly half is enough)."""
    if present < 0 or members < 0 or present > members:
        raise ValueError(f"{present} present of {members} members")
    return members > 0 and present * 2 >= members


@dataclass(frozen=True)
class VoteOutcome(Generic[Choice]):
    """FA-6: what the vote decided (None: no decision, vote again), the count per choice, and
    whether the chair's vote broke a tie."""

    decision: Choice | None
    counts: Mapping[Choice, int]
    casting_vote: bool


def decide(votes: Mapping[str, Choice], *, present: Collection[str],
           chair: str | None) -> VoteOutcome[Choice]:
    """FA-6: a choice carried by more than half of the members present wins. Otherwise, when the
    leading choices are tied and the chair (present) voted for one of them, the chair's vote decides.
    Otherwise there is no decision and the commission votes again.

    Every member present votes (an open vote) and only they: anything else is a ValueError.
    """
    voters, attending = set(votes), set(present)
    if voters - attending:
        raise ValueError("only members present vote: " + ", ".join(sorted(voters - attending)))
    if attending - voters:
        raise ValueError("every member present votes: " + ", ".join(sorted(attending - voters)))
    counts = Counter(votes.values())
    if not counts:
        return VoteOutcome(None, {}, False)
    ranked = counts.most_common()
    top_choice, top = ranked[0]
    if top * 2 > len(attending):
        return VoteOutcome(top_choice, dict(counts), False)
    leaders = {choice for choice, count in ranked if count == top}
    if len(leaders) > 1 and chair is not None and chair in votes and votes[chair] in leaders:
        return VoteOutcome(votes[chair], dict(counts), True)
    return VoteOutcome(None, dict(counts), False)


def suggested_score(scores: Sequence[int]) -> int | None:
    """The mean of the members' scores, rounded half up — only the proposal the commission votes on
    (FA-6 decides); None before any member has graded."""
    for score in scores:
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
            raise ValueError(f"a score is a whole number from 0 to 100, not {score!r}")
    if not scores:
        return None
    return int((Decimal(sum(scores)) / len(scores)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def timing_flags(talk_seconds: int | None, defence_seconds: int | None) -> list[str]:
    """FA-5: a talk over 15 minutes, a defence over 50 (exactly the limit is within it)."""
    flags: list[str] = []
    if talk_seconds is not None and talk_seconds > TALK_LIMIT_SECONDS:
        flags.append(TALK_OVER)
    if defence_seconds is not None and defence_seconds > DEFENCE_LIMIT_SECONDS:
        flags.append(DEFENCE_OVER)
    return flags
