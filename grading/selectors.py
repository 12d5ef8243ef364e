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
from grading.models import GradeSheet, LetterBand, SheetAttempt
from grading.policy.formula import (
    GRADED,
    IN_PROGRESS,
    ResultComputation,
    commission_grade,
    compute_result,
    recognized_result,
)
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


@dataclass(frozen=True)
class LetterScaleVersion:
    """GR-6: one scale with the day it takes effect (a result is graded by the one in force on the
    first day of its period)."""

    effective_from: date | None  # None: the policy's own table, used while the table is empty
    bands: tuple[LetterGrade, ...]


def letter_scale_versions() -> tuple[LetterScaleVersion, ...]:
    """Every scale the university has adopted, the newest first."""
    versions: dict[date, list[LetterGrade]] = {}
    for band in LetterBand.objects.order_by("-effective_from", "-min_score"):
        versions.setdefault(band.effective_from, []).append(
            LetterGrade(letter=band.letter, points=band.points, min_score=band.min_score,
                        max_score=band.max_score,
                        traditional=band.traditional))
    if not versions:
        return (LetterScaleVersion(None, DEFAULT_SCALE),)
    return tuple(LetterScaleVersion(day, tuple(bands)) for day, bands in versions.items())


def letter_scale_in_force(on: date) -> LetterScaleVersion:
    """GR-6: the scale in force on a day, with the day it took effect."""
    versions = letter_scale_versions()
    started = [v for v in versions if v.effective_from is None or v.effective_from <= on]
    return started[0] if started else versions[-1]


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
    if ("final_attestation" in (result.discipline.control, result.discipline.kind) and result.r1 is None
            and result.r2 is None
            and result.exam is not None and result.outcome is None and visible):
        return commission_grade(result.exam, scale)  # FA-6: the commission's score is the final score
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


@dataclass(frozen=True)
class SheetRow:
    """One student's row of a sheet: the attempt it records, computed (GR-2 … GR-8)."""

    student: Student
    result: Result | None
    computed: ResultComputation
    entry: Any | None = None

    @property
    def username(self) -> str:
        return str(self.student.user.username)

    @property
    def full_name(self) -> str:
        return str(self.student.user.full_name)

    @property
    def result_id(self) -> int | None:
        return self.result.pk if self.result else None

    @property
    def attempt(self) -> int | None:
        return self.result.attempt if self.result else None

    @property
    def r1(self) -> int | None:
        return self.result.r1 if self.result else None

    @property
    def r2(self) -> int | None:
        return self.result.r2 if self.result else None

    @property
    def outcome(self) -> str | None:
        return self.result.outcome if self.result else None

    @property
    def classes_held(self) -> int | None:
        return self.entry.classes_held if self.entry else None

    @property
    def absences(self) -> int:
        return self.entry.absences if self.entry else 0

    @property
    def lates_over_20_min(self) -> int:
        return self.entry.lates_over_20_min if self.entry else 0

    @property
    def coursework_submitted(self) -> bool:
        return bool(self.entry and self.entry.coursework_submitted)

    @property
    def admitted_by_dean_order(self) -> bool:
        return bool(self.entry and self.entry.dean_admission_basis)


def sheet_for(section: Section) -> GradeSheet | None:
    """The section's session sheet (GR-12), if anything was entered on it yet."""
    return GradeSheet.objects.filter(section=section, sitting=GradeSheet.Sitting.REGULAR).first()


def result_sheets(results: Iterable[Result]) -> dict[int, GradeSheet]:
    """GR-12: the sheet each result is recorded on — its own FX retake or additional-period sheet, or its
    section's session sheet. A result with none was loaded from the university's records (final)."""
    results = [r for r in results if r is not None and r.pk]
    own = {a.result_id: a.sheet for a in SheetAttempt.objects.filter(result_id__in=[r.pk for r in results])
           .select_related("sheet")}
    section_ids = {r.section_id for r in results if r.section_id and r.pk not in own}
    sessions = {s.section_id: s for s in GradeSheet.objects.filter(section_id__in=section_ids,
                                                                   sitting=GradeSheet.Sitting.REGULAR)}
    sheets: dict[int, GradeSheet] = {}
    for result in results:
        sheet = own.get(result.pk) or (sessions.get(result.section_id) if result.section_id else None)
        if sheet is not None:
            sheets[result.pk] = sheet
    return sheets


def sheet_of(result: Result) -> GradeSheet | None:
    return result_sheets([result]).get(result.pk)


def _rows(students: list[Student], results: dict[int, Result], scale: tuple[LetterGrade,
                                                                            ...]) -> list[SheetRow]:
    entries = entries_for(results.values())
    rows = []
    for student in students:
        result = results.get(student.pk)
        entry = entries.get(result.pk) if result else None
        rows.append(SheetRow(student, result, compute(result, scale, entry=entry), entry))
    return rows


def sheet_rows(section: Section) -> list[SheetRow]:
    """The session sheet: one row per student enrolled in the section, in Kazakh alphabetical order,
    with the attempt of the session — retakes and additional exams are on sheets of their own."""
    scale = letter_scale(section.period.starts)
    students = [e.student for e in Enrollment.objects.filter(section=section,
                                                             status=Enrollment.Status.ENROLLED)
                .select_related("student__user").order_by("student__user__full_name_sort",
                                                          "student__user__full_name",
                                                          "student__user__username")]
    results: dict[int, Result] = {}
    for result in Result.objects.filter(discipline_id=section.discipline_id, period_id=section.period_id,
                                        student__in=students, attempt_sheet__isnull=True).select_related(
            "discipline", "student__program").order_by("attempt"):
        results[result.student_id] = result  # the latest attempt of the session wins
    return _rows(students, results, scale)


