"""Writes for grading. Pages, the API and jobs all call these; each checks permission,
validates everything before writing anything, locks what it changes, and audits (GR-20)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ektu_portal.academics.models import Enrollment, Result, Section, Student
from ektu_portal.audit.services import Change, audit_many, audit_record
from ektu_portal.core.errors import Conflict, NotFound, PermissionDenied, Problem, ValidationFailed
from grading import permissions
from grading.models import Appeal, GradeSheet
from grading.policy.appeals import appeal_window_closes_at, appeal_window_open, exam_after_decision
from grading.policy.formula import decide_admission

MARK_FIELDS = ("r1", "r2", "exam")
OUTCOMES = (None, "no_show", "annulled")


class GradesLocked(Conflict):
    code = "grades_locked"
    title = "The sheet is posted; its grades can no longer change (GR-12)"


class SheetRejected(ValidationFailed):
    code = "sheet_invalid"
    title = "The sheet has problems; nothing was saved"


class SheetIncomplete(ValidationFailed):
    code = "sheet_incomplete"
    title = "Every enrolled student needs a complete result before the sheet is posted"


class AppealWindowClosed(Conflict):
    code = "appeal_window_closed"
    title = "The appeal window is closed (GR-13)"


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _section(code: str) -> Section:
    try:
        return Section.objects.select_related("discipline", "period").get(code=code)
    except Section.DoesNotExist:
        raise NotFound(f'There is no section "{code}".', code="section_not_found") from None


def section_for_sheet(*, actor: Any, code: str) -> Section:
    """The section, if the actor may work on its sheet; unknown and forbidden look alike."""
    section = _section(code)
    if not permissions.can_view_sheet(actor, section):
        raise NotFound(f'There is no section "{code}".', code="section_not_found")
    return section


def _enrolled_ids(section: Section) -> dict[str, int]:
    return dict(Enrollment.objects.filter(section=section, status=Enrollment.Status.ENROLLED)
                .values_list("student__user__username", "student_id"))


def _validate_rows(section: Section, rows: list[Any]) -> tuple[list[Problem], dict[int, tuple[int, dict[str, Any]]]]:
    """Every problem of every row, and {student id: (row index, fields to set)}."""
    problems: list[Problem] = []
    enrolled = {e.student.user.username: e.student for e in Enrollment.objects.filter(
        section=section, status=Enrollment.Status.ENROLLED).select_related("student__user")}
    changes: dict[int, tuple[int, dict[str, Any]]] = {}
    seen: set[str] = set()
    for i, row in enumerate(rows):
        here = f"rows[{i}]"
        if not isinstance(row, dict):
            problems.append(Problem(here, "each row is an object"))
            continue
        username = row.get("student")
        unknown = set(row) - {"student", *MARK_FIELDS, "outcome"}
        if unknown:
            problems.append(Problem(here, "unknown fields: " + ", ".join(sorted(unknown))))
        if not isinstance(username, str) or username not in enrolled:
            problems.append(Problem(f"{here}.student", f'"{username}" is not enrolled in {section.code}'))
            continue
        if username in seen:
            problems.append(Problem(f"{here}.student", f'"{username}" appears twice'))
        seen.add(username)
        values: dict[str, Any] = {}
        for name in MARK_FIELDS:
            if name in row:
                value = row[name]
                if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                          or not 0 <= value <= 100):
                    problems.append(Problem(f"{here}.{name}", "a whole number from 0 to 100, or null"))
                    continue
                values[name] = value
        if "outcome" in row:
            if row["outcome"] not in OUTCOMES:
                problems.append(Problem(f"{here}.outcome", 'null, "no_show" or "annulled"'))
            else:
                values["outcome"] = row["outcome"]
        changes[enrolled[username].pk] = (i, values)
    return problems, changes


@transaction.atomic
def sheet_update(*, actor: Any, code: str, rows: list[dict[str, Any]], reason: str = "") -> Section:
    """Enter marks on a sheet (contract §3 PUT). All rows are checked before any is saved."""
    section = section_for_sheet(actor=actor, code=code)
    sheet, _ = GradeSheet.objects.select_for_update().get_or_create(section=section)
    if sheet.is_posted:
        raise GradesLocked("Only an appeal decision changes a posted sheet.")
    if not isinstance(rows, list):
        raise SheetRejected([Problem("rows", "a list of rows")])
    problems, changes = _validate_rows(section, rows)
    existing = {r.student_id: r for r in Result.objects.select_for_update().filter(
        discipline_id=section.discipline_id, period_id=section.period_id, student_id__in=changes).order_by("attempt")}
    before = {student_id: result.marks() for student_id, result in existing.items()}
    merged: dict[int, Result] = {}
    for student_id, (i, values) in changes.items():
        result = existing.get(student_id) or Result(student_id=student_id, discipline_id=section.discipline_id,
                                                    period_id=section.period_id)
        for name, value in values.items():
            setattr(result, name, value)
        # GR-2: a student who is not admitted does not sit the exam.
        if result.exam is not None and result.r1 is not None and result.r2 is not None:
            if not decide_admission(r1=result.r1, r2=result.r2).admitted:
                problems.append(Problem(f"rows[{i}].exam", "the student is not admitted (admission rating "
                                                           "below 50, GR-2): no exam score"))
        merged[student_id] = result
    if problems:
        raise SheetRejected(problems)
    usernames = {student_id: username for username, student_id in _enrolled_ids(section).items()}
    new, changed, audit = [], [], []
    for student_id, result in merged.items():
        if before.get(student_id) == result.marks():
            continue
        result.section = section
        (changed if result.pk else new).append(result)
        audit.append(Change(result, before.get(student_id), result.marks(),
                            label=f"{usernames[student_id]} {section.discipline.code} {section.period.code}"
                                  f"#{result.attempt}"))
    stamp = timezone.now()
    for result in changed:
        result.updated_at = stamp  # bulk_update does not apply auto_now
    Result.objects.bulk_create(new)
    Result.objects.bulk_update(changed, [*MARK_FIELDS, "outcome", "section", "updated_at"])
    audit_many(actor=actor, action="result.sheet_entry", changes=audit, reason=reason or "entered on the grade sheet",
               basis=f"grade sheet {section.code}")
    return section


@transaction.atomic
def sheet_post(*, actor: Any, code: str, now: datetime) -> GradeSheet:
    """GR-12/GR-13: post the sheet — results visible, marks locked, appeal window opens."""
    section = section_for_sheet(actor=actor, code=code)
    sheet, _ = GradeSheet.objects.select_for_update().get_or_create(section=section)
    if sheet.is_posted:
        raise Conflict("The sheet is already posted.", code="sheet_already_posted")
    from grading.selectors import sheet_rows

    missing = [Problem(f"student {row.student.user.username}", _incomplete_reason(row.result))
               for row in sheet_rows(section) if row.computed.status == "in_progress"]
    if missing:
        raise SheetIncomplete(missing)
    sheet.posted_at = now
    sheet.posted_by = actor
    sheet.appeal_window_closes_at = appeal_window_closes_at(now, _zone())
    sheet.save()
    audit_record(actor=actor, action="sheet.post", obj=sheet, before=None,
                 after={"posted_at": now.isoformat(), "appeal_window_closes_at":
                        sheet.appeal_window_closes_at.isoformat()}, reason="grade sheet posted")
    return sheet


def _incomplete_reason(result: Result | None) -> str:
    if result is None or result.r1 is None or result.r2 is None:
        return "R1 and R2 are not both entered"
    return "no exam score and no outcome"


@transaction.atomic
def appeal_file(*, actor: Any, section_code: str, student_username: str, reason: str, now: datetime) -> Appeal:
    """GR-13: the student appeals a posted grade until 13:00 the next day."""
    try:
        student = Student.objects.select_related("user").get(user__username=student_username)
    except Student.DoesNotExist:
        raise NotFound(f'There is no student "{student_username}".', code="student_not_found") from None
    if not permissions.can_file_appeal(actor, student):
        raise PermissionDenied("Only the student appeals their own grade.")
    section = _section(section_code)
    result = (Result.objects.select_for_update().filter(student=student, discipline_id=section.discipline_id,
                                                         period_id=section.period_id).order_by("-attempt").first())
    if result is None:
        raise NotFound("There is no result to appeal in this section.", code="result_not_found")
    if not reason or not reason.strip():
        raise ValidationFailed([Problem("reason", "say why you appeal")])
    sheet = GradeSheet.objects.filter(section=section).first()
    if not appeal_window_open(sheet.posted_at if sheet else None, sheet.appeal_window_closes_at if sheet else None,
                              now):
        closes = sheet.appeal_window_closes_at.isoformat() if sheet and sheet.appeal_window_closes_at else "—"
        raise AppealWindowClosed(f"Appeals for {section.code} were accepted until {closes}.")
    if Appeal.objects.filter(result=result, status=Appeal.Status.FILED).exists():
        raise Conflict("An appeal of this result is already waiting for a decision.", code="appeal_already_filed")
    appeal = Appeal.objects.create(result=result, reason=reason.strip(), filed_at=now)
    audit_record(actor=actor, action="appeal.file", obj=appeal, before=None,
                 after={"result": result.pk, "reason": appeal.reason}, reason=appeal.reason)
    return appeal


@transaction.atomic
def appeal_decide(*, actor: Any, appeal_id: int, decision: str, points_added: int, reason: str,
                  now: datetime) -> Appeal:
    """GR-14: grant (add points to the exam score) or reject; a grade is never lowered."""
    if not permissions.can_decide_appeal(actor):
        raise PermissionDenied("Only the appeals commission decides appeals.")
    appeal = Appeal.objects.select_for_update().select_related("result").filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound(f"There is no appeal {appeal_id}.", code="appeal_not_found")
    if appeal.status != Appeal.Status.FILED:
        raise Conflict("This appeal is already decided.", code="appeal_already_decided")
    if decision not in ("granted", "rejected"):
        raise ValidationFailed([Problem("decision", '"granted" or "rejected"')])
    result = Result.objects.select_for_update().get(pk=appeal.result_id)
    granted = decision == "granted"
    if granted and points_added < 1:
        raise ValidationFailed([Problem("points_added", "a granted appeal adds at least one point")])
    if not granted and points_added:
        raise ValidationFailed([Problem("points_added", "a rejected appeal adds no points")])
    try:
        new_exam = exam_after_decision(result.exam or 0, granted, points_added)
    except ValueError as error:
        raise ValidationFailed([Problem("points_added", str(error))]) from None
    before_appeal = {"status": appeal.status}
    appeal.status, appeal.decided_by, appeal.decided_at = decision, actor, now
    appeal.points_added, appeal.decision_reason = points_added, reason
    appeal.save()
    audit_record(actor=actor, action="appeal.decide", obj=appeal, before=before_appeal,
                 after={"status": decision, "points_added": points_added}, reason=reason)
    if granted:
        before = result.marks()
        result.exam = new_exam
        result.save(update_fields=["exam", "updated_at"])
        audit_record(actor=actor, action="result.appeal", obj=result, before=before, after=result.marks(),
                     reason=reason or "appeal granted", basis=f"appeal #{appeal.pk}")
    appeal.result = result
    return appeal


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

