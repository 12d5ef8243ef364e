"""RC-1, RC-2, CR-1, MO-6: proposals of which home discipline a line of a previous transcript covers.

The QA commission decides the matches; this module only proposes them, regardless of the names the
other institution gave its disciplines (RC-2): first a line whose code is a home discipline's code,
then a line whose volume equals the discipline's (CR-1: 30 hours a credit; MO-6: ECTS × the source's
hours per credit) and whose name is close to one of the discipline's names (Kazakh, Russian or
English; case and punctuation do not count). Every proposal says its basis and score.

A proposal pairs one line with one discipline. A discipline covered by several lines together is
the commission's own decision (RC-1), never a proposal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher

HOME_HOURS_PER_CREDIT = 30  # CR-1: one EKTU credit is 30 academic hours
DEFAULT_HOURS_PER_CREDIT = Decimal(30)  # MO-6: the source's hours per ECTS credit unless it says otherwise
# How close two normalised names must be (difflib's ratio, 0 … 1) for a proposal by volume and name.
# The commission confirms every proposal, so the bar only keeps obviously unrelated names out.
DEFAULT_NAME_THRESHOLD = Decimal("0.7")

# The basis of a proposal.
BY_CODE = "code"
BY_VOLUME_AND_NAME = "volume_and_name"
BASES = (BY_CODE, BY_VOLUME_AND_NAME)

_ONE = Decimal(1)
_SCORE_PLACES = Decimal("0.001")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_NOT_CODE = re.compile(r"[\s\-_./]+")


@dataclass(frozen=True)
class TranscriptLine:
    """RC-1: one line of the previous transcript — its place, the institution's code, name and volume.

    Volume: ``hours``, else ``ects`` (× the source's hours per credit, MO-6), else Kazakh
    ``credits`` (× 30 hours, CR-1) — the order the recount engine reads them in (contract §8).
    """

    position: int
    title: str
    code: str = ""
    hours: Decimal | None = None
    ects: Decimal | None = None
    credits: Decimal | None = None


@dataclass(frozen=True)
class HomeDiscipline:
    """A discipline of the student's working curriculum with every name it has (kk, ru, en)."""

    code: str
    names: tuple[str, ...]
    credits: int


@dataclass(frozen=True)
class MatchProposal:
    """The line at ``position`` may cover ``discipline``; ``score`` is 1 for equal codes, otherwise
    the similarity (0 … 1, three decimals) of the closest pair of names."""

    position: int
    discipline: str
    basis: str  # one of BASES
    score: Decimal


def normalised_name(name: str) -> str:
    """A name as compared: Unicode-composed, case-folded (Cyrillic and Latin alike), «ё» read as «е»,
    every run of punctuation and spaces one space. «Основы  программирования (1)» → «основы
    программирования 1»."""
    folded = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def normalised_code(code: str) -> str:
    """A code as compared: «db 2201», «DB-2201» and «DB2201» are one code."""
    return _NOT_CODE.sub("", unicodedata.normalize("NFKC", code)).upper()


def name_similarity(first: str, second: str) -> Decimal:
    """difflib's ratio of the two normalised names, exactly: 2 × matching characters ÷ both lengths."""
    a, b = normalised_name(first), normalised_name(second)
    if not a or not b:
        return Decimal(0)
    matching = sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return Decimal(2 * matching) / Decimal(len(a) + len(b))


def line_hours(line: TranscriptLine, hours_per_credit: Decimal) -> Decimal | None:
    """CR-1/MO-6: the hours a line stands for, or None when it gives no volume."""
    if line.hours is not None:
        return Decimal(line.hours)
    if line.ects is not None:
        return Decimal(line.ects) * hours_per_credit
    if line.credits is not None:
        return Decimal(line.credits) * HOME_HOURS_PER_CREDIT
    return None


def _best_name_score(line: TranscriptLine, discipline: HomeDiscipline) -> Decimal:
    return max((name_similarity(line.title, name) for name in discipline.names if name), default=Decimal(0))


def propose_matches(lines: Sequence[TranscriptLine], disciplines: Sequence[HomeDiscipline], *,
                    hours_per_credit: Decimal = DEFAULT_HOURS_PER_CREDIT,
                    threshold: Decimal = DEFAULT_NAME_THRESHOLD) -> tuple[MatchProposal, ...]:
    """RC-2: proposals for the lines, by code first, then by equal volume and a close name.

    Each line is proposed for at most one discipline and each discipline for at most one line. By
    code: lines in their order, each taking the discipline with its code. By volume and name: among
    the pairs left whose hours are equal (CR-1, MO-6) and whose names score at least ``threshold``,
    the closest names first — ties by the line's position, then the discipline's code, so the same
    transcript always gets the same proposals. Returned in the lines' order.
    """
    by_code = {normalised_code(d.code): d for d in disciplines}
    taken: set[str] = set()
    proposed: dict[int, MatchProposal] = {}
    for line in sorted(lines, key=lambda item: item.position):
        found = by_code.get(normalised_code(line.code)) if line.code.strip() else None
        if found is not None and found.code not in taken:
            taken.add(found.code)
            proposed[line.position] = MatchProposal(line.position, found.code, BY_CODE, _ONE)
    candidates: list[tuple[Decimal, int, str]] = []
    for line in lines:
        hours = line_hours(line, hours_per_credit)
        if line.position in proposed or hours is None:
            continue
        for discipline in disciplines:
            if discipline.code in taken or hours != discipline.credits * HOME_HOURS_PER_CREDIT:
                continue
            score = _best_name_score(line, discipline)
            if score >= threshold:
                candidates.append((score, line.position, discipline.code))
    for score, position, code in sorted(candidates, key=lambda item: (-item[0], item[1], item[2])):
        if position in proposed or code in taken:
            continue
        taken.add(code)
        proposed[position] = MatchProposal(position, code, BY_VOLUME_AND_NAME,
                                           score.quantize(_SCORE_PLACES, rounding=ROUND_HALF_UP))
    return tuple(proposed[position] for position in sorted(proposed))
