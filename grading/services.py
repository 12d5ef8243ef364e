"""Writes for grading. Pages, the API and jobs all call these; each checks permission,
validates everything before writing anything, locks what it changes, and audits (GR-20)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ektu_portal.academics.models import Enrollment, Result, Section, Student
from ektu_portal.academics.permissions import access_student
from ektu_portal.audit.services import Change, audit_many, audit_record
from ektu_portal.core.errors import Conflict, NotFound, PermissionDenied, Problem, ValidationFailed
from grading import permissions
from grading.models import Appeal, GradeSheet
from grading.policy.appeals import appeal_window_open, exam_after_decision
from grading.policy.scale import LetterGrade
from grading.policy.sheets import appeal_deadline, sheet_kind
from grading.signals import academic_debts_registered

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


ENTRY_COUNTS = ("classes_held", "absences", "lates_over_20_min")


def _enrolled(section: Section) -> dict[str, Student]:
    return {e.student.user.username: e.student for e in Enrollment.objects.filter(
        section=section, status=Enrollment.Status.ENROLLED).select_related("student__user", "student__program")}


def _validate_rows(section: Section, rows: list[Any], enrolled: dict[str, Student]
                   ) -> tuple[list[Problem], dict[int, tuple[int, dict[str, Any], dict[str, Any]]]]:
    """Every problem of every row, and {student id: (row index, marks to set, sheet entry fields to set)}.

    Beside the contract's r1, r2, exam and outcome a row may carry what admission depends on:
    classes_held, absences, lates_over_20_min (GR-3) and coursework_submitted (GR-2).
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
                value = row[name]
                if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                          or not 0 <= value <= 100):
                    problems.append(Problem(f"{here}.{name}", "a whole number from 0 to 100, or null"))
                    continue
                marks[name] = value
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


