"""Reads of §12's cases: the policy's facts from the calendar and the records, the deadlines, the
comparison sheet from the shared recount engine, and the lists the pages show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings

from ektu_portal.academics.models import AcademicPeriod, Curriculum, Section, Student
from mobility.models import TransferCase
from mobility.policy import transfers as policy

# CR-6 fundings in the policy's three words.
FUNDING = {Student.Funding.STATE_GRANT: policy.GRANT, Student.Funding.LOCAL_GRANT: policy.GRANT,
           Student.Funding.TARGETED: policy.TARGETED, Student.Funding.PAID: policy.PAID}

# Refusals that depend on the day (TR-1, TR-4, TR-8's four weeks): an application filed before the
# vacation is decided in it, so these are the rector's to check on the day of the decision — except for a
# transfer out, whose day is the application's own (TR-6).
TIMING = frozenset({policy.OUTSIDE_VACATION, policy.OUTSIDE_DECISION_WINDOW,
                    policy.NON_PAYMENT_FOUR_WEEKS_PASSED})

# §12 main periods: vacations are the gaps between them (the summer semester runs in the summer vacation).
_MAIN_KINDS = (AcademicPeriod.Kind.SEMESTER, AcademicPeriod.Kind.TRIMESTER, AcademicPeriod.Kind.QUARTER)


@dataclass(frozen=True)
class Calendar:
    vacations: tuple[policy.Vacation, ...]
    next_period: AcademicPeriod | None

    @property
    def next_period_starts(self) -> date:
        return self.next_period.starts if self.next_period is not None else date.max


def calendar_on(day: date) -> Calendar:
    """TR-1, TR-4: the vacations (between one main period's end and the next one's start, both days
    included) and the next main period after ``day``, from the academic calendar."""
    periods = list(AcademicPeriod.objects.filter(kind__in=_MAIN_KINDS).order_by("starts"))
    vacations = tuple(policy.Vacation(a.ends + timedelta(days=1), b.starts - timedelta(days=1))
                      for a, b in zip(periods, periods[1:], strict=False) if b.starts > a.ends)
    upcoming = next((p for p in periods if p.starts > day), None)
    return Calendar(vacations, upcoming)


def academic_year_start(day: date) -> int:
    """The calendar year the academic year of ``day`` starts in (academic years start in autumn)."""
    return day.year if day.month >= 8 else day.year - 1


def intake_year_for(course_year: int, day: date) -> int:
    """The intake a student studying ``course_year`` in the academic year of ``day`` belongs to — whose
    working curriculum a newcomer or a readmitted student follows (TR-8: the programme in force)."""
    return academic_year_start(day) - (course_year - 1)


def has_curriculum(program: Any, intake_year: int) -> bool:
    return Curriculum.objects.filter(program=program, intake_year=intake_year).exists()


def policy_case(case: TransferCase, on: date, calendar: Calendar | None = None) -> policy.Case:
    """The facts ``mobility.policy.transfers`` decides on, as the case and the records hold them."""
    calendar = calendar or calendar_on(on)
    student = case.student
    target = case.program
    now_program = student.program if student is not None else None
    same_group = bool(target is not None and now_program is not None and target.group_code
                      and target.group_code == now_program.group_code)
    leaves_creative = bool(case.kind == TransferCase.Kind.BETWEEN_PROGRAMMES and now_program is not None
                           and now_program.creative and target is not None and not target.creative)
    readmission = None
    if case.kind == TransferCase.Kind.READMISSION:
        readmission = policy.Readmission(
            reason=case.expulsion_reason or policy.OTHER_REASON, expelled_on=case.expelled_on or on,
            debt_paid=case.debt_paid, course_at_expulsion=case.course_at_expulsion,
            requested_course=case.course_year, already_readmitted_to_defend=case.readmitted_to_defend_before)
    return policy.Case(
        kind=case.kind, on=on, vacations=calendar.vacations, next_period_starts=calendar.next_period_starts,
        first_period_completed=case.first_period_completed, funding=FUNDING.get(case.funding, policy.PAID),
        requested=case.requested, same_group=same_group, leaves_creative_group=leaves_creative,
        unt_score=case.unt_score, unt_threshold=settings.TRANSFER_UNT_THRESHOLD,
        medical_commission=case.medical_commission, vacant_grant_place=_vacant_grant_place(target),
        from_foreign_university=case.foreign_university,
        kazakh_citizen_or_kandas=case.kazakh_citizen_or_kandas,
        emergency_in_country_of_study=case.emergency, readmission=readmission)


def _vacant_grant_place(program: Any) -> bool:
    """TR-5: a vacant grant place of the programme's group is recorded and not yet awarded (TR-9)."""
    from django.db.models import Count, F

    from mobility.models import VacantGrant

    if program is None or not program.group_code:
        return False
    return (VacantGrant.objects.filter(group_code=program.group_code)
            .annotate(awarded=Count("awards")).filter(places__gt=F("awarded")).exists())


