"""Reads for grading: sheets, transcripts, the letter scale — rows in, policy values out.

Fetch, then compute: the database gives plain values; ``grading.policy`` computes the
admission rating, final score, letter and GPA. Nothing computed is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language

from ektu_portal.academics.models import Enrollment, Result, Section, Student
from grading.models import GradeSheet, LetterBand
from grading.policy.formula import GRADED, IN_PROGRESS, ResultComputation, compute_result, recognized_result
from grading.policy.gpa import GpaEntry, credits_earned, gpa, latest_attempts
from grading.policy.scale import DEFAULT_SCALE, LetterGrade, is_positive
from grading.policy.sheets import sheet_kind


def letter_scale(on: date) -> tuple[LetterGrade, ...]:
    """GR-6: the scale in force on a day (the newest one that started on or before it)."""
    bands = list(LetterBand.objects.filter(effective_from__lte=on).order_by("-effective_from", "-min_score"))
    if not bands:
        bands = list(LetterBand.objects.order_by("effective_from", "-min_score"))
    if not bands:
        return DEFAULT_SCALE  # an empty table (e.g. a flushed test database): the policy's own table
    first = bands[0].effective_from
    return tuple(LetterGrade(letter=b.letter, points=b.points, min_score=b.min_score, max_score=b.max_score,
                             traditional=b.traditional) for b in bands if b.effective_from == first)


class LetterScales:
    """GR-6: the scales in force by day, each looked up once (share one across many students)."""

    def __init__(self) -> None:
        self._by_day: dict[date, tuple[LetterGrade, ...]] = {}

    def on(self, day: date) -> tuple[LetterGrade, ...]:
        if day not in self._by_day:
            self._by_day[day] = letter_scale(day)
        return self._by_day[day]


@dataclass(frozen=True)
class GradingSystem:
    """GR-2, GR-4, GR-6: how grades are made on a day — what the Diploma Supplement's grading table
    (DS-3 4.4) and any other reader print, so none of them copies grading's constants."""

    bands: tuple[LetterGrade, ...]
    passing: frozenset[str]
    rating_weight: Decimal
    exam_weight: Decimal
    admission_threshold: Decimal


def grading_system(on: date, scales: LetterScales | None = None) -> GradingSystem:
    from grading.policy.formula import ADMISSION_THRESHOLD, EXAM_WEIGHT, RATING_WEIGHT
    from grading.policy.scale import passing_letters

    scale = (scales or LetterScales()).on(on)
    return GradingSystem(scale, passing_letters(scale), RATING_WEIGHT, EXAM_WEIGHT, ADMISSION_THRESHOLD)


def admission_for(result: Result, entry: Any | None, *, recorded_outside: bool = False) -> Any:
    """GR-2/GR-3 with everything the sheet records: ratings, course work, attendance, dean's order.

    ``recorded_outside``: a result loaded from the university's records (no sheet in the portal).
    Its course work and attendance were checked where it was recorded — a loaded final result
    with an exam score was admitted — so only its ratings decide here.
    """
    from grading.policy.formula import Attendance, decide_admission
    from grading.policy.sheets import attendance_rule_applies, coursework_required, sheet_kind

    discipline = result.discipline
    kind = sheet_kind(discipline.control, discipline.kind)
    attendance = (Attendance(classes_held=entry.classes_held, absences=entry.absences,
                             lates_over_20_min=entry.lates_over_20_min)
                  if entry is not None and entry.classes_held else None)
    return decide_admission(
        r1=result.r1, r2=result.r2,
        coursework_required=coursework_required(discipline.has_coursework, kind)
        and not (recorded_outside and entry is None),
        coursework_submitted=bool(entry and entry.coursework_submitted), attendance=attendance,
        attendance_rule_applies=attendance_rule_applies(result.student.program.level, kind),
        admitted_by_dean_order=bool(entry and entry.dean_admission_basis))


def compute(result: Result | None, scale: tuple[LetterGrade, ...], *, visible: bool = True,
            entry: Any | None = None, recorded_outside: bool = False) -> ResultComputation:
    """A result as grading sees it; an unposted sheet's exam is hidden from the student (GR-12)."""
    if result is None:
        return compute_result(r1=None, r2=None, exam=None, outcome=None, scale=scale)
    if result.recognized_from and result.recognized_letter:
        return recognized_result(result.recognized_letter, scale)  # RC-3: never recomputed from marks
    admission = (admission_for(result, entry, recorded_outside=recorded_outside)
                 if result.r1 is not None and result.r2 is not None else None)
    return compute_result(r1=result.r1, r2=result.r2, exam=result.exam if visible else None,
                          outcome=result.outcome if visible else None, admission=admission, scale=scale)


