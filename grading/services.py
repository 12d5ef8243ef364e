"""Writes for grading. Pages, the API and jobs all call these; each checks permission,
validates everything before writing anything, locks what it changes, and audits (GR-20)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ektu_portal.academics.models import Enrollment, Result, Section, Student
from ektu_portal.academics.permissions import access_student
from ektu_portal.audit.services import Change, audit_many, audit_record
from ektu_portal.core.errors import Conflict, NotFound, PermissionDenied, Problem, ValidationFailed
from grading import permissions
from grading.models import Appeal, GradeSheet, SheetAttempt, SheetEntry
from grading.policy.appeals import appeal_window_open, exam_after_decision
from grading.policy.formula import IN_PROGRESS, whole_score
from grading.policy.scale import LetterGrade
from grading.policy.sheets import STATE_EXAM, appeal_deadline, exams_begin, sheet_kind
from grading.signals import academic_debts_registered

MARK_FIELDS = ("r1", "r2", "exam")
OUTCOMES = (None, "no_show", "annulled")


class GradesLocked(Conflict):
    code = "grades_locked"
    title = gettext_lazy("The sheet is posted; its grades can no longer change (GR-12)")


class SheetRejected(ValidationFailed):
    code = "sheet_invalid"
    title = gettext_lazy("The sheet has problems; nothing was saved")


class SheetNotReady(ValidationFailed):
    """GR-12: a sheet posts when every row is complete, its exams have begun and (GR-17) a state
    exam's date is known; refused with every reason at once, nothing written."""

    code = "sheet_not_ready"
    title = gettext_lazy("The sheet cannot be posted yet")


class GradesFinal(Conflict):
    code = "grades_final"
    title = gettext_lazy("The final sheet is printed; no exam score changes any more (GR-12)")


class AppealWindowClosed(Conflict):
    code = "appeal_window_closed"
    title = gettext_lazy("The appeal window is closed (GR-13)")


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _section(code: str) -> Section:
    try:
        return Section.objects.select_related("discipline", "period").get(code=code)
    except Section.DoesNotExist:
        raise NotFound(f'There is no section "{code}".', code="section_not_found") from None


ENTRY_COUNTS = ("classes_held", "absences", "lates_over_20_min")


def _enrolled(section: Section) -> dict[str, Student]:
    enrolled = Enrollment.objects.filter(section=section, status=Enrollment.Status.ENROLLED)
    return {e.student.user.username: e.student
            for e in enrolled.select_related("student__user", "student__program")}


def _score(value: Any) -> int | None:
    """GR-5 (GR-1 for R1/R2): a typed score as a whole point, half up; blank is no score. ValueError
    for anything that is not a score from 0 to 100."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return whole_score(value)


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError("a date, not a date and time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip())
    raise ValueError("a date")


def _validate_rows(section: Section, rows: list[Any], enrolled: dict[str, Student]
                   ) -> tuple[list[Problem], dict[int, tuple[int, dict[str, Any], dict[str, Any]]]]:
    """Every problem of every row, and {student id: (row index, marks to set, sheet entry fields to set)}.

    Beside the contract's r1, r2, exam and outcome a row may carry what admission depends on:
    classes_held, absences, lates_over_20_min (GR-3) and coursework_submitted (GR-2). A score with a
    fractional part is rounded half up (GR-5), not refused.
    """
    problems: list[Problem] = []
    changes: dict[int, tuple[int, dict[str, Any], dict[str, Any]]] = {}
    seen: set[str] = set()
    for i, row in enumerate(rows):
        here = f"rows[{i}]"
        if not isinstance(row, dict):
            problems.append(Problem(here, "each row is an object"))
            continue
        username = row.get("student")
        unknown = set(row) - {"student", *MARK_FIELDS, "outcome", *ENTRY_COUNTS, "coursework_submitted"}
        if unknown:
            problems.append(Problem(here, "unknown fields: " + ", ".join(sorted(unknown))))
        if not isinstance(username, str) or username not in enrolled:
            problems.append(Problem(f"{here}.student", f'"{username}" is not enrolled in {section.code}'))
            continue
        if username in seen:
            problems.append(Problem(f"{here}.student", f'"{username}" appears twice'))
        seen.add(username)
        marks: dict[str, Any] = {}
        entry: dict[str, Any] = {}
        for name in MARK_FIELDS:
            if name in row:
                try:
                    marks[name] = _score(row[name])
                except ValueError:
                    problems.append(Problem(f"{here}.{name}", _(
                        "a number from 0 to 100, or empty (a fraction is rounded half up, GR-5)")))
        if "outcome" in row:
            if row["outcome"] not in OUTCOMES:
                problems.append(Problem(f"{here}.outcome", 'null, "no_show" or "annulled"'))
            else:
                marks["outcome"] = row["outcome"]
        for name in ENTRY_COUNTS:
            if name in row:
                value = row[name]
                nullable = name == "classes_held"
                if (value is None and not nullable) or (value is not None and (
                        isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 500)):
                    problems.append(Problem(f"{here}.{name}", "a whole number of at least 0"))
                    continue
                entry[name] = value
        if "coursework_submitted" in row:
            if not isinstance(row["coursework_submitted"], bool):
                problems.append(Problem(f"{here}.coursework_submitted", "true or false"))
            else:
                entry["coursework_submitted"] = row["coursework_submitted"]
        changes[enrolled[username].pk] = (i, marks, entry)
    return problems, changes


def _session_sheet(section: Section) -> GradeSheet:
    """The section's session sheet, locked; created with the first thing entered on it."""
    sheet, _created = GradeSheet.objects.select_for_update().get_or_create(
        section=section, sitting=GradeSheet.Sitting.REGULAR,
        defaults={"discipline_id": section.discipline_id, "period_id": section.period_id})
    return sheet


def _exam_date_problems(value: Any, *, period: Any, today: date | None) -> tuple[date | None, list[Problem]]:
    """GR-17: the day the exam was held — a date, within the period's exams, not after ``today``."""
    try:
        day = _date(value)
    except ValueError:
        return None, [Problem("exam_date", _("a date, e.g. 2026-12-16"))]
    if day < period.starts:
        return None, [Problem("exam_date", _("the exam cannot be before the period begins (%(day)s)")
                              % {"day": f"{period.starts:%d.%m.%Y}"})]
    if today is not None and day > today:
        return None, [Problem("exam_date",
                              _("the exam of %(day)s has not been held yet") % {"day": f"{day:%d.%m.%Y}"})]
    return day, []


@transaction.atomic
def sheet_update(*, actor: Any, code: str, rows: list[dict[str, Any]], reason: str = "",
                 exam_date: Any = None) -> Section:
    """Enter marks on a sheet (contract §3 PUT). All rows are checked before any is saved.

    ``exam_date``: the day the exam was held — GR-17 counts a state exam's appeal deadline from it."""
    from grading.selectors import admission_for

    section = permissions.access_sheet(actor, code, can=permissions.can_edit_sheet)
    sheet = _session_sheet(section)
    if sheet.is_posted:
        raise GradesLocked("Only an appeal decision changes a posted sheet.")
    if not isinstance(rows, list):
        raise SheetRejected([Problem("rows", "a list of rows")])
    enrolled = _enrolled(section)
    students = {s.pk: s for s in enrolled.values()}
    problems, changes = _validate_rows(section, rows, enrolled)
    day = None
    if exam_date is not None:
        day, date_problems = _exam_date_problems(exam_date, period=section.period, today=None)
        problems += date_problems
    existing = {r.student_id: r for r in Result.objects.select_for_update(of=("self",)).filter(
        discipline_id=section.discipline_id, period_id=section.period_id, student_id__in=changes,
        attempt_sheet__isnull=True).order_by("attempt")}
    entries = {e.result_id: e for e in SheetEntry.objects.select_for_update().filter(
        result__in=existing.values())}
    before = {sid: r.marks() for sid, r in existing.items()}
    entries_before = {rid: e.state() for rid, e in entries.items()}
    merged: dict[int, tuple[Result, Any]] = {}
    for student_id, (i, marks, entry_fields) in changes.items():
        result = existing.get(student_id) or Result(student_id=student_id,
                                                    discipline_id=section.discipline_id,
                                                    period_id=section.period_id)
        result.discipline, result.student = section.discipline, students[student_id]
        for name, value in marks.items():
            setattr(result, name, value)
        entry = entries.get(result.pk) if result.pk else None
        if entry_fields:
            entry = entry or SheetEntry(result=result)
            for name, value in entry_fields.items():
                setattr(entry, name, value)
        # GR-2/GR-3: a student who is not admitted does not sit the exam.
        if result.exam is not None and result.r1 is not None and result.r2 is not None:
            admission = admission_for(result, entry)
            if not admission.admitted:
                problems.append(Problem(f"rows[{i}].exam", "the student is not admitted ("
                                        + ", ".join(admission.reasons) + "): no exam score"))
        merged[student_id] = (result, entry)
    if problems:
        raise SheetRejected(problems)
    new, changed, audit, entry_changes = [], [], [], []
    stamp = timezone.now()
    for student_id, (result, entry) in merged.items():
        label = (f"{students[student_id].user.username} {section.discipline.code} "
                 f"{section.period.code}#{result.attempt}")
        if before.get(student_id) != result.marks():
            result.section = section
            if result.pk:
                result.updated_at = stamp  # bulk_update does not apply auto_now
                changed.append(result)
            else:
                new.append(result)
            audit.append(Change(result, before.get(student_id), result.marks(), label=label))
        if entry is not None:
            entry_changes.append((entry, entries_before.get(result.pk) if result.pk else None, label))
    Result.objects.bulk_create(new)
    Result.objects.bulk_update(changed, [*MARK_FIELDS, "outcome", "section", "updated_at"])
    entry_audit = []
    for entry, was, label in entry_changes:
        entry.result_id = entry.result.pk
        if was != entry.state():
            entry.save()
            entry_audit.append(Change(entry, was, entry.state(), label=label))
    audit_many(actor=actor, action="result.sheet_entry", changes=audit,
               reason=reason or "entered on the grade sheet",
               basis=f"grade sheet {section.code}")
    audit_many(actor=actor, action="sheet_entry.update", changes=entry_audit,
               reason=reason or "attendance / course work entered on the grade sheet",
               basis=f"grade sheet {section.code}")
    if day is not None and day != sheet.exam_date:
        _set_exam_date(actor, sheet, day)
    return section


def _set_exam_date(actor: Any, sheet: GradeSheet, day: date) -> None:
    was = sheet.exam_date
    sheet.exam_date = day
    sheet.save(update_fields=["exam_date"])
    audit_record(actor=actor, action="sheet.exam_date", obj=sheet,
                 before={"exam_date": was.isoformat() if was else None},
                 after={"exam_date": day.isoformat()}, reason="the day the exam was held (GR-17)")


