"""Reads for registration: the facts eligibility needs, the offer a student sees, study plans and their
history, an adviser's advisees (frozen dataclasses the pages and the API serializers read)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
from registration.policy import study_plan
from registration.policy.eligibility import (
    SECTION_FULL,
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


def student_facts(student: Student, period: AcademicPeriod,
                  plan: dict[str, PlanItem] | None = None) -> StudentFacts:
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
        active=student.status == Student.Status.ACTIVE,
        semester=semester_of(student.intake_year, period.starts),
        plan=plan, mastered=record.mastered, enrolled_credits=sum(c for _, c in taking),
        enrolled_disciplines={code for code, _ in taking}, group_credits_taken=group_taken,
        summer=summer, studying=studying, attempted=attempted,
        restudy_credits=sum(c for code, c in taking if code in attempted) if summer else 0)


def section_facts(section: Section) -> SectionFacts:
    return SectionFacts(discipline=section.discipline.code, credits=section.discipline.credits,
                        prerequisites=[d.code for d in section.discipline.prerequisites.all()],
                        capacity=section.capacity, taken=section.taken)


@dataclass(frozen=True)
class OfferRow:
    """Contract §3: one section of the student's plan this period, with whether and why not."""

    code: str
    discipline: str
    name: str
    credits: int
    capacity: int
    taken: int
    language: str | None
    instructor: str | None
    elective_group: str | None
    semester: int
    reasons: tuple[str, ...]
    my_status: str | None                         # the student's live enrolment: enrolled / waitlisted
    passed: bool
    price: Decimal | None                         # GR-18: what the section's credits cost in summer
    enrollment_id: int | None = None              # the live enrolment (the page's drop button)

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def can_choose(self) -> bool:
        """Eligible — or full and so still open to its wait list (RG-9)."""
        return self.eligible or self.reasons == (SECTION_FULL,)


@dataclass(frozen=True)
class Offer:
    """Contract §3: the offer of the period whose registration is open for the student (none: no
    period open, and only ``period``, ``window_open`` and ``sections`` are said)."""

    period: AcademicPeriod | None
    window_open: bool
    sections: tuple[OfferRow, ...] = ()
    window_closes: datetime | None = None
    credit_limit: int = 0
    credits_taken: int = 0
    summer: bool = False
    price_per_credit: Decimal | None = None
    cost_taken: Decimal | None = None


def offer(student: Student, now: datetime) -> Offer:
    """Contract §3: the sections of the student's plan this period, each with whether and why not."""
    from registration.policy.eligibility import reasons_against

    period = registration_period(now, student)
    if period is None:
        return Offer(period=None, window_open=False)
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
    mine = {sid: (status, pk) for sid, status, pk in Enrollment.objects.filter(
        student=student, section__period=period, status__in=TAKING).values_list("section_id", "status", "pk")}
    rows = []
    for section in sections:
        item = plan[section.discipline.code]
        reasons = reasons_against(facts, section_facts(section), window_open=is_open, credit_limit=limit,
                                  group_credits=elective_group_credits(plan, credits, item.elective_group)
                                  if item.elective_group else 0)
        status, enrollment_id = mine.get(section.pk, (None, None))
        rows.append(OfferRow(
            code=section.code, discipline=section.discipline.code, name=section.discipline.name,
            credits=section.discipline.credits, capacity=section.capacity, taken=section.taken,
            language=section.language or None,
            instructor=section.instructor.full_name if section.instructor else None,
            elective_group=item.elective_group or None, semester=item.semester, reasons=tuple(reasons),
            my_status=status, passed=section.discipline.code in facts.mastered,
            price=summer_cost(section.discipline.credits, price) if price is not None else None,
            enrollment_id=enrollment_id))
    return Offer(period=period, window_open=is_open, sections=tuple(rows),
                 window_closes=window_closes(period, now, student), credit_limit=limit,
                 credits_taken=facts.enrolled_credits, summer=facts.summer, price_per_credit=price,
                 cost_taken=summer_cost(facts.enrolled_credits, price) if price is not None else None)