def refusals(case: TransferCase, on: date, *, with_timing: bool = True) -> tuple[str, ...]:
    """Every reason the case cannot go ahead on ``on`` (TR-1 … TR-8); without the day's own reasons when
    ``with_timing`` is False (the rector checks those on the day of the decision)."""
    found = policy.refusals(policy_case(case, on))
    if with_timing or case.kind == TransferCase.Kind.OUTGOING:
        return found
    return tuple(code for code in found if code not in TIMING)


def progress(case: TransferCase) -> policy.Progress:
    """The dated steps the deadlines count from (TR-6, TR-7). A transfer out's order is the expulsion
    order; everyone else's is the transfer or readmission order."""
    outgoing = case.kind == TransferCase.Kind.OUTGOING
    return policy.Progress(kind=case.kind, applied_on=case.applied_on, decided_on=case.decided_on,
                           receiving_request_on=case.receiving_request_on,
                           expulsion_order_on=case.order_on if outgoing else None,
                           file_sent_on=case.file_sent_on, order_on=None if outgoing else case.order_on)


def next_step(case: TransferCase) -> str | None:
    """Who acts next (a key of ``labels.TRANSFER_NEXT``); None once the case is over."""
    outgoing = case.kind == TransferCase.Kind.OUTGOING
    if case.status == TransferCase.Status.SUBMITTED:
        return "decide_outgoing" if outgoing else "decide"
    if case.status == TransferCase.Status.APPROVED:
        return "receiving_request" if outgoing and case.receiving_request_on is None else "order"
    if case.status == TransferCase.Status.ORDERED:
        return "file" if outgoing else "register"
    return None


def days_off_for(cases: Iterable[TransferCase]) -> frozenset[date]:
    """CR-5's days off around the cases' applications (a year before to two after the span): read once for
    a list, not once per case."""
    from ektu_portal.academics.selectors import days_off

    years = [case.applied_on.year for case in cases]
    return days_off(min(years) - 1, max(years) + 2) if years else frozenset()


def deadlines(case: TransferCase, today: date,
              days_off: frozenset[date] | None = None) -> tuple[tuple[policy.Deadline, bool], ...]:
    """TR-6, TR-7 in working days (CR-5): each deadline started, with whether it is overdue today. A refused
    case has none. ``days_off``: from :func:`days_off_for` when the caller goes through many cases."""
    if case.status == TransferCase.Status.REFUSED:
        return ()
    steps, off = progress(case), days_off if days_off is not None else days_off_for([case])
    late = set(policy.overdue(steps, today, off))
    return tuple((d, d.code in late) for d in policy.due_dates(steps, off))


def overdue_cases(today: date) -> list[tuple[TransferCase, tuple[str, ...]]]:
    """The cases with a deadline passed and its step not done: the registrar's daily list."""
    cases = (TransferCase.objects.filter(kind__in=(TransferCase.Kind.OUTGOING, TransferCase.Kind.INCOMING))
             .exclude(status__in=(TransferCase.Status.REFUSED, TransferCase.Status.CLOSED))
             .select_related("student__user", "program"))
    found = []
    off = days_off_for(cases)
    for case in cases:
        late = tuple(d.code for d, overdue in deadlines(case, today, off) if overdue)
        if late:
            found.append((case, late))
    return found


