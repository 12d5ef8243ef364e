"""Reads for registration: the facts eligibility needs, the offer a student sees, study plans and their
history, an adviser's advisees (frozen dataclasses the pages and the API serializers read)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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


@dataclass(frozen=True)
class OwnWindow:
    """RG-7/RG-5: a registration window of one student (orientation week, transfer, readmission,
    re-choice)."""

    period_id: int
    opens: datetime
    closes: datetime


def own_windows(student: Student, now: datetime) -> tuple[OwnWindow, ...]:
    """The student's own windows not closed at ``now``, the one closing first first."""
    return tuple(OwnWindow(*row) for row in PersonalWindow.objects.filter(student=student, closes__gt=now)
                 .order_by("closes", "id").values_list("period_id", "opens", "closes"))


def open_own_window(windows: tuple[OwnWindow, ...], now: datetime,
                    period_id: int | None = None) -> OwnWindow | None:
    """RG-7/RG-5: of the student's own windows, the one open at ``now`` (for the period, when one is
    named) that closes first — as ``personal_window`` picks it."""
    return next((w for w in windows if w.opens <= now < w.closes
                 and (period_id is None or w.period_id == period_id)), None)


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


def window_open(period: AcademicPeriod, now: datetime, student: Student | None = None,
                windows: tuple[OwnWindow, ...] | None = None) -> bool:
    """RG-2: registration in its window, re-registration in the drop-off period; RG-7/RG-5: or the
    student's own window for this period (``windows``: the student's own, already read)."""
    if period.registration_open_at(now) or period.drop_off_open_at(now):
        return True
    if windows is not None:
        return open_own_window(windows, now, period.pk) is not None
    return personal_window(student, now, period) is not None


def window_closes(period: AcademicPeriod, now: datetime, student: Student | None = None,
                  windows: tuple[OwnWindow, ...] | None = None) -> datetime | None:
    if windows is not None:
        mine = open_own_window(windows, now, period.pk)
        own_closes = mine.closes if mine else None
    else:
        own = personal_window(student, now, period)
        own_closes = own.closes if own else None
    if own_closes is not None:
        return own_closes
    if period.registration_open_at(now):
        return period.registration_closes
    return period.drop_off_closes if period.drop_off_open_at(now) else None


def curriculum_plan(program_id: int, intake_year: int) -> dict[str, PlanItem]:
    """The curriculum of a programme's intake as registration needs it (shared by all its students)."""
    # values_list, not model instances: this runs on every enrolment of registration day.
    items = CurriculumItem.objects.filter(curriculum__program_id=program_id,
                                          curriculum__intake_year=intake_year).values_list(
        "discipline__code", "semester", "elective_group")
    return {code: PlanItem(code, semester, group) for code, semester, group in items}


def plan_of(student: Student) -> dict[str, PlanItem]:
    return curriculum_plan(student.program_id, student.intake_year)


def plan_credits(plan: dict[str, PlanItem]) -> dict[str, int]:
    return dict(Discipline.objects.filter(code__in=plan).values_list("code", "credits"))


@dataclass(frozen=True)
class Taking:
    """A live registration of the student in the period: enrolled, or on the wait list."""

    section_id: int
    enrollment_id: int
    discipline: str
    credits: int
    status: str


@dataclass(frozen=True)
class RegistrantRecord:
    """The student's own facts for one period as read from the database — what ``StudentFacts`` is
    assembled from (``registration_facts``), and what registration day caches (registration.cache)."""

    taking: tuple[Taking, ...]
    mastered: frozenset[str]                       # positive final grades (grading's transcript)
    studying: frozenset[str]                       # RG-3: enrolled earlier, no final grade yet
    attempted: frozenset[str]                      # GR-18: attempted in another period


