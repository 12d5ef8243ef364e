"""GR-3 and the 40% warning of issue 9: classes missed (five lates make one) against the classes held."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grading.policy.attendance import at_risk, missed_percent, over_limit
from grading.policy.formula import Attendance


@pytest.mark.parametrize(("held", "absences", "lates", "percent", "risk", "over"), [
    (30, 12, 0, Decimal("40.0"), True, False),     # 12 of 30 is exactly 40%: at risk
    (30, 11, 4, Decimal("36.7"), False, False),    # 4 lates are not yet a missed class; 11/30 = 36.67%
    (30, 10, 10, Decimal("40.0"), True, False),    # 10 lates of more than 20 minutes make 2 missed classes
    (30, 15, 0, Decimal("50.0"), True, False),     # exactly half is not more than half (GR-3)
    (30, 16, 0, Decimal("53.3"), True, True),
    (7, 3, 0, Decimal("42.9"), True, False),       # 3/7 = 42.857…%
    (0, 0, 0, Decimal("0"), False, False),         # no classes held yet
])
def test_missed_against_the_limit(held: int, absences: int, lates: int, percent: Decimal, risk: bool,
                                  over: bool) -> None:
    attendance = Attendance(classes_held=held, absences=absences, lates_over_20_min=lates)
    assert (missed_percent(attendance), at_risk(attendance), over_limit(attendance)) == (percent, risk, over)
