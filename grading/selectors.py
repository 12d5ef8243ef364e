"""Reads for grading: sheets, transcripts, the letter scale — rows in, policy values out.

Fetch, then compute: the database gives plain values; ``grading.policy`` computes the
admission rating, final score, letter and GPA. Nothing computed is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ektu_portal.academics.models import Enrollment, Result, Section, Student
from grading.models import GradeSheet, LetterBand
from grading.policy.formula import ResultComputation, compute_result
from grading.policy.gpa import GpaEntry, credits_earned, gpa
from grading.policy.scale import PASSING_LETTERS as POSITIVE_LETTERS
from grading.policy.scale import DEFAULT_SCALE, LetterGrade
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


class _Scales:
    """Scales by period start, looked up once per distinct date."""

    def __init__(self) -> None:
        self._by_day: dict[date, tuple[LetterGrade, ...]] = {}

    def on(self, day: date) -> tuple[LetterGrade, ...]:
        if day not in self._by_day:
            self._by_day[day] = letter_scale(day)
        return self._by_day[day]


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




def transcript(student: Student) -> dict[str, Any]:
    """Contract §4: every result with its computed grade, credits earned and GPA (GP-1)."""
    rows, entries, _ = _transcript_rows(student)
    return {"student": student.user.username, "program": student.program.code,
            "credits_earned": credits_earned(entries), "gpa": _decimal(gpa(entries)), "results": rows}


# --- pages ----------------------------------------------------------------------------------------

def _period_groups(rows: list[dict[str, Any]], entries: list[GpaEntry]) -> list[dict[str, Any]]:
    """Rows grouped by period, with the period's GPA and the cumulative GPA up to it (GP-1)."""
    groups: list[dict[str, Any]] = []
    for row, entry in zip(rows, entries, strict=True):
        if not groups or groups[-1]["period"] != row["period"]:
            groups.append({"period": row["period"], "rows": [], "entries": []})
        groups[-1]["rows"].append(row)
        groups[-1]["entries"].append(entry)
    so_far: list[GpaEntry] = []
    for group in groups:
        so_far += group["entries"]
        group["gpa"] = gpa(group.pop("entries"))
        group["cumulative_gpa"] = gpa(so_far)
    return groups


def _transcript_rows(student: Student) -> tuple[list[dict[str, Any]], list[GpaEntry], list[Result]]:
    results = list(Result.objects.filter(student=student).select_related("discipline", "period", "student__program")
                   .order_by("period__starts", "discipline__code", "attempt"))
    if not results:  # a first-year student: nothing to compute (and registration day is full of them)
        return [], [], []
    # A section with a sheet that is not posted yet hides its exam results; loaded past results
    # (no sheet in the portal) are final.
    opened, posted = sheet_sections(results)
    sheet_entries = entries_for(results)
    scales = _Scales()
    rows, entries = [], []
    for result in results:
        computed = compute(result, scales.on(result.period.starts),
                           visible=result.section_id not in opened - posted, entry=sheet_entries.get(result.pk),
                           recorded_outside=result.section_id not in opened)
        rows.append({"discipline": result.discipline.code, "period": result.period.code,
                     "credits": result.discipline.credits, **result_fields(computed, result),
                     "recognized_from": result.recognized_from or None})
        entries.append(GpaEntry(discipline=result.discipline.code, credits=result.discipline.credits,
                                points=computed.points, counts_as_fail=computed.counts_in_gpa_as_fail,
                                order=(result.period.starts.isoformat(), result.attempt), letter=computed.letter))
    return rows, entries, results


def transcript_page(student: Student) -> dict[str, Any]:
    rows, entries, results = _transcript_rows(student)
    for row, result in zip(rows, results, strict=True):
        row["name"] = result.discipline.name
        row["attempt"] = result.attempt
        row["result_id"] = result.pk
    return {"groups": _period_groups(rows, entries), "gpa": gpa(entries), "credits_earned": credits_earned(entries)}


def results_page(student: Student, now: Any) -> dict[str, Any]:
    """The student's results with what they can do about each: appeal while the window is open."""
    from grading.models import Appeal
    from grading.policy.appeals import appeal_window_open

    page = transcript_page(student)
    results = {(r.discipline.code, r.period.code, r.attempt): r for r in Result.objects.filter(student=student)
               .select_related("discipline", "period")}
    sheets = {s.section_id: s for s in GradeSheet.objects.filter(
        section_id__in={r.section_id for r in results.values() if r.section_id})}
    appeals = {a.result_id: a for a in Appeal.objects.filter(result__student=student).order_by("filed_at")}
    from grading.models import AcademicDebt, RetakeApplication

    retakes = {r.result_id: r for r in RetakeApplication.objects.filter(result__student=student)}
    debts = list(AcademicDebt.objects.filter(result__student=student, cleared_at__isnull=True)
                 .select_related("result__discipline", "result__period"))
    for group in page["groups"]:
        for row in group["rows"]:
            result = results[(row["discipline"], row["period"], row["attempt"])]
            sheet = sheets.get(result.section_id) if result.section_id else None
            row["section"] = sheet.section.code if sheet else None
            row["appeal"] = appeals.get(result.pk)
            row["appeal_until"] = sheet.appeal_window_closes_at if sheet else None
            row["can_appeal"] = bool(sheet and row["appeal"] is None and appeal_window_open(
                sheet.posted_at, sheet.appeal_window_closes_at, now))
            row["retake"] = retakes.get(result.pk)
            row["may_retake"] = row["letter"] == "FX" and row["retake"] is None and not any(
                d.result_id == result.pk for d in debts)
    return {"student": student, "debts": debts, **page}


def appeal_context(appeal: Any) -> dict[str, Any]:
    result = appeal.result
    return {"computed": computed(result)}


def mastered_disciplines(student: Student) -> set[str]:
    """RG-3: disciplines with a positive final grade (A…D) in any attempt — what registration asks.

    A result of a sheet not yet posted does not count: the grade is not final.
    """
    rows, _entries, _results = _transcript_rows(student)
    return {row["discipline"] for row in rows if row["status"] == "graded" and row["letter"] in POSITIVE_LETTERS}


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
    scales = _Scales()
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
