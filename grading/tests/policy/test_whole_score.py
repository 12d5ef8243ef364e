"""GR-5 (and GR-1's interpretation for R1/R2): a score typed with a fractional part is rounded half up
to a whole point in exact decimals — never refused, never rounded by binary floating point."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grading.policy.formula import whole_score


@pytest.mark.parametrize(("typed", "score"), [
    (Decimal("84.5"), 85), (Decimal("84.4"), 84), (Decimal("84.49"), 84), (Decimal("84.50"), 85),
    (84.5, 85),          # a JSON number or an Excel cell
    (0.5, 1), (99.5, 100), (2.5, 3),  # half up, not to even
    ("84.5", 85), ("84,5", 85), (" 70 ", 70),  # a CSV cell; a Kazakh or Russian spreadsheet's comma
    (0, 0), (100, 100), (Decimal(100), 100),
])
def test_rounded_half_up(typed: object, score: int) -> None:
    assert whole_score(typed) == score


@pytest.mark.parametrize("typed", [
    100.5, Decimal("100.4"), -0.4, 101, -1, "abc", "", True, None, float("nan"), Decimal("Infinity"), [80]])
def test_not_a_score_is_refused(typed: object) -> None:
    with pytest.raises(ValueError):
        whole_score(typed)