@transaction.atomic
def admit_by_dean_order(*, actor: Any, result_id: int, basis: str) -> Any:
    """GR-3: for a valid reason the dean's office admits a student despite missed classes, by order."""
    from grading.selectors import sheet_of

    result = permissions.access_result(actor, result_id, can=permissions.can_admit_by_order)
    sheet = sheet_of(result)
    if sheet is not None and sheet.is_posted:
        raise GradesLocked("The sheet is posted.")
    if not basis.strip():
        raise ValidationFailed([Problem("basis", "the order's number and date, and the valid reason")])
    entry, _created = SheetEntry.objects.get_or_create(result=result)
    was = entry.state()
    entry.dean_admission_basis = basis.strip()[:300]
    entry.save()
    audit_record(actor=actor, action="sheet_entry.dean_admission", obj=entry, before=was, after=entry.state(),
                 reason="admitted by the dean's order (GR-3)", basis=entry.dean_admission_basis)
    return entry


def _missing_rows(rows: Sequence[Any]) -> list[Problem]:
    """GR-12: every row not complete — an exam score or an outcome for every admitted student — named
    by its place on the sheet and the field that is missing."""
    problems = []
    for i, row in enumerate(rows):
        if row.computed.status != IN_PROGRESS:
            continue
        who = f"{row.student.user.username} {row.student.user.full_name}".strip()
        result = row.result
        missing = [name for name in ("r1", "r2") if result is None or getattr(result, name) is None]
        for name in missing:
            problems.append(Problem(f"rows[{i}].{name}", _("%(student)s: %(field)s is not entered")
                                    % {"student": who, "field": name.upper()}))
        if not missing:
            problems.append(Problem(f"rows[{i}].exam", _("%(student)s: no exam score and no outcome")
                                    % {"student": who}))
    return problems


def _post(actor: Any, sheet: GradeSheet, rows: Sequence[Any], now: datetime, *, label: str) -> GradeSheet:
    """GR-12/GR-13: post a sheet once it is ready — every row complete, its exams begun, a state exam's
    date known (GR-17) — refusing with every reason at once; then results show, marks lock, and the
    sheet's own appeal window opens."""
    if sheet.is_posted:
        raise Conflict("The sheet is already posted.", code="sheet_already_posted")
    today = timezone.localdate(now)
    rows_missing = _missing_rows(rows)
    problems = list(rows_missing)
    period = sheet.period
    begins = exams_begin(sheet.sitting, exam_session_starts=period.exam_session_starts,
                         exam_session_ends=period.exam_session_ends, period_ends=period.ends)
    if today < begins:
        from ektu_portal.academics.labels import period_label

        words = (_("the additional period of %(period)s begins on %(day)s")
                 if sheet.sitting == GradeSheet.Sitting.ADDITIONAL else
                 _("the exam session of %(period)s begins on %(day)s"))
        problems.append(Problem("exam_session",
                                (words + _("; a sheet is posted once its exams have begun (GR-12)"))
                                % {"period": period_label(period.kind, period.academic_year, period.starts),
                                   "day": f"{begins:%d.%m.%Y}"}))
    kind = sheet_kind(sheet.discipline.control, sheet.discipline.kind)
    if sheet.exam_date is not None and sheet.exam_date > today:
        problems.append(Problem("exam_date", _("the exam of %(day)s has not been held yet")
                                % {"day": f"{sheet.exam_date:%d.%m.%Y}"}))
    elif kind == STATE_EXAM and sheet.exam_date is None:
        problems.append(Problem("exam_date", _("the day the state exam was held: its appeal deadline counts "
                                               "from it (GR-17)")))
    if problems:
        code = ("sheet_incomplete" if rows_missing else
                "exams_not_begun" if any(p.path == "exam_session" for p in problems) else
                "exam_date_required")
        raise SheetNotReady(problems, code=code)
    sheet.posted_at = now
    sheet.posted_by = actor
    # GR-13, or GR-17 for the state exam ("no later than the day after the exam")
    sheet.appeal_window_closes_at = appeal_deadline(kind, now, _zone(), sheet.exam_date)
    sheet.save()
    audit_record(actor=actor, action="sheet.post", obj=sheet, before=None,
                 after={"posted_at": now.isoformat(), "sitting": sheet.sitting,
                        "appeal_window_closes_at": sheet.appeal_window_closes_at.isoformat()},
                 reason="grade sheet posted", basis=label)
    _notify("notify_sheet_posted", sheet.pk)
    return sheet


@transaction.atomic
def sheet_post(*, actor: Any, code: str, now: datetime, exam_date: Any = None) -> GradeSheet:
    """GR-12/GR-13: post a section's session sheet — results visible, marks locked, appeal window opens.
    ``exam_date``: the day the exam was held, if not entered with the marks (required for a state
    exam, GR-17)."""
    from grading.selectors import sheet_rows

    section = permissions.access_sheet(actor, code, can=permissions.can_post_sheet)
    sheet = _session_sheet(section)
    if sheet.is_posted:
        raise Conflict("The sheet is already posted.", code="sheet_already_posted")
    if exam_date is not None:
        day, problems = _exam_date_problems(exam_date, period=section.period, today=timezone.localdate(now))
        if problems or day is None:
            raise SheetNotReady(problems, code="exam_date_invalid")
        if day != sheet.exam_date:
            _set_exam_date(actor, sheet, day)
    return _post(actor, sheet, sheet_rows(section), now, label=f"grade sheet {section.code}")


@transaction.atomic
def attempt_sheet_post(*, actor: Any, sheet_id: int, now: datetime) -> GradeSheet:
    """GR-12/GR-13: post an FX retake or additional-period sheet — the new attempts show and the sheet
    opens its own appeal window (13:00 the next day; a state exam's from its date, GR-17)."""
    from grading.selectors import attempt_sheet_rows

    sheet = permissions.access_attempt_sheet(actor, sheet_id, can=permissions.can_post_attempt_sheet,
                                             for_update=True)
    return _post(actor, sheet, attempt_sheet_rows(sheet), now, label=f"{sheet.sitting} sheet #{sheet.pk}")


def _results_on(sheet: GradeSheet) -> QuerySet[Result]:
    """The attempts a sheet records: its own, or (a session sheet) the section's other attempts."""
    if sheet.sitting != GradeSheet.Sitting.REGULAR:
        return Result.objects.filter(attempt_sheet__sheet=sheet)
    return Result.objects.filter(section_id=sheet.section_id, attempt_sheet__isnull=True)


def _open_appeals() -> Q:
    """Waiting for the commission, or granted and waiting for the registrar's office (GR-14)."""
    return Q(status=Appeal.Status.FILED) | Q(status=Appeal.Status.GRANTED, entered_at__isnull=True)


def _refuse_if_final(sheet: GradeSheet | None) -> None:
    """GR-12: after the appeal deadline and the printing of the final sheet no exam score changes."""
    if sheet is not None and sheet.is_printed:
        raise GradesFinal("The final sheet is printed; no exam score changes any more (GR-12).")


@transaction.atomic
def appeal_file(*, actor: Any, reason: str, now: datetime, student_username: str | None = None,
                section_code: str | None = None, result_id: int | None = None) -> Appeal:
    """GR-13: the student appeals a posted grade until the appeal deadline of the attempt's own sheet
    (13:00 the next day). The attempt is named by ``result_id``, or by the section: its latest attempt."""
    from grading.selectors import sheet_of

    if result_id is not None:
        result = permissions.access_result(actor, result_id, can=permissions.can_file_appeal, for_update=True)
        if student_username and result.student.user.username != student_username:
            raise NotFound(f"There is no result {result_id}.", code="result_not_found")
    else:
        student = access_student(actor, student_username, can=permissions.can_file_appeal)
        section = _section(section_code or "")
        found = (Result.objects.select_for_update().filter(student=student,
                                                           discipline_id=section.discipline_id,
                                                           period_id=section.period_id).order_by("-attempt").first())
        if found is None:
            raise NotFound("There is no result to appeal in this section.", code="result_not_found")
        result = found
    if not reason or not reason.strip():
        raise ValidationFailed([Problem("reason", "say why you appeal")])
    sheet = sheet_of(result)
    if not appeal_window_open(sheet.posted_at if sheet else None,
                              sheet.appeal_window_closes_at if sheet else None,
                              now):
        closes = sheet.appeal_window_closes_at.isoformat() if sheet and sheet.appeal_window_closes_at else "—"
        raise AppealWindowClosed(f"Appeals of this grade were accepted until {closes}.")
    if Appeal.objects.filter(_open_appeals(), result=result).exists():
        raise Conflict("An appeal of this result is already waiting for a decision.",
                       code="appeal_already_filed")
    appeal = Appeal.objects.create(result=result, reason=reason.strip(), filed_at=now)
    audit_record(actor=actor, action="appeal.file", obj=appeal, before=None,
                 after={"result": result.pk, "reason": appeal.reason}, reason=appeal.reason)
    return appeal


@transaction.atomic
def appeal_decide(*, actor: Any, appeal_id: int, decision: str, points_added: int, reason: str,
                  now: datetime) -> Appeal:
    """GR-14: the commission grants (points to add to the exam score) or rejects; a grade is never
    lowered. A grant is passed to the head of the registrar's office, who enters it (``appeal_enter``):
    the score changes only then."""
    from grading.selectors import sheet_of

    appeal = permissions.access_appeal(actor, appeal_id, can=permissions.can_decide_appeal, for_update=True)
    if appeal.status != Appeal.Status.FILED:
        raise Conflict("This appeal is already decided.", code="appeal_already_decided")
    if decision not in ("granted", "rejected"):
        raise ValidationFailed([Problem("decision", '"granted" or "rejected"')])
    result = Result.objects.select_for_update().get(pk=appeal.result_id)
    _refuse_if_final(sheet_of(result))
    granted = decision == "granted"
    if granted and points_added < 1:
        raise ValidationFailed([Problem("points_added", "a granted appeal adds at least one point")])
    if not granted and points_added:
        raise ValidationFailed([Problem("points_added", "a rejected appeal adds no points")])
    try:
        exam_after_decision(result.exam or 0, granted, points_added)  # never lowers, never above 100
    except ValueError as error:
        raise ValidationFailed([Problem("points_added", str(error))]) from None
    before_appeal = {"status": appeal.status}
    appeal.status, appeal.decided_by, appeal.decided_at = decision, actor, now
    appeal.points_added, appeal.decision_reason = points_added, reason
    appeal.save()
    audit_record(actor=actor, action="appeal.decide", obj=appeal, before=before_appeal,
                 after={"status": decision, "points_added": points_added}, reason=reason,
                 basis="passed to the registrar's office to enter (GR-14)" if granted else "")
    appeal.result = result
    _notify("notify_appeal_decided", appeal.pk)
    return appeal


@transaction.atomic
def appeal_enter(*, actor: Any, appeal_id: int, now: datetime) -> Appeal:
    """GR-14: the head of the registrar's office enters a granted appeal — the commission's points are
    added to the exam score, once, audited (who, when, before, after, the commission's reason)."""
    from grading.selectors import sheet_of

    appeal = permissions.access_appeal(actor, appeal_id, can=permissions.can_enter_appeal, for_update=True)
    if appeal.entered_at is not None:
        raise Conflict("This appeal is already entered.", code="appeal_already_entered")
    if appeal.status != Appeal.Status.GRANTED:
        raise Conflict("Only a granted appeal is entered.", code="appeal_not_granted")
    result = Result.objects.select_for_update().select_related("student__user", "discipline", "period").get(
        pk=appeal.result_id)
    _refuse_if_final(sheet_of(result))
    before = result.marks()
    result.exam = exam_after_decision(result.exam or 0, True, appeal.points_added)
    result.save(update_fields=["exam", "updated_at"])
    audit_record(actor=actor, action="result.appeal", obj=result, before=before, after=result.marks(),
                 reason=appeal.decision_reason or "appeal granted", basis=f"appeal #{appeal.pk}")
    appeal.entered_by, appeal.entered_at = actor, now
    appeal.save(update_fields=["entered_by", "entered_at"])
    audit_record(actor=actor, action="appeal.enter", obj=appeal, before={"entered_at": None},
                 after={"entered_at": now.isoformat(), "exam": result.exam},
                 reason="granted appeal entered by the registrar's office (GR-14)")
    appeal.result = result
    _notify("notify_appeal_entered", appeal.pk)
    return appeal


