"""AD-18: two runs compared — who moved and why, from the runs' stored inputs alone."""

from __future__ import annotations

from decimal import Decimal

from admissions.policy.comparison import RunView, compare
from admissions.policy.ranking import Candidate, Quota, rank

ORDER = ("altyn_belgi", "patriot_badge")


def view(candidates: list[Candidate], grants: int, quotas: tuple[Quota, ...] = ()) -> RunView:
    ranking = rank(candidates, grants=grants, priority_order=ORDER, quotas=quotas)
    return RunView(ranking.entries, {c.number: c for c in candidates}, grants, quotas, ORDER)


def test_identical_runs_have_no_movement() -> None:
    people = [Candidate("A1", 100), Candidate("A2", 90)]
    assert compare(view(people, 1), view(list(reversed(people)), 1)) == ()


def test_a_raised_score_and_those_it_overtook() -> None:
    before = [Candidate("A1", 100), Candidate("A2", 95), Candidate("A3", 90)]
    after = [Candidate("A1", 100), Candidate("A2", 95), Candidate("A3", 101)]  # A3's score corrected
    moves = {m.applicant: m for m in compare(view(before, 2), view(after, 2))}
    assert set(moves) == {"A1", "A2", "A3"}
    assert (moves["A3"].rank_before, moves["A3"].rank_after, moves["A3"].why) == (3, 1, ("score_changed",))
    assert moves["A3"].awarded_after and not moves["A3"].awarded_before and moves["A3"].places == 2
    # A2 lost its grant though nothing of its own changed
    assert (moves["A2"].awarded_before, moves["A2"].awarded_after, moves["A2"].why) == (True, False,
                                                                                         ("others_changed",))


def test_entered_and_left() -> None:
    moves = {m.applicant: m for m in compare(view([Candidate("A1", 100), Candidate("A2", 90)], 1),
                                             view([Candidate("A1", 100), Candidate("A3", 95)], 1))}
    assert moves["A3"].why == ("entered",) and moves["A3"].rank_before is None
    assert moves["A2"].why == ("left",) and moves["A2"].rank_after is None


def test_more_grants_explain_a_new_award() -> None:
    people = [Candidate("A1", 100), Candidate("A2", 90)]
    (move,) = compare(view(people, 1), view(people, 2))
    assert (move.applicant, move.why, move.places) == ("A2", ("grants_changed",), 0)


def test_a_new_priority_is_named() -> None:
    before = [Candidate("A1", 100, certificate_average=Decimal(5)), Candidate("A2", 100)]
    after = [Candidate("A1", 100, certificate_average=Decimal(5)),
             Candidate("A2", 100, priorities=frozenset({"altyn_belgi"}))]
    moves = {m.applicant: m.why for m in compare(view(before, 1), view(after, 1))}
    assert moves == {"A2": ("priorities_changed",), "A1": ("others_changed",)}