def computed(result: Result) -> ResultComputation:
    """One stored result, computed with its scale and sheet entry (what services decide on)."""
    return compute(result, letter_scale(result.period.starts), entry=entries_for([result]).get(result.pk))


def entries_for(results: Iterable[Result]) -> dict[int, Any]:
    from grading.models import SheetEntry

    ids = [r.pk for r in results if r is not None and r.pk]
    return {e.result_id: e for e in SheetEntry.objects.filter(result_id__in=ids)}


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def result_fields(computed: ResultComputation, result: Result | None) -> dict[str, Any]:
    """The contract §4 fields of one result (decimals as strings)."""
    return {
        "r1": result.r1 if result else None, "r2": result.r2 if result else None,
        "admission_rating": _decimal(computed.admission_rating), "admitted": computed.admitted,
        "exam": computed.exam, "final_score": computed.final_score, "letter": computed.letter,
        "points": _decimal(computed.points), "traditional": computed.traditional, "status": computed.status,
    }


@dataclass(frozen=True)
class SheetRow:
    student: Student
    result: Result | None
    computed: ResultComputation
    entry: Any | None = None


def sheet_for(section: Section) -> GradeSheet | None:
    return GradeSheet.objects.filter(section=section).first()


def sheet_rows(section: Section) -> list[SheetRow]:
    """One row per student enrolled in the section, with that period's latest attempt."""
    scale = letter_scale(section.period.starts)
    students = [e.student for e in Enrollment.objects.filter(section=section, status=Enrollment.Status.ENROLLED)
                .select_related("student__user").order_by("student__user__full_name", "student__user__username")]
    results: dict[int, Result] = {}
    for result in Result.objects.filter(discipline_id=section.discipline_id, period_id=section.period_id,
                                        student__in=students).select_related("discipline", "student__program"
                                                                             ).order_by("attempt"):
        results[result.student_id] = result  # the latest attempt wins
    entries = entries_for(results.values())
    rows = []
    for student in students:
        result = results.get(student.pk)
        entry = entries.get(result.pk) if result else None
        rows.append(SheetRow(student, result, compute(result, scale, entry=entry), entry))
    return rows


def sheet_as_dict(section: Section) -> dict[str, Any]:
    sheet = sheet_for(section)
    return {
        "section": section.code, "discipline": section.discipline.code, "period": section.period.code,
        "posted_at": sheet.posted_at.isoformat() if sheet and sheet.posted_at else None,
        "appeal_window_closes_at": sheet.appeal_window_closes_at.isoformat()
        if sheet and sheet.appeal_window_closes_at else None,
        "locked": bool(sheet and sheet.is_posted),
        "kind": sheet_kind(section.discipline.control, section.discipline.kind),
        "rows": [{"student": row.student.user.username, "full_name": row.student.user.full_name,
                  **result_fields(row.computed, row.result), "outcome": row.result.outcome if row.result else None,
                  "admission_reasons": list(row.computed.admission_reasons),
                  **_entry_fields(row.entry)} for row in sheet_rows(section)],
    }


def _entry_fields(entry: Any | None) -> dict[str, Any]:
    return {"classes_held": entry.classes_held if entry else None, "absences": entry.absences if entry else 0,
            "lates_over_20_min": entry.lates_over_20_min if entry else 0,
            "coursework_submitted": entry.coursework_submitted if entry else False,
            "admitted_by_dean_order": bool(entry and entry.dean_admission_basis)}


def sheet_sections(results: Iterable[Result]) -> tuple[set[int], set[int]]:
    """(sections with a sheet in the portal, those of them posted). A result outside the first set
    was loaded from the university's records."""
    section_ids = {r.section_id for r in results if r.section_id}
    sheets = list(GradeSheet.objects.filter(section_id__in=section_ids).values_list("section_id", "posted_at"))
    return {sid for sid, _ in sheets}, {sid for sid, posted in sheets if posted is not None}




# --- the transcript: the one place results become grades (ARCHITECTURE.md "One transcript") ---------


