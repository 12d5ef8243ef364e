"""Reads for registration: the facts eligibility needs, and the offer a student sees."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q

from ektu_portal.academics.models import AcademicPeriod, CurriculumItem, Discipline, Enrollment, Section, Student
from ektu_portal.academics.selectors import period_with_open_registration
from registration.models import CreditLimit
from registration.policy.eligibility import PlanItem, SectionFacts, StudentFacts, elective_group_credits, semester_of

TAKING = (Enrollment.Status.ENROLLED, Enrollment.Status.WAITLISTED)
# Used only when the credit-limit table is empty; the seeded default row normally answers.
FALLBACK_CREDIT_LIMIT = 36


def credit_limit(period: AcademicPeriod) -> int:
    limits = dict(CreditLimit.objects.filter(Q(period=period) | Q(period__isnull=True))
                  .values_list("period_id", "max_credits"))
    return limits.get(period.pk) or limits.get(None) or FALLBACK_CREDIT_LIMIT


def registration_period(now: datetime) -> AcademicPeriod | None:
    """RG-2: the period whose registration (or drop-off) window is open now."""
    return period_with_open_registration(now)


def window_open(period: AcademicPeriod, now: datetime) -> bool:
    """RG-2: registration in its window, re-registration in the drop-off period."""
    return period.registration_open_at(now) or period.drop_off_open_at(now)


def plan_of(student: Student) -> dict[str, PlanItem]:
    items = CurriculumItem.objects.filter(curriculum__program_id=student.program_id,
                                          curriculum__intake_year=student.intake_year).select_related("discipline")
    return {i.discipline.code: PlanItem(i.discipline.code, i.semester, i.elective_group) for i in items}


def plan_credits(plan: dict[str, PlanItem]) -> dict[str, int]:
    return dict(Discipline.objects.filter(code__in=plan).values_list("code", "credits"))


def student_facts(student: Student, period: AcademicPeriod, plan: dict[str, PlanItem] | None = None) -> StudentFacts:
    from grading.selectors import mastered_disciplines  # RG-3 reads the grades (issue 5)

    plan = plan if plan is not None else plan_of(student)
    taking = list(Enrollment.objects.filter(student=student, section__period=period, status__in=TAKING)
                  .values_list("section__discipline__code", "section__discipline__credits"))
    group_taken: dict[str, int] = {}
    for code, credits in taking:
        group = plan[code].elective_group if code in plan else ""
        if group:
            group_taken[group] = group_taken.get(group, 0) + credits
    return StudentFacts(
        active=student.status == Student.Status.ACTIVE, semester=semester_of(student.intake_year, period.starts),
        plan=plan, mastered=mastered_disciplines(student), enrolled_credits=sum(c for _, c in taking),
        enrolled_disciplines={code for code, _ in taking}, group_credits_taken=group_taken)


def section_facts(section: Section) -> SectionFacts:
    return SectionFacts(discipline=section.discipline.code, credits=section.discipline.credits,
                        prerequisites=[d.code for d in section.discipline.prerequisites.all()],
                        capacity=section.capacity, taken=section.taken)


def offer(student: Student, now: datetime) -> dict[str, Any]:
    """Contract §3: the sections of the student's plan this period, each with whether and why not."""
    from registration.policy.eligibility import reasons_against

    period = registration_period(now)
    if period is None:
        return {"period": None, "window_open": False, "sections": []}
    plan = plan_of(student)
    facts = student_facts(student, period, plan)
    is_open = window_open(period, now)
    limit = credit_limit(period)
    # Passed disciplines are not offered again (GR-11); earlier semesters' others are (debts, RG-3).
    wanted = [code for code, item in plan.items() if item.semester <= facts.semester and code not in facts.mastered]
    sections = (Section.objects.filter(period=period, discipline__code__in=wanted)
                .select_related("discipline", "instructor")
                .prefetch_related("discipline__prerequisites").order_by("discipline__code", "code"))
    credits = plan_credits(plan)
    mine = {sid: status for sid, status in Enrollment.objects.filter(
        student=student, section__period=period, status__in=TAKING).values_list("section_id", "status")}
    rows = []
    for section in sections:
        item = plan[section.discipline.code]
        reasons = reasons_against(facts, section_facts(section), window_open=is_open, credit_limit=limit,
                                  group_credits=elective_group_credits(plan, credits, item.elective_group)
                                  if item.elective_group else 0)
        rows.append({
            "code": section.code, "discipline": section.discipline.code, "name": section.discipline.name,
            "credits": section.discipline.credits, "capacity": section.capacity, "taken": section.taken,
            "language": section.language or None,
            "instructor": section.instructor.full_name if section.instructor else None,
            "elective_group": item.elective_group or None, "semester": item.semester,
            "eligible": not reasons, "reasons": list(reasons), "my_status": mine.get(section.pk),
        })
    return {"period": period.code, "window_open": is_open,
            "window_closes": (period.registration_closes if period.registration_open_at(now)
                              else period.drop_off_closes).isoformat() if is_open else None,
            "credit_limit": limit, "credits_taken": facts.enrolled_credits, "sections": rows}


def my_enrollment_ids(student: Student, period_code: str | None) -> dict[str, int]:
    """{section code: enrolment id} of the student's live enrolments in the period (for drop buttons)."""
    if not period_code:
        return {}
    return dict(Enrollment.objects.filter(student=student, section__period__code=period_code, status__in=TAKING)
                .values_list("section__code", "pk"))
