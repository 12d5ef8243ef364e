"""Reads shaped for grading's pages: lists a person scans, in the reader's words (issue 9).

Reads only, frozen dataclasses out. What grades are stays in ``grading.selectors`` (the one
place results become grades); this module only gathers what a page shows beside them —
a sheet's state, a result's history in words, the queues of the registrar's and dean's offices —
with periods as words and people by name (issue 9).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from ektu_portal.academics.labels import period_label
from ektu_portal.academics.models import AcademicPeriod, Result, Section
from grading import labels, selectors
from grading.models import AdditionalExam, Appeal, GradeSheet, RetakeApplication, SessionExtension


def period_words(period: Any) -> str:
    """A period model (or PeriodRef) as a reader names it: "Autumn semester 2026/2027"."""
    return period_label(period.kind, period.academic_year, period.starts)


def person_name(user: Any) -> str:
    """People appear by name, never by username alone (issue 9)."""
    if user is None:
        return ""
    return str(getattr(user, "full_name", "") or getattr(user, "username", ""))


# --- the state of a grade sheet (GR-12, GR-13) ------------------------------------------------------


@dataclass(frozen=True)
class SheetState:
    """not_started → in_progress → posted (appeals open) → final (appeal deadline passed) → printed."""

    state: str
    posted_at: datetime | None = None
    appeals_until: datetime | None = None
    printed_at: datetime | None = None

    @property
    def label(self) -> str:
        return labels.label(labels.SHEET_STATES, self.state)


def sheet_state(sheet: GradeSheet | None, *, has_results: bool, now: datetime) -> SheetState:
    """``has_results``: the section has results. Without a sheet in the portal they were loaded from
    the university's records, and are final (as ``selectors.sheet_sections`` reads them)."""
    if sheet is None:
        return SheetState("final" if has_results else "not_started")
    if sheet.posted_at is None:
        return SheetState("in_progress" if has_results else "not_started")
    if sheet.printed_at is not None:
        return SheetState("printed", sheet.posted_at, sheet.appeal_window_closes_at, sheet.printed_at)
    closes = sheet.appeal_window_closes_at
    if closes is not None and now >= closes:
        return SheetState("final", sheet.posted_at, closes)
    return SheetState("posted", sheet.posted_at, closes)


def _session_results(section: Any) -> QuerySet[Result]:
    """The results of a section's exam session: FX retakes and additional exams are on sheets of their own."""
    return Result.objects.filter(section=section, attempt_sheet__isnull=True)


def state_of_section_sheet(section: Section, now: datetime) -> SheetState:
    return sheet_state(selectors.sheet_for(section), has_results=_session_results(section).exists(), now=now)


# --- the sheet list: instructors' own sections, the registrar's office all (issue 9) ------------------


@dataclass(frozen=True)
class SheetListRow:
    code: str
    discipline_code: str
    discipline: str
    period: str
    instructor: str
    students: int
    state: SheetState


def sheet_list(*, instructor: Any | None, now: datetime, period: AcademicPeriod | None = None,
               school: Any | None = None, page: Any = 1,
               per_page: int = 50) -> tuple[Page[Any], list[SheetListRow]]:
    """Sections with their sheet's state, newest period first. ``instructor`` None: every section
    (the registrar's office); otherwise that instructor's own. A school's sections are those of the
    disciplines in its programmes' curricula."""
    sections: QuerySet[Section] = Section.objects.select_related("discipline", "period", "instructor")
    if instructor is not None:
        sections = sections.filter(instructor=instructor)
    if period is not None:
        sections = sections.filter(period=period)
    if school is not None:
        sections = sections.filter(
            discipline__curriculum_items__curriculum__program__school=school).distinct()
    sections = sections.annotate(has_results=Exists(_session_results(OuterRef("pk")))).order_by(
        "-period__starts", "code")
    paginator = Paginator(sections, per_page)
    shown = paginator.get_page(page)
    sheets = {s.section_id: s for s in GradeSheet.objects.filter(section__in=list(shown.object_list),
                                                                   sitting=GradeSheet.Sitting.REGULAR)}
    rows = [SheetListRow(code=s.code, discipline_code=s.discipline.code, discipline=s.discipline.name,
                         period=period_words(s.period), instructor=person_name(s.instructor),
                         students=s.taken,
                         state=sheet_state(sheets.get(s.pk), has_results=s.has_results, now=now))
            for s in shown.object_list]
    return shown, rows