@transaction.atomic
def sheet_update(*, actor: Any, code: str, rows: list[dict[str, Any]], reason: str = "") -> Section:
    """Enter marks on a sheet (contract §3 PUT). All rows are checked before any is saved."""
    from grading.models import SheetEntry
    from grading.selectors import admission_for

    section = permissions.access_sheet(actor, code, can=permissions.can_edit_sheet)
    sheet, _ = GradeSheet.objects.select_for_update().get_or_create(section=section)
    if sheet.is_posted:
        raise GradesLocked("Only an appeal decision changes a posted sheet.")
    if not isinstance(rows, list):
        raise SheetRejected([Problem("rows", "a list of rows")])
    enrolled = _enrolled(section)
    students = {s.pk: s for s in enrolled.values()}
    problems, changes = _validate_rows(section, rows, enrolled)
    existing = {r.student_id: r for r in Result.objects.select_for_update().filter(
        discipline_id=section.discipline_id, period_id=section.period_id, student_id__in=changes).order_by("attempt")}
    entries = {e.result_id: e for e in SheetEntry.objects.select_for_update().filter(
        result__in=existing.values())}
    before = {sid: r.marks() for sid, r in existing.items()}
    entries_before = {rid: e.state() for rid, e in entries.items()}
    merged: dict[int, tuple[Result, Any]] = {}
    for student_id, (i, marks, entry_fields) in changes.items():
        result = existing.get(student_id) or Result(student_id=student_id, discipline_id=section.discipline_id,
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
        label = f"{students[student_id].user.username} {section.discipline.code} {section.period.code}#{result.attempt}"
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
    audit_many(actor=actor, action="result.sheet_entry", changes=audit, reason=reason or "entered on the grade sheet",
               basis=f"grade sheet {section.code}")
    audit_many(actor=actor, action="sheet_entry.update", changes=entry_audit,
               reason=reason or "attendance / course work entered on the grade sheet", basis=f"grade sheet {section.code}")
    return section


@transaction.atomic
def admit_by_dean_order(*, actor: Any, result_id: int, basis: str) -> Any:
    """GR-3: for a valid reason the dean's office admits a student despite missed classes, by order."""
    from grading.models import SheetEntry

    result = permissions.access_result(actor, result_id, can=permissions.can_admit_by_order)
    if result.section_id and GradeSheet.objects.filter(section_id=result.section_id, posted_at__isnull=False).exists():
        raise GradesLocked("The sheet is posted.")
    if not basis.strip():
        raise ValidationFailed([Problem("basis", "the order's number and date, and the valid reason")])
    entry, _ = SheetEntry.objects.get_or_create(result=result)
    was = entry.state()
    entry.dean_admission_basis = basis.strip()[:300]
    entry.save()
    audit_record(actor=actor, action="sheet_entry.dean_admission", obj=entry, before=was, after=entry.state(),
                 reason="admitted by the dean's order (GR-3)", basis=entry.dean_admission_basis)
    return entry


@transaction.atomic
def sheet_post(*, actor: Any, code: str, now: datetime) -> GradeSheet:
    """GR-12/GR-13: post the sheet — results visible, marks locked, appeal window opens."""
    section = permissions.access_sheet(actor, code, can=permissions.can_post_sheet)
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
    # GR-13, or GR-17 for the state exam ("no later than the day after")
    sheet.appeal_window_closes_at = appeal_deadline(sheet_kind(section.discipline.control, section.discipline.kind),
                                                    now, _zone())
    sheet.save()
    audit_record(actor=actor, action="sheet.post", obj=sheet, before=None,
                 after={"posted_at": now.isoformat(), "appeal_window_closes_at":
                        sheet.appeal_window_closes_at.isoformat()}, reason="grade sheet posted")
    _notify("notify_sheet_posted", sheet.pk)
    return sheet


def _incomplete_reason(result: Result | None) -> str:
    if result is None or result.r1 is None or result.r2 is None:
        return "R1 and R2 are not both entered"
    return "no exam score and no outcome"


@transaction.atomic
def appeal_file(*, actor: Any, section_code: str, student_username: str, reason: str, now: datetime) -> Appeal:
    """GR-13: the student appeals a posted grade until 13:00 the next day."""
    student = access_student(actor, student_username, can=permissions.can_file_appeal)
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
    if result.section_id and GradeSheet.objects.filter(section_id=result.section_id, printed_at__isnull=False).exists():
        raise Conflict("The final sheet is printed; no exam score changes any more (GR-12).", code="grades_final")
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
    _notify("notify_appeal_decided", appeal.pk)
    return appeal


@transaction.atomic
def sheet_print(*, actor: Any, code: str, now: datetime) -> GradeSheet:
    """GR-12: the final sheet prints only after the appeal deadline; printing makes it final."""
    section = permissions.access_sheet(actor, code, can=permissions.can_print_sheet)
    sheet = GradeSheet.objects.select_for_update().filter(section=section).first()
    if sheet is None or sheet.appeal_window_closes_at is None or now < sheet.appeal_window_closes_at:
        raise Conflict("The final sheet prints after the appeal deadline (GR-12, GR-13).", code="appeals_still_open")
    if Appeal.objects.filter(result__section=section, status=Appeal.Status.FILED).exists():
        raise Conflict("An appeal of this sheet is waiting for a decision.", code="appeals_pending")
    if sheet.printed_at is None:
        sheet.printed_at = now
        sheet.save(update_fields=["printed_at"])
        audit_record(actor=actor, action="sheet.print", obj=sheet, before=None, after={"printed_at": now.isoformat()},
                     reason="final sheet printed; scores are final (GR-12)")
    return sheet


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
    title = "An FX retake cannot be applied for"


def _fx_deadline(period: Any) -> Any:
    from ektu_portal.academics.selectors import days_off
    from grading.policy.retakes import fx_retake_deadline

    ends = period.exam_session_ends or period.ends
    return fx_retake_deadline(ends, days_off(ends.year, ends.year + 1))


@transaction.atomic
def retake_apply(*, actor: Any, result_id: int, now: datetime) -> Any:
    """GR-9: the student applies online for an FX retake, during the session or 10 working days after."""
    from grading.models import RetakeApplication
    from grading.policy.retakes import may_apply_for_fx_retake
    from grading.selectors import computed

    result = permissions.access_result(actor, result_id, can=permissions.can_apply_for_retake, for_update=True)
    if result.section_id and not GradeSheet.objects.filter(section_id=result.section_id,
                                                           posted_at__isnull=False).exists():
        raise RetakeRefused("The grade is not posted yet.")
    letter = computed(result).letter
    deadline = _fx_deadline(result.period)
    already = RetakeApplication.objects.filter(result=result).exists()
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

    if not permissions.can_manage_retakes(actor):
        raise PermissionDenied("The registrar's office schedules retakes.")
    application = RetakeApplication.objects.select_for_update().filter(pk=application_id).first()
    if application is None:
        raise NotFound(f"There is no retake application {application_id}.", code="retake_not_found")
    if application.status == RetakeApplication.Status.DONE:
        raise Conflict("This retake is already graded.", code="retake_done")
    if timezone.localdate(at) > application.deadline:
        raise ValidationFailed([Problem("at", f"the retake must be held by {application.deadline:%d.%m.%Y} (GR-9)")])
    before = {"status": application.status, "scheduled_for": application.scheduled_for.isoformat()
              if application.scheduled_for else None}
    application.status, application.scheduled_for, application.scheduled_by = "scheduled", at, actor
    application.save()
    audit_record(actor=actor, action="retake.schedule", obj=application, before=before,
                 after={"status": "scheduled", "scheduled_for": at.isoformat()}, reason="retake scheduled")
    return application


@transaction.atomic
def retake_grade(*, actor: Any, application_id: int, exam: int, now: datetime) -> Any:
    """GR-9: the retake's score replaces the exam score (audited with the retake as its basis)."""
    from grading.models import RetakeApplication
    from grading.selectors import computed

    if not permissions.can_manage_retakes(actor):
        raise PermissionDenied("The registrar's office records retake results.")
    application = (RetakeApplication.objects.select_for_update().select_related("result__period")
                   .filter(pk=application_id).first())
    if application is None:
        raise NotFound(f"There is no retake application {application_id}.", code="retake_not_found")
    if application.status != RetakeApplication.Status.SCHEDULED:
        raise Conflict("Schedule the retake before grading it.", code="retake_not_scheduled")
    if isinstance(exam, bool) or not isinstance(exam, int) or not 0 <= exam <= 100:
        raise ValidationFailed([Problem("exam", "a whole number from 0 to 100")])
    result = (Result.objects.select_for_update().select_related("student__program", "period", "discipline")
              .get(pk=application.result_id))
    before = result.marks()
    result.exam = exam
    result.save(update_fields=["exam", "updated_at"])
    application.status, application.exam_after = RetakeApplication.Status.DONE, exam
    application.letter_after = computed(result).letter or ""
    application.save()
    audit_record(actor=actor, action="result.retake", obj=result, before=before, after=result.marks(),
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

    Idempotent and catching up: every period whose deadline passed and that was not swept yet
    is swept once, whenever the job first runs after the deadline.
    """
    from ektu_portal.academics.models import AcademicPeriod
    from grading.models import AcademicDebt, DebtSweep, RetakeApplication
    from grading.policy.retakes import becomes_academic_debt
    from grading.selectors import compute, entries_for, letter_scale

    today = timezone.localdate(now)
    swept = set(DebtSweep.objects.values_list("period_id", flat=True))
    created_total = 0
    for period in AcademicPeriod.objects.exclude(pk__in=swept).filter(ends__lte=today).order_by("starts"):
        if _debt_sweep_after(period) >= today:
            continue
        scale = letter_scale(period.starts)
        retakes = {r.result_id: r for r in RetakeApplication.objects.filter(result__period=period)}
        period_results = list(Result.objects.filter(period=period).exclude(academic_debt__isnull=False)
                              .select_related("discipline", "student__program"))
        entries = entries_for(period_results)
        with transaction.atomic():
            debts = []
            for result in period_results:
                retake = retakes.get(result.pk)
                letters: list[str | None]
                if retake and retake.status == RetakeApplication.Status.DONE:
                    letters = ["FX", retake.letter_after or None]
                    computed_fail = False
                else:
                    outcome = compute(result, scale, entry=entries.get(result.pk))
                    if outcome.status == "in_progress":
                        continue
                    letters, computed_fail = [outcome.letter], outcome.counts_in_gpa_as_fail
                if becomes_academic_debt(letters, retake_window_over=True, counts_as_fail=computed_fail):
                    reason = "F" if letters[-1] == "F" else ("FX twice" if letters.count("FX") >= 2 else
                                                             ("FX retake window passed" if letters[-1] == "FX"
                                                              else "not cleared in the additional period"))
                    debts.append(AcademicDebt(result=result, registered_at=now, reason=reason))
            AcademicDebt.objects.bulk_create(debts)
            DebtSweep.objects.create(period=period, swept_at=now, debts=len(debts))
            audit_many(actor=None, action="debt.register", reason="academic debt (GR-10)",
                       changes=[Change(d, None, {"reason": d.reason}, label=f"debt for result {d.result_id}")
                                for d in debts])
            if debts:
                transaction.on_commit(lambda ids=[d.pk for d in debts]: _notify_debts(ids))
                transaction.on_commit(lambda students=sorted({d.result.student_id for d in debts}):
                                      academic_debts_registered.send(sender=AcademicDebt, student_ids=students))
        created_total += len(debts)
    return created_total


def _notify_debts(debt_ids: list[int]) -> None:
    from grading.tasks import notify_academic_debts

    notify_academic_debts.delay(debt_ids)


def _notify(task_name: str, *args: Any) -> None:
    """Queue an e-mail notice once the change is committed (never inside the request)."""
    from functools import partial

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

    return additional_period_ends(_fx_deadline(result.period), _extended_to(result.student_id, result.period_id))


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
        problems.append(Problem("extended_to", f"after {session_ends:%d.%m.%Y} and at most three weeks after it "
                                               "(GR-15)"))
    if not reason.strip():
        problems.append(Problem("reason", "state the valid reason"))
    if problems:
        raise ValidationFailed(problems)
    existing = SessionExtension.objects.select_for_update().filter(student=student, period=period).first()
    before = {"extended_to": existing.extended_to.isoformat(), "reason": existing.reason} if existing else None
    extension = existing or SessionExtension(student=student, period=period)
    extension.extended_to, extension.reason = extended_to, reason.strip()
    extension.granted_by, extension.granted_at = actor, now
    extension.save()
    audit_record(actor=actor, action="session.extend", obj=extension, before=before,
                 after={"extended_to": extended_to.isoformat(), "reason": reason.strip()}, reason=reason.strip())
    return extension


@transaction.atomic
def additional_exam_open(*, actor: Any, result_id: int, category: str, now: datetime) -> Any:
    """GR-15: the registrar's office admits a result of one of the three categories to the additional
    period (ending 10 working days after the session, or at the dean's extension)."""
    from grading.models import AdditionalExam
    from grading.policy.retakes import additional_exam_problem
    from grading.selectors import computed

    if not permissions.can_manage_additional_period(actor):
        raise PermissionDenied("The registrar's office runs the additional period.")
    result = (Result.objects.select_for_update().select_related("student__program", "period", "discipline")
              .filter(pk=result_id).first())
    if result is None:
        raise NotFound(f"There is no result {result_id}.", code="result_not_found")
    if AdditionalExam.objects.filter(result=result).exists():
        raise Conflict("This result is already in the additional period.", code="already_open")
    ends = additional_period_end(result)
    problem = additional_exam_problem(category, status=computed(result).status, has_exam=result.exam is not None,
                                      today=timezone.localdate(now), ends=ends)
    if problem:
        raise Conflict({"unknown_category": "The category is payment_clearance, did_not_appear or below_admission.",
                        "additional_period_over": f"The additional period ended on {ends:%d.%m.%Y} (GR-15).",
                        "category_does_not_match": "The result is not of this category (GR-15)."}[problem],
                       code=problem)
    exam = AdditionalExam.objects.create(result=result, category=category, ends=ends, opened_by=actor, opened_at=now)
    audit_record(actor=actor, action="additional_exam.open", obj=exam, before=None,
                 after={"category": category, "ends": ends.isoformat()}, reason=f"GR-15 {category}")
    return exam


@transaction.atomic
def additional_exam_record(*, actor: Any, additional_exam_id: int, exam: int, now: datetime,
                           r1: int | None = None, r2: int | None = None) -> Any:
    """GR-15: the additional-period result replaces the missing exam (and, for an admission rating
    below 50, the ratings earned since); audited with the additional exam as its basis."""
    from grading.models import AdditionalExam
    from grading.selectors import computed

    if not permissions.can_manage_additional_period(actor):
        raise PermissionDenied("The registrar's office runs the additional period.")
    additional = (AdditionalExam.objects.select_for_update().filter(pk=additional_exam_id).first())
    if additional is None:
        raise NotFound(f"There is no additional-period exam {additional_exam_id}.", code="not_found")
    if additional.recorded_at:
        raise Conflict("This additional-period exam is already recorded.", code="already_recorded")
    if timezone.localdate(now) > additional.ends:
        raise Conflict(f"The additional period ended on {additional.ends:%d.%m.%Y} (GR-15).",
                       code="additional_period_over")
    scores = {"exam": exam, "r1": r1, "r2": r2}
    problems = [Problem(name, "a whole number from 0 to 100") for name, value in scores.items()
                if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100)]
    if exam is None:
        problems.append(Problem("exam", "required"))
    if additional.category != AdditionalExam.Category.BELOW_ADMISSION and (r1 is not None or r2 is not None):
        problems.append(Problem("r1", "ratings change only for an admission rating below 50 (GR-15)"))
    if problems:
        raise ValidationFailed(problems)
    result = Result.objects.select_for_update().select_related("student__program", "period", "discipline").get(
        pk=additional.result_id)
    before = result.marks()
    result.exam, result.outcome = exam, None
    if r1 is not None:
        result.r1 = r1
    if r2 is not None:
        result.r2 = r2
    result.save(update_fields=["exam", "outcome", "r1", "r2", "updated_at"])
    additional.recorded_at, additional.letter_after = now, computed(result).letter or ""
    additional.save()
    audit_record(actor=actor, action="result.additional_period", obj=result, before=before, after=result.marks(),
                 reason=f"additional period (GR-15): {additional.category}",
                 basis=f"additional-period exam #{additional.pk}")
    return additional


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
    final = (Result.objects.filter(period__starts__gte=effective_from)
             .filter(Q(section__isnull=True) | Q(section__grade_sheet__isnull=True)
                     | Q(section__grade_sheet__posted_at__isnull=False))
             .values_list("period__code", flat=True).distinct().order_by("period__code")[:3])
    if final:
        problems.append(Problem("effective_from", "results of " + ", ".join(final) + " are final and keep their "
                                "letters: the scale must start after that period's first day"))
    if not reason.strip():
        problems.append(Problem("reason", "say why the scale changes (the rector's order, the council's decision)"))
    if problems:
        raise ValidationFailed(problems, code="invalid_letter_scale", title="The letter scale has problems")
    before = [_band_state(b) for b in letter_scale(effective_from)]
    LetterBand.objects.filter(effective_from=effective_from).delete()  # not in force yet (checked above)
    created = LetterBand.objects.bulk_create([
        LetterBand(effective_from=effective_from, letter=b.letter, points=b.points, min_score=b.min_score,
                   max_score=b.max_score, traditional=b.traditional)
        for b in sorted(bands, key=lambda band: -band.min_score)])
    audit_record(actor=actor, action="letter_scale.set", obj=created[0], before={"bands": before},
                 after={"effective_from": effective_from.isoformat(), "bands": [_band_state(b) for b in bands]},
                 reason=reason.strip())
    return created


def _band_state(band: Any) -> dict[str, Any]:
    return {"letter": band.letter, "points": str(band.points), "min_score": band.min_score,
            "max_score": band.max_score, "traditional": band.traditional}
