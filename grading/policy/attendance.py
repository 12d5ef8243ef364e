"""GR-3 and beyond it: a bachelor's classes missed against the 50% limit, and the early warning at 40%."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from grading.policy.formula import Attendance

# GR-3: more than half of the classes missed bars the student from the final control.
LIMIT_PERCENT = Decimal(50)
# Issue 9 (beyond the rule): students are warned, and advisers see them, once 40% of a
# discipline's classes are missed — still time to stay under GR-3's limit.
WARNING_PERCENT = Decimal(40)
_TENTH = Decimal("0.1")


def missed_percent(attendance: Attendance) -> Decimal:
    """Classes missed (five lates of more than 20 minutes make one, GR-3) as a percentage of the
    classes held, to one decimal place (for reading; the decisions below compare exactly)."""
    if attendance.classes_held == 0:
        return Decimal(0)
    share = Decimal(attendance.effective_absences * 100) / Decimal(attendance.classes_held)
    return share.quantize(_TENTH, rounding=ROUND_HALF_UP)


def at_risk(attendance: Attendance) -> bool:
    """At least 40% of the classes held missed — exactly, without rounding (12 of 30 is at risk)."""
    return (attendance.classes_held > 0
            and attendance.effective_absences * 100 >= WARNING_PERCENT * attendance.classes_held)


def over_limit(attendance: Attendance) -> bool:
    """GR-3: more than half of the classes held missed (exactly half is not more)."""
    return attendance.over_half_missed