def attempt_sheet_rows(sheet: GradeSheet) -> list[SheetRow]:
    """An FX retake or additional-period sheet: one row per attempt recorded on it (GR-9, GR-15)."""
    scale = letter_scale(sheet.period.starts)
    attempts = list(Result.objects.filter(attempt_sheet__sheet=sheet)
                    .select_related("discipline", "student__user", "student__program")
                    .order_by("student__user__full_name_sort", "student__user__full_name",
                              "student__user__username"))
    return _rows([r.student for r in attempts], {r.student_id: r for r in attempts}, scale)


@dataclass(frozen=True)
class SheetRecord:
    """A grade sheet as the API and the spreadsheet export give it (contract §3: one row per student,
    fields as in §4 ``results``)."""

    id: int | None  # None: nothing entered on a session sheet yet
    sitting: str
    section: str | None
    discipline: str
    period: str
    kind: str
    exam_date: date | None
    posted_at: datetime | None
    appeal_window_closes_at: datetime | None
    printed_at: datetime | None
    rows: tuple[SheetRow, ...]

    @property
    def locked(self) -> bool:
        """GR-12: a posted sheet's marks change only by an appeal decision."""
        return self.posted_at is not None


def _record(sheet: GradeSheet | None, *, sitting: str, section: str | None, discipline: Any, period: Any,
            rows: list[SheetRow]) -> SheetRecord:
    return SheetRecord(
        id=sheet.pk if sheet else None, sitting=sitting, section=section, discipline=discipline.code,
        period=period.code, kind=sheet_kind(discipline.control, discipline.kind),
        exam_date=sheet.exam_date if sheet else None, posted_at=sheet.posted_at if sheet else None,
        appeal_window_closes_at=sheet.appeal_window_closes_at if sheet else None,
        printed_at=sheet.printed_at if sheet else None, rows=tuple(rows))


def sheet_record(section: Section) -> SheetRecord:
    """A section's session sheet with its rows."""
    return _record(sheet_for(section), sitting=GradeSheet.Sitting.REGULAR, section=section.code,
                   discipline=section.discipline, period=section.period, rows=sheet_rows(section))


def attempt_sheet_record(sheet: GradeSheet) -> SheetRecord:
    """An FX retake or additional-period sheet with its rows."""
    return _record(sheet, sitting=sheet.sitting, section=sheet.section.code if sheet.section_id else None,
                   discipline=sheet.discipline, period=sheet.period, rows=attempt_sheet_rows(sheet))


@dataclass(frozen=True)
class AttemptSheetLine:
    """A retake or additional-period sheet on the registrar's list: what is on it and where it stands."""

    id: int
    sitting: str
    section: str | None
    discipline: str
    period: str
    exam_date: date
    attempts: int
    posted_at: datetime | None
    appeal_window_closes_at: datetime | None
    printed_at: datetime | None


def attempt_sheets(*, limit: int = 300) -> list[AttemptSheetLine]:
    """FX retake and additional-period sheets, those still to be posted first, then the newest (GR-12)."""
    from django.db.models import Count, F

    sheets = (GradeSheet.objects.exclude(sitting=GradeSheet.Sitting.REGULAR)
              .select_related("section", "discipline", "period").annotate(count=Count("attempts"))
              .order_by(F("posted_at").desc(nulls_first=True), "-exam_date", "discipline__code")[:limit])
    return [AttemptSheetLine(s.pk, s.sitting, s.section.code if s.section_id else None, s.discipline.code,
                             s.period.code, s.exam_date, s.count, s.posted_at, s.appeal_window_closes_at,
                             s.printed_at) for s in sheets]


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
    if not results:  # a first-year student: nothing to compute (and registration day is full of them)
        return Transcript(student.user.username, student.program.code, (), (), (), None, 0)
    # GR-12: an attempt whose own sheet is not posted yet hides its exam; loaded past results (no
    # sheet in the portal) are final.
    return _transcript_of(student, results, result_sheets(results), entries_for(results),
                          scales or LetterScales())