def periods_with_sections() -> QuerySet[AcademicPeriod]:
    return AcademicPeriod.objects.filter(sections__isnull=False).distinct().order_by("-starts")


# --- a result's history in words (GR-20, issue 9) ---------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    was: str | None  # None: the value was first recorded here
    now: str


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str  # a person's full name; empty for the portal itself (a job, a load)
    action: str
    changes: tuple[FieldChange, ...]
    reason: str
    basis: str


def _value_words(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field == "outcome":
        return labels.label(labels.STATUS, str(value))
    if field == "recognized_from":
        return labels.label(labels.RECOGNIZED_FROM, str(value))
    return str(value)


def _changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[FieldChange, ...]:
    before, after = before or {}, after or {}
    changes = []
    for field in labels.RESULT_FIELDS:
        if field not in before and field not in after:
            continue
        was, now = before.get(field), after.get(field)
        if not before:
            # a first record: what it holds (the first attempt is not worth a line)
            if now is None or now == "" or (field == "attempt" and now == 1):
                continue
            changes.append(FieldChange(str(labels.RESULT_FIELDS[field]), None, _value_words(field, now)))
        elif was != now:
            changes.append(FieldChange(str(labels.RESULT_FIELDS[field]), _value_words(field, was),
                                       _value_words(field, now)))
    return tuple(changes)


def _reason_words(reason: str) -> str:
    """The reasons the portal itself writes, in the reader's words; a person's own words as written."""
    text = (reason or "").strip()
    fixed = {
        "entered on the grade sheet": _("entered on the grade sheet"),
        "appeal granted": _("the appeal was granted"),
        "FX retake (GR-9)": _("FX retake (GR-9)"),
        "decided by the attestation commission (FA-6)": _("decided by the attestation commission (FA-6)"),
    }
    if text in fixed:
        return fixed[text]
    if match := re.fullmatch(r"loaded from (.+)", text):
        return _("loaded from the university's records (%(source)s)") % {"source": match.group(1)}
    if match := re.fullmatch(r"imported from (.+)", text):
        return _("imported from the file %(file)s") % {"file": match.group(1)}
    if match := re.fullmatch(r"additional period \(GR-15\): (\w+)", text):
        category = dict(AdditionalExam.Category.choices).get(match.group(1), match.group(1))
        return _("additional period (GR-15): %(category)s") % {"category": category}
    return text


def _basis_words(basis: str) -> str:
    text = (basis or "").strip()
    patterns = (
        (r"grade sheet (\S+)", _("grade sheet %(x)s")),
        (r"appeal #(\d+)", _("appeal no. %(x)s")),
        (r"retake application #(\d+)", _("FX retake application no. %(x)s")),
        (r"additional-period exam #(\d+)", _("additional-period exam no. %(x)s")),
    )
    for pattern, words in patterns:
        if match := re.fullmatch(pattern, text):
            return words % {"x": match.group(1)}
    return text


def result_history(result: Result) -> list[HistoryLine]:
    """GR-20: every change of a result, oldest first — who (by name), what in words, was/now, why."""
    from ektu_portal.audit.selectors import history_of

    records = history_of(result)
    from django.contrib.auth import get_user_model

    names = {u.pk: person_name(u) for u in get_user_model().objects.filter(
        pk__in={r.actor_id for r in records if r.actor_id})}
    lines = []
    for record in records:
        who = names.get(record.actor_id, "") if record.actor_id else ""
        action = str(labels.HISTORY_ACTIONS.get(record.action, _("changed")))
        lines.append(HistoryLine(at=record.at, who=who, action=action,
                                 changes=_changes(record.before, record.after),
                                 reason=_reason_words(record.reason), basis=_basis_words(record.basis)))
    return lines


# --- the appeals commission's queue (GR-14) ---------------------------------------------------------


@dataclass(frozen=True)
class AppealWaiting:
    id: int
    student: str
    discipline_code: str
    discipline: str
    period: str
    filed_at: datetime
    reason: str
    r1: int | None
    r2: int | None
    exam: int | None
    final_score: int | None
    letter: str | None
    status: str


@dataclass(frozen=True)
class AppealDecided:
    id: int
    student: str
    discipline_code: str
    discipline: str
    decision: str
    points_added: int
    decided_by: str


def appeals_waiting() -> list[AppealWaiting]:
    waiting = (Appeal.objects.filter(status=Appeal.Status.FILED)
               .select_related("result__student__user", "result__student__program", "result__discipline",
                               "result__period", "result__section").order_by("filed_at"))
    rows = []
    for appeal in waiting:
        result = appeal.result
        computed = selectors.computed(result)
        rows.append(AppealWaiting(
            id=appeal.pk, student=person_name(result.student.user), discipline_code=result.discipline.code,
            discipline=result.discipline.name, period=period_words(result.period), filed_at=appeal.filed_at,
            reason=appeal.reason, r1=result.r1, r2=result.r2, exam=result.exam,
            final_score=computed.final_score,
            letter=computed.letter, status=labels.label(labels.STATUS, computed.status)))
    return rows


def appeals_decided(limit: int = 50) -> list[AppealDecided]:
    decided = (Appeal.objects.exclude(status=Appeal.Status.FILED)
               .select_related("result__student__user", "result__discipline", "decided_by")
               .order_by("-decided_at")[:limit])
    return [AppealDecided(id=a.pk, student=person_name(a.result.student.user),
                          discipline_code=a.result.discipline.code, discipline=a.result.discipline.name,
                          decision=str(a.get_status_display()), points_added=a.points_added,
                          decided_by=person_name(a.decided_by)) for a in decided]


# --- the registrar's office: FX retakes (GR-9) and the additional period (GR-15) ----------------------


@dataclass(frozen=True)
class RetakeLine:
    id: int
    student: str
    username: str
    discipline_code: str
    discipline: str
    period: str
    deadline: date
    status: str
    status_label: str
    scheduled_for: datetime | None


def retake_queue() -> list[RetakeLine]:
    open_items = (RetakeApplication.objects.exclude(status=RetakeApplication.Status.DONE)
                  .select_related("result__student__user", "result__discipline", "result__period")
                  .order_by("deadline", "applied_at"))
    return [RetakeLine(id=a.pk, student=person_name(a.result.student.user),
                       username=a.result.student.user.username,
                       discipline_code=a.result.discipline.code, discipline=a.result.discipline.name,
                       period=period_words(a.result.period), deadline=a.deadline, status=a.status,
                       status_label=str(a.get_status_display()), scheduled_for=a.scheduled_for)
            for a in open_items]


@dataclass(frozen=True)
class AdditionalLine:
    """A result that may go to the additional period, or an additional exam waiting for its result."""

    id: int  # the result's id (a candidate) or the additional exam's id (an open exam)
    student: str
    username: str
    discipline_code: str
    discipline: str
    period: str
    category: str
    category_label: str
    ends: date | None = None


def _additional_line(pk: int, result: Result, category: str, ends: date | None = None) -> AdditionalLine:
    return AdditionalLine(id=pk, student=person_name(result.student.user),
                          username=result.student.user.username,
                          discipline_code=result.discipline.code, discipline=result.discipline.name,
                          period=period_words(result.period), category=str(category),
                          category_label=str(dict(AdditionalExam.Category.choices).get(category, category)),
                          ends=ends)


def additional_candidates(today: date) -> list[AdditionalLine]:
    return [_additional_line(row["result"].pk, row["result"], row["category"])
            for row in selectors.additional_period_candidates(today)]


def additional_open() -> list[AdditionalLine]:
    return [_additional_line(a.pk, a.result, a.category, a.ends) for a in selectors.open_additional_exams()]


# --- the dean's office: session extensions (GR-15) and admission by order (GR-3) -----------------------


@dataclass(frozen=True)
class ExtensionLine:
    student: str
    username: str
    period: str
    extended_to: date
    reason: str
    granted_by: str
    granted_at: datetime


def session_extensions(school_ids: Iterable[int], limit: int = 200) -> list[ExtensionLine]:
    extensions = (SessionExtension.objects.filter(student__program__school_id__in=list(school_ids))
                  .select_related("student__user", "period", "granted_by").order_by("-granted_at")[:limit])
    return [ExtensionLine(student=person_name(e.student.user), username=e.student.user.username,
                          period=period_words(e.period), extended_to=e.extended_to, reason=e.reason,
                          granted_by=person_name(e.granted_by), granted_at=e.granted_at) for e in extensions]


@dataclass(frozen=True)
class AttendanceRefusal:
    """GR-3: a student of the dean's school kept from the exam for missed classes, on an open sheet."""

    result_id: int
    student: str
    username: str
    discipline_code: str
    discipline: str
    period: str
    section: str
    absences: int
    lates_over_20_min: int
    classes_held: int
    admitted_by_order: str  # the order's basis once the dean admitted the student


def attendance_refusals(school_ids: Iterable[int], limit: int = 300) -> list[AttendanceRefusal]:
    """Results the attendance rule keeps from the exam (or that the dean's order already admitted),
    on sheets still open, of students of these schools."""
    from grading.policy.formula import ATTENDANCE_OVER_HALF_MISSED

    posted = GradeSheet.objects.filter(section=OuterRef("section"), sitting=GradeSheet.Sitting.REGULAR,
                                       posted_at__isnull=False)
    results = (Result.objects.filter(student__program__school_id__in=list(school_ids), section__isnull=False,
                                     attempt_sheet__isnull=True, sheet_entry__classes_held__isnull=False)
               .exclude(Exists(posted))
               .select_related("student__user", "student__program", "discipline", "period", "section",
                               "sheet_entry")
               .order_by("period__starts", "discipline__code", "student__user__full_name_sort",
                         "student__user__username"))
    rows = []
    for result in results.iterator(chunk_size=500):
        entry = result.sheet_entry
        by_order = entry.dean_admission_basis
        if not by_order and ATTENDANCE_OVER_HALF_MISSED not in selectors.admission_for(result, entry).reasons:
            continue
        assert result.section is not None
        rows.append(AttendanceRefusal(
            result_id=result.pk, student=person_name(result.student.user),
            username=result.student.user.username,
            discipline_code=result.discipline.code, discipline=result.discipline.name,
            period=period_words(result.period), section=result.section.code, absences=entry.absences,
            lates_over_20_min=entry.lates_over_20_min, classes_held=entry.classes_held or 0,
            admitted_by_order=by_order))
        if len(rows) >= limit:
            break
    return rows


# --- FX retake and additional-period sheets on the registrar's sheet list (GR-9, GR-12, GR-15) --------


@dataclass(frozen=True)
class AttemptSheetRow:
    id: int
    sitting: str  # in words: "FX retake", "additional period"
    section: str | None
    discipline_code: str
    discipline: str
    period: str
    exam_date: date | None
    attempts: int
    state: SheetState


def attempt_sheet_list(now: datetime) -> list[AttemptSheetRow]:
    """``selectors.attempt_sheets`` (those still to post first) with periods and disciplines in words."""
    from ektu_portal.academics.models import Discipline

    lines = selectors.attempt_sheets()
    periods = {p.code: p for p in AcademicPeriod.objects.filter(code__in={line.period for line in lines})}
    disciplines = {d.code: d for d in Discipline.objects.filter(code__in={line.discipline for line in lines})}
    rows = []
    for line in lines:
        closes = line.appeal_window_closes_at
        if line.printed_at is not None:
            state = SheetState("printed", line.posted_at, closes, line.printed_at)
        elif line.posted_at is not None:
            over = closes is not None and now >= closes
            state = SheetState("final" if over else "posted", line.posted_at, closes)
        else:
            state = SheetState("in_progress" if line.attempts else "not_started")
        period = periods.get(line.period)
        discipline = disciplines.get(line.discipline)
        rows.append(AttemptSheetRow(
            id=line.id, sitting=labels.label(labels.SITTINGS, line.sitting), section=line.section,
            discipline_code=line.discipline, discipline=discipline.name if discipline else "",
            period=period_words(period) if period else "", exam_date=line.exam_date, attempts=line.attempts,
            state=state))
    return rows