def _print(actor: Any, sheet: GradeSheet, now: datetime) -> GradeSheet:
    """GR-12: the final sheet prints only after the appeal deadline, with no appeal still open;
    printing makes it final."""
    if sheet.appeal_window_closes_at is None or now < sheet.appeal_window_closes_at:
        raise Conflict("The final sheet prints after the appeal deadline (GR-12, GR-13).",
                       code="appeals_still_open")
    if Appeal.objects.filter(_open_appeals(), result__in=_results_on(sheet)).exists():
        raise Conflict("An appeal of this sheet is waiting for a decision or to be entered.",
                       code="appeals_pending")
    if sheet.printed_at is None:
        sheet.printed_at = now
        sheet.save(update_fields=["printed_at"])
        audit_record(actor=actor, action="sheet.print", obj=sheet, before=None,
                     after={"printed_at": now.isoformat()},
                     reason="final sheet printed; scores are final (GR-12)")
    return sheet


@transaction.atomic
def sheet_print(*, actor: Any, code: str, now: datetime) -> GradeSheet:
    """GR-12: print a section's final session sheet."""
    section = permissions.access_sheet(actor, code, can=permissions.can_print_sheet)
    sheet = GradeSheet.objects.select_for_update().filter(section=section,
                                                          sitting=GradeSheet.Sitting.REGULAR).first()
    if sheet is None:
        raise Conflict("The final sheet prints after the appeal deadline (GR-12, GR-13).",
                       code="appeals_still_open")
    return _print(actor, sheet, now)


@transaction.atomic
def attempt_sheet_print(*, actor: Any, sheet_id: int, now: datetime) -> GradeSheet:
    """GR-12: print an FX retake or additional-period sheet; nothing on it changes afterwards."""
    sheet = permissions.access_attempt_sheet(actor, sheet_id, can=permissions.can_print_attempt_sheet,
                                             for_update=True)
    return _print(actor, sheet, now)


def close_appeal_windows(*, now: datetime) -> int:
    """GR-12: once the appeal window has passed, the sheet is final. Idempotent; catches up.

    Works from the stored deadlines, not from the clock's hour, so a beat that was down
    closes every window it missed on its next run.
    """
    closed = 0
    for sheet in GradeSheet.objects.filter(appeal_window_closes_at__lte=now, closed_at__isnull=True):
        with transaction.atomic():
            locked = GradeSheet.objects.select_for_update().get(pk=sheet.pk)
            if locked.closed_at is not None:
                continue
            locked.closed_at = now
            locked.save(update_fields=["closed_at"])
            audit_record(actor=None, action="sheet.close", obj=locked, before=None,
                         after={"closed_at": now.isoformat()}, reason="appeal window passed (GR-13)")
            closed += 1
    return closed



# --- GR-9 / GR-10: FX retakes and academic debts ---------------------------------------------------

class RetakeRefused(Conflict):
    code = "retake_not_allowed"
    title = gettext_lazy("An FX retake cannot be applied for")


def _fx_deadline(period: Any) -> Any:
    from ektu_portal.academics.selectors import days_off
    from grading.policy.retakes import fx_retake_deadline

    ends = period.exam_session_ends or period.ends
    return fx_retake_deadline(ends, days_off(ends.year, ends.year + 1))


@transaction.atomic
def retake_apply(*, actor: Any, result_id: int, now: datetime) -> Any:
    """GR-9: the student applies online for an FX retake, during the session or 10 working days after —
    once per discipline and period (an FX on the retake is FX twice: a debt, GR-10)."""
    from grading.models import RetakeApplication
    from grading.policy.retakes import may_apply_for_fx_retake
    from grading.selectors import computed, sheet_of

    result = permissions.access_result(actor, result_id, can=permissions.can_apply_for_retake,
                                       for_update=True)
    sheet = sheet_of(result)
    if sheet is not None and not sheet.is_posted:
        raise RetakeRefused("The grade is not posted yet.")
    letter = computed(result).letter
    deadline = _fx_deadline(result.period)
    already = RetakeApplication.objects.filter(result__student_id=result.student_id,
                                               result__discipline_id=result.discipline_id,
                                               result__period_id=result.period_id).exists()
    if not may_apply_for_fx_retake(letter, timezone.localdate(now), deadline, already):
        raise RetakeRefused(f"Only an FX can be retaken, once, until {deadline:%d.%m.%Y} (GR-9).")
    application = RetakeApplication.objects.create(result=result, applied_at=now, deadline=deadline,
                                                    exam_before=result.exam)
    audit_record(actor=actor, action="retake.apply", obj=application, before=None,
                 after={"deadline": deadline.isoformat()}, reason="FX retake application (GR-9)")
    return application


@transaction.atomic
def retake_schedule(*, actor: Any, application_id: int, at: datetime) -> Any:
    """The registrar's office sets the retake's date, inside the deadline."""
    from grading.models import RetakeApplication

    application = permissions.access_retake(actor, application_id, can=permissions.can_manage_retakes,
                                            for_update=True)
    if application.status == RetakeApplication.Status.DONE:
        raise Conflict("This retake is already graded.", code="retake_done")
    if timezone.localdate(at) > application.deadline:
        raise ValidationFailed([Problem(
            "at", f"the retake must be held by {application.deadline:%d.%m.%Y} (GR-9)")])
    before = {"status": application.status, "scheduled_for": application.scheduled_for.isoformat()
              if application.scheduled_for else None}
    application.status, application.scheduled_for, application.scheduled_by = "scheduled", at, actor
    application.save()
    audit_record(actor=actor, action="retake.schedule", obj=application, before=before,
                 after={"status": "scheduled", "scheduled_for": at.isoformat()}, reason="retake scheduled")
    return application


def _attempt_sheet(original: Result, sitting: str, day: date) -> GradeSheet:
    """The FX retake or additional-period sheet of the original's section (or discipline and period,
    for a result kept outside the portal's sheets) and day — locked, refused once posted or printed."""
    sheet, _created = GradeSheet.objects.select_for_update().get_or_create(
        sitting=sitting, discipline_id=original.discipline_id, period_id=original.period_id,
        section_id=original.section_id, exam_date=day)
    _refuse_if_final(sheet)
    if sheet.is_posted:
        raise GradesLocked(_("The %(sitting)s sheet of %(day)s is posted; record this exam on another day's "
                             "sheet.")
                           % {"sitting": sheet.get_sitting_display(), "day": f"{day:%d.%m.%Y}"})
    return sheet


def _new_attempt(original: Result, sheet: GradeSheet, *, r1: int | None, r2: int | None, exam: int) -> Result:
    """GR-9/GR-15: a new attempt of the same discipline and period (attempt + 1) on its own sheet; the
    original stays untouched. What admission rests on beside the ratings (course work, attendance, a
    dean's order) is the original's and is carried over."""
    latest = Result.objects.filter(student_id=original.student_id, discipline_id=original.discipline_id,
                                   period_id=original.period_id).aggregate(n=Max("attempt"))["n"] or 0
    attempt = Result.objects.create(student_id=original.student_id, discipline_id=original.discipline_id,
                                    period_id=original.period_id, section_id=original.section_id,
                                    attempt=latest + 1, r1=r1, r2=r2, exam=exam, outcome=None)
    entry = SheetEntry.objects.filter(result=original).first()
    if entry is not None:
        SheetEntry.objects.create(result=attempt, classes_held=entry.classes_held, absences=entry.absences,
                                  lates_over_20_min=entry.lates_over_20_min,
                                  coursework_submitted=entry.coursework_submitted,
                                  dean_admission_basis=entry.dean_admission_basis)
    SheetAttempt.objects.create(sheet=sheet, result=attempt)
    return attempt


@transaction.atomic
def retake_grade(*, actor: Any, application_id: int, exam: Any, now: datetime) -> Any:
    """GR-9: the retake is a new attempt — the FX's ratings and the retake's exam score (rounded half up,
    GR-5) — on the FX retake sheet of the retake's day; the FX stays as it was (GR-12). Audited with the
    application as its basis; the student sees it once that sheet is posted."""
    from grading.models import RetakeApplication
    from grading.policy.sheets import FX_RETAKE
    from grading.selectors import computed

    application = permissions.access_retake(actor, application_id, can=permissions.can_manage_retakes,
                                            for_update=True)
    if application.status == RetakeApplication.Status.DONE:
        raise Conflict("This retake is already graded.", code="retake_done")
    if application.status != RetakeApplication.Status.SCHEDULED or application.scheduled_for is None:
        raise Conflict("Schedule the retake before grading it.", code="retake_not_scheduled")
    try:
        score = whole_score(exam)
    except ValueError:
        raise ValidationFailed([Problem("exam", "a whole number from 0 to 100")]) from None
    original = (Result.objects.select_for_update()
                .select_related("student__user", "student__program", "period", "discipline")
                .get(pk=application.result_id))
    sheet = _attempt_sheet(original, FX_RETAKE, timezone.localdate(application.scheduled_for))
    attempt = _new_attempt(original, sheet, r1=original.r1, r2=original.r2, exam=score)
    application.status, application.exam_after = RetakeApplication.Status.DONE, score
    application.attempt = attempt
    application.letter_after = computed(attempt).letter or ""
    application.save()
    audit_record(actor=actor, action="result.retake", obj=attempt, before=None, after=attempt.marks(),
                 reason="FX retake (GR-9)", basis=f"retake application #{application.pk}")
    return application


def _debt_sweep_after(period: Any) -> Any:
    """The last day anything of the period may still be cleared: the FX retake and additional
    period's 10 working days (GR-9, GR-15), or the latest dean's extension (≤ 3 weeks)."""
    from django.db.models import Max

    from grading.models import SessionExtension

    extended = SessionExtension.objects.filter(period=period).aggregate(last=Max("extended_to"))["last"]
    standard = _fx_deadline(period)
    return max(standard, extended) if extended else standard


