"""AD-18, contract §6: the grant competition of one group of programmes and track.

Order: score descending; then the national priorities in their configured order (holding an earlier
one ranks first; each priority is a tie-break of its own, in turn); then the certificate average
descending (none ranks last); then the profile subjects' points descending; then the applicant
number ascending, so no two applicants ever tie and the list never depends on the order the
applicants were entered or imported in.

Quotas (percentages of the state order per category, as data) are filled first, each from its own
category in the ranking's order; the remaining grants go down the ranking to those not yet awarded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from admissions.policy import codes


@dataclass(frozen=True)
class Candidate:
    """An applicant eligible for the state grant, as the competition reads them."""

    number: str
    score: int
    priorities: frozenset[str] = frozenset()
    certificate_average: Decimal | None = None
    profile_scores: int = 0
    quota_categories: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Quota:
    """A category's share of the state order, in percent (AD-18: set by ministerial order)."""

    category: str
    percent: Decimal


@dataclass(frozen=True)
class RankedEntry:
    applicant: str
    rank: int
    score: int
    awarded: bool
    # How the grant was won: "general", or the quota category; "" when not awarded.
    via: str
    # What placed this applicant below the one ranked just above: "score", "priority:<code>",
    # "certificate_average", "profile_scores" or "number"; "" for the first.
    decided_by: str


@dataclass(frozen=True)
class Ranking:
    entries: tuple[RankedEntry, ...]
    quota_seats: Mapping[str, int]
    # The score of the last grant won in the general competition (None when none was).
    cutoff_score: int | None


def quota_seats(grants: int, quotas: Sequence[Quota]) -> dict[str, int]:
    """Each quota's whole seats: its percentage of the grants, rounded half up, never more in all than
    the grants (a later quota gets what is left)."""
    seats: dict[str, int] = {}
    left = grants
    for quota in quotas:
        if not Decimal(0) <= quota.percent <= Decimal(100):
            raise ValueError(f"a quota is a percentage from 0 to 100, not {quota.percent}")
        wanted = int((Decimal(grants) * quota.percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        seats[quota.category] = min(wanted, left)
        left -= seats[quota.category]
    return seats


def priority_weights(priority_order: Sequence[str]) -> dict[str, int]:
    """Each priority as a bit, the earliest the highest: comparing the sums of the bits an applicant
    holds compares the priorities in turn (holding the earlier one wins; if equal, the next decides)."""
    weights: dict[str, int] = {}
    for code in priority_order:
        weights.setdefault(code, 1 << (len(priority_order) - 1 - len(weights)))
    return weights


def ranking_key(candidate: Candidate, priority_order: Sequence[str],
                weights: Mapping[str, int] | None = None) -> tuple[object, ...]:
    """The sort key of contract §6's order (a smaller key ranks first)."""
    weights = priority_weights(priority_order) if weights is None else weights
    average = candidate.certificate_average
    return (-candidate.score,
            -sum(weights.get(code, 0) for code in candidate.priorities),
            (average is None, -(average if average is not None else Decimal(0))),
            -candidate.profile_scores,
            candidate.number)


def deciding_criterion(above: Candidate, below: Candidate, priority_order: Sequence[str]) -> str:
    """Which criterion put ``below`` after ``above`` (AD-18: told to the applicant)."""
    if above.score != below.score:
        return codes.BY_SCORE
    for code in priority_order:
        if (code in above.priorities) != (code in below.priorities):
            return f"{codes.BY_PRIORITY}:{code}"
    if above.certificate_average != below.certificate_average:
        return codes.BY_CERTIFICATE_AVERAGE
    if above.profile_scores != below.profile_scores:
        return codes.BY_PROFILE_SCORES
    return codes.BY_NUMBER


def rank(candidates: Iterable[Candidate], *, grants: int, priority_order: Sequence[str],
         quotas: Sequence[Quota] = ()) -> Ranking:
    """AD-18: the ranked list with the grants awarded. Deterministic: the same candidates in any order
    give the same list."""
    if grants < 0:
        raise ValueError("the number of grants is at least 0")
    weights = priority_weights(priority_order)
    ordered = sorted(candidates, key=lambda candidate: ranking_key(candidate, priority_order, weights))
    numbers = [candidate.number for candidate in ordered]
    if len(set(numbers)) != len(numbers):
        raise ValueError("an applicant appears twice in the competition")
    seats = quota_seats(grants, quotas)
    via: dict[str, str] = {}
    for quota in quotas:  # AD-18: the quotas first, each from its own category
        wanted = seats[quota.category]
        for candidate in ordered:
            if wanted == 0:
                break
            if candidate.number not in via and quota.category in candidate.quota_categories:
                via[candidate.number] = quota.category
                wanted -= 1
    left = grants - len(via)
    cutoff: int | None = None
    for candidate in ordered:  # then the general competition, down the list
        if left == 0:
            break
        if candidate.number not in via:
            via[candidate.number] = codes.VIA_GENERAL
            cutoff = candidate.score
            left -= 1
    entries = tuple(
        RankedEntry(applicant=candidate.number, rank=place, score=candidate.score,
                    awarded=candidate.number in via, via=via.get(candidate.number, ""),
                    decided_by=(deciding_criterion(ordered[place - 2], candidate, priority_order)
                                if place > 1 else ""))
        for place, candidate in enumerate(ordered, start=1))
    return Ranking(entries=entries, quota_seats=seats, cutoff_score=cutoff)
