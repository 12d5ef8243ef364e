"""Reads for the Diploma Supplement: the facts of one graduate (DS-3), who is ready to print."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Max

from diploma_supplement.models import Diploma
from diploma_supplement.policy import content
from diploma_supplement.policy.facts import (
    Attempt,
    Band,
    Grading,
    Holder,
    Institution,
    Outcome,
    Period,
    Programme,
    SupplementFacts,
)
from ektu_portal.academics.models import Program, Result, Student
from grading.policy.formula import ADMISSION_THRESHOLD, EXAM_WEIGHT, RATING_WEIGHT
from grading.policy.scale import PASSING_LETTERS as POSITIVE


def institution() -> Institution:
    """The awarding institution and the certifying official: settings, not code (DS-3 2.3, 7). The
    official is the one named in the settings, else the university's vice-rector in the portal."""
    from ektu_portal.academics.models import Role, RoleAssignment

    values = dict(settings.DIPLOMA_SUPPLEMENT_INSTITUTION)
    if not values.get("certifying_official_name"):
        values["certifying_official_name"] = (RoleAssignment.objects.filter(role=Role.VICE_RECTOR)
                                              .order_by("user__username").values_list("user__full_name", flat=True)
                                              .first())
    return Institution(**values)


def facts_for(student: Student, *, scales: Any = None, awarding: Institution | None = None) -> SupplementFacts:
    """Everything one supplement says, from the records. Grades are grading's (GR-1 … GR-8, GP-1):
    the same computation, visibility (an unposted sheet's exam stays hidden) and GPA as the transcript.

    ``scales`` and ``awarding`` may be shared across many graduates (the dean's readiness list and
    the batch), so each letter scale and the institution are read once, not once per graduate.
    """
    from grading.policy.gpa import GpaEntry, credits_earned, gpa
    from grading.selectors import _Scales, compute, entries_for, sheet_sections

    program = student.program
    results = list(Result.objects.filter(student=student)
                   .select_related("discipline", "period", "student__program")
                   .order_by("period__starts", "discipline__code", "attempt"))
    entries = entries_for(results)
    opened, posted = sheet_sections(results)
    scales = scales or _Scales()
    attempts, gpa_entries = [], []
    for result in results:
        computed = compute(result, scales.on(result.period.starts), visible=result.section_id not in opened - posted,
                           entry=entries.get(result.pk), recorded_outside=result.section_id not in opened)
        period, discipline = result.period, result.discipline
        attempts.append(Attempt(
            code=discipline.code, name_en=discipline.name_en, name_kk=discipline.name_kk, kind=discipline.kind,
            credits=discipline.credits,
            period=Period(period.code, period.kind, period.academic_year, period.starts, period.ends),
            attempt=result.attempt, status=computed.status, final_score=computed.final_score,
            letter=computed.letter, points=computed.points, positive=computed.letter in POSITIVE,
            recognized_from=result.recognized_from))
        gpa_entries.append(GpaEntry(discipline=discipline.code, credits=discipline.credits, points=computed.points,
                                    counts_as_fail=computed.counts_in_gpa_as_fail,
                                    order=(period.starts.isoformat(), result.attempt), letter=computed.letter))
    scale = scales.on(date.today())
    diploma = Diploma.objects.filter(student=student).values_list("number", flat=True).first()
    return SupplementFacts(
        holder=Holder(username=student.user.username, full_name=student.user.full_name,
                      full_name_latin=student.user.full_name_latin, birth_date=student.birth_date, iin=student.iin,
                      status=student.status, study_form=student.study_form),
        programme=Programme(code=program.code, name_en=program.name_en, name_kk=program.name_kk, level=program.level,
                            credits=program.credits, qualification_en=program.qualification_en,
                            qualification_kk=program.qualification_kk, languages=tuple(program.languages),
                            learning_outcomes=tuple(Outcome(o.get("en", ""), o.get("kk", ""))
                                                    for o in program.learning_outcomes if o.get("en")),
                            group_code=program.group_code, school_en=program.school.name_en),
        attempts=tuple(attempts), gpa=gpa(gpa_entries), credits_earned=credits_earned(gpa_entries),
        grading=Grading(bands=tuple(Band(b.letter, b.points, b.min_score, b.max_score, b.traditional,
                                         b.letter in POSITIVE) for b in scale),
                        rating_weight=RATING_WEIGHT, exam_weight=EXAM_WEIGHT, admission_threshold=ADMISSION_THRESHOLD),
        institution=awarding or institution(), mobility_periods=(), diploma_number=diploma)


def graduates(program: Program, year: int) -> list[Student]:
    """Graduates of a program whose studies ended in ``year`` (their last result's period)."""
    return list(Student.objects.filter(program=program, status=Student.Status.GRADUATED)
                .annotate(last_period_ends=Max("results__period__ends"))
                .filter(last_period_ends__year=year).select_related("user", "program__school")
                .order_by("user__full_name", "user__username"))


def readiness(program: Program, year: int) -> list[dict[str, Any]]:
    """Who is ready to print and who is missing what (DS-1), before any batch starts."""
    from grading.selectors import _Scales

    scales, awarding = _Scales(), institution()
    return [{"student": student, "missing": content.missing(facts_for(student, scales=scales, awarding=awarding))}
            for student in graduates(program, year)]


def graduation_years(programs: Any) -> list[int]:
    ends = (Student.objects.filter(program__in=programs, status=Student.Status.GRADUATED)
            .annotate(last=Max("results__period__ends")).values_list("last", flat=True))
    return sorted({day.year for day in ends if day}, reverse=True)