def register_academic_debts(*, now: datetime) -> int:
    """GR-10: once a period's retake deadline has passed, its unresolved results become debts.

    A discipline's attempts of the period are read together, oldest first — the session's, an FX retake,
    an additional-period exam: F, FX twice, an FX whose retake window passed, or a did-not-appear / not
    admitted that the additional period did not clear is a debt, registered on the latest attempt.
    Idempotent and catching up: every period whose deadline passed and that was not swept yet is
    swept once, whenever the job first runs after the deadline.
    """
    from ektu_portal.academics.models import AcademicPeriod
    from grading.models import DebtSweep
    from grading.selectors import entries_for, letter_scale

    today = timezone.localdate(now)
    swept = set(DebtSweep.objects.values_list("period_id", flat=True))
    created_total = 0
    for period in AcademicPeriod.objects.exclude(pk__in=swept).filter(ends__lte=today).order_by("starts"):
        if _debt_sweep_after(period) >= today:
            continue
        scale = letter_scale(period.starts)
        owed = Result.objects.filter(student=OuterRef("student"), discipline=OuterRef("discipline"),
                                     period=period,
                                     academic_debt__isnull=False)
        period_results = list(Result.objects.filter(period=period).exclude(Exists(owed))
                              .select_related("discipline", "student__program").order_by("attempt"))
        entries = entries_for(period_results)
        attempts: dict[tuple[int, int], list[Result]] = {}
        for result in period_results:
            attempts.setdefault((result.student_id, result.discipline_id), []).append(result)
        try:
            created_total += _register_period_debts(period, attempts, entries, scale, now)
        except IntegrityError:
            continue  # another worker swept this period meanwhile (one sweep row per period)
    return created_total


@transaction.atomic
def _register_period_debts(period: Any, attempts: dict[tuple[int, int], list[Result]], entries: Any,
                           scale: Any, now: datetime) -> int:
    """GR-10 for one period, in one transaction with its sweep row (unique per period: a second worker
    sweeping the same period at once fails here and leaves it to the first)."""
    from grading.models import AcademicDebt, DebtSweep
    from grading.policy.retakes import becomes_academic_debt
    from grading.selectors import compute

    debts = []
    for group in attempts.values():
        outcomes = [compute(r, scale, entry=entries.get(r.pk)) for r in group]
        latest = outcomes[-1]
        if latest.status == IN_PROGRESS:
            continue
        letters = [o.letter for o in outcomes]
        if becomes_academic_debt(letters, retake_window_over=True,
                                 counts_as_fail=latest.counts_in_gpa_as_fail):
            reason = "F" if letters[-1] == "F" else ("FX twice" if letters.count("FX") >= 2 else
                                                     ("FX retake window passed" if letters[-1] == "FX"
                                                      else "not cleared in the additional period"))
            debts.append(AcademicDebt(result=group[-1], registered_at=now, reason=reason))
    AcademicDebt.objects.bulk_create(debts)
    DebtSweep.objects.create(period=period, swept_at=now, debts=len(debts))
    audit_many(actor=None, action="debt.register", reason="academic debt (GR-10)",
               changes=[Change(d, None, {"reason": d.reason}, label=f"debt for result {d.result_id}")
                        for d in debts])
    if debts:
        transaction.on_commit(partial(_notify_debts, [d.pk for d in debts]))
        transaction.on_commit(partial(academic_debts_registered.send, sender=AcademicDebt,
                                      student_ids=sorted({d.result.student_id for d in debts})))
    return len(debts)


def _notify_debts(debt_ids: list[int]) -> None:
    from grading.tasks import notify_academic_debts

    notify_academic_debts.delay(debt_ids)


def _notify(task_name: str, *args: Any) -> None:
    """Queue an e-mail notice once the change is committed (never inside the request)."""
    from grading import tasks

    transaction.on_commit(partial(getattr(tasks, task_name).delay, *args))


# --- GR-15: the additional period and the dean's session extension ---------------------------------

def _extended_to(student_id: int, period_id: int) -> Any:
    from grading.models import SessionExtension

    return SessionExtension.objects.filter(student_id=student_id, period_id=period_id).values_list(
        "extended_to", flat=True).first()


def additional_period_end(result: Result) -> Any:
    """GR-15: 10 working days after the session, or the student's extended date."""
    from grading.policy.retakes import additional_period_ends

    return additional_period_ends(_fx_deadline(result.period), _extended_to(result.student_id,
                                                                            result.period_id))


@transaction.atomic
def grant_session_extension(*, actor: Any, student_username: str, period_code: str, extended_to: Any,
                            reason: str, now: datetime) -> Any:
    """GR-15: with a valid reason the dean's office extends one student's session by ≤ 3 weeks."""
    from ektu_portal.academics.models import AcademicPeriod
    from grading.models import SessionExtension
    from grading.policy.retakes import extension_allowed

    student = access_student(actor, student_username, can=permissions.can_extend_session)
    period = AcademicPeriod.objects.filter(code=period_code).first()
    if period is None:
        raise NotFound(f'There is no period "{period_code}".', code="period_not_found")
    session_ends = period.exam_session_ends or period.ends
    problems = []
    if not extension_allowed(session_ends, extended_to):
        problems.append(Problem("extended_to",
                                f"after {session_ends:%d.%m.%Y} and at most three weeks after it "
                                               "(GR-15)"))
    if not reason.strip():
        problems.append(Problem("reason", "state the valid reason"))
    if problems:
        raise ValidationFailed(problems)
    existing = SessionExtension.objects.select_for_update().filter(student=student, period=period).first()
    before = {"extended_to": existing.extended_to.isoformat(),
              "reason": existing.reason} if existing else None
    extension = existing or SessionExtension(student=student, period=period)
    extension.extended_to, extension.reason = extended_to, reason.strip()
    extension.granted_by, extension.granted_at = actor, now
    extension.save()
    audit_record(actor=actor, action="session.extend", obj=extension, before=before,
                 after={"extended_to": extended_to.isoformat(), "reason": reason.strip()},
                 reason=reason.strip())
    return extension


@transaction.atomic
def additional_exam_open(*, actor: Any, result_id: int, category: str, now: datetime) -> Any:
    """GR-15: the registrar's office admits a result of one of the three categories to the additional
    period (ending 10 working days after the session, or at the dean's extension) — the latest attempt
    of its discipline in the period, graded on a posted sheet, once."""
    from grading.models import AdditionalExam
    from grading.policy.retakes import additional_exam_problem
    from grading.selectors import computed, sheet_of

    result = permissions.access_result(actor, result_id, can=permissions.can_manage_additional_period,
                                       for_update=True)
    same = Result.objects.filter(student_id=result.student_id, discipline_id=result.discipline_id,
                                 period_id=result.period_id)
    if AdditionalExam.objects.filter(result__in=same).exists():
        raise Conflict("This result is already in the additional period.", code="already_open")
    if same.filter(attempt__gt=result.attempt).exists():
        raise Conflict(_("A later attempt of this discipline supersedes this result."),
                       code="not_the_latest_attempt")
    sheet = sheet_of(result)
    if sheet is not None and not sheet.is_posted:
        raise Conflict(_("The sheet of this result is not posted yet (GR-12)."), code="grades_not_posted")
    ends = additional_period_end(result)
    computation = computed(result)
    problem = additional_exam_problem(category, status=computation.status, has_exam=result.exam is not None,
                                      today=timezone.localdate(now), ends=ends,
                                      admission_reasons=computation.admission_reasons)
    if problem:
        raise Conflict({"unknown_category": "The category is payment_clearance, did_not_appear or "
                                            "below_admission.",
                        "additional_period_over": f"The additional period ended on {ends:%d.%m.%Y} (GR-15).",
                        "category_does_not_match": "The result is not of this category (GR-15)."}[problem],
                       code=problem)
    exam = AdditionalExam.objects.create(result=result, category=category, ends=ends, opened_by=actor,
                                         opened_at=now)
    audit_record(actor=actor, action="additional_exam.open", obj=exam, before=None,
                 after={"category": category, "ends": ends.isoformat()}, reason=f"GR-15 {category}")
    return exam


@transaction.atomic
def additional_exam_record(*, actor: Any, additional_exam_id: int, exam: Any, now: datetime,
                           r1: Any = None, r2: Any = None) -> Any:
    """GR-15: the additional-period exam is a new attempt on the additional sheet of the day — the
    original's ratings (or, for an admission rating below 50, the ratings earned since) and the exam
    score, rounded half up (GR-5); the original stays as it was (GR-12). Audited with the additional
    exam as its basis; the student sees it once that sheet is posted."""
    from grading.models import AdditionalExam
    from grading.policy.sheets import ADDITIONAL
    from grading.selectors import admission_for, computed

    additional = permissions.access_additional_exam(actor, additional_exam_id,
                                                    can=permissions.can_manage_additional_period,
                                                    for_update=True)
    if additional.recorded_at:
        raise Conflict("This additional-period exam is already recorded.", code="already_recorded")
    today = timezone.localdate(now)
    if today > additional.ends:
        raise Conflict(f"The additional period ended on {additional.ends:%d.%m.%Y} (GR-15).",
                       code="additional_period_over")
    problems, scores = [], {}
    for name, value in (("exam", exam), ("r1", r1), ("r2", r2)):
        try:
            scores[name] = _score(value)
        except ValueError:
            problems.append(Problem(name, "a whole number from 0 to 100"))
    if exam is None:
        problems.append(Problem("exam", "required"))
    below_admission = additional.category == AdditionalExam.Category.BELOW_ADMISSION
    if below_admission:
        problems += [Problem(name, _("the rating earned since, for an admission rating below 50 (GR-15)"))
                     for name, value in (("r1", r1), ("r2", r2)) if value is None]
    elif r1 is not None or r2 is not None:
        problems.append(Problem("r1", "ratings change only for an admission rating below 50 (GR-15)"))
    exam_score = scores["exam"]
    if problems or exam_score is None:
        raise ValidationFailed(problems)
    original = (Result.objects.select_for_update()
                .select_related("student__user", "student__program", "period", "discipline")
                .get(pk=additional.result_id))
    ratings = (scores["r1"], scores["r2"]) if below_admission else (original.r1, original.r2)
    probe = Result(student=original.student, discipline=original.discipline, period=original.period,
                   r1=ratings[0], r2=ratings[1])
    admission = admission_for(probe, SheetEntry.objects.filter(result=original).first())
    if not admission.admitted:
        raise ValidationFailed([Problem("exam", "the student is not admitted (" + ", ".join(admission.reasons)
                                        + "): no exam score")])
    sheet = _attempt_sheet(original, ADDITIONAL, today)
    attempt = _new_attempt(original, sheet, r1=ratings[0], r2=ratings[1], exam=exam_score)
    additional.recorded_at, additional.attempt = now, attempt
    additional.letter_after = computed(attempt).letter or ""
    additional.save()
    audit_record(actor=actor, action="result.additional_period", obj=attempt, before=None,
                 after=attempt.marks(),
                 reason=f"additional period (GR-15): {additional.category}",
                 basis=f"additional-period exam #{additional.pk}")
    return additional


# --- GR-3, beyond the rule: the 40% warning ------------------------------------------------------------


def attendance_warnings_send(*, now: datetime) -> int:
    """E-mail each student once when they reach 40% of a discipline's classes missed (issue 9, GR-3's
    limit is more than half), in disciplines still taught. Idempotent: a result is warned once
    (``AttendanceWarning``), whenever the job first sees it past the mark."""
    from grading.models import AttendanceWarning
    from grading.selectors import at_risk_of_attendance

    due = at_risk_of_attendance(not_warned=True)
    if not due:
        return 0
    with transaction.atomic():
        AttendanceWarning.objects.bulk_create(
            [AttendanceWarning(result_id=entry.result_id, warned_at=now, classes_held=line.classes_held,
                               missed=line.missed) for entry, line in due], ignore_conflicts=True)
        warned = list(AttendanceWarning.objects.filter(result_id__in=[e.result_id for e, _line in due],
                                                       warned_at=now).values_list("pk", flat=True))
        if warned:
            _notify("notify_attendance_warnings", warned)
    return len(warned)


