"""AD-18, contract §6: the grant competition's order, its tie-breaks, quotas, and that the list never
depends on the order the applicants came in."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from admissions.policy.ranking import Candidate, Quota, quota_seats, rank

D = Decimal
ORDER = ("altyn_belgi", "patriot_badge", "tvet_with_work", "olympiad_winner", "social_category")


def numbers(ranking: object) -> list[str]:
    return [entry.applicant for entry in ranking.entries]  # type: ignore[attr-defined]


def test_score_descending_first() -> None:
    result = rank([Candidate("A26-0001", 110), Candidate("A26-0002", 120)], grants=1, priority_order=ORDER)
    assert numbers(result) == ["A26-0002", "A26-0001"]
    assert [(e.rank, e.score, e.awarded, e.decided_by) for e in result.entries] == [
        (1, 120, True, ""), (2, 110, False, "score")]


def test_an_earlier_priority_ranks_first_in_the_configured_order() -> None:
    golden = Candidate("A26-0009", 100, priorities=frozenset({"altyn_belgi"}))
    patriot = Candidate("A26-0001", 100, priorities=frozenset({"patriot_badge"}))
    plain = Candidate("A26-0000", 100, certificate_average=D("5.00"))
    result = rank([plain, patriot, golden], grants=1, priority_order=ORDER)
    assert numbers(result) == ["A26-0009", "A26-0001", "A26-0000"]
    assert [e.decided_by for e in result.entries] == ["", "priority:altyn_belgi", "priority:patriot_badge"]
    # the order is data: with the patriot badge configured first, the badge holder leads
    reordered = rank([plain, patriot, golden], grants=1, priority_order=("patriot_badge", "altyn_belgi"))
    assert numbers(reordered) == ["A26-0001", "A26-0009", "A26-0000"]


def test_each_priority_breaks_the_tie_in_turn() -> None:
    # both hold the Altyn Belgi; one also won an olympiad (4th priority) — that decides
    both = Candidate("A26-0002", 100, priorities=frozenset({"altyn_belgi", "olympiad_winner"}))
    one = Candidate("A26-0001", 100, priorities=frozenset({"altyn_belgi"}), certificate_average=D("5.00"))
    result = rank([one, both], grants=1, priority_order=ORDER)
    assert numbers(result) == ["A26-0002", "A26-0001"]
    assert result.entries[1].decided_by == "priority:olympiad_winner"


def test_then_the_certificate_average_none_last() -> None:
    high = Candidate("A26-0003", 100, certificate_average=D("4.90"))
    low = Candidate("A26-0001", 100, certificate_average=D("4.85"))
    none = Candidate("A26-0000", 100)
    result = rank([none, low, high], grants=3, priority_order=ORDER)
    assert numbers(result) == ["A26-0003", "A26-0001", "A26-0000"]
    assert [e.decided_by for e in result.entries] == ["", "certificate_average", "certificate_average"]


def test_then_the_profile_subjects_then_the_number() -> None:
    a = Candidate("A26-0010", 100, certificate_average=D("4.5"), profile_scores=60)
    b = Candidate("A26-0020", 100, certificate_average=D("4.5"), profile_scores=55)
    c = Candidate("A26-0002", 100, certificate_average=D("4.5"), profile_scores=55)
    result = rank([b, c, a], grants=2, priority_order=ORDER)
    # 60 > 55; then A26-0002 before A26-0020 (number ascending: no two applicants ever tie)
    assert numbers(result) == ["A26-0010", "A26-0002", "A26-0020"]
    assert [e.decided_by for e in result.entries] == ["", "profile_scores", "number"]
    assert [e.awarded for e in result.entries] == [True, True, False]


def test_without_quotas_the_first_grants_applicants_are_awarded() -> None:
    candidates = [Candidate(f"A26-{n:04d}", 140 - n) for n in range(1, 8)]
    result = rank(candidates, grants=4, priority_order=ORDER)
    assert [e.awarded for e in result.entries] == [True] * 4 + [False] * 3
    assert result.cutoff_score == 136  # the fourth: 140 − 4
    assert all(e.via == "general" for e in result.entries[:4])


def test_quotas_are_filled_first_from_their_categories() -> None:
    """10 grants, rural youth 20% = 2 seats: the two best rural applicants win them even from ranks 11
    and 12; the other 8 grants go down the general list (ranks 1 … 8), so ranks 9 and 10 miss out."""
    candidates = [Candidate(f"A26-{n:04d}", 140 - n) for n in range(1, 11)]
    candidates += [Candidate("A26-0011", 129, quota_categories=frozenset({"rural_youth"})),
                   Candidate("A26-0012", 128, quota_categories=frozenset({"rural_youth"})),
                   Candidate("A26-0013", 127, quota_categories=frozenset({"rural_youth"}))]
    result = rank(candidates, grants=10, priority_order=ORDER, quotas=[Quota("rural_youth", D(20))])
    awarded = {e.applicant: e.via for e in result.entries if e.awarded}
    assert awarded == {**{f"A26-{n:04d}": "general" for n in range(1, 9)},
                       "A26-0011": "rural_youth", "A26-0012": "rural_youth"}
    assert result.quota_seats == {"rural_youth": 2}
    assert result.cutoff_score == 132  # rank 8: 140 − 8
    assert [e.rank for e in result.entries if e.applicant == "A26-0011"] == [11]


def test_an_unfilled_quota_goes_to_the_general_competition() -> None:
    candidates = [Candidate(f"A26-{n:04d}", 100 - n) for n in range(1, 6)]
    result = rank(candidates, grants=3, priority_order=ORDER, quotas=[Quota("kandas", D(50))])
    assert [e.awarded for e in result.entries] == [True, True, True, False, False]


def test_a_quota_holder_at_the_top_takes_a_quota_seat() -> None:
    top = Candidate("A26-0001", 130, quota_categories=frozenset({"orphans"}))
    others = [Candidate(f"A26-{n:04d}", 130 - n) for n in range(2, 6)]
    result = rank([top, *others], grants=3, priority_order=ORDER, quotas=[Quota("orphans", D(34))])
    assert [(e.applicant, e.via) for e in result.entries if e.awarded] == [
        ("A26-0001", "orphans"), ("A26-0002", "general"), ("A26-0003", "general")]


@pytest.mark.parametrize(("grants", "quotas", "seats"), [
    (10, [("a", "5")], {"a": 1}),        # 0.5 → 1 (half up)
    (10, [("a", "4")], {"a": 0}),        # 0.4 → 0
    (50, [("a", "30"), ("b", "4")], {"a": 15, "b": 2}),
    (3, [("a", "60"), ("b", "60")], {"a": 2, "b": 1}),  # 1.8 → 2, then only 1 grant is left
    (0, [("a", "10")], {"a": 0}),
])
def test_quota_seats(grants: int, quotas: list[tuple[str, str]], seats: dict[str, int]) -> None:
    assert quota_seats(grants, [Quota(c, D(p)) for c, p in quotas]) == seats


def test_a_quota_over_100_percent_is_refused() -> None:
    with pytest.raises(ValueError):
        quota_seats(10, [Quota("a", D(101))])


def test_an_applicant_twice_is_refused() -> None:
    with pytest.raises(ValueError):
        rank([Candidate("A1", 100), Candidate("A1", 90)], grants=1, priority_order=ORDER)


candidate_lists = st.lists(
    st.builds(
        Candidate,
        number=st.text(alphabet="0123456789AB-", min_size=1, max_size=6),
        score=st.integers(min_value=90, max_value=93),  # few scores: many ties to break
        priorities=st.frozensets(st.sampled_from(ORDER), max_size=2),
        certificate_average=st.one_of(st.none(), st.sampled_from([D("4.5"), D("4.50"), D("5")])),
        profile_scores=st.integers(min_value=50, max_value=52),
        quota_categories=st.frozensets(st.sampled_from(["rural_youth", "kandas"]), max_size=1),
    ),
    max_size=40, unique_by=lambda c: c.number)


@given(candidate_lists, st.randoms(use_true_random=False), st.integers(min_value=0, max_value=45))
def test_the_ranking_does_not_depend_on_input_order(candidates: list[Candidate], random: object,
                                                    grants: int) -> None:
    quotas = [Quota("rural_youth", D(20)), Quota("kandas", D(10))]
    shuffled = list(candidates)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    first = rank(candidates, grants=grants, priority_order=ORDER, quotas=quotas)
    again = rank(shuffled, grants=grants, priority_order=ORDER, quotas=quotas)
    assert first == again
    assert [e.rank for e in first.entries] == list(range(1, len(candidates) + 1))
    assert sum(e.awarded for e in first.entries) == min(grants, len(candidates))
