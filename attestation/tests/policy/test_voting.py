"""FA-5 quorum and timing; FA-6 decisions by simple majority of those present, the chair's vote breaking
a tie."""

from __future__ import annotations

import pytest

from attestation.policy.voting import (
    AGAINST,
    DEFENCE_OVER,
    FOR,
    TALK_OVER,
    decide,
    quorum_met,
    suggested_score,
    timing_flags,
)


@pytest.mark.parametrize(("present", "members", "met"), [
    (3, 5, True),
    (2, 5, False),    # 2 × 2 = 4 < 5
    (2, 4, True),     # exactly half
    (1, 3, False),
    (5, 5, True),
    (0, 5, False),
])
def test_quorum_is_at_least_half(present: int, members: int, met: bool) -> None:
    assert quorum_met(present, members) is met


def test_more_present_than_members_is_a_mistake() -> None:
    with pytest.raises(ValueError):
        quorum_met(6, 5)


CHAIR = "chair"


@pytest.mark.parametrize(("votes", "decision", "casting"), [
    # 3 of 5 present for: more than half
    ({"chair": FOR, "a": FOR, "b": FOR, "c": AGAINST, "d": AGAINST}, FOR, False),
    # 3 of 5 against, the chair in the minority: the majority wins
    ({"chair": FOR, "a": AGAINST, "b": AGAINST, "c": AGAINST, "d": FOR}, AGAINST, False),
    # 4 present, 2 : 2 — the chair's vote decides, whichever way it goes
    ({"chair": AGAINST, "a": FOR, "b": FOR, "c": AGAINST}, AGAINST, True),
    ({"chair": FOR, "a": FOR, "b": AGAINST, "c": AGAINST}, FOR, True),
    # 3 present unanimous
    ({"chair": FOR, "a": FOR, "b": FOR}, FOR, False),
])
def test_simple_majority_and_the_chairs_casting_vote(votes: dict[str, str], decision: str,
                                                     casting: bool) -> None:
    outcome = decide(votes, present=list(votes), chair=CHAIR)
    assert (outcome.decision, outcome.casting_vote) == (decision, casting)


def test_a_tie_without_the_chair_present_decides_nothing() -> None:
    votes = {"a": FOR, "b": FOR, "c": AGAINST, "d": AGAINST}
    outcome = decide(votes, present=list(votes), chair=CHAIR)
    assert outcome.decision is None
    assert outcome.counts == {FOR: 2, AGAINST: 2}


@pytest.mark.parametrize(("votes", "decision", "casting"), [
    # a choice among grades: 3 of 5 for 85
    ({"chair": 85, "a": 85, "b": 85, "c": 90, "d": 78}, 85, False),
    # 2 : 2 : 1 — the chair is with one of the tied leaders
    ({"chair": 90, "a": 90, "b": 85, "c": 85, "d": 78}, 90, True),
    # 2 : 2 : 1 — the chair voted for neither leader: no decision, vote again
    ({"chair": 78, "a": 90, "b": 90, "c": 85, "d": 85}, None, False),
    # 2 : 1 : 1 of 4 — a plurality is not a majority, and no tie at the top
    ({"chair": 78, "a": 90, "b": 90, "c": 85}, None, False),
])
def test_a_choice_among_several_grades(votes: dict[str, int], decision: int | None, casting: bool) -> None:
    outcome = decide(votes, present=list(votes), chair=CHAIR)
    assert (outcome.decision, outcome.casting_vote) == (decision, casting)


def test_only_members_present_vote_and_every_one_of_them() -> None:
    with pytest.raises(ValueError, match="only members present"):
        decide({"chair": FOR, "x": FOR}, present=["chair"], chair=CHAIR)
    with pytest.raises(ValueError, match="every member present"):
        decide({"chair": FOR}, present=["chair", "a"], chair=CHAIR)


@pytest.mark.parametrize(("scores", "expected"), [
    ([85, 90, 80], 85),
    ([85, 86], 86),        # 85.5 rounds up
    ([84, 85, 85, 85], 85),  # 84.75
    ([70, 71, 71, 71], 71),  # 70.75
    ([], None),
])
def test_the_suggested_grade_is_the_rounded_mean(scores: list[int], expected: int | None) -> None:
    assert suggested_score(scores) == expected


@pytest.mark.parametrize(("talk", "defence", "flags"), [
    (15 * 60, 50 * 60, []),
    (15 * 60 + 1, 50 * 60, [TALK_OVER]),
    (10 * 60, 50 * 60 + 1, [DEFENCE_OVER]),
    (None, None, []),
])
def test_talk_at_most_15_minutes_defence_at_most_50(talk: int | None, defence: int | None,
                                                    flags: list[str]) -> None:
    assert timing_flags(talk, defence) == flags