# --- GR-6: the letter scale, changed only here ------------------------------------------------------


@transaction.atomic
def letter_scale_set(*, actor: Any, effective_from: date, bands: Sequence[LetterGrade], reason: str,
                     now: datetime) -> list[Any]:
    """GR-6 / GR-20: a new letter scale, in force from a day. Every problem is named at once and
    nothing is written while any remains. A result is graded by the scale in force on the first day
    of its period, so a scale may start only where no result is final yet: today or later, and not
    on or before the start of a period that already has final results — those keep their letters.
    A scale that has not come into force yet may be replaced. Audited with the scale before and after.
    """
    from grading.models import LetterBand
    from grading.policy.scale import scale_problems
    from grading.selectors import letter_scale

    if not permissions.can_edit_letter_scale(actor):
        raise PermissionDenied("Only the registrar's office changes the letter scale.")
    problems = [Problem("bands", message) for message in scale_problems(bands)]
    today = timezone.localdate(now)
    if effective_from < today:
        problems.append(Problem("effective_from", f"a scale takes effect from today ({today}) or later, "
                                                  "never in the past (GR-20)"))
    # Final: every result but those whose own sheet is not posted yet (GR-12).
    unposted_session = GradeSheet.objects.filter(section=OuterRef("section"),
                                                 sitting=GradeSheet.Sitting.REGULAR,
                                                 posted_at__isnull=True)
    final = (Result.objects.filter(period__starts__gte=effective_from)
             .exclude(Exists(SheetAttempt.objects.filter(result=OuterRef("pk"),
                                                         sheet__posted_at__isnull=True)))
             .exclude(Q(~Exists(SheetAttempt.objects.filter(result=OuterRef("pk"))))
                      & Q(Exists(unposted_session)))
             .values_list("period__code", flat=True).distinct().order_by("period__code")[:3])
    if final:
        problems.append(Problem("effective_from",
                                "results of " + ", ".join(final) + " are final and keep their "
                                "letters: the scale must start after that period's first day"))
    if not reason.strip():
        problems.append(Problem("reason",
                                "say why the scale changes (the rector's order, the council's decision)"))
    if problems:
        raise ValidationFailed(problems, code="invalid_letter_scale",
                               title=gettext_lazy("The letter scale has problems"))
    before = [_band_state(b) for b in letter_scale(effective_from)]
    LetterBand.objects.filter(effective_from=effective_from).delete()  # not in force yet (checked above)
    created = LetterBand.objects.bulk_create([
        LetterBand(effective_from=effective_from, letter=b.letter, points=b.points, min_score=b.min_score,
                   max_score=b.max_score, traditional=b.traditional)
        for b in sorted(bands, key=lambda band: -band.min_score)])
    audit_record(actor=actor, action="letter_scale.set", obj=created[0], before={"bands": before},
                 after={"effective_from": effective_from.isoformat(),
                        "bands": [_band_state(b) for b in bands]},
                 reason=reason.strip())
    return created


def _band_state(band: Any) -> dict[str, Any]:
    return {"letter": band.letter, "points": str(band.points), "min_score": band.min_score,
            "max_score": band.max_score, "traditional": band.traditional}


# --- final attestation results (FA-6, attested by attestation/) ---------------------------------------


@transaction.atomic
def final_attestation_result_record(*, actor: Any, student: Student, discipline_code: str, period_code: str,
                                    score: int, basis: str, now: datetime) -> Result:
    """FA-6: the grade the attestation commission decided becomes the result of the student's
    final-attestation discipline — a result on the transcript like any other, so the transcript, the GPA
    and the Diploma Supplement (DS-4) show it. The commission grades the defence as a whole, with no
    term ratings: its score stands for R1, R2 and the exam alike, so GR-4 gives back that very score
    (0.6 × score + 0.4 × score) and the letter follows from the scale in force (GR-6).

    Only attestation's services call this, once the commission's vote carried the grade; they check
    the commission and its secretary. A period holds one final-attestation attempt (FA-7: no retake in
    the same attestation period), so deciding again before the results are published replaces its
    score. Audited with the marks before and after and the protocol as basis (GR-20).
    """
    from ektu_portal.academics.models import AcademicPeriod, Discipline, Role
    from ektu_portal.academics.permissions import has_role, is_registrar

    if not (has_role(actor, Role.ATTESTATION_SECRETARY) or is_registrar(actor)):
        raise PermissionDenied("Only the attestation commission's secretary records its grades.")
    access_student(actor, student.user.username, can=lambda _actor, _student: True)
    problems: list[Problem] = []
    discipline = Discipline.objects.filter(code=discipline_code).first()
    if discipline is None or discipline.kind != Discipline.Kind.FINAL_ATTESTATION:
        problems.append(Problem("discipline", f'"{discipline_code}" is not a final-attestation discipline'))
    period = AcademicPeriod.objects.filter(code=period_code).first()
    if period is None:
        problems.append(Problem("period", f'there is no period "{period_code}"'))
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        problems.append(Problem("score", "a whole number from 0 to 100"))
    if problems:
        raise ValidationFailed(problems, code="invalid_final_attestation_result",
                               title=gettext_lazy("The final attestation result has problems"))
    result = (Result.objects.select_for_update().filter(student=student, discipline=discipline, period=period)
              .order_by("-attempt").first())
    before = result.marks() if result else None
    if result is None:
        result = Result(student=student, discipline=discipline, period=period, attempt=1)
    result.r1 = result.r2 = None
    result.exam = score
    result.outcome = None
    result.save()
    audit_record(actor=actor, action="result.final_attestation", obj=result, before=before,
                 after=result.marks(), reason="decided by the attestation commission (FA-6)", basis=basis)
    return result


# --- issue 11: achievement points (GP-2, GP-3), the progression list (GP-4, TR-10), the repeat year (TR-11) -


class AchievementsRejected(ValidationFailed):
    code = "invalid_achievements"
    title = gettext_lazy("The achievement points have problems; nothing was saved")


class ProgressionRefused(Conflict):
    code = "progression_refused"
    title = gettext_lazy("This cannot be done with the progression list")


ACHIEVEMENT_BLOCKS = ("ssci", "iros", "research")


def _academic_year_problems(value: Any, path: str = "academic_year") -> list[Problem]:
    from grading.policy.igpa import academic_year_start

    try:
        academic_year_start(str(value or ""))
    except ValueError:
        return [Problem(path, 'an academic year reads "2025-2026"')]
    return []


def _points(value: Any) -> Any:
    """A number as a Decimal with at most two decimals; ValueError for anything else (its range is the
    caller's rule)."""
    from decimal import Decimal, InvalidOperation

    if value is None or isinstance(value, bool):
        raise ValueError
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite() or number != number.quantize(Decimal("0.01")):
        raise ValueError
    return number.quantize(Decimal("0.01"))


def _maxima_for(academic_year: str) -> Any:
    from grading.selectors import block_maxima_in

    return block_maxima_in(academic_year)


def _record_for_update(student: Student, academic_year: str, actor: Any, now: datetime) -> tuple[Any, bool]:
    from grading.models import AchievementRecord

    record = (AchievementRecord.objects.select_for_update()
              .filter(student=student, academic_year=academic_year).first())
    if record is not None:
        return record, False
    from decimal import Decimal

    return AchievementRecord(student=student, academic_year=academic_year, ssci=Decimal(0), iros=Decimal(0),
                             research=Decimal(0), recorded_by=actor, recorded_at=now), True


@transaction.atomic
def achievements_set(*, actor: Any, username: str, academic_year: str, points: dict[str, Any],
                     now: datetime, reason: str = "") -> Any:
    """Contract §7 (GP-2, GP-3): the registrar's office records a year's achievement points, each block
    0 … its maximum; every problem named at once, nothing written while any remains; audited before/after."""
    from grading.policy.igpa import Achievements, achievement_problems

    student = access_student(actor, username, can=permissions.can_record_achievements, for_update=True)
    problems = _academic_year_problems(academic_year)
    if problems:
        raise AchievementsRejected(problems)
    record, created = _record_for_update(student, academic_year, actor, now)
    given: dict[str, Any] = {}
    for block in ACHIEVEMENT_BLOCKS:
        if points.get(block) is None:  # a block not given keeps its points (0 on a new record)
            given[block] = getattr(record, block)
            continue
        try:
            given[block] = _points(points[block])
        except ValueError:
            problems.append(Problem(block, "points: a number of at least 0 with at most two decimals"))
    if problems:
        raise AchievementsRejected(problems)
    maxima = _maxima_for(academic_year)
    problems = [Problem(block, message)
                for block, message in achievement_problems(Achievements(**given), maxima)]
    if problems:
        raise AchievementsRejected(problems)
    before = None if created else record.points()
    record.ssci, record.iros, record.research = given["ssci"], given["iros"], given["research"]
    record.recorded_by, record.recorded_at = actor, now
    record.save()
    audit_record(actor=actor, action="achievements.set", obj=record, before=before, after=record.points(),
                 reason=reason.strip() or f"achievement points of {academic_year} (GP-2)")
    return record


def _entry_problems(row: dict[str, Any], path: str) -> tuple[dict[str, Any], list[Problem]]:
    """One achievement as evidence: its block, what it was, its indicator and points."""
    problems, clean = [], {}
    block = str(row.get("block") or "").strip().lower()
    if block not in ACHIEVEMENT_BLOCKS:
        problems.append(Problem(f"{path}block", "the block is ssci, iros or research"))
    clean["block"] = block
    for name in ("achievement", "indicator"):
        text = str(row.get(name) or "").strip()
        if not text:
            problems.append(Problem(f"{path}{name}", "required"))
        elif len(text) > 300:
            problems.append(Problem(f"{path}{name}", "at most 300 characters"))
        clean[name] = text
    try:
        clean["points"] = _points(row.get("points"))
        if clean["points"] <= 0:
            raise ValueError
    except ValueError:
        problems.append(Problem(f"{path}points", "points: a number above 0 with at most two decimals"))
    reference = str(row.get("document_reference") or row.get("document") or "").strip()
    if len(reference) > 300:
        problems.append(Problem(f"{path}document_reference", "at most 300 characters"))
    clean["document_reference"] = reference
    return clean, problems


def _over_maximum(total: Any, maximum: Any, block: str) -> str:
    return f"the {block} points of the year would be {total}, above the block's maximum {maximum} (GP-3)"


