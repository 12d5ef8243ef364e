"""Reads for the Diploma Supplement: the facts of one graduate (DS-3), who is ready to print, what is
issued, what accreditations are recorded. Grades are grading's transcript — none is computed here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import F, Max, Q, QuerySet
from django.utils import translation

from diploma_supplement.models import Accreditation, IssuedSupplement
from diploma_supplement.policy import content
from diploma_supplement.policy.content import Gap
from diploma_supplement.policy.facts import (
    Accreditation as AccreditationFacts,
)
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
from ektu_portal.academics.models import Program, Role, RoleAssignment, Student
from ektu_portal.core.translit import kazakh_to_latin
from grading.selectors import LetterScales, grading_system, student_transcript
from mobility.selectors import mobility_periods_of


def verification_base_url() -> str:
    """Where supplements are verified: the portal's own address (``PORTAL_URL``; ``serve`` sets it to
    the address it was started on), read when used so a changed address takes effect."""
    return f"{settings.PORTAL_URL.rstrip('/')}/verify/"


def verification_url(number: str) -> str:
    """The public page a supplement's QR code and footer point to."""
    return f"{verification_base_url()}{number}/"


def _accreditation_facts(row: Accreditation | None) -> AccreditationFacts | None:
    if row is None:
        return None
    return AccreditationFacts(accreditor=row.accreditor, eqar_registered=row.eqar_registered,
                              enqa_member=row.enqa_member, certificate=row.certificate,
                              valid_from=row.valid_from, valid_until=row.valid_until)


def accreditations_in_force(on: date) -> dict[int | None, AccreditationFacts]:
    """Every accreditation in force on a day, by program id (None: the institution's) — read once for a
    whole cohort. Of two in force at once, the one that started later counts (a renewal)."""
    rows = Accreditation.objects.filter(valid_from__lte=on, valid_until__gte=on).order_by("valid_from", "pk")
    found: dict[int | None, AccreditationFacts] = {}
    for row in rows:
        facts = _accreditation_facts(row)
        if facts is not None:
            found[row.program_id] = facts
    return found


def institution(today: date, in_force: dict[int | None, AccreditationFacts] | None = None) -> Institution:
    """The awarding institution and the certifying official (DS-3 2.3, 7): names and status are settings;
    the institutional accreditation is the one recorded and in force ``today``. The official is the one
    named in the settings, else the university's vice-rector in the portal; the name prints in Latin
    letters too (the passport's spelling when recorded, else the transliteration)."""
    values = dict(settings.DIPLOMA_SUPPLEMENT_INSTITUTION)
    name, latin = values.pop("certifying_official_name", None), ""
    if not name:
        official = (RoleAssignment.objects.filter(role=Role.VICE_RECTOR).order_by("user__username")
                    .values_list("user__full_name", "user__full_name_latin").first())
        if official:
            name, latin = official
    in_force = accreditations_in_force(today) if in_force is None else in_force
    return Institution(**values, verification_base_url=verification_base_url(),
                       certifying_official_name=name or None,
                       certifying_official_name_latin=(latin or kazakh_to_latin(name)) if name else "",
                       accreditation=in_force.get(None))


def _period(ref: Any) -> Period:
    """A period with its words in English: the supplement is filled in English (DS-1)."""
    with translation.override("en"):
        label = ref.label
    return Period(ref.code, ref.kind, ref.academic_year, ref.starts, ref.ends, label)