@dataclass(frozen=True)
class DisciplineRef:
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    kind: str
    credits: int

    @property
    def name(self) -> str:
        """The name in the reader's language, falling back to English (always present)."""
        language = (get_language() or "kk")[:2]
        return {"kk": self.name_kk, "ru": self.name_ru}.get(language) or self.name_en


@dataclass(frozen=True)
class PeriodRef:
    code: str
    kind: str
    academic_year: str
    starts: date
    ends: date

    @property
    def label(self) -> str:
        from ektu_portal.academics.labels import period_label

        return period_label(self.kind, self.academic_year, self.starts)


@dataclass(frozen=True)
class TranscriptAttempt:
    """One attempt at a discipline as grading computes it (GR-2 … GR-8, contract §4)."""

    result_id: int
    discipline: DisciplineRef
    period: PeriodRef
    attempt: int
    section: str | None
    r1: int | None
    r2: int | None
    admission_rating: Decimal | None
    admitted: bool | None
    admission_reasons: tuple[str, ...]
    exam: int | None
    final_score: int | None
    letter: str | None
    points: Decimal | None
    traditional: str | None
    status: str
    counts_as_fail: bool
    # Positive (A…D) on the scale this attempt was graded by (GR-6), not on a constant table.
    positive: bool
    recognized_from: str | None

    @property
    def code(self) -> str:
        return self.discipline.code

    @property
    def credits(self) -> int:
        return self.discipline.credits

    @property
    def name(self) -> str:
        return self.discipline.name

    @property
    def hours(self) -> int:
        return self.discipline.credits * ACADEMIC_HOURS_PER_CREDIT  # CR-1


@dataclass(frozen=True)
class PeriodRecord:
    """One period of the transcript with its GPA and the cumulative GPA up to it (GP-1)."""

    period: PeriodRef
    attempts: tuple[TranscriptAttempt, ...]
    gpa: Decimal | None
    cumulative_gpa: Decimal | None


@dataclass(frozen=True)
class Transcript:
    """Every result of a student as grading computes it: the only source of grades, GPA and credits
    for the transcript page and API, registration (RG-3), the Diploma Supplement and the apps to come."""

    student: str
    program: str
    attempts: tuple[TranscriptAttempt, ...]
    periods: tuple[PeriodRecord, ...]
    # GP-1: per discipline, the attempt that counts (the latest with a final grade).
    final_grades: tuple[TranscriptAttempt, ...]
    gpa: Decimal | None
    credits_earned: int

    @property
    def mastered(self) -> frozenset[str]:
        """RG-3 / RC-3: disciplines with a positive final grade (A…D) in any attempt."""
        return frozenset(a.discipline.code for a in self.attempts if a.status == GRADED and a.positive)

    @property
    def recognized(self) -> tuple[TranscriptAttempt, ...]:
        """Results recounted from elsewhere (transfer, mobility, prior or non-formal learning)."""
        return tuple(a for a in self.attempts if a.recognized_from)

    def finished_in(self, period_code: str) -> frozenset[str]:
        """Disciplines of a period whose attempt is no longer in progress (a grade or an F-equivalent)."""
        return frozenset(a.discipline.code for a in self.attempts
                         if a.period.code == period_code and a.status != IN_PROGRESS)


ACADEMIC_HOURS_PER_CREDIT = 30  # CR-1


