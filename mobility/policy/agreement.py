"""MO-4, MO-6: a learning agreement checked against the student's plan for the mobility period.

Table A lists the components studied at the host (ECTS credits); Table B the home disciplines they
will be recognized as. The agreement must cover the credits EKTU plans for the period and every
mandatory-component discipline of it (MO-4); what it does not cover is the shortfall, mastered in an
additional period. The host workload (ECTS × the host's hours per credit) must cover the home
workload (credits × 30 hours, CR-1) — MO-6's Interpretation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

HOME_HOURS_PER_CREDIT = 30  # CR-1


@dataclass(frozen=True)
class PlannedDiscipline:
    """A discipline of the student's working curriculum for the period; electives of one group are
    alternatives (CR-4), so the group asks for one alternative's credits."""

    code: str
    credits: int
    mandatory: bool
    elective_group: str = ""


@dataclass(frozen=True)
class HostComponent:
    """Table A: a component studied at the host."""

    title: str
    ects: Decimal


@dataclass(frozen=True)
class AgreementCheck:
    planned_credits: int
    covered_credits: int
    shortfall_credits: int
    missing_mandatory: tuple[str, ...]     # mandatory disciplines of the period not in Table B
    not_in_plan: tuple[str, ...]           # Table B disciplines that are not in the period's plan
    host_hours: Decimal
    home_hours: int

    @property
    def workload_short(self) -> bool:
        """MO-6: the host workload does not cover the home disciplines' workload."""
        return self.host_hours < self.home_hours

    @property
    def complete(self) -> bool:
        """MO-4: the whole plan is covered, every mandatory discipline included, with the workload."""
        return not self.shortfall_credits and not self.missing_mandatory and not self.workload_short


def planned_credits(plan: Sequence[PlannedDiscipline]) -> int:
    """MO-4: the credits EKTU plans for the period — every discipline, one alternative per group."""
    groups: dict[str, int] = {}
    total = 0
    for item in plan:
        if item.elective_group:
            groups[item.elective_group] = max(groups.get(item.elective_group, 0), item.credits)
        else:
            total += item.credits
    return total + sum(groups.values())


def check_agreement(plan: Sequence[PlannedDiscipline], host: Sequence[HostComponent],
                    home: Sequence[tuple[str, int]], *, hours_per_credit: Decimal) -> AgreementCheck:
    """MO-4, MO-6: how far Table B (home ``(code, credits)``) covers the plan, and Table A's workload."""
    planned = {item.code: item for item in plan}
    chosen = {code for code, _credits in home}
    covered = planned_credits([item for item in plan if item.code in chosen])
    planned_total = planned_credits(plan)
    return AgreementCheck(
        planned_credits=planned_total,
        covered_credits=covered,
        shortfall_credits=max(planned_total - covered, 0),
        missing_mandatory=tuple(item.code for item in plan if item.mandatory and item.code not in chosen),
        not_in_plan=tuple(code for code, _credits in home if code not in planned),
        host_hours=sum((c.ects * hours_per_credit for c in host), Decimal(0)),
        home_hours=sum(credits for _code, credits in home) * HOME_HOURS_PER_CREDIT,
    )
