"""Reads of academic mobility: what MO-1 and MO-2 ask of a student, from grading's transcript and debts.

Grades, GPA and debts come only from ``grading.selectors`` (issue 8): mobility never computes a grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from ektu_portal.academics.models import AcademicPeriod, CurriculumItem, Student
from grading.selectors import open_debts, student_transcript
from mobility.models import Application, Call, LearningAgreement, Partner
from mobility.policy.agreement import AgreementCheck, HostComponent, PlannedDiscipline, check_agreement
from mobility.policy.eligibility import Eligibility, Standing, eligibility
from mobility.policy.partners import DEFAULT_HOURS_PER_CREDIT, rule_in_force
from registration.selectors import semester_of  # the curriculum semester of a period (RG-4)

# Contract §4 statuses: an attempt still in progress has no final letter yet; a graded one has its
# letter; any other (did not appear, not admitted, annulled) is an F-equivalent (GR-7, GR-8).
_IN_PROGRESS = "in_progress"
_GRADED = "graded"


def student_standing(student: Student) -> Standing:
    """MO-1/MO-2 facts: programme level, course year, cumulative GPA (GP-1), the final letter of
    every attempt in every period, and the open academic debts (GR-10)."""
    transcript = student_transcript(student)
    letters = tuple(attempt.letter if attempt.status == _GRADED else None
                    for attempt in transcript.attempts if attempt.status != _IN_PROGRESS)
    return Standing(level=student.program.level, course_year=student.course_year,
                    cumulative_gpa=transcript.gpa, letters=letters,
                    open_debts=len(open_debts(student_ids=[student.pk])))


def mobility_eligibility(student: Student, *, kind: str, english: str | None = None) -> Eligibility:
    """Contract §8: may the student apply for this kind of mobility, and every reason why not."""
    return eligibility(kind, student_standing(student), english)


# --- pages --------------------------------------------------------------------------------------------

def partners() -> list[Any]:
    """Partner universities with their rules per period (MO-6, MO-6a), newest rule first."""
    return list(Partner.objects.prefetch_related("rules").order_by("name"))


def open_calls(today: date) -> list[Call]:
    """Calls still taking applications on ``today``, closing soonest first."""
    return list(Call.objects.select_related("partner", "period").filter(closes_on__gte=today)
                .order_by("closes_on", "partner__name"))


def calls_with_applications() -> list[Call]:
    """Every call with its applications, for the coordinators and the selection commission (MO-2)."""
    applications = Application.objects.select_related("student__user", "student__program", "decided_by"
                                                      ).prefetch_related("recognitions__result__discipline")
    return list(Call.objects.select_related("partner", "period").prefetch_related(
        Prefetch("applications", queryset=applications.order_by("submitted_at"))).order_by("-closes_on"))


def applications_of(student: Student) -> list[Application]:
    return list(Application.objects.select_related("call__partner", "call__period")
                .filter(student=student).order_by("-submitted_at"))


# --- MO-4, MO-6: the learning agreement -------------------------------------------------------------

def period_plan(student: Student, period: AcademicPeriod) -> list[PlannedDiscipline]:
    """The disciplines the student's working curriculum places in the period's semester (MO-4)."""
    semester = semester_of(student.intake_year, period.starts)
    items = CurriculumItem.objects.filter(curriculum__program_id=student.program_id,
                                          curriculum__intake_year=student.intake_year, semester=semester,
                                          minor_of__isnull=True).select_related("discipline")
    return [PlannedDiscipline(i.discipline.code, i.discipline.credits,
                              i.component == CurriculumItem.Component.MANDATORY, i.elective_group)
            for i in items.order_by("discipline__code")]


def host_hours_per_credit(partner: Partner, on: date) -> Decimal:
    """MO-6, MO-6a: the host's hours per ECTS credit from the partner's rule in force (30 without one)."""
    rule = rule_in_force(list(partner.rules.all()), on)
    return rule.hours_per_credit if rule is not None else DEFAULT_HOURS_PER_CREDIT


@dataclass(frozen=True)
class ShortfallPrice:
    """MO-4: what the shortfall costs in the additional (summer) period after the mobility, at EKTU's
    credit price for that period (GR-18's data); ``price_per_credit`` None while no price is set."""

    period: AcademicPeriod | None
    credits: int
    price_per_credit: Decimal | None

    @property
    def total(self) -> Decimal | None:
        if self.price_per_credit is None:
            return None
        return (self.price_per_credit * self.credits).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class AgreementView:
    """A learning agreement (or none yet) with its check against the period's plan (MO-4), the price of
    its shortfall, and the signatures of its current version (MO-3)."""

    application: Application
    agreement: LearningAgreement | None
    plan: tuple[PlannedDiscipline, ...]
    check: AgreementCheck | None
    shortfall: ShortfallPrice | None = None
    signatures: tuple[Any, ...] = ()

    @property
    def parties(self) -> list[tuple[str, str]]:
        """MO-3: who signs, in the order the agreement lists them, in the reader's words."""
        from mobility.models import AgreementSignature

        return [(party.value, str(party.label)) for party in AgreementSignature.Party]

    @property
    def signed_by(self) -> dict[str, Any]:
        return {signature.party: signature for signature in self.signatures}

    @property
    def fully_signed(self) -> bool:
        """MO-3: the student, the home and the host coordinators have signed this version."""
        return {"student", "home", "host"} <= set(self.signed_by)


def shortfall_price(period: AcademicPeriod, credits: int) -> ShortfallPrice:
    from registration.selectors import price_per_credit

    summer = (AcademicPeriod.objects.filter(kind=AcademicPeriod.Kind.SUMMER, starts__gt=period.starts)
              .order_by("starts").first())
    return ShortfallPrice(summer, credits, price_per_credit(summer) if summer is not None else None)


def agreement_view(application: Application) -> AgreementView:
    plan = tuple(period_plan(application.student, application.call.period))
    agreement = LearningAgreement.objects.filter(application=application).prefetch_related(
        "host_components", "home_disciplines__discipline", "signatures").first()
    if agreement is None:
        return AgreementView(application, None, plan, None)
    check = check_agreement(
        plan, [HostComponent(c.title, c.ects) for c in agreement.host_components.all()],
        [(h.discipline.code, h.discipline.credits) for h in agreement.home_disciplines.all()],
        hours_per_credit=agreement.hours_per_credit)
    shortfall = (shortfall_price(application.call.period, check.shortfall_credits)
                 if check.shortfall_credits else None)
    signatures = tuple(s for s in agreement.signatures.all() if s.version == agreement.version)
    return AgreementView(application, agreement, plan, check, shortfall, signatures)


def mobility_periods_of(student: Student) -> tuple[str, ...]:
    """DS-3 field 6.1: the student's mobility periods — host institution, country and dates — for each
    selected application whose return has been recognized (MO-5), in the order studied."""
    applications = (Application.objects.filter(student=student, status=Application.Status.SELECTED,
                                               recognitions__isnull=False)
                    .select_related("call__partner", "call__period").distinct()
                    .order_by("call__period__starts"))
    return tuple(f"{a.call.partner.name}, {a.call.partner.country} "
                 f"({a.call.period.starts:%d/%m/%Y} – {a.call.period.ends:%d/%m/%Y})" for a in applications)


# --- NF-1 … NF-4: non-formal learning -------------------------------------------------------------------

def non_formal_of(student: Student) -> list[Any]:
    """The student's own applications, newest first."""
    from mobility.models import NonFormalApplication

    return list(NonFormalApplication.objects.select_related("period", "discipline")
                .filter(student=student).order_by("-submitted_at"))


def non_formal_queue() -> list[Any]:
    """Every application, those awaiting the QA commission first, then the newest decisions."""
    from django.db.models import Case, IntegerField, Value, When

    from mobility.models import NonFormalApplication

    waiting = Case(When(status=NonFormalApplication.Status.SUBMITTED, then=Value(0)), default=Value(1),
                   output_field=IntegerField())
    return list(NonFormalApplication.objects.select_related(
        "student__user", "student__program", "period", "discipline", "decided_by")
        .order_by(waiting, "-submitted_at")[:300])


def non_formal_choices(student: Student, today: date) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What a student may ask for: periods not started yet (NF-4) and the disciplines of their curriculum."""
    from ektu_portal.academics.labels import period_label

    periods = [(p.code, period_label(p.kind, p.academic_year, p.starts))
               for p in AcademicPeriod.objects.filter(starts__gt=today).order_by("starts")[:6]]
    items = (CurriculumItem.objects.filter(curriculum__program_id=student.program_id,
                                           curriculum__intake_year=student.intake_year)
             .select_related("discipline").order_by("semester", "discipline__code"))
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.discipline.code, f"{item.discipline.code} — {item.discipline.name} "
                                              f"({item.discipline.credits})")
    return periods, list(seen.items())


# --- MO-2: the selection commission's ranking ------------------------------------------------------------

@dataclass(frozen=True)
class RankedApplication:
    position: int
    application: Application
    gpa: Decimal | None
    decided_by: str | None  # the criterion that put them below the one above (mobility.policy.selection)


def call_ranking(call: Call) -> list[RankedApplication]:
    """MO-2: the call's applicants in the commission's order, each with the GPA it was ranked by."""
    from mobility.policy.selection import Candidate, rank

    applications = list(call.applications.select_related("student__user", "student__program", "decided_by"))
    gpas = {a.pk: student_transcript(a.student).gpa for a in applications}
    by_id = {a.pk: a for a in applications}
    ranked = rank([Candidate(a.pk, a.eligible, gpas[a.pk], a.english, a.submitted_at) for a in applications])
    return [RankedApplication(r.position, by_id[r.candidate.application], gpas[r.candidate.application],
                              r.decided_by) for r in ranked]