@transaction.atomic
def achievement_add(*, actor: Any, username: str, academic_year: str, block: str, achievement: str,
                    indicator: str, points: Any, now: datetime, document: Any = None,
                    document_reference: str = "") -> Any:
    """GP-2: one achievement with its evidence — the achievement, its indicator, its points and the
    document — added to the block's points of the year (never above the block's maximum, GP-3); audited."""
    from grading.models import AchievementEntry

    student = access_student(actor, username, can=permissions.can_record_achievements, for_update=True)
    clean, problems = _entry_problems({"block": block, "achievement": achievement, "indicator": indicator,
                                       "points": points, "document_reference": document_reference}, "")
    problems = _academic_year_problems(academic_year) + problems
    if document is None and not clean["document_reference"]:
        problems.append(Problem("document", "attach the document, or name it (number, date)"))
    if problems:
        raise AchievementsRejected(problems)
    record, created = _record_for_update(student, academic_year, actor, now)
    maximum = getattr(_maxima_for(academic_year), clean["block"])
    total = getattr(record, clean["block"]) + clean["points"]
    if total > maximum:
        raise AchievementsRejected([Problem("points", _over_maximum(total, maximum, clean["block"]))])
    before = None if created else record.points()
    setattr(record, clean["block"], total)
    record.recorded_by, record.recorded_at = actor, now
    record.save()
    entry = AchievementEntry(record=record, block=clean["block"], achievement=clean["achievement"],
                             indicator=clean["indicator"], points=clean["points"],
                             document_reference=clean["document_reference"], entered_by=actor, entered_at=now)
    if document is not None:
        entry.document.save(document.name, document, save=False)
    entry.save()
    audit_record(actor=actor, action="achievements.add", obj=record, before=before, after=record.points(),
                 reason=f"{clean['block']}: {clean['achievement']} ({clean['indicator']}), {clean['points']}",
                 basis=clean["document_reference"] or entry.document.name)
    return entry


@transaction.atomic
def achievements_import(*, actor: Any, academic_year: str, rows: list[dict[str, Any]], now: datetime,
                        source: str) -> int:
    """GP-2: achievements imported from a spreadsheet (student, block, achievement, indicator, points,
    document) — refused row by row with every reason (``rows[3].points``), nothing written on any problem;
    each row is an achievement added to its student's block, every change audited."""
    from decimal import Decimal

    from ektu_portal.audit.services import Change
    from grading.models import AchievementEntry, AchievementRecord

    if not permissions.can_record_achievements(actor):
        raise PermissionDenied("The registrar's office records achievement points.")
    problems = _academic_year_problems(academic_year)
    if problems:
        raise AchievementsRejected(problems)
    usernames = {str(row.get("student") or "").strip() for row in rows}
    students = {s.user.username: s for s in Student.objects.filter(user__username__in=usernames)
                .select_related("user")}
    maxima = _maxima_for(academic_year)
    records = {r.student_id: r for r in AchievementRecord.objects.select_for_update().filter(
        student__in=students.values(), academic_year=academic_year)}
    totals: dict[tuple[int, str], Decimal] = {}
    cleaned: list[tuple[Student, dict[str, Any]]] = []
    for index, row in enumerate(rows):
        path = f"rows[{index}]."
        username = str(row.get("student") or "").strip()
        student = students.get(username)
        clean, row_problems = _entry_problems(row, path)
        if student is None:
            row_problems.insert(0, Problem(f"{path}student", f'there is no student "{username}"'))
        elif not row_problems:
            key = (student.pk, clean["block"])
            record = records.get(student.pk)
            totals[key] = totals.get(key, getattr(record, clean["block"]) if record else Decimal(0)) + clean[
                "points"]
            maximum = getattr(maxima, clean["block"])
            if totals[key] > maximum:
                row_problems.append(Problem(f"{path}points",
                                            _over_maximum(totals[key], maximum, clean["block"])))
        problems += row_problems
        if student is not None:
            cleaned.append((student, clean))
    if not rows:
        problems.append(Problem("file", "no rows"))
    if problems:
        raise AchievementsRejected(problems)
    changes = []
    befores = {student_id: record.points() for student_id, record in records.items()}
    for student, clean in cleaned:
        record = records.get(student.pk)
        if record is None:
            record = records[student.pk] = AchievementRecord(
                student=student, academic_year=academic_year, ssci=Decimal(0), iros=Decimal(0),
                research=Decimal(0), recorded_by=actor, recorded_at=now)
        setattr(record, clean["block"], getattr(record, clean["block"]) + clean["points"])
        record.recorded_by, record.recorded_at = actor, now
    for record in records.values():
        record.save()
    entries = [AchievementEntry(record=records[student.pk], block=clean["block"],
                                achievement=clean["achievement"], indicator=clean["indicator"],
                                points=clean["points"], document_reference=clean["document_reference"],
                                entered_by=actor, entered_at=now) for student, clean in cleaned]
    AchievementEntry.objects.bulk_create(entries)
    for student_id, record in records.items():
        changes.append(Change(record, befores.get(student_id), record.points(),
                              label=f"{record.student.user.username} {academic_year}"))
    audit_many(actor=actor, action="achievements.import", changes=changes,
               reason=f"{len(entries)} achievements imported (GP-2)", basis=source)
    return len(entries)


@transaction.atomic
def block_maxima_set(*, actor: Any, from_academic_year: str, maxima: dict[str, Any], basis: str,
                     now: datetime) -> Any:
    """GP-3: the block maxima of the university's iGPA regulation, in force from an academic year. Points
    already recorded above a new maximum are named and nothing changes. Audited."""
    from grading.models import AchievementMaxima, AchievementRecord

    if not permissions.can_record_achievements(actor):
        raise PermissionDenied("The registrar's office keeps the iGPA block maxima.")
    problems = _academic_year_problems(from_academic_year, "from_academic_year")
    given: dict[str, Any] = {}
    for block in ACHIEVEMENT_BLOCKS:
        try:
            given[block] = _points(maxima.get(block))
            if given[block] <= 0:
                raise ValueError
        except ValueError:
            problems.append(Problem(block, "a maximum above 0, with at most two decimals"))
    if not basis.strip():
        problems.append(Problem("basis", "name the regulation and its date"))
    later = AchievementMaxima.objects.filter(from_academic_year__gt=from_academic_year).order_by(
        "from_academic_year").values_list("from_academic_year", flat=True).first()
    affected = AchievementRecord.objects.filter(academic_year__gte=from_academic_year)
    if later:
        affected = affected.filter(academic_year__lt=later)
    for block, maximum in given.items():
        if maximum <= 0:
            continue  # named above
        above = affected.filter(**{f"{block}__gt": maximum}).select_related("student__user")[:3]
        if above:
            problems.append(Problem(block, "points already recorded are above it: " + ", ".join(
                f"{r.student.user.username} {r.academic_year} ({getattr(r, block)})" for r in above)))
    if problems:
        raise AchievementsRejected(problems, code="invalid_block_maxima",
                                   title=gettext_lazy("The block maxima have problems"))
    row = AchievementMaxima.objects.select_for_update().filter(from_academic_year=from_academic_year).first()
    before = {b: str(getattr(row, b)) for b in ACHIEVEMENT_BLOCKS} | {"basis": row.basis} if row else None
    row = row or AchievementMaxima(from_academic_year=from_academic_year)
    for block in ACHIEVEMENT_BLOCKS:
        setattr(row, block, given[block])
    row.basis, row.recorded_by, row.recorded_at = basis.strip(), actor, now
    row.save()
    audit_record(actor=actor, action="block_maxima.set", obj=row, before=before,
                 after={b: str(given[b]) for b in ACHIEVEMENT_BLOCKS} | {"basis": row.basis},
                 reason=f"iGPA block maxima from {from_academic_year} (GP-3)", basis=row.basis)
    return row


@transaction.atomic
def progression_conditions_set(*, actor: Any, academic_year: str, order_number: str, order_date: date | None,
                               deadline: date | None, winter_deadline: date | None,
                               minimum_gpa: dict[int, Any], now: datetime) -> Any:
    """TR-10: the year's conditions as the rector's order sets them — its number and date, the deadlines
    (25 August and 15 January unless the order moves them) and any minimum GPA by course year. Refused
    once the year's progression list is confirmed. Audited."""
    from decimal import Decimal

    from grading.models import MinimumGpa, ProgressionConditions, ProgressionRun
    from grading.policy.igpa import progression_deadline

    if not permissions.can_manage_progression(actor):
        raise PermissionDenied("The registrar's office records the year's progression conditions.")
    problems = _academic_year_problems(academic_year)
    if not str(order_number or "").strip():
        problems.append(Problem("order_number", "the rector's order number"))
    if order_date is None:
        problems.append(Problem("order_date", "the rector's order date"))
    minimum: dict[int, Decimal] = {}
    for course_year, value in (minimum_gpa or {}).items():
        if value in (None, ""):
            continue
        try:
            number = _points(value)
            if not 0 <= number <= 4 or not 1 <= int(course_year) <= 6:
                raise ValueError
            minimum[int(course_year)] = number
        except ValueError:
            problems.append(Problem(f"minimum_gpa.{course_year}", "a GPA from 0 to 4.00"))
    if problems:
        raise ValidationFailed(problems, code="invalid_progression_conditions",
                               title=gettext_lazy("The progression conditions have problems"))
    if ProgressionRun.objects.filter(academic_year=academic_year, confirmed_at__isnull=False).exists():
        raise ProgressionRefused("The progression list of this year is confirmed; its conditions stay "
                                 "as they were.", code="progression_confirmed")
    row = ProgressionConditions.objects.select_for_update().filter(academic_year=academic_year).first()
    before = _conditions_state(row) if row else None
    row = row or ProgressionConditions(academic_year=academic_year)
    row.order_number, row.order_date = order_number.strip(), order_date
    row.deadline = deadline or progression_deadline(academic_year)
    row.winter_deadline = winter_deadline or progression_deadline(academic_year, winter_intake=True)
    row.recorded_by, row.recorded_at = actor, now
    row.save()
    row.minimum_gpas.all().delete()
    MinimumGpa.objects.bulk_create([MinimumGpa(conditions=row, course_year=course_year, minimum_gpa=value)
                                    for course_year, value in sorted(minimum.items())])
    audit_record(actor=actor, action="progression.conditions", obj=row, before=before,
                 after=_conditions_state(row), reason="conditions of progression (TR-10)",
                 basis=f"rector's order No. {row.order_number} of {order_date}")
    return row


def _conditions_state(row: Any) -> dict[str, Any]:
    return {"order_number": row.order_number, "order_date": str(row.order_date),
            "deadline": str(row.deadline), "winter_deadline": str(row.winter_deadline),
            "minimum_gpa": {str(m.course_year): str(m.minimum_gpa) for m in row.minimum_gpas.all()}}


@transaction.atomic
def winter_intake_set(*, actor: Any, username: str, winter: bool, now: datetime) -> bool:
    """TR-10: a master's or doctoral student admitted in winter progresses by 15 January. Audited."""
    from grading.models import WinterIntake

    student = access_student(actor, username, can=lambda user, _student: permissions.can_manage_progression(
        user), for_update=True)
    if winter and student.program.level == "bachelor":
        raise ValidationFailed([Problem("student", "winter intake is for masters and doctoral students "
                                                   "(TR-10)")])
    existing = WinterIntake.objects.filter(student=student).first()
    if winter and existing is None:
        marked = WinterIntake.objects.create(student=student, noted_by=actor, noted_at=now)
        audit_record(actor=actor, action="progression.winter_intake", obj=marked, before=None,
                     after={"winter_intake": True}, reason="winter intake (TR-10)")
    elif not winter and existing is not None:
        audit_record(actor=actor, action="progression.winter_intake", obj=existing,
                     before={"winter_intake": True}, after={"winter_intake": False}, reason="autumn intake")
        existing.delete()
    return winter


