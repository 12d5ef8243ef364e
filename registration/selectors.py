"""Reads for registration: the facts eligibility needs, and the offer a student sees."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language

from ektu_portal.academics.models import (
    AcademicPeriod,
    CurriculumItem,
    Discipline,
    Enrollment,
    Section,
    Student,
)
from ektu_portal.academics.selectors import period_with_open_registration
from registration.models import CreditLimit, CreditPrice, PersonalWindow, StudyPlan
from registration.policy.eligibility import (
    PlanItem,
    SectionFacts,
    StudentFacts,
    elective_group_credits,
    semester_of,
    summer_cost,
)

TAKING = (Enrollment.Status.ENROLLED, Enrollment.Status.WAITLISTED)
# Used only when the credit-limit table is empty; the seeded default row normally answers.
FALLBACK_CREDIT_LIMIT = 36


def is_summer(period: AcademicPeriod) -> bool:
    return period.kind == AcademicPeriod.Kind.SUMMER


def credit_limit(period: AcademicPeriod) -> int:
    limits = dict(CreditLimit.objects.filter(Q(period=period) | Q(period__isnull=True))
                  .values_list("period_id", "max_credits"))
    return limits.get(period.pk) or limits.get(None) or FALLBACK_CREDIT_LIMIT


def price_per_credit(period: AcademicPeriod) -> Decimal | None:
    """GR-18: what one credit costs in a summer semester (None: not a paid period, or no price set)."""
    if not is_summer(period):
        return None
    return CreditPrice.objects.filter(period=period).values_list("price", flat=True).first()


def personal_window(student: Student | None, now: datetime, period: AcademicPeriod | None = None) -> Any:
    """RG-7/RG-5: the student's own window open now (orientation week, transfer, readmission,
    re-choice), if any."""
    if student is None:
        return None
    windows = PersonalWindow.objects.filter(student=student, opens__lte=now, closes__gt=now)
    if period is not None:
        windows = windows.filter(period=period)
    return windows.select_related("period").order_by("closes").first()


def registration_period(now: datetime, student: Student | None = None) -> AcademicPeriod | None:
    """RG-2: the period whose registration (or drop-off) window is open now — the calendar's, or
    the student's own (RG-7)."""
    own = personal_window(student, now)
    return own.period if own else period_with_open_registration(now)


def window_open(period: AcademicPeriod, now: datetime, student: Student | None = None) -> bool:
    """RG-2: registration in its window, re-registration in the drop-off period; RG-7/RG-5: or the
    student's own window for this period."""
    return (period.registration_open_at(now) or period.drop_off_open_at(now)
            or personal_window(student, now, period) is not None)


def window_closes(period: AcademicPeriod, now: datetime, student: Student | None = None) -> datetime | None:
    own = personal_window(student, now, period)
    if own is not None:
        return own.closes
    if period.registration_open_at(now):
        return period.registration_closes
    return period.drop_off_closes if period.drop_off_open_at(now) else None


def plan_of(student: Student) -> dict[str, PlanItem]:
    # values_list, not model instances: this runs on every enrolment of registration day.
    items = CurriculumItem.objects.filter(curriculum__program_id=student.program_id,
                                          curriculum__intake_year=student.intake_year).values_list(
        "discipline__code", "semester", "elective_group")
    return {code: PlanItem(code, semester, group) for code, semester, group in items}


def plan_credits(plan: dict[str, PlanItem]) -> dict[str, int]:
    return dict(Discipline.objects.filter(code__in=plan).values_list("code", "credits"))