def registrant_record(student: Student, period: AcademicPeriod, scales: Any = None) -> RegistrantRecord:
    """Grades come from grading's transcript (the one source); enrolments are registration's own.
    ``scales``: grading's letter scales, shared when many students are read at once."""
    from grading.selectors import student_transcript

    taking = tuple(Taking(*row) for row in Enrollment.objects.filter(
        student=student, section__period=period, status__in=TAKING).order_by("section_id").values_list(
        "section_id", "pk", "section__discipline__code", "section__discipline__credits", "status"))
    record = student_transcript(student, scales=scales)
    # RG-3 interpretation: enrolled in an earlier period that has not ended in a final grade yet.
    earlier = Enrollment.objects.filter(student=student, status=Enrollment.Status.ENROLLED,
                                        section__period__starts__lt=period.starts).values_list(
        "section__discipline__code", "section__period__code")
    studying = frozenset(code for code, period_code in earlier if code not in record.finished_in(period_code))
    attempted = frozenset(a.discipline.code for a in record.attempts if a.period.code != period.code)
    return RegistrantRecord(taking=taking, mastered=frozenset(record.mastered), studying=studying,
                            attempted=attempted)


def registration_facts(record: RegistrantRecord, period: AcademicPeriod, plan: dict[str, PlanItem], *,
                       active: bool, intake_year: int) -> StudentFacts:
    """What eligibility needs to know of the student for a period, from what was read of them."""
    group_taken: dict[str, int] = {}
    for taking in record.taking:
        group = plan[taking.discipline].elective_group if taking.discipline in plan else ""
        if group:
            group_taken[group] = group_taken.get(group, 0) + taking.credits
    summer = is_summer(period)
    return StudentFacts(
        active=active, semester=semester_of(intake_year, period.starts),
        plan=plan, mastered=record.mastered, enrolled_credits=sum(t.credits for t in record.taking),
        enrolled_disciplines=frozenset(t.discipline for t in record.taking), group_credits_taken=group_taken,
        summer=summer, studying=record.studying, attempted=record.attempted,
        restudy_credits=(sum(t.credits for t in record.taking if t.discipline in record.attempted)
                         if summer else 0))


def student_facts(student: Student, period: AcademicPeriod,
                  plan: dict[str, PlanItem] | None = None) -> StudentFacts:
    """What eligibility needs to know of the student for a period, read now."""
    return registration_facts(registrant_record(student, period), period,
                              plan if plan is not None else plan_of(student),
                              active=student.status == Student.Status.ACTIVE, intake_year=student.intake_year)


def section_facts(section: Section, taken: int | None = None) -> SectionFacts:
    """``taken``: the seats taken as read just now (a cached section's own count is older)."""
    return SectionFacts(discipline=section.discipline.code, credits=section.discipline.credits,
                        prerequisites=[d.code for d in section.discipline.prerequisites.all()],
                        capacity=section.capacity, taken=section.taken if taken is None else taken)


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


def offered_disciplines(plan: Mapping[str, PlanItem], facts: StudentFacts) -> set[str]:
    """The disciplines of the plan offered this period. Passed ones are not offered again (GR-11) — except
    in summer, where a positive grade may be raised; earlier semesters' others are (debts, RG-3).
    GR-18: a summer semester also offers later semesters' disciplines, to earn extra credits."""
    return {code for code, item in plan.items() if (facts.summer or item.semester <= facts.semester)
            and (facts.summer or code not in facts.mastered)}


def offer(student: Student, now: datetime) -> Offer:
    """Contract §3: the sections of the student's plan this period, each with whether and why not."""
    period = registration_period(now, student)
    if period is None:
        return Offer(period=None, window_open=False)
    plan = plan_of(student)
    record = registrant_record(student, period)
    facts = registration_facts(record, period, plan, active=student.status == Student.Status.ACTIVE,
                               intake_year=student.intake_year)
    sections = (Section.objects.filter(period=period, discipline__code__in=offered_disciplines(plan, facts))
                .select_related("discipline", "instructor")
                .prefetch_related("discipline__prerequisites").order_by("discipline__code", "code"))
    return assemble_offer(period, plan, plan_credits(plan), facts, record, sections,
                          window_open=window_open(period, now, student),
                          window_closes=window_closes(period, now, student),
                          credit_limit=credit_limit(period), price=price_per_credit(period))