def facts_for(student: Student, *, today: date, scales: LetterScales | None = None,
              awarding: Institution | None = None,
              in_force: dict[int | None, AccreditationFacts] | None = None) -> SupplementFacts:
    """Everything one supplement says, from the records. Grades, GPA and credits are grading's
    transcript (the one source, GR-1 … GR-8, GP-1); this only maps them onto the supplement's facts.

    ``scales``, ``awarding`` and ``in_force`` may be shared across many graduates (the dean's readiness
    list and the batch), so each is read once, not once per graduate. ``today`` is the day the
    supplement is made: its grading table is the scale in force then, and so are the accreditations.
    """
    program = student.program
    scales = scales or LetterScales()
    in_force = accreditations_in_force(today) if in_force is None else in_force
    record = student_transcript(student, scales=scales)
    periods: dict[str, Period] = {}
    attempts = tuple(Attempt(
        code=a.discipline.code, name_en=a.discipline.name_en, name_kk=a.discipline.name_kk,
        kind=a.discipline.kind, credits=a.discipline.credits,
        period=periods.setdefault(a.period.code, _period(a.period)),
        attempt=a.attempt, status=a.status, final_score=a.final_score, letter=a.letter, points=a.points,
        positive=a.positive, recognized_from=a.recognized_from or "") for a in record.attempts)
    system = grading_system(today, scales)
    return SupplementFacts(
        holder=Holder(username=student.user.username, full_name=student.user.full_name,
                      full_name_latin=student.user.full_name_latin, birth_date=student.birth_date,
                      iin=student.iin, status=student.status, study_form=student.study_form,
                      graduated_on=student.graduated_on),
        programme=Programme(code=program.code, name_en=program.name_en, name_kk=program.name_kk,
                            level=program.level, credits=program.credits,
                            qualification_en=program.qualification_en,
                            qualification_kk=program.qualification_kk,
                            languages=tuple(program.languages),
                            learning_outcomes=tuple(Outcome(o.get("en", ""), o.get("kk", ""))
                                                    for o in program.learning_outcomes if o.get("en")),
                            group_code=program.group_code, school_en=program.school.name_en),
        attempts=attempts, gpa=record.gpa, credits_earned=record.credits_earned,
        grading=Grading(bands=tuple(Band(b.letter, b.points, b.min_score, b.max_score, b.traditional,
                                         b.letter in system.passing) for b in system.bands),
                        rating_weight=system.rating_weight, exam_weight=system.exam_weight,
                        admission_threshold=system.admission_threshold),
        institution=awarding or institution(today, in_force), mobility_periods=mobility_periods_of(student),
        diploma_number=student.diploma_number or None, programme_accreditation=in_force.get(program.pk))


def current_supplement(student: Student) -> IssuedSupplement | None:
    """The holder's valid (issued, not revoked) supplement, if any."""
    return (IssuedSupplement.objects.filter(student=student, revoked_at__isnull=True).order_by("-issued_at")
            .first())


def graduates(program: Program, year: int) -> list[Student]:
    """Graduates of a program whose studies ended in ``year`` (their last result's period), in Kazakh
    alphabetical order."""
    return list(Student.objects.filter(program=program, status=Student.Status.GRADUATED)
                .annotate(last_period_ends=Max("results__period__ends"))
                .filter(last_period_ends__year=year).select_related("user", "program__school")
                .order_by("user__full_name_sort", "user__full_name", "user__username"))


@dataclass(frozen=True)
class GraduateReadiness:
    """One graduate of a cohort: what the records lack (DS-1) and the supplement issued, if any."""

    student: Student
    missing: list[Gap] = field(default_factory=list)
    issued: IssuedSupplement | None = None

    @property
    def ready(self) -> bool:
        return not self.missing


def readiness(program: Program, year: int, *, today: date) -> list[GraduateReadiness]:
    """Who is ready to print and who is missing what (DS-1), before anything is issued."""
    cohort = graduates(program, year)
    scales, in_force = LetterScales(), accreditations_in_force(today)
    awarding = institution(today, in_force)
    issued = {s.student_id: s for s in IssuedSupplement.objects
              .filter(student__in=cohort, revoked_at__isnull=True).defer("pdf").order_by("issued_at")}
    return [GraduateReadiness(student, content.missing(facts_for(student, today=today, scales=scales,
                                                                 awarding=awarding, in_force=in_force)),
                              issued.get(student.pk))
            for student in cohort]


def graduation_years(programs: Iterable[Program]) -> list[int]:
    ends = (Student.objects.filter(program__in=list(programs), status=Student.Status.GRADUATED)
            .annotate(last=Max("results__period__ends")).values_list("last", flat=True))
    return sorted({day.year for day in ends if day}, reverse=True)


def programs_of_dean(actor: Any) -> list[Program]:
    from ektu_portal.academics.permissions import dean_school_ids

    return list(Program.objects.filter(school_id__in=dean_school_ids(actor)).order_by("code"))


def supplements_of(student: Student) -> QuerySet[IssuedSupplement]:
    return IssuedSupplement.objects.filter(student=student).defer("pdf")


def issued_supplements(query: str = "") -> QuerySet[IssuedSupplement]:
    """The registrar's list: by number, username or holder's name."""
    issued = IssuedSupplement.objects.defer("pdf").select_related("student__user", "student__program")
    if query:
        issued = issued.filter(Q(number__iexact=query) | Q(student__user__username__iexact=query)
                               | Q(holder_name__icontains=query))
    return issued


def accreditations() -> QuerySet[Accreditation]:
    """Every recorded accreditation: the institution's first, then each program's, newest first."""
    return Accreditation.objects.select_related("program").order_by(F("program__code").asc(nulls_first=True),
                                                                      "-valid_from")