def student_facts(student: Student, period: AcademicPeriod, plan: dict[str, PlanItem] | None = None) -> StudentFacts:
    """What eligibility needs to know of the student for a period. Grades come from grading's
    transcript (the one source); enrolments are registration's own."""
    from grading.selectors import student_transcript

    plan = plan if plan is not None else plan_of(student)
    taking = list(Enrollment.objects.filter(student=student, section__period=period, status__in=TAKING)
                  .values_list("section__discipline__code", "section__discipline__credits"))
    group_taken: dict[str, int] = {}
    for code, credits in taking:
        group = plan[code].elective_group if code in plan else ""
        if group:
            group_taken[group] = group_taken.get(group, 0) + credits
    record = student_transcript(student)
    # RG-3 interpretation: enrolled in an earlier period that has not ended in a final grade yet.
    earlier = Enrollment.objects.filter(student=student, status=Enrollment.Status.ENROLLED,
                                        section__period__starts__lt=period.starts).values_list(
        "section__discipline__code", "section__period__code")
    studying = frozenset(code for code, period_code in earlier if code not in record.finished_in(period_code))
    attempted = frozenset(a.discipline.code for a in record.attempts if a.period.code != period.code)
    summer = is_summer(period)
    return StudentFacts(
        active=student.status == Student.Status.ACTIVE, semester=semester_of(student.intake_year, period.starts),
        plan=plan, mastered=record.mastered, enrolled_credits=sum(c for _, c in taking),
        enrolled_disciplines={code for code, _ in taking}, group_credits_taken=group_taken,
        summer=summer, studying=studying, attempted=attempted,
        restudy_credits=sum(c for code, c in taking if code in attempted) if summer else 0)


def section_facts(section: Section) -> SectionFacts:
    return SectionFacts(discipline=section.discipline.code, credits=section.discipline.credits,
                        prerequisites=[d.code for d in section.discipline.prerequisites.all()],
                        capacity=section.capacity, taken=section.taken)


def offer(student: Student, now: datetime) -> dict[str, Any]:
    """Contract §3: the sections of the student's plan this period, each with whether and why not."""
    from registration.policy.eligibility import reasons_against

    period = registration_period(now, student)
    if period is None:
        return {"period": None, "window_open": False, "sections": []}
    plan = plan_of(student)
    facts = student_facts(student, period, plan)
    is_open = window_open(period, now, student)
    limit = credit_limit(period)
    # Passed disciplines are not offered again (GR-11) — except in summer, where a positive grade may
    # be raised; earlier semesters' others are (debts, RG-3).
    # GR-18: a summer semester also offers later semesters' disciplines, to earn extra credits.
    wanted = [code for code, item in plan.items() if (facts.summer or item.semester <= facts.semester)
              and (facts.summer or code not in facts.mastered)]
    price = price_per_credit(period)
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
            "passed": section.discipline.code in facts.mastered,
            "price": str(summer_cost(section.discipline.credits, price)) if price is not None else None,
        })
    return {"period": period.code, "window_open": is_open,
            "window_closes": closes.isoformat() if (closes := window_closes(period, now, student)) else None,
            "credit_limit": limit, "credits_taken": facts.enrolled_credits, "summer": facts.summer,
            "price_per_credit": str(price) if price is not None else None,
            "cost_taken": str(summer_cost(facts.enrolled_credits, price)) if price is not None else None,
            "sections": rows}


def my_enrollment_ids(student: Student, period_code: str | None) -> dict[str, int]:
    """{section code: enrolment id} of the student's live enrolments in the period (for drop buttons)."""
    if not period_code:
        return {}
    return dict(Enrollment.objects.filter(student=student, section__period__code=period_code, status__in=TAKING)
                .values_list("section__code", "pk"))


# --- individual study plans (RG-6) ----------------------------------------------------------------

def plan_sections(student: Student, period: AcademicPeriod) -> list[dict[str, Any]]:
    """The student's live registrations for the period, as the plan lists them."""
    enrollments = (Enrollment.objects.filter(student=student, section__period=period, status__in=TAKING)
                   .select_related("section__discipline", "section__instructor")
                   .order_by("section__discipline__code"))
    plan = plan_of(student)
    return [{"section": e.section.code, "discipline": e.section.discipline.code,
             "names": {"kk": e.section.discipline.name_kk, "ru": e.section.discipline.name_ru,
                       "en": e.section.discipline.name_en}, "credits": e.section.discipline.credits,
             "language": e.section.language or None,
             "instructor": e.section.instructor.full_name if e.section.instructor else None,
             "elective_group": plan[e.section.discipline.code].elective_group or None
             if e.section.discipline.code in plan else None,
             "status": e.status} for e in enrollments]


def plan_for(student: Student, period: AcademicPeriod) -> StudyPlan | None:
    return StudyPlan.objects.filter(student=student, period=period).first()


