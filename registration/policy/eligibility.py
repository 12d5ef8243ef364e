"""RG-2, RG-3, RG-4, RG-9, CR-4: may this student take this section now, and if not, why.

Pure: the selector gathers the facts, this module decides. Every reason that applies is
returned (the page shows them all), in a fixed order, as the contract's stable codes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

REGISTRATION_CLOSED = "registration_closed"
NOT_ACTIVE = "student_not_active"
NOT_IN_PLAN = "not_in_plan"
PREREQUISITE_MISSING = "prerequisite_missing"
ALREADY_ENROLLED = "already_enrolled"
ALREADY_PASSED = "already_passed"
ELECTIVE_GROUP_COMPLETE = "elective_group_complete"
CREDIT_LIMIT = "credit_limit"
SECTION_FULL = "section_full"

# The order reasons are reported in: the most fundamental first.
REASON_ORDER = (REGISTRATION_CLOSED, NOT_ACTIVE, NOT_IN_PLAN, ALREADY_PASSED, PREREQUISITE_MISSING,
                ALREADY_ENROLLED,
                ELECTIVE_GROUP_COMPLETE, CREDIT_LIMIT, SECTION_FULL)


# GR-18: at most 30 credits are re-studied in a summer semester; new disciplines taken in summer to
# earn extra credits count only against the period's own credit limit.
SUMMER_MAX_CREDITS = 30


def semester_of(intake_year: int, period_starts: date) -> int:
    """The curriculum semester a period is for a student of an intake (1 = first autumn).

    Academic years start in autumn: a period starting from August on is the year's first
    semester, one starting before August its second.
    """
    academic_year_start = period_starts.year if period_starts.month >= 8 else period_starts.year - 1
    return (academic_year_start - intake_year) * 2 + (1 if period_starts.month >= 8 else 2)


@dataclass(frozen=True)
class PlanItem:
    """A curriculum item as registration needs it."""

    discipline: str
    semester: int
    elective_group: str = ""


@dataclass(frozen=True)
class StudentFacts:
    active: bool
    semester: int                                  # the semester the period is for this student
    plan: Mapping[str, PlanItem]                   # discipline code → item of the student's curriculum
    mastered: Collection[str]                      # disciplines with a positive final grade (A…D)
    enrolled_credits: int                          # credits taken in the period (enrolled + wait list)
    enrolled_disciplines: Collection[str]          # disciplines already enrolled or wait-listed in the period
    group_credits_taken: Mapping[str, int]         # elective group → credits already chosen in it
    summer: bool = False                           # the period is a summer semester (GR-11, GR-18)
    # RG-3 interpretation: disciplines the student studies in an earlier period that has not ended in
    # a final grade yet (enrolled, in progress): as prerequisites they count as met.
    studying: Collection[str] = frozenset()
    # GR-18: disciplines the student has attempted before (a summer course of one is re-study) and the
    # credits of re-study already taken in this summer period.
    attempted: Collection[str] = frozenset()
    restudy_credits: int = 0


@dataclass(frozen=True)
class SectionFacts:
    discipline: str
    credits: int
    prerequisites: Collection[str]
    capacity: int
    taken: int


def elective_group_credits(plan: Mapping[str, PlanItem], credits: Mapping[str, int], group: str) -> int:
    """CR-4: electives of one group are alternatives; the group asks for one alternative's credits."""
    return max((credits.get(code, 0) for code, item in plan.items() if item.elective_group == group),
               default=0)


def reasons_against(student: StudentFacts, section: SectionFacts, *, window_open: bool, credit_limit: int,
                    group_credits: int = 0, include_full: bool = True) -> tuple[str, ...]:
    """Every reason the student may not enrol in the section now; empty when they may.

    ``section_full`` is a reason only when ``include_full``: a full section still takes the
    student onto its wait list (RG-9), so the enrolment service asks without it.
    """
    found: set[str] = set()
    if not window_open:
        found.add(REGISTRATION_CLOSED)                                       # RG-2
    if not student.active:
        found.add(NOT_ACTIVE)
    item = student.plan.get(section.discipline)
    # GR-18: in summer a discipline of a later semester of the plan may be taken to earn extra credits.
    if item is None or (item.semester > student.semester and not student.summer):
        found.add(NOT_IN_PLAN)                                               # RG-4, RG-6
    if section.discipline in student.mastered and not student.summer:
        found.add(ALREADY_PASSED)                                            # GR-11: raise only in summer
    if any(code not in student.mastered and code not in student.studying for code in section.prerequisites):
        found.add(PREREQUISITE_MISSING)                                      # RG-3 (in progress counts)
    if section.discipline in student.enrolled_disciplines:
        found.add(ALREADY_ENROLLED)
    elif item is not None and item.elective_group and group_credits and \
            student.group_credits_taken.get(item.elective_group, 0) + section.credits > group_credits:
        found.add(ELECTIVE_GROUP_COMPLETE)                                   # CR-4
    if section.discipline not in student.enrolled_disciplines and (
            student.enrolled_credits + section.credits > credit_limit
            or (student.summer and section.discipline in student.attempted
                and student.restudy_credits + section.credits > SUMMER_MAX_CREDITS)):
        found.add(CREDIT_LIMIT)                                              # GR-18: ≤ 30 credits of re-study
    if include_full and section.taken >= section.capacity:
        found.add(SECTION_FULL)                                              # RG-9
    return tuple(reason for reason in REASON_ORDER if reason in found)


def summer_cost(credits: int, price_per_credit: Decimal) -> Decimal:
    """GR-18: the summer semester is paid per credit — the credit price × the discipline's credits."""
    return (price_per_credit * credits).quantize(Decimal("0.01"))
