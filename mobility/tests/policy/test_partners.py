"""MO-6, MO-6a: a partner's grading scale and credit conversion, checked as data before it is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from mobility.policy.partners import (
    ScaleProblem,
    conversion_problems,
    home_letter,
    rule_in_force,
    scale_problems,
)

SCALE = [{"grade": "1,0", "letter": "A"}, {"grade": "2,0", "letter": "B"}, {"grade": "4,0", "letter": "D"},
         {"grade": "5,0", "letter": "F"}]


def paths(problems: list[ScaleProblem]) -> list[str]:
    return [p.path for p in problems]


def check(**given: object) -> list[str]:
    values: dict[str, object] = {"hours_per_credit": None, "coefficient": None, "level": None,
                                 "valid_from": date(2018, 9, 1), "valid_until": None, **given}
    return paths(conversion_problems(**values))


@pytest.mark.parametrize(("level", "coefficient", "allowed"), [
    # Order 152 of 2011 (MO-6a): bachelor 1.5–1.8, profile master 2–2.4, scientific master 2.5–3,
    # doctorate 3.5–4.2 — both ends included.
    ("bachelor", "1.5", True), ("bachelor", "1.8", True),
    ("bachelor", "1.49", False), ("bachelor", "1.81", False),
    ("master_profile", "2", True), ("master_profile", "2.4", True), ("master_profile", "2.5", False),
    ("master_scientific", "2.5", True), ("master_scientific", "3", True), ("master_scientific", "2.4", False),
    ("doctorate_phd", "3.5", True), ("doctorate_profile", "4.2", True), ("doctorate_phd", "4.3", False),
])
def test_order_152_coefficient_ranges(level: str, coefficient: str, allowed: bool) -> None:
    assert check(level=level, coefficient=Decimal(coefficient)) == ([] if allowed else ["coefficient"])


def test_a_coefficient_needs_the_level_of_study() -> None:
    assert check(coefficient=Decimal("1.6")) == ["level"]


@pytest.mark.parametrize(("hours", "problems"), [("25", []), ("30", []), ("0", ["hours_per_credit"])])
def test_hours_per_credit(hours: str, problems: list[str]) -> None:
    assert check(hours_per_credit=Decimal(hours)) == problems


def test_dates_run_forward_and_every_problem_is_named() -> None:
    assert check(hours_per_credit=Decimal(0), valid_until=date(2018, 8, 31)) == ["hours_per_credit",
                                                                                   "valid_until"]


def test_scale_names_each_grade_once_with_a_home_letter() -> None:
    assert scale_problems(SCALE) == []
    bad = [{"grade": "1,0", "letter": "A"}, {"grade": "1,0", "letter": "B"}, {"grade": "", "letter": "E"}]
    assert paths(scale_problems(bad)) == ["scale[1].grade", "scale[2].grade", "scale[2].letter"]
    assert paths(scale_problems([])) == ["scale"]


def test_home_letter_of_a_host_grade() -> None:
    assert home_letter(SCALE, "2,0") == "B"
    assert home_letter(SCALE, " 5,0 ") == "F"
    assert home_letter(SCALE, "3,0") is None  # not on the partner's scale


@dataclass(frozen=True)
class Rule:
    valid_from: date
    valid_until: date | None
    name: str


def test_the_rule_in_force_on_a_day_older_transcripts_keep_older_rules() -> None:
    # MO-6a: the pre-2018 ratio until 31 August 2018, the workload rule after.
    old = Rule(date(2011, 9, 1), date(2018, 8, 31), "order 152")
    new = Rule(date(2018, 9, 1), None, "workload")
    assert rule_in_force([new, old], date(2016, 3, 1)) == old
    assert rule_in_force([new, old], date(2018, 8, 31)) == old
    assert rule_in_force([new, old], date(2018, 9, 1)) == new
    assert rule_in_force([new, old], date(2010, 1, 1)) is None