# The progression list ------------------------------------------------------------------------------------


def _periods_of(academic_year: str, intake: str, deadline: date) -> list[Any]:
    """The periods whose results the list reads: the academic year's (summer semester included, TR-10);
    for the winter intake, the twelve months up to its deadline."""
    from ektu_portal.academics.models import AcademicPeriod
    from grading.policy.igpa import academic_year_of

    if intake == "winter":
        return list(AcademicPeriod.objects.filter(ends__gt=deadline.replace(year=deadline.year - 1),
                                                  ends__lte=deadline))
    return [p for p in AcademicPeriod.objects.filter(starts__year__in=[int(academic_year[:4]),
                                                                       int(academic_year[:4]) + 1])
            if (p.academic_year or academic_year_of(p.starts)) == academic_year]


def progression_schedule(academic_year: str, intake: str, *, conditions: Any = None) -> tuple[date, date,
                                                                                            date | None]:
    """TR-10: (deadline, the day the list is drawn up, the day catching up stops).

    Drawn up the day after the last of the year's results can still change — every period's FX retakes,
    additional period and extensions over (GR-9, GR-15), so its debts are registered (GR-10) — and by the
    deadline at the latest. A job that was down catches up until the next period begins (the new year's
    classes: course years are then in use); after that the registrar's office draws it up by hand."""
    from datetime import timedelta

    from ektu_portal.academics.models import AcademicPeriod
    from grading.selectors import year_conditions

    conditions = conditions or year_conditions(academic_year)
    deadline = conditions.deadline_for(intake)
    periods = _periods_of(academic_year, intake, deadline)
    cleared = max((_debt_sweep_after(p) for p in periods), default=None)
    due = min(deadline, cleared + timedelta(days=1)) if cleared else deadline
    following = AcademicPeriod.objects.filter(starts__gt=deadline).order_by("starts").values_list(
        "starts", flat=True).first()
    return deadline, due, following


def _students_for(academic_year: str, intake: str) -> Any:
    from grading.models import WinterIntake
    from grading.selectors import igpa_students

    winter = WinterIntake.objects.values("student_id")
    students = Student.objects.filter(status__in=[Student.Status.ACTIVE, Student.Status.MOBILITY])
    if intake == "winter":
        students = students.filter(pk__in=winter, intake_year__lte=int(academic_year[5:]))
    else:  # admitted in that academic year or before (a first-year student of the next is not on it)
        students = students.exclude(pk__in=winter).filter(intake_year__lte=int(academic_year[:4]))
    return igpa_students(students)


def _line_fields(row: Any) -> dict[str, Any]:
    decision = row.decision
    return {"course_year": row.course_year, "funding": row.funding, "gpa": row.shown_gpa,
            "igpa": row.shown_igpa,
            "blocks": {name: (str(value) if value is not None else None)
                       for name, value in row.blocks.items()},
            "outcome": decision.outcome, "reasons": list(decision.reasons), "debts": list(decision.debts),
            "loses_grant": decision.loses_grant}


def _draw_up(run: Any, *, today: date) -> int:
    """The lines of a list: every student of the intake evaluated against the year's conditions (GP-4,
    TR-10) — the course years as they stand (they move only when the list is confirmed). Students of
    their programme's final course year go to final attestation and are not on it."""
    from grading.models import ProgressionLine
    from grading.policy.igpa import final_course_year
    from grading.selectors import integral_gpas, year_conditions

    conditions = year_conditions(run.academic_year)
    students = list(_students_for(run.academic_year, run.intake))
    credits = {student.pk: student.program.credits for student in students}
    rows = integral_gpas(students, run.academic_year, today=today, refers_to=run.academic_year,
                         conditions=conditions)
    lines = [ProgressionLine(run=run, student_id=row.student_id, **_line_fields(row)) for row in rows
             if row.decision is not None and row.course_year is not None
             and row.course_year < final_course_year(credits[row.student_id])]
    ProgressionLine.objects.bulk_create(lines, batch_size=2000)
    return len(lines)


def _new_run(academic_year: str, intake: str, now: datetime) -> Any:
    from grading.models import ProgressionRun
    from grading.selectors import year_conditions

    conditions = year_conditions(academic_year)
    return ProgressionRun.objects.create(academic_year=academic_year, intake=intake,
                                         deadline=conditions.deadline_for(intake),
                                         order_number=conditions.order_number,
                                         order_date=conditions.order_date, drawn_up_at=now)


def progression_sweep(*, now: datetime) -> int:
    """TR-10/TR-11, the periodic job: draws up each progression list that is due and not drawn up yet
    (once: ``ProgressionRun`` is the sweep's bookkeeping, unique per year and intake — a second run, or a
    second worker, finds it and does nothing; a job that was down catches up, ``progression_schedule``),
    and lists for expulsion every repeat-year student of a confirmed list who has not signed the
    repeat-year contract by the deadline. Returns the lines drawn up and the students listed."""
    from django.db import IntegrityError

    from grading.models import ProgressionRun, WinterIntake
    from grading.selectors import academic_years_known

    today = timezone.localdate(now)
    register_academic_debts(now=now)  # GR-10 first: the list reads the debts of the year's last periods
    drawn = set(ProgressionRun.objects.values_list("academic_year", "intake"))
    intakes = [ProgressionRun.Intake.AUTUMN]
    if WinterIntake.objects.exists():  # no empty winter list where nobody was admitted in winter
        intakes.append(ProgressionRun.Intake.WINTER)
    done = 0
    for academic_year in academic_years_known():
        for intake in intakes:
            if (academic_year, intake) in drawn:
                continue
            _deadline, due, stop = progression_schedule(academic_year, intake)
            if today < due or (stop is not None and today >= stop):
                continue
            try:
                with transaction.atomic():
                    run = _new_run(academic_year, intake, now)
                    count = _draw_up(run, today=today)
                    audit_record(actor=None, action="progression.draw_up", obj=run, before=None,
                                 after={"lines": count}, reason="progression list drawn up (TR-10)",
                                 basis=(f"rector's order No. {run.order_number}" if run.order_number
                                        else "GP-4"))
            except IntegrityError:
                continue  # another worker drew it up meanwhile
            done += count
    return done + _list_for_expulsion(now=now)


@transaction.atomic
def progression_redraw(*, actor: Any, academic_year: str, intake: str, now: datetime) -> Any:
    """TR-10: the registrar's office draws up a list by hand — one the job has not drawn (a year whose
    catching-up time passed) or, while it is not confirmed, again with the figures as they are now
    (a late grade, corrected points). Confirmed lists never change. Audited."""
    from grading.models import ProgressionRun

    if not permissions.can_manage_progression(actor):
        raise PermissionDenied("The registrar's office draws up the progression list.")
    problems = _academic_year_problems(academic_year)
    if intake not in ProgressionRun.Intake.values:
        problems.append(Problem("intake", "autumn or winter"))
    if problems:
        raise ValidationFailed(problems)
    run = (ProgressionRun.objects.select_for_update().filter(academic_year=academic_year, intake=intake)
           .first())
    if run is not None and run.confirmed_at is not None:
        raise ProgressionRefused("This progression list is confirmed; it no longer changes.",
                                 code="progression_confirmed")
    before = {"lines": run.lines.count()} if run else None
    if run is None:
        run = _new_run(academic_year, intake, now)
    else:
        run.lines.all().delete()
        run.drawn_up_at = now
        run.save(update_fields=["drawn_up_at"])
    count = _draw_up(run, today=timezone.localdate(now))
    audit_record(actor=actor, action="progression.draw_up", obj=run, before=before, after={"lines": count},
                 reason="progression list drawn up again (TR-10)" if before else "progression list drawn up "
                                                                                "(TR-10)")
    return run


@transaction.atomic
def progression_confirm(*, actor: Any, run_id: int, now: datetime) -> Any:
    """TR-10/TR-11: the registrar's office confirms the list. Who progresses (with debts or not) moves to
    the next course year; who repeats the year stays, and a grant holder among them loses the grant —
    funding becomes paid, recorded with the reason and the basis (``GrantLoss``). Each change audited;
    the students repeating the year or owing debts are e-mailed. Idempotent: a confirmed list, confirmed
    again, changes nothing; a line is applied once."""
    from ektu_portal.audit.services import Change
    from grading.models import GrantLoss, ProgressionLine
    from grading.policy.igpa import holds_grant

    run = permissions.access_progression_run(actor, run_id, for_update=True)
    if run.confirmed_at is not None:
        return run
    lines = list(ProgressionLine.objects.select_for_update(of=("self",))
                 .filter(run=run, applied_at__isnull=True).select_related("student__user"))
    students = {s.pk: s for s in Student.objects.select_for_update().filter(
        pk__in=[line.student_id for line in lines])}
    basis = (f"progression list {run.academic_year}" + (f", rector's order No. {run.order_number}"
                                                        if run.order_number else ""))
    progress: dict[int, list[int]] = {}  # the new course year → the students moving to it
    losses, changes = [], []
    for line in lines:
        student = students[line.student_id]
        label = f"{student.user.username} {student.user.full_name}"
        if line.outcome in (ProgressionLine.Outcome.PROGRESS, ProgressionLine.Outcome.PROGRESS_WITH_DEBTS):
            if student.course_year == line.course_year:  # not moved by other means meanwhile
                progress.setdefault(line.course_year + 1, []).append(student.pk)
                changes.append(Change(student, {"course_year": line.course_year},
                                      {"course_year": line.course_year + 1}, label=label))
        elif line.loses_grant and holds_grant(student.funding):
            losses.append(GrantLoss(student=student, line=line, funding_before=student.funding,
                                    funding_after=Student.Funding.PAID,
                                    reason="repeats the year (TR-11)", basis=basis, recorded_by=actor,
                                    recorded_at=now))
            changes.append(Change(student, {"funding": student.funding}, {"funding": Student.Funding.PAID},
                                  label=label))
    # One UPDATE per new course year (and one for the grants): a list of 10,000 is a handful of statements.
    for course_year, student_ids in progress.items():
        Student.objects.filter(pk__in=student_ids).update(course_year=course_year)
    Student.objects.filter(pk__in=[loss.student_id for loss in losses]).update(funding=Student.Funding.PAID)
    GrantLoss.objects.bulk_create(losses)
    ProgressionLine.objects.filter(pk__in=[line.pk for line in lines]).update(applied_at=now)
    run.confirmed_at, run.confirmed_by = now, actor
    run.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_many(actor=actor, action="progression.apply", changes=changes,
               reason="progression confirmed (TR-10, TR-11)", basis=basis)
    progressed = sum(1 for change in changes if "course_year" in (change.after or {}))
    audit_record(actor=actor, action="progression.confirm", obj=run, before=None,
                 after={"lines": len(lines), "moved": progressed, "grants_lost": len(losses)},
                 reason="progression list confirmed (TR-10)", basis=basis)
    told = [line.pk for line in lines if line.outcome != ProgressionLine.Outcome.PROGRESS]
    if told:
        _notify("notify_progression", told)
    return run


