"""AD-4: SAT, ACT, IB, A-Level, TOEFL ITP/iBT/PBT and IELTS certificates count through the official
score-conversion scale — a national table kept as data and edited by admissions staff.

A row says: a certificate of this kind with at least this score counts as so many UNT points, either
as the whole UNT total ("total") or as one UNT subject (e.g. a foreign-language profile subject).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from admissions.policy.unt import UntResult

TOTAL = "total"
CERTIFICATES = ("SAT", "ACT", "IB", "A_LEVEL", "TOEFL_ITP", "TOEFL_IBT", "TOEFL_PBT", "IELTS")


@dataclass(frozen=True)
class InternationalCertificate:
    kind: str
    score: Decimal

    @property
    def label(self) -> str:
        return f"{self.kind} {self.score}"


@dataclass(frozen=True)
class ConversionRow:
    """At least ``minimum`` on a ``certificate`` counts as ``points`` for ``counts_as`` (the UNT total
    or a subject)."""

    certificate: str
    minimum: Decimal
    points: int
    counts_as: str = TOTAL


def convert(certificate: InternationalCertificate, scale: Sequence[ConversionRow]) -> ConversionRow | None:
    """AD-4: the row of the scale the certificate reaches — the highest minimum at or below its score —
    or ``None`` when it reaches none (or its kind is not on the scale)."""
    reached = [row for row in scale
               if row.certificate.upper() == certificate.kind.upper() and row.minimum <= certificate.score]
    # A tie on the minimum (two rows for different targets) is settled by the target's name so the
    # answer never depends on the order the rows were read in.
    return max(reached, key=lambda row: (row.minimum, row.counts_as), default=None)


def apply_certificate(unt: UntResult | None, certificate: InternationalCertificate,
                      scale: Sequence[ConversionRow]) -> UntResult | None:
    """The UNT result the certificate gives: a total of its own, or the given UNT with one subject
    replaced by the converted points (``None`` when it converts to nothing usable)."""
    row = convert(certificate, scale)
    if row is None:
        return None
    if row.counts_as == TOTAL:
        return UntResult(total=row.points, subjects={})
    if unt is None:
        return None  # a subject's points need the rest of a UNT to stand in
    subjects = dict(unt.subjects)
    before = subjects.get(row.counts_as, 0)
    subjects[row.counts_as] = max(before, row.points)
    return UntResult(total=unt.total - before + subjects[row.counts_as], subjects=subjects)