# --- individual study plans (RG-6) ----------------------------------------------------------------

@dataclass(frozen=True)
class PlanLine:
    """One discipline of a plan: a live registration (before submission) or as submitted."""

    section: str
    discipline: str
    names: Mapping[str, str]                      # {"kk", "ru", "en"}: the plan is printed in Kazakh
    credits: int
    language: str | None
    instructor: str | None
    elective_group: str | None
    status: str | None = None                     # the live enrolment's status; None once submitted

    @property
    def name(self) -> str:
        """The discipline's name in the reader's language, falling back to English."""
        return self.names.get((get_language() or "kk")[:2]) or self.names.get("en", "")


@dataclass(frozen=True)
class StudentProgress:
    """What an adviser looks at before signing (RG-1): credits earned of the program's, GPA, debts."""

    credits_earned: int
    credits_required: int
    gpa: Decimal | None
    debts: tuple[str, ...]


@dataclass(frozen=True)
class PlanDocument:
    """One plan for the API and the pages. Before submission the lines are the live registrations;
    after, the lines as submitted (what the adviser and dean sign)."""

    id: int | None
    student: Student
    period: AcademicPeriod
    status: str
    version: int
    items: tuple[PlanLine, ...]
    submitted_at: datetime | None = None
    adviser: str | None = None                    # full names of who decided (never usernames)
    adviser_decided_at: datetime | None = None
    dean: str | None = None
    dean_decided_at: datetime | None = None
    comment: str = ""
    progress: StudentProgress | None = None

    @property
    def credits(self) -> int:
        return sum(item.credits for item in self.items)


def _line(item: Mapping[str, Any]) -> PlanLine:
    return PlanLine(section=item["section"], discipline=item["discipline"], names=dict(item["names"]),
                    credits=item["credits"], language=item.get("language"), instructor=item.get("instructor"),
                    elective_group=item.get("elective_group"), status=item.get("status"))


def plan_sections(student: Student, period: AcademicPeriod) -> list[dict[str, Any]]:
    """The student's live registrations for the period, as the plan lists them (and as a submitted
    plan keeps them in ``StudyPlan.items``)."""
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


def student_progress(student: Student) -> StudentProgress:
    """RG-1: the adviser's view of the student's progress, from grading's transcript."""
    from grading.selectors import open_debts, student_transcript

    record = student_transcript(student)
    return StudentProgress(credits_earned=record.credits_earned, credits_required=student.program.credits,
                           gpa=record.gpa,
                           debts=tuple(debt.discipline for debt in open_debts(student_ids=[student.pk])))


def plan_document(plan: StudyPlan | None, *, student: Student, period: AcademicPeriod,
                  with_progress: bool = False) -> PlanDocument:
    """The plan of a student for a period (a draft of the live registrations when there is none yet)."""
    status = plan.status if plan else StudyPlan.Status.DRAFT
    submitted = plan is not None and status != StudyPlan.Status.DRAFT
    lines = plan.items if plan is not None and submitted else plan_sections(student, period)
    return PlanDocument(
        id=plan.pk if plan else None, student=student, period=period, status=status,
        version=plan.version if plan else 0, items=tuple(_line(item) for item in lines),
        submitted_at=plan.submitted_at if plan else None,
        adviser=plan.adviser_decided_by.full_name if plan and plan.adviser_decided_by else None,
        adviser_decided_at=plan.adviser_decided_at if plan else None,
        dean=plan.dean_decided_by.full_name if plan and plan.dean_decided_by else None,
        dean_decided_at=plan.dean_decided_at if plan else None,
        comment=plan.comment if plan else "",
        progress=student_progress(student) if with_progress else None)