@transaction.atomic
def repeat_contract_record(*, actor: Any, line_id: int, signed_on: date, now: datetime) -> Any:
    """TR-11: the registrar's office records the day a repeat-year student signed the repeat-year (fully
    paid) contract. Signed by the deadline, the student is off the expulsion list. Audited."""
    line = permissions.access_progression_line(actor, line_id, for_update=True)
    if line.outcome != "repeat_year" or line.run.confirmed_at is None:
        raise ProgressionRefused("Only a repeat year of a confirmed list has a repeat-year contract.",
                                 code="not_a_repeat_year")
    if line.expelled_at is not None:
        raise ProgressionRefused("The student is already expelled.", code="already_expelled")
    if signed_on > timezone.localdate(now):
        raise ValidationFailed([Problem("signed_on", "the day the contract was signed: today or earlier")])
    before = {"contract_signed_on": str(line.contract_signed_on) if line.contract_signed_on else None}
    line.contract_signed_on = signed_on
    if signed_on <= line.run.deadline:
        line.expulsion_listed_at = None
    line.save(update_fields=["contract_signed_on", "expulsion_listed_at"])
    audit_record(actor=actor, action="progression.repeat_contract", obj=line, before=before,
                 after={"contract_signed_on": str(signed_on)}, reason="repeat-year contract (TR-11)",
                 basis=f"progression list {line.run.academic_year}")
    return line


def _list_for_expulsion(*, now: datetime) -> int:
    """TR-11: a repeat-year student of a confirmed list without the contract signed by the deadline is
    listed for expulsion "for academic failure" — once; the registrar's office confirms."""
    from django.db.models import F, Q

    from grading.models import ProgressionLine

    today = timezone.localdate(now)
    due = (ProgressionLine.objects.filter(outcome="repeat_year", run__confirmed_at__isnull=False,
                                          run__deadline__lt=today, expulsion_listed_at__isnull=True,
                                          expelled_at__isnull=True)
           .filter(Q(contract_signed_on__isnull=True) | Q(contract_signed_on__gt=F("run__deadline"))))
    return due.update(expulsion_listed_at=now)


@transaction.atomic
def expulsion_confirm(*, actor: Any, line_id: int, now: datetime) -> Any:
    """TR-11: the registrar's office confirms the expulsion "for academic failure" of a listed student —
    the student's status becomes expelled. Audited with the list as the basis."""
    line = permissions.access_progression_line(actor, line_id, for_update=True)
    if line.expelled_at is not None:
        return line
    if line.expulsion_listed_at is None:
        raise ProgressionRefused("The student is not listed for expulsion (the contract is signed, or the "
                                 "deadline has not passed).", code="not_listed_for_expulsion")
    student = Student.objects.select_for_update().get(pk=line.student_id)
    before = {"status": student.status}
    student.status = Student.Status.EXPELLED
    student.save(update_fields=["status"])
    line.expelled_at, line.expelled_by = now, actor
    line.save(update_fields=["expelled_at", "expelled_by"])
    audit_record(actor=actor, action="student.expel", obj=student, before=before,
                 after={"status": student.status}, reason="for academic failure (TR-11)",
                 basis=f"no repeat-year contract by {line.run.deadline:%d.%m.%Y}, progression list "
                       f"{line.run.academic_year}")
    return line


# --- RC-1 … RC-6: the shared recount engine's writes (contract §8; admissions, transfers, mobility) ---


RECOUNT_SOURCES = ("transfer", "mobility", "prior_learning", "non_formal")


def recount_preview(*, actor: Any, student_username: str, source: str, items: Sequence[dict[str, Any]],
                    hours_per_credit: Any = None, now: datetime, difference_cap: int | None = None) -> Any:
    """RC-1 … RC-5, MO-6, NF-2: the comparison sheet of a source transcript against the student's
    home curriculum — computed, nothing written. Every problem of the input is named at once.
    ``difference_cap`` is RC-6's cap of a reduced-term admission (the sheet then says ``over_cap``)."""
    from grading.selectors import recount_facts

    student = access_student(actor, student_username, can=permissions.can_recount)
    today = timezone.localdate(now)
    return _comparison_sheet(recount_facts(student, today=today), source, items, hours_per_credit,
                             difference_cap=difference_cap)


def recount_sheet(*, facts: Any, source: str, items: Sequence[dict[str, Any]], hours_per_credit: Any = None,
                  difference_cap: int | None = None) -> Any:
    """The comparison sheet on home facts the caller read (``grading.selectors.recount_facts``) and may
    see — §12's transfers compute it against the programme a student moves to, or for a student who has
    no record yet; with no items, the sheet is the academic difference alone. Nothing is written."""
    return _comparison_sheet(facts, source, items, hours_per_credit, difference_cap=difference_cap,
                             items_required=False)


@transaction.atomic
def recount_apply(*, actor: Any, student_username: str, source: str, items: Sequence[dict[str, Any]],
                  hours_per_credit: Any = None, now: datetime, basis: str = "",
                  difference_cap: int | None = None) -> Any:
    """RC-1: the QA commission's decision recorded — each recognized discipline becomes a result with
    its letter and ``recognized_from`` (never recomputed from marks), in the period in progress, as the
    discipline's next attempt; audited with the protocol as basis (GR-20). The difference (RC-5) is
    what the student still takes."""
    from ektu_portal.academics.models import AcademicPeriod, Discipline
    from grading.selectors import recount_facts

    student = access_student(actor, student_username, can=permissions.can_recount, for_update=True)
    today = timezone.localdate(now)
    sheet = _comparison_sheet(recount_facts(student, today=today), source, items, hours_per_credit,
                              difference_cap=difference_cap)
    period = AcademicPeriod.objects.filter(starts__lte=today).order_by("-starts").first()
    if period is None:
        raise ValidationFailed([Problem("period", "no period has started yet to record the results in")],
                               code="invalid_recount")
    codes = [recognized.discipline for recognized in sheet.recognized]
    disciplines = {d.code: d for d in Discipline.objects.filter(code__in=codes)}
    for recognized in sheet.recognized:
        discipline = disciplines[recognized.discipline]
        attempt = (Result.objects.filter(student=student, discipline=discipline, period=period)
                   .aggregate(last=Max("attempt"))["last"] or 0) + 1
        result = Result.objects.create(student=student, discipline=discipline, period=period, attempt=attempt,
                                       recognized_from=source, recognized_letter=recognized.letter)
        audit_record(actor=actor, action="result.recognized", obj=result, before=None, after=result.marks(),
                     reason=f"recounted from {source} (RC-1)", basis=basis or "QA commission's protocol")
    return sheet


def _comparison_sheet(facts: Any, source: str, items: Sequence[dict[str, Any]], hours_per_credit: Any, *,
                      difference_cap: int | None = None, items_required: bool = True) -> Any:
    from grading.policy.recount import (
        CommissionMatch,
        CreditConversion,
        NonFormalAllowance,
        RecountInput,
        RecountInvalid,
        StudiedDiscipline,
        comparison_sheet,
    )

    problems = [] if source in RECOUNT_SOURCES else [
        Problem("source", f"one of {', '.join(RECOUNT_SOURCES)}")]
    if not items and items_required:
        problems.append(Problem("items", "at least one studied discipline"))
    if problems:
        raise ValidationFailed(problems, code="invalid_recount",
                               title=gettext_lazy("The recount has problems"))
    order: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        order.setdefault(str(item.get("discipline") or ""), []).append(index)
    recount = RecountInput(
        studied=tuple(StudiedDiscipline(title=str(item.get("title") or ""), hours=item.get("hours"),
                                        ects=item.get("ects"), credits=item.get("credits"),
                                        letter=item.get("letter"), percent=item.get("percent"),
                                        passed=bool(item.get("pass"))) for item in items),
        curriculum=facts.curriculum,
        matches=tuple(CommissionMatch(code, tuple(indexes)) for code, indexes in order.items()),
        current_semester=facts.current_semester,
        conversion=(CreditConversion(hours_per_credit=hours_per_credit) if hours_per_credit
                    else CreditConversion()),
        passed=facts.passed,
        difference_cap=difference_cap,
        non_formal=(NonFormalAllowance(facts.non_formal_limit, facts.non_formal_recognized)
                    if source == "non_formal" else None))
    try:
        return comparison_sheet(recount, scale=facts.scale)
    except RecountInvalid as invalid:
        firsts = [indexes[0] for indexes in order.values()]  # a match is named by its first item
        raise ValidationFailed([Problem(_recount_path(p.field, p.index, firsts), p.message)
                                for p in invalid.problems],
                               code="invalid_recount",
                               title=gettext_lazy("The recount has problems")) from None


def _recount_path(field: str, index: int | None, firsts: list[int]) -> str:
    """The policy's places (``studied[2]``, ``matches[0]``) in the request's words (``items[2]``)."""
    if index is None:
        return field
    if field == "matches":
        return f"items[{firsts[index]}].discipline"
    return f"items[{index}]" if field == "studied" else f"{field}[{index}]"


# --- RC-5/RC-6 (issue 10): the academic difference not cleared in time becomes academic debt ---------------

DIFFERENCE_DEBT_REASON = "academic difference not cleared (RC-5/RC-6)"


@transaction.atomic
def difference_debts_register(*, student: Student, disciplines: Sequence[str], period: Any, now: datetime,
                              basis: str = "") -> dict[str, Any]:
    """RC-5/RC-6: difference disciplines the student did not clear by the due date become academic debts.

    Each one gets a result in ``period`` (the last period of the academic year the difference was due
    in) as the discipline's next attempt there, with no marks — nothing was earned, so no grade is made
    up and GPA is untouched — and an academic debt on it. A discipline the student already owes an open
    debt for is left as it is (a debt is registered once). Registration hears of the new debts
    (``academic_debts_registered``) and the student is e-mailed, once the transaction commits — as
    ``register_academic_debts`` does (GR-10). Returns {discipline code: its new debt}."""
    from ektu_portal.academics.models import Discipline
    from grading.models import AcademicDebt

    owed = set(AcademicDebt.objects.filter(result__student=student, cleared_at__isnull=True,
                                           result__discipline__code__in=list(disciplines))
               .values_list("result__discipline__code", flat=True))
    found = {d.code: d for d in Discipline.objects.filter(code__in=[c for c in disciplines if c not in owed])}
    debts: dict[str, Any] = {}
    for code in dict.fromkeys(disciplines):
        discipline = found.get(code)
        if discipline is None:
            continue
        attempt = (Result.objects.filter(student=student, discipline=discipline, period=period)
                   .aggregate(last=Max("attempt"))["last"] or 0) + 1
        result = Result.objects.create(student=student, discipline=discipline, period=period, attempt=attempt)
        debts[code] = AcademicDebt.objects.create(result=result, registered_at=now,
                                                  reason=DIFFERENCE_DEBT_REASON)
    audit_many(actor=None, action="debt.register", reason=DIFFERENCE_DEBT_REASON, basis=basis,
               changes=[Change(d, None, {"reason": d.reason, "discipline": code, "period": period.code},
                               label=f"debt for result {d.result_id}") for code, d in debts.items()])
    if debts:
        transaction.on_commit(partial(_notify_debts, [d.pk for d in debts.values()]))
        transaction.on_commit(partial(academic_debts_registered.send, sender=AcademicDebt,
                                      student_ids=[student.pk]))
    return debts