def _transcript_of(student: Student, results: list[Result], sheets: dict[int, GradeSheet],
                   sheet_entries: dict[int, Any], scales: LetterScales) -> Transcript:
    """The transcript from the student's results (ordered by period, discipline, attempt), their sheets
    and sheet entries — fetched for one student above, or for many at once (``student_transcripts``)."""
    program = student.program.code
    periods: dict[int, PeriodRef] = {}
    disciplines: dict[int, DisciplineRef] = {}
    attempts: list[TranscriptAttempt] = []
    gpa_entries: list[GpaEntry] = []
    for result in results:
        scale = scales.on(result.period.starts)
        sheet = sheets.get(result.pk)
        computation = compute(result, scale, visible=sheet is None or sheet.is_posted,
                              entry=sheet_entries.get(result.pk), recorded_outside=sheet is None)
        d, p = result.discipline, result.period
        discipline = disciplines.setdefault(d.pk, DisciplineRef(d.code, d.name_kk, d.name_ru, d.name_en,
                                                                d.kind,
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
    return GpaEntry(discipline=attempt.discipline.code, credits=attempt.discipline.credits,
                    points=attempt.points,
                    counts_as_fail=attempt.counts_as_fail, order=(attempt.period.starts.isoformat(),
                                                                  attempt.attempt),
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
    """One attempt on a results page with what the reader can do about it (GR-9, GR-13, GR-14)."""

    result: TranscriptAttempt
    appeal: Any = None
    appeal_until: datetime | None = None
    can_appeal: bool = False
    retake: Any = None
    may_retake: bool = False

    @property
    def appeal_stage(self) -> str | None:
        """filed, rejected, granted_pending_entry ("granted, being entered", GR-14) or entered."""
        return self.appeal.stage if self.appeal is not None else None


@dataclass(frozen=True)
class PeriodLines:
    period: PeriodRef
    lines: tuple[ResultLine, ...]
    gpa: Decimal | None
    cumulative_gpa: Decimal | None


def transcript_page(student: Student) -> dict[str, Any]:
    record = student_transcript(student)
    return {"transcript": record, "gpa": record.gpa, "credits_earned": record.credits_earned,
            "groups": [PeriodLines(p.period, tuple(ResultLine(a) for a in p.attempts), p.gpa,
                                   p.cumulative_gpa)
                       for p in record.periods]}


def results_page(student: Student, now: datetime) -> dict[str, Any]:
    """The student's results with what they can do about each: appeal while the window of the
    attempt's own sheet is open (GR-13), apply for an FX retake once per discipline and period (GR-9);
    and classes missed against GR-3's limit (``attendance``)."""
    from grading.models import AcademicDebt, Appeal, RetakeApplication
    from grading.policy.appeals import appeal_window_open

    record = student_transcript(student)
    sheets = result_sheets(Result.objects.filter(student=student).only("pk", "section_id"))
    appeals = {a.result_id: a
               for a in Appeal.objects.filter(result__student=student).order_by("filed_at", "id")}
    retakes = {r.result_id: r for r in RetakeApplication.objects.filter(result__student=student)
               .select_related("result__discipline", "result__period")}
    retaken = {(r.result.discipline.code, r.result.period.code) for r in retakes.values()}
    debts = list(AcademicDebt.objects.filter(result__student=student, cleared_at__isnull=True)
                 .select_related("result__discipline", "result__period"))
    owed = {d.result_id for d in debts}

    def line(attempt: TranscriptAttempt) -> ResultLine:
        sheet = sheets.get(attempt.result_id)
        appeal, retake = appeals.get(attempt.result_id), retakes.get(attempt.result_id)
        return ResultLine(
            attempt, appeal=appeal, appeal_until=sheet.appeal_window_closes_at if sheet else None,
            can_appeal=bool(sheet and appeal is None and appeal_window_open(
                sheet.posted_at, sheet.appeal_window_closes_at, now)),
            retake=retake, may_retake=(attempt.letter == "FX" and attempt.result_id not in owed
                                       and (attempt.discipline.code, attempt.period.code) not in retaken))

    groups = [PeriodLines(p.period, tuple(line(a) for a in p.attempts), p.gpa, p.cumulative_gpa)
              for p in record.periods]
    return {"student": student, "debts": debts, "transcript": record, "gpa": record.gpa,
            "credits_earned": record.credits_earned, "groups": groups,
            "attendance": student_attendance(student)}


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
    return [OpenDebt(*row) for row in debts.order_by("result__period__starts",
                                                     "result__discipline__code").values_list(
        "result_id", "result__student_id", "result__discipline__code", "result__period__code",
        "result__period__starts", "reason")]


# --- GR-15: the additional period ------------------------------------------------------------------

def additional_period_candidates(today: Any, limit: int = 300) -> list[dict[str, Any]]:
    """GR-15: results that may go to the additional period now, each with its category — (2) did not
    appear, (3) not admitted for the admission rating alone (not for attendance: GR-3 sends those to the
    summer semester; not for course work), (1) no exam and no outcome — of periods whose session is
    over and whose additional period (with extensions) is not. Only the latest attempt of a discipline
    in a period, on a posted sheet (or loaded), never one already in the additional period."""
    from datetime import timedelta

    from django.db.models import Exists, OuterRef

    from grading.models import AdditionalExam
    from grading.policy.formula import NO_SHOW, NOT_ADMITTED, RATING_BELOW_THRESHOLD

    group = {"student": OuterRef("student"), "discipline": OuterRef("discipline"),
             "period": OuterRef("period")}
    # The latest an additional period can end is 3 weeks after the session (GR-15 extension).
    recent = (Result.objects.filter(period__exam_session_ends__lt=today,
                                    period__exam_session_ends__gte=today - timedelta(days=40))
              .exclude(Exists(Result.objects.filter(**group, attempt__gt=OuterRef("attempt"))))
              .exclude(Exists(AdditionalExam.objects.filter(**{f"result__{k}": v for k, v in group.items()})))
              .exclude(academic_debt__isnull=False)
              .select_related("student__user", "student__program", "discipline", "period"))
    results = list(recent.order_by("period__starts", "discipline__code", "student__user__full_name_sort",
                                   "student__user__username"))
    entries = entries_for(results)
    sheets = result_sheets(results)
    scales = LetterScales()
    rows: list[dict[str, Any]] = []
    for result in results:
        sheet = sheets.get(result.pk)
        if sheet is not None and not sheet.is_posted:
            continue  # GR-12: still being entered
        computation = compute(result, scales.on(result.period.starts), entry=entries.get(result.pk))
        category = None
        if computation.status == NO_SHOW:
            category = AdditionalExam.Category.DID_NOT_APPEAR
        elif computation.status == NOT_ADMITTED and computation.admission_reasons == (RATING_BELOW_THRESHOLD,
                                                                                      ):
            category = AdditionalExam.Category.BELOW_ADMISSION
        elif computation.status == IN_PROGRESS and result.exam is None:
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


# --- GR-14: granted appeals waiting for the registrar's office -------------------------------------------


@dataclass(frozen=True)
class AppealToEnter:
    """A granted appeal the head of the registrar's office has to enter (GR-14): the exam score now,
    the points the commission added, and what the score becomes."""

    id: int
    result_id: int
    student: str
    full_name: str
    discipline: DisciplineRef
    period: PeriodRef
    section: str | None
    attempt: int
    reason: str
    filed_at: datetime
    exam_before: int | None
    points_added: int
    exam_after: int
    decided_by: str
    decided_at: datetime
    decision_reason: str


def appeals_to_enter() -> list[AppealToEnter]:
    """GR-14: the registrar's queue — granted appeals not entered yet, oldest decision first."""
    from grading.models import Appeal
    from grading.policy.appeals import exam_after_decision

    waiting = (Appeal.objects.filter(status=Appeal.Status.GRANTED, entered_at__isnull=True)
               .select_related("result__student__user", "result__discipline", "result__period",
                               "result__section",
                               "decided_by").order_by("decided_at", "id"))
    lines = []
    for appeal in waiting:
        result, d, p = appeal.result, appeal.result.discipline, appeal.result.period
        lines.append(AppealToEnter(
            id=appeal.pk, result_id=result.pk, student=result.student.user.username,
            full_name=result.student.user.full_name,
            discipline=DisciplineRef(d.code, d.name_kk, d.name_ru, d.name_en, d.kind, d.credits),
            period=PeriodRef(p.code, p.kind, p.academic_year, p.starts, p.ends),
            section=result.section.code if result.section else None, attempt=result.attempt,
            reason=appeal.reason,
            filed_at=appeal.filed_at, exam_before=result.exam, points_added=appeal.points_added,
            # validated when the commission decided (≤ 100); the sheet is locked since (GR-12)
            exam_after=exam_after_decision(result.exam or 0, True, appeal.points_added),
            decided_by=appeal.decided_by.full_name if appeal.decided_by else "",
            decided_at=appeal.decided_at, decision_reason=appeal.decision_reason))
    return lines


# --- GR-3, beyond the rule: classes missed against the 50% limit ---------------------------------------


@dataclass(frozen=True)
class AttendanceLine:
    """A discipline's classes missed against GR-3's limit (more than half of the classes held bars the
    student from the exam), and whether the 40% warning mark is reached."""

    result_id: int
    discipline: DisciplineRef
    period: PeriodRef
    section: str | None
    classes_held: int
    absences: int
    lates_over_20_min: int
    missed: int  # five lates of more than 20 minutes make one missed class (GR-3)
    missed_percent: Decimal
    limit_percent: Decimal
    warning_percent: Decimal
    limit_applies: bool  # GR-3 is a bachelor's rule about classes (not practice or course work)
    at_risk: bool
    over_limit: bool
    admitted_by_dean_order: bool


def _attendance_lines(entries: Iterable[Any]) -> list[AttendanceLine]:
    from grading.policy.attendance import LIMIT_PERCENT, WARNING_PERCENT, at_risk, missed_percent, over_limit
    from grading.policy.formula import Attendance
    from grading.policy.sheets import attendance_rule_applies

    periods: dict[int, PeriodRef] = {}
    lines = []
    for entry in entries:
        result = entry.result
        d, p = result.discipline, result.period
        attendance = Attendance(classes_held=entry.classes_held, absences=entry.absences,
                                lates_over_20_min=entry.lates_over_20_min)
        applies = attendance_rule_applies(result.student.program.level, sheet_kind(d.control, d.kind))
        lines.append(AttendanceLine(
            result_id=result.pk, discipline=DisciplineRef(d.code, d.name_kk, d.name_ru, d.name_en, d.kind,
                                                          d.credits),
            period=periods.setdefault(p.pk, PeriodRef(p.code, p.kind, p.academic_year, p.starts, p.ends)),
            section=result.section.code if result.section else None, classes_held=entry.classes_held,
            absences=entry.absences, lates_over_20_min=entry.lates_over_20_min,
            missed=attendance.effective_absences, missed_percent=missed_percent(attendance),
            limit_percent=LIMIT_PERCENT, warning_percent=WARNING_PERCENT, limit_applies=applies,
            at_risk=applies and at_risk(attendance), over_limit=applies and over_limit(attendance),
            admitted_by_dean_order=bool(entry.dean_admission_basis)))
    return lines


def _counted_entries() -> Any:
    from grading.models import SheetEntry

    return (SheetEntry.objects.filter(classes_held__gt=0)
            .select_related("result__discipline", "result__period", "result__section",
                            "result__student__user",
                            "result__student__program"))


def _still_taught(entries: Any) -> Any:
    """Entries of sheets still being entered: the classes are not over while the session sheet is open."""
    return entries.filter(result__attempt_sheet__isnull=True,
                          result__section__grade_sheets__sitting="regular",
                          result__section__grade_sheets__posted_at__isnull=True)


def student_attendance(student: Student) -> tuple[AttendanceLine, ...]:
    """For My results: every discipline whose sheet counts the student's classes, newest period first."""
    entries = (_counted_entries().filter(result__student=student)
               .order_by("-result__period__starts", "result__discipline__code"))
    return tuple(_attendance_lines(entries))


@dataclass(frozen=True)
class AdviseeAtRisk:
    """An adviser's advisee who has missed at least 40% of a discipline's classes (GR-3, issue 9)."""

    student: str
    full_name: str
    attendance: AttendanceLine

    @property
    def discipline(self) -> DisciplineRef:
        return self.attendance.discipline

    @property
    def missed_percent(self) -> Decimal:
        return self.attendance.missed_percent


def at_risk_of_attendance(*, student_ids: Iterable[int] | None = None,
                          not_warned: bool = False) -> list[tuple[Any, AttendanceLine]]:
    """(sheet entry, line) of every discipline still taught where a student has reached the 40% mark
    (``not_warned``: only those not e-mailed about it yet)."""
    entries = _still_taught(_counted_entries())
    if student_ids is not None:
        entries = entries.filter(result__student_id__in=list(student_ids))
    if not_warned:
        entries = entries.filter(result__attendance_warning__isnull=True)
    entries = list(entries.order_by("result__student__user__full_name_sort",
                                    "result__student__user__username",
                                    "result__discipline__code"))
    return [(entry, line) for entry, line in zip(entries, _attendance_lines(entries),
                                                 strict=True) if line.at_risk]


def advisees_at_risk(adviser: Any) -> tuple[AdviseeAtRisk, ...]:
    """For an adviser: advisees at or past 40% of a discipline's classes missed, in disciplines still
    taught."""
    advisees = Student.objects.filter(adviser_id=getattr(adviser, "pk", None)).values_list("pk", flat=True)
    return tuple(AdviseeAtRisk(entry.result.student.user.username, entry.result.student.user.full_name, line)
                 for entry, line in at_risk_of_attendance(student_ids=advisees))


# --- issue 11: integral GPA (GP-2, GP-3) and progression (GP-4, TR-10, TR-11) ----------------------------


def student_transcripts(students: Iterable[Student], *,
                        scales: LetterScales | None = None) -> dict[int, Transcript]:
    """{student id: transcript} for many students in a few queries (an adviser's 500 advisees, a dean's
    school, the progression list) — the same transcript ``student_transcript`` gives one student."""
    from ektu_portal.academics.models import AcademicPeriod, Discipline

    students = list(students)
    by_id = {s.pk: s for s in students}
    by_student: dict[int, list[Result]] = {s.pk: [] for s in students}
    results = list(Result.objects.filter(student_id__in=list(by_student))
                   .order_by("student_id", "period__starts", "discipline__code", "attempt"))
    # Each discipline, period and section once, shared by every result that names it (a select_related
    # would build them again for each of 100,000 rows); the students are the caller's, programme loaded.
    disciplines = Discipline.objects.in_bulk({r.discipline_id for r in results})
    periods = AcademicPeriod.objects.in_bulk({r.period_id for r in results})
    sections = Section.objects.in_bulk({r.section_id for r in results if r.section_id})
    fields = {name: Result._meta.get_field(name) for name in ("discipline", "period", "section", "student")}
    for result in results:
        fields["discipline"].set_cached_value(result, disciplines[result.discipline_id])
        fields["period"].set_cached_value(result, periods[result.period_id])
        fields["section"].set_cached_value(result, sections.get(result.section_id))
        fields["student"].set_cached_value(result, by_id[result.student_id])
        by_student[result.student_id].append(result)
    sheets, sheet_entries = result_sheets(results), entries_for(results)
    scales = scales or LetterScales()
    return {s.pk: (_transcript_of(s, by_student[s.pk], sheets, sheet_entries, scales) if by_student[s.pk]
                   else Transcript(s.user.username, s.program.code, (), (), (), None, 0))
            for s in students}


def period_academic_year(period: PeriodRef) -> str:
    """The academic year a period belongs to: as recorded, else the one its first day falls in."""
    from grading.policy.igpa import academic_year_of

    return period.academic_year or academic_year_of(period.starts)


def year_gpa(transcript: Transcript, academic_year: str) -> Decimal | None:
    """Contract §7: GP-1 over the results of the periods of that academic year (its summer semester
    included, TR-10), exact — only what is shown is rounded."""
    from grading.policy.igpa import exact_gpa

    return exact_gpa(_gpa_entry(a) for a in transcript.attempts
                     if period_academic_year(a.period) == academic_year)


def block_maxima_in(academic_year: str, rows: Iterable[Any] | None = None) -> Any:
    """GP-3: the block maxima in force in an academic year — the newest row from that year or before;
    100 each without one."""
    from grading.models import AchievementMaxima
    from grading.policy.igpa import BlockMaxima

    if rows is None:
        rows = AchievementMaxima.objects.filter(from_academic_year__lte=academic_year)
    row = max((r for r in rows if r.from_academic_year <= academic_year),
              key=lambda r: r.from_academic_year, default=None)
    return BlockMaxima() if row is None else BlockMaxima(ssci=row.ssci, iros=row.iros, research=row.research)


@dataclass(frozen=True)
class YearConditions:
    """TR-10: an academic year's conditions of progression — the rector's order (when recorded), its
    minimum GPA by course year, and the deadlines (the policy's, unless the order moves them)."""

    academic_year: str
    order_number: str
    order_date: date | None
    deadline: date
    winter_deadline: date
    minimum_gpa: dict[int, Decimal]
    recorded: bool

    def deadline_for(self, intake: str) -> date:
        return self.winter_deadline if intake == "winter" else self.deadline


def year_conditions(academic_year: str) -> YearConditions:
    from grading.models import ProgressionConditions
    from grading.policy.igpa import progression_deadline

    row = ProgressionConditions.objects.filter(academic_year=academic_year).prefetch_related(
        "minimum_gpas").first()
    if row is None:
        return YearConditions(academic_year, "", None, progression_deadline(academic_year),
                              progression_deadline(academic_year, winter_intake=True), {}, False)
    return YearConditions(academic_year, row.order_number, row.order_date, row.deadline, row.winter_deadline,
                          {m.course_year: m.minimum_gpa for m in row.minimum_gpas.all()}, True)


def course_years_refer_to(today: date) -> str:
    """TR-10: course years move on by 25 August; until then the course year a student has is that of the
    academic year ending — the year whose progression comes next."""
    from grading.policy.igpa import academic_year_of, progression_deadline

    year = academic_year_of(today)
    start = int(year[:4])
    previous = f"{start - 1}-{start}"
    return previous if today <= progression_deadline(previous) else year


def _next_year(academic_year: str) -> str:
    start = int(academic_year[:4]) + 1
    return f"{start}-{start + 1}"


@dataclass(frozen=True)
class AssessedBlock:
    """GP-4: one assessed block — its fraction (None while unknown), whether it reaches one half, the
    student's GPA or points now, and the least that reaches one half (``need``) out of ``maximum``."""

    name: str
    fraction: Decimal | None
    meets: bool | None
    have: Decimal | None
    need: Decimal
    maximum: Decimal


@dataclass(frozen=True)
class StudentIgpa:
    """One student's iGPA and progression in an academic year (contract §7; GP-2 … GP-4, TR-10) with what
    a page shows beside it: each block's fraction, what each block needs, the open debts and the outcome
    the progression list would give today."""

    student_id: int
    username: str
    full_name: str
    program: str
    school_id: int
    funding: str
    academic_year: str
    course_year: int | None
    applies: bool
    gpa: Decimal | None
    achievements: Any  # policy Achievements, or None while not recorded
    maxima: Any  # policy BlockMaxima
    result: Any  # policy IntegralGpa, or None for a student not studying that year
    needs: Any  # policy BlockNeeds, or None where iGPA does not apply
    debts: tuple[OpenDebt, ...]
    decision: Any  # policy ProgressionDecision, or None

    @property
    def shown_gpa(self) -> Decimal | None:
        from decimal import ROUND_HALF_UP

        # GP-1: shown with two decimals, half up; computed on the exact value (contract §7)
        return None if self.gpa is None else self.gpa.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def shown_igpa(self) -> Decimal | None:
        return self.result.shown_igpa if self.applies and self.result is not None else None

    def shown_block(self, name: str) -> Decimal | None:
        return self.result.shown_block(name) if self.applies and self.result is not None else None

    @property
    def blocks(self) -> dict[str, Decimal | None]:
        return {name: self.shown_block(name) for name in ("gpa", "research", "ssci", "iros")}

    @property
    def meets(self) -> bool | None:
        return self.result.meets if self.result is not None else None

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.result.reasons if self.result is not None else ()

    @property
    def progression(self) -> dict[str, Any] | None:
        """Contract §7: ``{"meets", "reasons"}`` for those iGPA applies to, else None."""
        if not self.applies or self.result is None:
            return None
        return {"meets": self.result.meets, "reasons": list(self.result.reasons)}

    @property
    def block_lines(self) -> tuple[tuple[str, Decimal | None, Decimal, Decimal | None], ...]:
        """(block, GPA or points now, maximum, fraction shown) of each block of the course year's formula
        (GP-2): years 1–2 GPA, research activity, SSCI; years 3–4 GPA, iROS, SSCI."""
        if not self.applies or self.course_year is None:
            return ()
        names = ("gpa", "research", "ssci") if self.course_year <= 2 else ("gpa", "iros", "ssci")
        lines = []
        for name in names:
            if name == "gpa":
                lines.append((name, self.shown_gpa, Decimal("4.00"), self.shown_block(name)))
            else:
                have = getattr(self.achievements, name) if self.achievements is not None else None
                lines.append((name, have, getattr(self.maxima, name), self.shown_block(name)))
        return tuple(lines)

    @property
    def assessed(self) -> tuple[AssessedBlock, ...]:
        """GP-4: each block progression assesses — its fraction against one half, and what reaching one
        half takes (the lowest GPA; the lowest points) — for a student's "why not" and "what can I do"."""
        from decimal import ROUND_HALF_UP

        from grading.policy.igpa import HALF, assessed_blocks

        if not self.applies or self.result is None:
            return ()
        lines = []
        for name, value in assessed_blocks(self.result.course_year, self.result.blocks):
            need = getattr(self.needs, name)
            have = self.shown_gpa if name == "gpa" else (getattr(self.achievements, name)
                                                         if self.achievements is not None else None)
            shown = None if value is None else value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
            lines.append(AssessedBlock(name, shown, None if value is None else value >= HALF, have, need,
                                       getattr(self.maxima, name) if name != "gpa" else Decimal("4.00")))
        return tuple(lines)

    @property
    def risk(self) -> str:
        """The outcome the list would give today: repeat_year, progress_with_debts, progress; "none" for a
        student not studying that year."""
        return self.decision.outcome if self.decision is not None else "none"

    @property
    def risk_rank(self) -> int:
        return {"repeat_year": 0, "progress_with_debts": 1, "progress": 2}.get(self.risk, 3)


def integral_gpas(students: Iterable[Student], academic_year: str, *, today: date,
                  refers_to: str | None = None, scales: LetterScales | None = None,
                  conditions: YearConditions | None = None) -> list[StudentIgpa]:
    """GP-2 … GP-4 and TR-10 for many students of one academic year, in a fixed number of queries.

    The course year in that year: the one a progression list of that year recorded; else the course year
    now minus the academic years since the year it refers to — ``refers_to`` when the caller knows it
    (the list being drawn up: course years have not moved yet), else the year after the student's latest
    confirmed list (or that list's own year while it waits for confirmation), and otherwise the year
    whose progression comes next (``course_years_refer_to``)."""
    from grading.models import AchievementMaxima, AchievementRecord, ProgressionLine
    from grading.policy.igpa import (
        Achievements,
        applies,
        block_needs,
        conditions_without_igpa,
        course_year_in,
        holds_grant,
        integral_gpa,
        progression,
    )

    students = list(students)
    ids = [s.pk for s in students]
    conditions = conditions or year_conditions(academic_year)
    maxima = block_maxima_in(academic_year, AchievementMaxima.objects.filter(
        from_academic_year__lte=academic_year))
    records = {r.student_id: r for r in AchievementRecord.objects.filter(student_id__in=ids,
                                                                        academic_year=academic_year)}
    line_of_year: dict[int, int] = {}
    latest_line: dict[int, tuple[str, bool]] = {}
    if refers_to is None:
        lines = (ProgressionLine.objects.filter(student_id__in=ids).order_by("run__academic_year")
                 .values_list("student_id", "course_year", "run__academic_year", "run__confirmed_at"))
        for student_id, course_year, year, confirmed_at in lines:
            if year == academic_year:
                line_of_year[student_id] = course_year
            latest_line[student_id] = (year, confirmed_at is not None)
    debts: dict[int, list[OpenDebt]] = {}
    for debt in open_debts(student_ids=ids):
        debts.setdefault(debt.student_id, []).append(debt)
    transcripts = student_transcripts(students, scales=scales)
    time_based = course_years_refer_to(today)
    rows = []
    for student in students:
        if student.pk in line_of_year:
            course_year: int | None = line_of_year[student.pk]
        else:
            reference = refers_to
            if reference is None:
                latest = latest_line.get(student.pk)
                if latest is None:
                    reference = time_based
                elif not latest[1]:
                    reference = latest[0]  # the list waits for confirmation: course years have not moved
                else:
                    reference = max(_next_year(latest[0]), time_based)
            course_year = course_year_in(course_year_now=student.course_year, now_refers_to=reference,
                                         academic_year=academic_year)
        gpa_of_year = year_gpa(transcripts[student.pk], academic_year)
        record = records.get(student.pk)
        achieved = (Achievements(ssci=record.ssci, iros=record.iros, research=record.research)
                    if record is not None else None)
        owed = tuple(debts.get(student.pk, ()))
        igpa_applies = course_year is not None and applies(course_year=course_year,
                                                           level=student.program.level,
                                                           study_form=student.study_form)
        result = needs = decision = None
        if course_year is not None:
            minimum = conditions.minimum_gpa.get(course_year)
            if igpa_applies:
                result = integral_gpa(course_year=course_year, gpa=gpa_of_year, achievements=achieved,
                                      maxima=maxima, minimum_gpa=minimum)
                needs = block_needs(course_year=course_year, achievements=achieved, maxima=maxima)
            else:
                result = conditions_without_igpa(course_year=course_year, gpa=gpa_of_year,
                                                 minimum_gpa=minimum)
            decision = progression(result, debts=tuple(d.discipline for d in owed),
                                   grant_holder=holds_grant(student.funding))
        rows.append(StudentIgpa(
            student_id=student.pk, username=student.user.username, full_name=student.user.full_name,
            program=student.program.code, school_id=student.program.school_id, funding=student.funding,
            academic_year=academic_year, course_year=course_year, applies=igpa_applies, gpa=gpa_of_year,
            achievements=achieved, maxima=maxima, result=result, needs=needs, debts=owed, decision=decision))
    return rows


def student_igpa(student: Student, academic_year: str, *, today: date) -> StudentIgpa:
    """Contract §7 for one student and academic year."""
    return integral_gpas([student], academic_year, today=today)[0]


def igpa_students(queryset: Any) -> Any:
    """The student rows an iGPA list reads (user, programme and school in the same query)."""
    return queryset.select_related("user", "program__school")


IGPA_SORTS = {
    "name": lambda r: (_name_key(r.full_name), r.username),
    "gpa": lambda r: (r.gpa is None, -(r.gpa or 0), _name_key(r.full_name)),
    "igpa": lambda r: (r.shown_igpa is None, -(r.result.igpa if r.shown_igpa is not None else 0),
                       _name_key(r.full_name)),
    "risk": lambda r: (r.risk_rank, len(r.reasons) * -1, r.gpa is None, r.gpa or 0, _name_key(r.full_name)),
}


def _name_key(name: str) -> str:
    from ektu_portal.accounts.models import kazakh_sort_key

    return kazakh_sort_key(name)


def sorted_igpas(rows: list[StudentIgpa], sort: str) -> list[StudentIgpa]:
    """An iGPA list in the order asked for: at risk first (the default), by iGPA or GPA (highest first)
    or by name in the Kazakh alphabet."""
    return sorted(rows, key=IGPA_SORTS.get(sort, IGPA_SORTS["risk"]))


def advisee_igpas(adviser: Any, academic_year: str, *, today: date, sort: str = "risk") -> list[StudentIgpa]:
    """An adviser's advisees with GPA, iGPA and risk (issue 11), at risk first."""
    students = igpa_students(Student.objects.filter(adviser_id=getattr(adviser, "pk", None)).exclude(
        status__in=[Student.Status.EXPELLED, Student.Status.GRADUATED]))
    return sorted_igpas(integral_gpas(students, academic_year, today=today), sort)


def school_igpas(school_ids: Iterable[int], academic_year: str, *, today: date, sort: str = "risk",
                 program: str | None = None, course_year: int | None = None) -> list[StudentIgpa]:
    """A dean's school view: the school's students (optionally one programme) with GPA, iGPA and risk;
    ``course_year`` filters on the course year in that academic year."""
    students = Student.objects.filter(program__school_id__in=list(school_ids)).exclude(
        status__in=[Student.Status.EXPELLED, Student.Status.GRADUATED])
    if program:
        students = students.filter(program__code=program)
    rows = integral_gpas(igpa_students(students), academic_year, today=today)
    if course_year is not None:
        rows = [r for r in rows if r.course_year == course_year]
    return sorted_igpas(rows, sort)


def achievement_record(student: Student, academic_year: str) -> Any:
    """The year's achievement points with their evidence (None while nothing is recorded)."""
    from grading.models import AchievementRecord

    return (AchievementRecord.objects.filter(student=student, academic_year=academic_year)
            .prefetch_related("entries__entered_by").select_related("recorded_by").first())


def academic_years_known() -> list[str]:
    """Academic years of the calendar, newest first (recorded on periods, else by their first day)."""
    from ektu_portal.academics.models import AcademicPeriod
    from grading.policy.igpa import academic_year_of

    years = {p.academic_year or academic_year_of(p.starts)
             for p in AcademicPeriod.objects.only("academic_year", "starts")}
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class ProgressionLineView:
    """A line of the progression list as the registrar reviews it."""

    line: Any
    username: str
    full_name: str
    program: str

    @property
    def id(self) -> int:
        return int(self.line.pk)


def progression_runs() -> list[Any]:
    from django.db.models import Count, Q

    from grading.models import ProgressionRun

    return list(ProgressionRun.objects.annotate(
        line_count=Count("lines"),
        repeat_count=Count("lines", filter=Q(lines__outcome="repeat_year")),
        debts_count=Count("lines", filter=Q(lines__outcome="progress_with_debts"))).select_related(
        "confirmed_by").order_by("-academic_year", "intake"))


def progression_lines(run: Any, *, outcome: str | None = None) -> list[ProgressionLineView]:
    """The lines of a list: repeat years first, then progress with debts, then progress; by course year
    and name within each."""
    lines = run.lines.select_related("student__user", "student__program", "grant_loss", "expelled_by")
    if outcome:
        lines = lines.filter(outcome=outcome)
    order = {"repeat_year": 0, "progress_with_debts": 1, "progress": 2}
    views = [ProgressionLineView(line, line.student.user.username, line.student.user.full_name,
                                 line.student.program.code) for line in lines]
    return sorted(views, key=lambda v: (order.get(v.line.outcome, 3), v.line.course_year,
                                        _name_key(v.full_name), v.username))


def expulsion_list() -> list[ProgressionLineView]:
    """TR-11: students listed for expulsion "for academic failure" (no repeat-year contract signed by the
    deadline), waiting for the registrar's confirmation."""
    from grading.models import ProgressionLine

    lines = (ProgressionLine.objects.filter(expulsion_listed_at__isnull=False, expelled_at__isnull=True)
             .select_related("student__user", "student__program", "run"))
    return sorted((ProgressionLineView(line, line.student.user.username, line.student.user.full_name,
                                       line.student.program.code) for line in lines),
                  key=lambda v: (_name_key(v.full_name), v.username))


# --- RC-1 … RC-6, MO-6, NF-2: what a recount is computed from (contract §8) --------------------------


@dataclass(frozen=True)
class RecountFacts:
    """The student's side of a comparison sheet: the home working curriculum, what is passed, the
    semester studied now, the non-formal credits the programme allows (NF-2: 15 %) and those already
    recognized, the scale in force."""

    curriculum: tuple[Any, ...]  # recount.CurriculumDiscipline, by semester then code
    passed: frozenset[str]
    current_semester: int
    programme_credits: int
    non_formal_limit: int
    non_formal_recognized: int
    scale: tuple[LetterGrade, ...]


def recount_facts(student: Student | None, *, today: date, program: Any = None,
                  intake_year: int | None = None, course_year: int | None = None) -> RecountFacts:
    """The comparison sheet's home side for a student, or for a place at EKTU that nobody holds yet.

    ``program``, ``intake_year``, ``course_year`` name the curriculum and course the recount is against
    when it is not the student's own (§12: a transfer between programmes, a readmission to the programme
    in force); ``student`` None is a student arriving from another university (TR-7) — nothing passed
    here yet."""
    from ektu_portal.academics.models import CurriculumItem
    from grading.policy.recount import CurriculumDiscipline, non_formal_limit

    program = program if program is not None else student.program if student is not None else None
    intake_year = intake_year or (student.intake_year if student is not None else None)
    course_year = course_year or (student.course_year if student is not None else 1)
    if program is None or intake_year is None:
        raise ValueError("a recount needs a student or a programme and an intake year")
    items = (CurriculumItem.objects.filter(curriculum__program_id=program.pk,
                                           curriculum__intake_year=intake_year)
             .select_related("discipline").order_by("semester", "discipline__code"))
    passed: frozenset[str] = frozenset()
    non_formal = 0
    if student is not None:
        record = student_transcript(student)
        passed = record.mastered
        non_formal = sum(a.discipline.credits for a in record.final_grades
                         if a.recognized_from == "non_formal")
    # §8: the semester studied now — the course year and the half of the academic year.
    semester = (course_year - 1) * 2 + (1 if today.month >= 8 else 2)
    return RecountFacts(
        curriculum=tuple(CurriculumDiscipline(i.discipline.code, i.discipline.name_en, i.discipline.credits,
                                              i.component, i.semester) for i in items),
        passed=passed, current_semester=semester, programme_credits=program.credits,
        non_formal_limit=non_formal_limit(program.credits), non_formal_recognized=non_formal,
        scale=letter_scale(today))