def student_transcript(student: Student, *, scales: LetterScales | None = None) -> Transcript:
    """The student's transcript. ``scales`` may be shared across many students (a dean's list, a
    batch), so each letter scale is read once."""
    results = list(Result.objects.filter(student=student)
                   .select_related("discipline", "period", "section", "student__program")
                   .order_by("period__starts", "discipline__code", "attempt"))
    program = student.program.code
    if not results:  # a first-year student: nothing to compute (and registration day is full of them)
        return Transcript(student.user.username, program, (), (), (), None, 0)
    # A section with a sheet that is not posted yet hides its exam results; loaded past results
    # (no sheet in the portal) are final.
    opened, posted = sheet_sections(results)
    sheet_entries = entries_for(results)
    scales = scales or LetterScales()
    periods: dict[int, PeriodRef] = {}
    disciplines: dict[int, DisciplineRef] = {}
    attempts: list[TranscriptAttempt] = []
    gpa_entries: list[GpaEntry] = []
    for result in results:
        scale = scales.on(result.period.starts)
        computation = compute(result, scale, visible=result.section_id not in opened - posted,
                              entry=sheet_entries.get(result.pk), recorded_outside=result.section_id not in opened)
        d, p = result.discipline, result.period
        discipline = disciplines.setdefault(d.pk, DisciplineRef(d.code, d.name_kk, d.name_ru, d.name_en, d.kind,
                                                                d.credits))
        period = periods.setdefault(p.pk, PeriodRef(p.code, p.kind, p.academic_year, p.starts, p.ends))
        positive = computation.status == GRADED and is_positive(computation.letter, scale)
        attempt = TranscriptAttempt(
            result_id=result.pk, discipline=discipline, period=period, attempt=result.attempt,
            section=result.section.code if result.section else None, r1=result.r1, r2=result.r2,
            admission_rating=computation.admission_rating, admitted=computation.admitted,
            admission_reasons=computation.admission_reasons, exam=computation.exam,
            final_score=computation.final_score, letter=computation.letter, points=computation.points,
            traditional=computation.traditional, status=computation.status,
            counts_as_fail=computation.counts_in_gpa_as_fail, positive=positive,
            recognized_from=result.recognized_from or None)
        attempts.append(attempt)
        gpa_entries.append(_gpa_entry(attempt))
    by_entry = {id(entry): attempt for entry, attempt in zip(gpa_entries, attempts, strict=True)}
    return Transcript(
        student=student.user.username, program=program, attempts=tuple(attempts),
        periods=_period_records(attempts, gpa_entries),
        final_grades=tuple(by_entry[id(e)] for e in latest_attempts(gpa_entries)),
        gpa=gpa(gpa_entries), credits_earned=credits_earned(gpa_entries))


def _gpa_entry(attempt: TranscriptAttempt) -> GpaEntry:
    return GpaEntry(discipline=attempt.discipline.code, credits=attempt.discipline.credits, points=attempt.points,
                    counts_as_fail=attempt.counts_as_fail, order=(attempt.period.starts.isoformat(), attempt.attempt),
                    letter=attempt.letter, passed=attempt.positive)


def _period_records(attempts: list[TranscriptAttempt], entries: list[GpaEntry]) -> tuple[PeriodRecord, ...]:
    """Attempts grouped by period, with the period's GPA and the cumulative GPA up to it (GP-1)."""
    groups: list[tuple[PeriodRef, list[TranscriptAttempt], list[GpaEntry]]] = []
    for attempt, entry in zip(attempts, entries, strict=True):
        if not groups or groups[-1][0] != attempt.period:
            groups.append((attempt.period, [], []))
        groups[-1][1].append(attempt)
        groups[-1][2].append(entry)
    records, so_far = [], []
    for period, group_attempts, group_entries in groups:
        so_far += group_entries
        records.append(PeriodRecord(period, tuple(group_attempts), gpa(group_entries), gpa(so_far)))
    return tuple(records)


def mastered_disciplines(student: Student) -> frozenset[str]:
    """RG-3: disciplines with a positive final grade (A…D) in any attempt — what registration asks.

    A result of a sheet not yet posted does not count: the grade is not final.
    """
    return student_transcript(student).mastered


# --- pages ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultLine:
    """One attempt on a results page with what the reader can do about it (GR-9, GR-13)."""

    result: TranscriptAttempt
    appeal: Any = None
    appeal_until: datetime | None = None
    can_appeal: bool = False
    retake: Any = None
    may_retake: bool = False


@dataclass(frozen=True)
class PeriodLines:
    period: PeriodRef
    lines: tuple[ResultLine, ...]
    gpa: Decimal | None
    cumulative_gpa: Decimal | None


def transcript_page(student: Student) -> dict[str, Any]:
    record = student_transcript(student)
    return {"transcript": record, "gpa": record.gpa, "credits_earned": record.credits_earned,
            "groups": [PeriodLines(p.period, tuple(ResultLine(a) for a in p.attempts), p.gpa, p.cumulative_gpa)
                       for p in record.periods]}