# --- the comparison sheet (RC-1 … RC-5, TR-4, TR-7) ----------------------------------------------------

@dataclass(frozen=True)
class DifferenceLine:
    code: str
    name: str
    credits: int
    semester: int
    this_period: bool   # RC-5: in the period's timetable; else the summer semester


@dataclass(frozen=True)
class ComparisonView:
    sheet: Any                         # grading's ComparisonSheet
    names: dict[str, str]              # discipline code → name in the page's language
    difference: tuple[DifferenceLine, ...]
    period: AcademicPeriod | None      # the period the student registers for (RG-7)
    due: AcademicPeriod | None         # the difference is cleared by this period's end (RC-5)


def placement(case: TransferCase, day: date) -> tuple[Any, int, int]:
    """(programme, intake year, course year) the recount is against: the programme moved to, in force
    (TR-8), at the course asked; a student moving between programmes keeps their intake."""
    student = case.student
    course = case.course_year or (student.course_year if student is not None else 1)
    if case.kind == TransferCase.Kind.BETWEEN_PROGRAMMES and student is not None:
        return case.program, student.intake_year, course
    return case.program, intake_year_for(course, day), course


def registration_period_for(day: date) -> AcademicPeriod | None:
    """RG-7: the period the moved student registers for — the one in progress, else the next one."""
    return (AcademicPeriod.objects.filter(ends__gte=day).exclude(kind=AcademicPeriod.Kind.SUMMER)
            .order_by("starts").first())


def comparison(case: TransferCase, day: date) -> ComparisonView | None:
    """The comparison sheet of a case that moves a student into a programme of EKTU (TR-4, TR-7, TR-8),
    computed by the shared recount engine; None for a transfer out or a case without a programme."""
    from ektu_portal.academics.models import Discipline
    from grading.selectors import recount_facts
    from grading.services import recount_sheet

    if case.kind == TransferCase.Kind.OUTGOING or case.program is None:
        return None
    program, intake, course = placement(case, day)
    if not has_curriculum(program, intake):
        return None
    facts = recount_facts(case.student if case.kind != TransferCase.Kind.INCOMING else None, today=day,
                          program=program, intake_year=intake, course_year=course)
    # No previous transcript (a readmission, a move whose studies are EKTU's): the difference alone.
    sheet = recount_sheet(facts=facts, source="transfer", items=case.items,
                          hours_per_credit=case.hours_per_credit)
    period = registration_period_for(day)
    offered = set(Section.objects.filter(period=period).values_list("discipline__code", flat=True)) \
        if period is not None else set()
    codes = {item.code for item in facts.curriculum}
    names = {d.code: d.name for d in Discipline.objects.filter(code__in=codes)}
    return ComparisonView(
        sheet=sheet, names=names,
        difference=tuple(DifferenceLine(d.discipline, names.get(d.discipline, d.discipline), d.credits,
                                        d.semester, d.discipline in offered) for d in sheet.difference),
        period=period, due=_difference_due(day))


def _difference_due(day: date) -> AcademicPeriod | None:
    """RC-5: the difference not cleared by the summer semester of the academic year becomes debt."""
    current = AcademicPeriod.objects.filter(ends__gte=day).order_by("starts", "code").first()
    if current is None or not current.academic_year:
        return current
    return (AcademicPeriod.objects.filter(academic_year=current.academic_year)
            .order_by("-ends", "-starts", "code").first())


# --- lists ------------------------------------------------------------------------------------------------

def cases_for(actor: Any) -> list[TransferCase]:
    """The cases the actor may see, newest first (one query; the permission decides row by row only for
    deans, whose schools are a set)."""
    from mobility import permissions

    cases = (TransferCase.objects.select_related("student__user", "student__program", "program")
             .order_by("-created_at", "-pk"))
    if permissions.sees_every_case(actor):
        return list(cases[:500])
    schools = permissions.case_schools_of(actor)
    if schools:
        from django.db.models import Q

        return list(cases.filter(Q(program__school_id__in=schools)
                                 | Q(student__program__school_id__in=schools))[:500])
    if getattr(actor, "is_authenticated", False):
        return list(cases.filter(student__user_id=actor.pk))
    return []
