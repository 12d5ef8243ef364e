"""Reads for the Diploma Supplement: the facts of one graduate (DS-3), who is ready to print."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Max

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
from ektu_portal.academics.models import Program, Student
from grading.selectors import LetterScales, grading_system, student_transcript


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


def facts_for(student: Student, *, today: date, scales: LetterScales | None = None,
              awarding: Institution | None = None) -> SupplementFacts:
    """Everything one supplement says, from the records. Grades, GPA and credits are grading's
    transcript (the one source, GR-1 … GR-8, GP-1); this only maps them onto the supplement's facts.

    ``scales`` and ``awarding`` may be shared across many graduates (the dean's readiness list and
    the batch), so each letter scale and the institution are read once, not once per graduate.
    ``today`` is the day the supplement is made: its grading table is the scale in force then.
    """
    program = student.program
    scales = scales or LetterScales()
    record = student_transcript(student, scales=scales)
    attempts = tuple(Attempt(
        code=a.discipline.code, name_en=a.discipline.name_en, name_kk=a.discipline.name_kk, kind=a.discipline.kind,
        credits=a.discipline.credits,
        period=Period(a.period.code, a.period.kind, a.period.academic_year, a.period.starts, a.period.ends),
        attempt=a.attempt, status=a.status, final_score=a.final_score, letter=a.letter, points=a.points,
        positive=a.positive, recognized_from=a.recognized_from or "") for a in record.attempts)
    system = grading_system(today, scales)
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
        attempts=attempts, gpa=record.gpa, credits_earned=record.credits_earned,
        grading=Grading(bands=tuple(Band(b.letter, b.points, b.min_score, b.max_score, b.traditional,
                                         b.letter in system.passing) for b in system.bands),
                        rating_weight=system.rating_weight, exam_weight=system.exam_weight,
                        admission_threshold=system.admission_threshold),
        institution=awarding or institution(), mobility_periods=(), diploma_number=student.diploma_number or None)


def graduates(program: Program, year: int) -> list[Student]:
    """Graduates of a program whose studies ended in ``year`` (their last result's period)."""
    return list(Student.objects.filter(program=program, status=Student.Status.GRADUATED)
                .annotate(last_period_ends=Max("results__period__ends"))
                .filter(last_period_ends__year=year).select_related("user", "program__school")
                .order_by("user__full_name", "user__username"))


def readiness(program: Program, year: int, *, today: date) -> list[dict[str, Any]]:
    """Who is ready to print and who is missing what (DS-1), before any batch starts."""
    scales, awarding = LetterScales(), institution()
    return [{"student": student,
             "missing": content.missing(facts_for(student, today=today, scales=scales, awarding=awarding))}
            for student in graduates(program, year)]


def graduation_years(programs: Any) -> list[int]:
    ends = (Student.objects.filter(program__in=programs, status=Student.Status.GRADUATED)
            .annotate(last=Max("results__period__ends")).values_list("last", flat=True))
    return sorted({day.year for day in ends if day}, reverse=True)