def plan_queue(user: Any) -> list[StudyPlan]:
    """Plans waiting for this person's step: an adviser's advisees' submitted plans, a dean's
    school's adviser-approved ones (RG-6). Oldest submission first: a queue is served in turn."""
    from ektu_portal.academics.models import Role
    from ektu_portal.academics.permissions import dean_school_ids, has_role

    waiting = Q(pk__in=[])
    if has_role(user, Role.ADVISER):
        waiting |= Q(status=StudyPlan.Status.SUBMITTED, student__adviser=user)
    schools = dean_school_ids(user)
    if schools:
        waiting |= Q(status=StudyPlan.Status.ADVISER_APPROVED, student__program__school_id__in=schools)
    return list(StudyPlan.objects.filter(waiting)
                .select_related("student__user", "student__program__school", "student__adviser", "period",
                                "adviser_decided_by", "dean_decided_by")
                .order_by("submitted_at", "id")[:500])


@dataclass(frozen=True)
class PlanStep:
    """One step of a plan's history, from the audit log: when, who (by name), what, from → to."""

    at: datetime
    actor_name: str | None                        # None: the portal itself
    action: str                                   # "study_plan.submit" …: labelled by registration.labels
    status_before: str | None
    status_after: str | None
    comment: str                                  # a return's reason, in the person's own words


def plan_history(plan: StudyPlan) -> list[PlanStep]:
    """Every step of the plan from the audit log, oldest first (RG-6)."""
    from ektu_portal.audit.models import AuditRecord

    records = (AuditRecord.objects.filter(object_type="registration.studyplan", object_id=str(plan.pk))
               .select_related("actor").order_by("at", "id"))
    returns = {"study_plan." + study_plan.ADVISER_RETURN, "study_plan." + study_plan.DEAN_RETURN}
    return [PlanStep(at=record.at, actor_name=record.actor.full_name if record.actor else None,
                     action=record.action, status_before=(record.before or {}).get("status"),
                     status_after=(record.after or {}).get("status"),
                     comment=record.reason if record.action in returns else "") for record in records]


@dataclass(frozen=True)
class Advisee:
    """An adviser's student and where their plan for the registration period stands (RG-1, RG-6), with
    the disciplines where they have missed 40% of the classes or more (GR-3, from grading)."""

    student: Student
    plan_id: int | None
    plan_status: str | None                       # None: no plan yet
    at_risk: tuple[Any, ...] = ()                 # grading.selectors.AdviseeAtRisk, one per discipline


def advisees(adviser: Any, period: AcademicPeriod | None, *, with_attendance: bool = False) -> list[Advisee]:
    """The adviser's active students in Kazakh alphabetical order, each with their plan for the period
    (and, ``with_attendance``, who is at risk of GR-3's attendance limit)."""
    from grading.selectors import advisees_at_risk

    students = list(Student.objects.filter(adviser=adviser, status=Student.Status.ACTIVE)
                    .select_related("user", "program")
                    .order_by("user__full_name_sort", "user__full_name")[:500])
    plans = ({} if period is None else
             {student_id: (pk, status) for student_id, pk, status in StudyPlan.objects.filter(
                 period=period, student__in=students).values_list("student_id", "pk", "status")})
    risks: dict[str, list[Any]] = {}
    for risk in (advisees_at_risk(adviser) if with_attendance else ()):
        risks.setdefault(risk.student, []).append(risk)
    return [Advisee(student=student, plan_id=plans.get(student.pk, (None, None))[0],
                    plan_status=plans.get(student.pk, (None, None))[1],
                    at_risk=tuple(risks.get(student.user.username, ()))) for student in students]


def small_sections() -> list[Any]:
    """RG-5: the sections found under their minimum size, undecided first (the registrar's list)."""
    from django.db.models import Case, IntegerField, Value, When

    from registration.models import SmallSection

    pending_first = Case(When(decision=SmallSection.Decision.PENDING, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    return list(SmallSection.objects
                .select_related("section__discipline", "section__period", "section__instructor", "decided_by")
                .order_by(pending_first, "-found_at", "section__code")[:500])


def personal_windows(limit: int = 100) -> list[Any]:
    """RG-7, RG-2: the windows granted to single students, the latest first (re-choice ones are the job's)."""
    return list(PersonalWindow.objects.select_related("student__user", "period", "granted_by")
                .exclude(reason=PersonalWindow.Reason.RECHOICE).order_by("-opens")[:limit])