def results_page(student: Student, now: datetime) -> dict[str, Any]:
    """The student's results with what they can do about each: appeal while the window is open."""
    from grading.models import AcademicDebt, Appeal, RetakeApplication
    from grading.policy.appeals import appeal_window_open

    record = student_transcript(student)
    section_codes = {a.section for a in record.attempts if a.section}
    sheets = {s.section.code: s for s in GradeSheet.objects.filter(section__code__in=section_codes)
              .select_related("section")}
    appeals = {a.result_id: a for a in Appeal.objects.filter(result__student=student).order_by("filed_at")}
    retakes = {r.result_id: r for r in RetakeApplication.objects.filter(result__student=student)}
    debts = list(AcademicDebt.objects.filter(result__student=student, cleared_at__isnull=True)
                 .select_related("result__discipline", "result__period"))
    owed = {d.result_id for d in debts}

    def line(attempt: TranscriptAttempt) -> ResultLine:
        sheet = sheets.get(attempt.section) if attempt.section else None
        appeal, retake = appeals.get(attempt.result_id), retakes.get(attempt.result_id)
        return ResultLine(
            attempt, appeal=appeal, appeal_until=sheet.appeal_window_closes_at if sheet else None,
            can_appeal=bool(sheet and appeal is None and appeal_window_open(
                sheet.posted_at, sheet.appeal_window_closes_at, now)),
            retake=retake, may_retake=attempt.letter == "FX" and retake is None and attempt.result_id not in owed)

    groups = [PeriodLines(p.period, tuple(line(a) for a in p.attempts), p.gpa, p.cumulative_gpa)
              for p in record.periods]
    return {"student": student, "debts": debts, "transcript": record, "gpa": record.gpa,
            "credits_earned": record.credits_earned, "groups": groups}


def appeal_context(appeal: Any) -> dict[str, Any]:
    result = appeal.result
    return {"computed": computed(result)}


# --- GR-10: academic debts, as the apps above grading read them ---------------------------------------


@dataclass(frozen=True)
class OpenDebt:
    """GR-10: a discipline the student must re-enrol in, not cleared yet."""

    result_id: int
    student_id: int
    discipline: str
    period: str
    period_starts: date
    reason: str


def open_debts(*, student_ids: Iterable[int] | None = None) -> list[OpenDebt]:
    """Open academic debts (of these students, or of everyone), oldest period first."""
    from grading.models import AcademicDebt

    debts = AcademicDebt.objects.filter(cleared_at__isnull=True)
    if student_ids is not None:
        debts = debts.filter(result__student_id__in=list(student_ids))
    return [OpenDebt(*row) for row in debts.order_by("result__period__starts", "result__discipline__code").values_list(
        "result_id", "result__student_id", "result__discipline__code", "result__period__code",
        "result__period__starts", "reason")]


# --- GR-15: the additional period ------------------------------------------------------------------

def additional_period_candidates(today: Any, limit: int = 300) -> list[dict[str, Any]]:
    """Results that may go to the additional period now: no-shows, not admitted, or no exam at all,
    of periods whose session is over and whose additional period (with extensions) is not."""
    from datetime import timedelta

    from grading.models import AdditionalExam

    # The latest an additional period can end is 3 weeks after the session (GR-15 extension).
    recent = Result.objects.filter(period__exam_session_ends__lt=today,
                                   period__exam_session_ends__gte=today - timedelta(days=40),
                                   additional_exam__isnull=True).exclude(
        academic_debt__isnull=False).select_related("student__user", "student__program", "discipline", "period")
    entries = entries_for(list(recent))
    scales = LetterScales()
    rows = []
    for result in recent.order_by("period__starts", "discipline__code", "student__user__username"):
        status = compute(result, scales.on(result.period.starts), entry=entries.get(result.pk)).status
        category = {"no_show": AdditionalExam.Category.DID_NOT_APPEAR,
                    "not_admitted": AdditionalExam.Category.BELOW_ADMISSION}.get(status)
        if category is None and status == "in_progress" and result.exam is None:
            category = AdditionalExam.Category.PAYMENT_CLEARANCE
        if category:
            rows.append({"result": result, "category": category})
        if len(rows) >= limit:
            break
    return rows


def open_additional_exams() -> list[Any]:
    from grading.models import AdditionalExam

    return list(AdditionalExam.objects.filter(recorded_at__isnull=True)
                .select_related("result__student__user", "result__discipline", "result__period")
                .order_by("ends", "opened_at"))


def additional_exam_as_dict(additional: Any) -> dict[str, Any]:
    return {"id": additional.pk, "result": additional.result_id, "category": additional.category,
            "ends": additional.ends.isoformat(), "recorded": additional.recorded_at is not None,
            "letter_after": additional.letter_after or None}
