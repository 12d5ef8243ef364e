"""MO-6, MO-6a: a partner's grading scale and credit conversion are data per partner and period.

This module only checks such data before it is stored (every problem at once, each with its path);
the conversion itself is grading's recount engine (RC rules), which takes ``hours_per_credit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

# The home letters a partner's grade may be equated to (the letter table of GR-6; F/FX included so a
# failing host grade is written down as such — RC-3 then refuses it).
HOME_LETTERS = ("A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "FX", "F")

DEFAULT_HOURS_PER_CREDIT = Decimal(30)  # MO-6: CR-1's 30 hours, when the partner says nothing else
# MO-6a: Order No. 152 (2011) coefficients, ECTS ÷ coefficient = KZ credits, by level of study.
COEFFICIENT_RANGES: Mapping[str, tuple[Decimal, Decimal]] = {
    "bachelor": (Decimal("1.5"), Decimal("1.8")),
    "master_profile": (Decimal("2"), Decimal("2.4")),
    "master_scientific": (Decimal("2.5"), Decimal("3")),
    "doctorate": (Decimal("3.5"), Decimal("4.2")),
}


@dataclass(frozen=True)
class ScaleProblem:
    path: str
    message: str


def conversion_problems(*, hours_per_credit: Decimal | None, coefficient: Decimal | None,
                        level: str | None, valid_from: date, valid_until: date | None) -> list[ScaleProblem]:
    """MO-6: hours per credit is positive (ECTS × hours = workload); MO-6a: an Order 152 coefficient
    lies within the range of its level of study; the dates run forward."""
    problems = []
    if hours_per_credit is not None and hours_per_credit <= 0:
        problems.append(ScaleProblem("hours_per_credit", "must be more than 0 hours"))
    if coefficient is not None:
        # Both doctorates (PhD and profile) share Order 152's doctoral range.
        bounds = COEFFICIENT_RANGES.get("doctorate" if (level or "").startswith("doctorate") else level or "")
        if bounds is None:
            problems.append(ScaleProblem("level", "an Order 152 coefficient needs the level of study "
                                                  f"({', '.join(COEFFICIENT_RANGES)})"))
        elif not bounds[0] <= coefficient <= bounds[1]:
            problems.append(ScaleProblem("coefficient",
                                         f"for {level} Order 152 allows {bounds[0]}–{bounds[1]}"))
    if valid_until is not None and valid_until < valid_from:
        problems.append(ScaleProblem("valid_until", "must not be before the start"))
    return problems


def scale_problems(bands: Sequence[Mapping[str, Any]]) -> list[ScaleProblem]:
    """MO-6: every host grade of the scale is named once and equated to one home letter."""
    problems = []
    if not bands:
        problems.append(ScaleProblem("scale", "the partner's grading scale has no grades"))
    seen: set[str] = set()
    for i, band in enumerate(bands):
        grade = str(band.get("grade") or "").strip()
        if not grade:
            problems.append(ScaleProblem(f"scale[{i}].grade", "the host grade is missing"))
        elif grade in seen:
            problems.append(ScaleProblem(f"scale[{i}].grade", f'"{grade}" is given twice'))
        seen.add(grade)
        if band.get("letter") not in HOME_LETTERS:
            problems.append(ScaleProblem(f"scale[{i}].letter", f"one of {', '.join(HOME_LETTERS)}"))
    return problems


def home_letter(bands: Sequence[Mapping[str, Any]], grade: str) -> str | None:
    """The home letter the partner's scale equates a host grade to, or None when it is not on it."""
    wanted = grade.strip()
    return next((str(b["letter"]) for b in bands if str(b.get("grade") or "").strip() == wanted), None)


def rule_in_force(rules: Sequence[Any], on: date) -> Any | None:
    """MO-6a: the partner's rule whose dates include ``on`` (older transcripts keep older rules); the
    latest-starting one wins. Each rule has ``valid_from`` and ``valid_until`` (None: still in force)."""
    matching = [r for r in rules if r.valid_from <= on and (r.valid_until is None or on <= r.valid_until)]
    return max(matching, key=lambda r: r.valid_from, default=None)