def assemble_offer(period: AcademicPeriod, plan: Mapping[str, PlanItem], credits: Mapping[str, int],
                   facts: StudentFacts, record: RegistrantRecord, sections: Iterable[Section], *,
                   window_open: bool, window_closes: datetime | None, credit_limit: int,
                   price: Decimal | None, taken: Mapping[int, int] | None = None,
                   facts_of: Callable[[Section, int | None], SectionFacts] = section_facts) -> Offer:
    """The offer from what was read — now (``offer``) or cached (registration.cache), with the seats
    taken as read now (``taken``: section id → seats taken; ``facts_of`` may remember each section's
    facts). Sections outside the offered disciplines are left out; each section's reasons are
    eligibility's (the one source)."""
    from registration.policy.eligibility import reasons_against

    offered = offered_disciplines(plan, facts)
    mine = {t.section_id: (t.status, t.enrollment_id) for t in record.taking}
    group_credits = {item.elective_group: elective_group_credits(plan, credits, item.elective_group)
                     for item in plan.values() if item.elective_group}
    rows = []
    for section in sections:
        discipline = section.discipline
        if discipline.code not in offered:
            continue
        item = plan[discipline.code]
        seats = section.taken if taken is None else taken.get(section.pk, section.taken)
        reasons = reasons_against(facts, facts_of(section, seats), window_open=window_open,
                                  credit_limit=credit_limit,
                                  group_credits=group_credits.get(item.elective_group, 0))
        status, enrollment_id = mine.get(section.pk, (None, None))
        rows.append(OfferRow(
            code=section.code, discipline=discipline.code, name=discipline.name,
            credits=discipline.credits, capacity=section.capacity, taken=seats,
            language=section.language or None,
            instructor=section.instructor.full_name if section.instructor else None,
            elective_group=item.elective_group or None, semester=item.semester, reasons=tuple(reasons),
            my_status=status, passed=discipline.code in facts.mastered,
            price=summer_cost(discipline.credits, price) if price is not None else None,
            enrollment_id=enrollment_id))
    return Offer(period=period, window_open=window_open, sections=tuple(rows),
                 window_closes=window_closes, credit_limit=credit_limit,
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


def plan_line(section: Section, status: str, plan: Mapping[str, PlanItem]) -> dict[str, Any]:
    """One live registration as the plan lists it (and as a submitted plan keeps it in ``items``)."""
    code = section.discipline.code
    return {"section": section.code, "discipline": code,
            "names": {"kk": section.discipline.name_kk, "ru": section.discipline.name_ru,
                      "en": section.discipline.name_en}, "credits": section.discipline.credits,
            "language": section.language or None,
            "instructor": section.instructor.full_name if section.instructor else None,
            "elective_group": plan[code].elective_group or None if code in plan else None,
            "status": status}


def plan_sections(student: Student, period: AcademicPeriod) -> list[dict[str, Any]]:
    """The student's live registrations for the period, as the plan lists them (and as a submitted
    plan keeps them in ``StudyPlan.items``)."""
    enrollments = (Enrollment.objects.filter(student=student, section__period=period, status__in=TAKING)
                   .select_related("section__discipline", "section__instructor")
                   .order_by("section__discipline__code"))
    plan = plan_of(student)
    return [plan_line(e.section, e.status, plan) for e in enrollments]


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
                  with_progress: bool = False, live: list[dict[str, Any]] | None = None) -> PlanDocument:
    """The plan of a student for a period (a draft of the live registrations when there is none yet;
    ``live``: those registrations, when already at hand)."""
    status = plan.status if plan else StudyPlan.Status.DRAFT
    submitted = plan is not None and status != StudyPlan.Status.DRAFT
    if plan is not None and submitted:
        lines = plan.items
    else:
        lines = live if live is not None else plan_sections(student, period)
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