def student_progress(student: Student) -> dict[str, Any]:
    """What an adviser looks at before signing (RG-1): credits earned of the program's, GPA, debts."""
    from grading.selectors import open_debts, student_transcript

    record = student_transcript(student)
    return {"credits_earned": record.credits_earned, "credits_required": student.program.credits,
            "gpa": str(record.gpa) if record.gpa is not None else None,
            "debts": [debt.discipline for debt in open_debts(student_ids=[student.pk])]}


def plan_as_dict(plan: StudyPlan | None, *, student: Student, period: AcademicPeriod,
                 with_progress: bool = False) -> dict[str, Any]:
    """One plan for the API and the pages. Before submission the items are the live registrations;
    after, the items as submitted (what the adviser and dean sign)."""
    live = plan_sections(student, period)
    status = plan.status if plan else StudyPlan.Status.DRAFT
    submitted = plan is not None and status != StudyPlan.Status.DRAFT
    language = (get_language() or "kk")[:2]
    items = [{**item, "name": item["names"].get(language) or item["names"]["en"]}
             for item in (plan.items if submitted else live)]
    body: dict[str, Any] = {
        "id": plan.pk if plan else None, "student": student.user.username, "full_name": student.user.full_name,
        "program": student.program.code, "period": period.code, "status": status,
        "version": plan.version if plan else 0, "items": items,
        "credits": sum(item["credits"] for item in items),
        "submitted_at": plan.submitted_at.isoformat() if plan and plan.submitted_at else None,
        "adviser": (plan.adviser_decided_by.full_name if plan and plan.adviser_decided_by else None),
        "adviser_decided_at": plan.adviser_decided_at.isoformat() if plan and plan.adviser_decided_at else None,
        "dean": plan.dean_decided_by.full_name if plan and plan.dean_decided_by else None,
        "dean_decided_at": plan.dean_decided_at.isoformat() if plan and plan.dean_decided_at else None,
        "comment": plan.comment if plan else "",
    }
    if with_progress:
        body["progress"] = student_progress(student)
    return body


def plan_queue(user: Any) -> list[StudyPlan]:
    """Plans waiting for this person's step: an adviser's advisees' submitted plans, a dean's
    school's adviser-approved ones (RG-6). Oldest submission first."""
    from ektu_portal.academics.models import Role
    from ektu_portal.academics.permissions import dean_school_ids, has_role

    waiting = Q(pk__in=[])
    if has_role(user, Role.ADVISER):
        waiting |= Q(status=StudyPlan.Status.SUBMITTED, student__adviser=user)
    schools = dean_school_ids(user)
    if schools:
        waiting |= Q(status=StudyPlan.Status.ADVISER_APPROVED, student__program__school_id__in=schools)
    return list(StudyPlan.objects.filter(waiting)
                .select_related("student__user", "student__program", "period")
                .order_by("submitted_at", "id")[:500])


def plan_history(plan: StudyPlan) -> list[Any]:
    """Every step of the plan from the audit log (who, when, before, after, why)."""
    from ektu_portal.audit.models import AuditRecord

    return list(AuditRecord.objects.filter(object_type="registration.studyplan", object_id=str(plan.pk))
                .order_by("at", "id"))


def small_sections() -> list[Any]:
    """RG-5: the sections found under their minimum size, undecided first (the registrar's list)."""
    from registration.models import SmallSection

    return list(SmallSection.objects.select_related("section__discipline", "section__period", "section__instructor",
                                                    "decided_by")
                .order_by(models_case_pending_first(), "-found_at", "section__code")[:500])


def models_case_pending_first() -> Any:
    from django.db.models import Case, IntegerField, Value, When

    return Case(When(decision="pending", then=Value(0)), default=Value(1), output_field=IntegerField())


def small_section_as_dict(small: Any) -> dict[str, Any]:
    return {"id": small.pk, "section": small.section.code, "discipline": small.section.discipline.code,
            "period": small.section.period.code, "registered": small.registered, "min_size": small.min_size,
            "found_at": small.found_at.isoformat(), "rechoice_until": small.rechoice_until.isoformat(),
            "decision": small.decision,
            "decided_by": small.decided_by.username if small.decided_by else None}


def personal_windows(limit: int = 100) -> list[Any]:
    return list(PersonalWindow.objects.select_related("student__user", "period", "granted_by")
                .exclude(reason=PersonalWindow.Reason.RECHOICE).order_by("-opens")[:limit])
