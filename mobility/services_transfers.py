"""Writes of §12's cases: filing, documents, the rector's decision, the orders and the overdue digest.

Each write checks the actor through ``mobility.permissions``, names every problem of its input at once
(nothing is written then), and is audited (who, when, before, after, why). The rules are
``mobility.policy.transfers``'s, on the facts ``mobility.selectors_transfers`` reads.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext

from ektu_portal.academics.models import Program, Student
from ektu_portal.academics.permissions import access_student
from ektu_portal.audit.services import audit_record
from ektu_portal.core.errors import Conflict, DomainError, PermissionDenied, Problem, ValidationFailed
from mobility import labels, permissions
from mobility import selectors_transfers as selectors
from mobility.models import TransferCase, TransferDigest, TransferDocument
from mobility.policy import transfers as policy

Kind = TransferCase.Kind
Status = TransferCase.Status

# Where a refusal lands on the form: the field the applicant would change.
_REFUSAL_FIELDS = {
    policy.OUTSIDE_VACATION: "applied_on", policy.FIRST_PERIOD_NOT_COMPLETED: "first_period_completed",
    policy.OUTSIDE_DECISION_WINDOW: "decision", policy.BETWEEN_PROGRAMMES_PAID_ONLY: "requested",
    policy.NO_GRANT_TO_KEEP: "requested", policy.UNT_BELOW_THRESHOLD: "unt_score",
    policy.NO_VACANT_GRANT_PLACE: "requested", policy.TARGETED_PAID_ONLY: "requested",
    policy.READMISSION_PAID_ONLY: "requested", policy.NON_PAYMENT_DEBT_NOT_PAID: "debt_paid",
    policy.NON_PAYMENT_FOUR_WEEKS_PASSED: "expelled_on", policy.MILITARY_SERVICE_SAME_COURSE: "course_year",
    policy.ACADEMIC_DISHONESTY_NEVER: "expulsion_reason", policy.PHD_ONE_YEAR_ONLY: "expulsion_reason",
}

# The documents a case may hold (TR-4, TR-6): PDF or pictures, recognised by their first bytes.
_SIGNATURES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


class TransferRefused(DomainError):
    status = 409
    default_code = "transfer_refused"


def refused(code: str) -> TransferRefused:
    return TransferRefused(labels.label(labels.TRANSFER_ERRORS, code), code=code)


def state(case: TransferCase) -> dict[str, Any]:
    """What the audit keeps of a case, before and after each change."""
    return {"kind": case.kind, "status": case.status, "student": case.student.user.username
            if case.student_id else None, "full_name": case.full_name, "program": case.program.code
            if case.program_id else None, "course_year": case.course_year, "funding": case.funding,
            "requested": case.requested, "other_university": case.other_university,
            "decided_on": str(case.decided_on) if case.decided_on else None, "basis": case.basis,
            "refusals": list(case.refusals), "funding_after": case.funding_after,
            "receiving_request_on": str(case.receiving_request_on) if case.receiving_request_on else None,
            "order_number": case.order_number, "order_on": str(case.order_on) if case.order_on else None,
            "file_sent_on": str(case.file_sent_on) if case.file_sent_on else None}


def _text(values: dict[str, Any], name: str, limit: int) -> str:
    return str(values.get(name) or "").strip()[:limit]


def _whole(values: dict[str, Any], name: str, problems: list[Problem], *, low: int, high: int) -> int | None:
    raw = values.get(name)
    if raw in (None, ""):
        return None
    try:
        number = int(str(raw))
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        problems.append(Problem(name, gettext("A whole number from %(low)s to %(high)s.")
                                % {"low": low, "high": high}))
        return None
    return number


def _day(values: dict[str, Any], name: str, problems: list[Problem]) -> date | None:
    raw = values.get(name)
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        problems.append(Problem(name, gettext("A date (YYYY-MM-DD).")))
        return None


def _items(values: dict[str, Any], problems: list[Problem]) -> list[dict[str, Any]]:
    """The previous transcript's lines, as contract §8's recount items (checked again by the engine)."""
    raw = values.get("items") or []
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        problems.append(Problem("items", gettext("A list of studied disciplines.")))
        return []
    keep = ("title", "hours", "ects", "credits", "letter", "percent", "pass", "discipline")
    return [{key: item[key] for key in keep if key in item} for item in raw[:200]]


@transaction.atomic
def transfer_file(*, actor: Any, kind: str, values: dict[str, Any], now: datetime) -> TransferCase:
    """§12: a transfer or readmission application becomes a case. Every problem is named at once, with
    each refusal of TR-2, TR-5, TR-8 that does not depend on the day (those are the rector's, on the day
    of the decision — except a transfer out's, decided on its own application day, TR-6)."""
    if kind not in Kind.values:
        raise ValidationFailed([Problem("kind", gettext("Choose what the application is for."))],
                               code="invalid_transfer")
    if not permissions.can_file_case(actor, kind):
        raise PermissionDenied("Only the student or the registrar's office files this application.")
    today = timezone.localdate(now)
    problems: list[Problem] = []
    username = _text(values, "student", 150)
    student: Student | None = None
    if kind != Kind.INCOMING and permissions.is_registrar(actor) and not username:
        problems.append(Problem("student", gettext("Name the student (their username).")))
    elif kind != Kind.INCOMING:
        student = access_student(actor, username or None if permissions.is_registrar(actor) else None,
                                 can=lambda who, s: permissions.is_registrar(who)
                                 or permissions.is_own_student_record(who, s), for_update=True)
    program = None
    if kind != Kind.OUTGOING:
        program = Program.objects.filter(code=_text(values, "program", 64)).first()
        if program is None:
            problems.append(Problem("program", gettext("Choose a programme of EKTU.")))
        elif kind == Kind.BETWEEN_PROGRAMMES and student is not None and program.pk == student.program_id:
            problems.append(Problem("program", gettext("The student already studies in this programme.")))
    course = _whole(values, "course_year", problems, low=1, high=6)
    if kind in (Kind.INCOMING, Kind.READMISSION) and course is None and not any(
            p.path == "course_year" for p in problems):
        problems.append(Problem("course_year", gettext("The course the student will study in.")))
    case = TransferCase(kind=kind, student=student, program=program, course_year=course,
                        applied_on=today, filed_by=actor, created_at=now)
    case.full_name = _text(values, "full_name", 300)
    case.iin = _text(values, "iin", 12)
    case.email = _text(values, "email", 254)
    case.birth_date = _day(values, "birth_date", problems)
    case.other_university = _text(values, "other_university", 300)
    if kind == Kind.INCOMING:
        if not case.full_name:
            problems.append(Problem("full_name", gettext("The student's full name.")))
        if not (case.iin.isdigit() and len(case.iin) == 12):
            problems.append(Problem("iin", gettext("The IIN: 12 digits.")))
        if "@" not in case.email:
            problems.append(Problem("email", gettext("An e-mail address to send the sign-in to.")))
    if kind in (Kind.INCOMING, Kind.OUTGOING) and not case.other_university:
        problems.append(Problem("other_university", gettext("Name the other university.")))
    for flag in ("foreign_university", "kazakh_citizen_or_kandas", "emergency", "first_period_completed",
                 "medical_commission", "debt_paid", "readmitted_to_defend_before"):
        setattr(case, flag, bool(values.get(flag)))
    funding = _text(values, "funding", 16) or (student.funding if student is not None else "")
    if funding not in Student.Funding.values:
        problems.append(Problem("funding", gettext("How the student studies now.")))
    case.funding = funding
    requested = _text(values, "requested", 16) or TransferCase.Requested.PAID
    if requested not in TransferCase.Requested.values:
        problems.append(Problem("requested", gettext("Keep the grant or study on a paid basis.")))
    case.requested = requested
    case.unt_score = _whole(values, "unt_score", problems, low=0, high=140)
    if kind == Kind.READMISSION:
        case.expulsion_reason = _text(values, "expulsion_reason", 24)
        if case.expulsion_reason not in TransferCase.ExpulsionReason.values:
            problems.append(Problem("expulsion_reason", gettext("Why the student was expelled.")))
        case.expelled_on = _day(values, "expelled_on", problems)
        if case.expelled_on is None and not any(p.path == "expelled_on" for p in problems):
            problems.append(Problem("expelled_on", gettext("The day of the expulsion order.")))
        elif case.expelled_on is not None and case.expelled_on > today:
            problems.append(Problem("expelled_on", gettext("The expulsion is in the past.")))
        case.course_at_expulsion = _whole(values, "course_at_expulsion", problems, low=1, high=6)
        if student is not None and student.status != Student.Status.EXPELLED:
            problems.append(Problem("student", gettext("Only an expelled student is readmitted.")))
    elif student is not None and student.status != Student.Status.ACTIVE:
        problems.append(Problem("student", gettext("Only an active student transfers.")))
    case.items = _items(values, problems)
    hours = values.get("hours_per_credit")
    if hours not in (None, ""):
        from ektu_portal.core.spreadsheets import read_number

        amount, _ok = read_number(hours)
        if amount is None or amount <= 0:
            problems.append(Problem("hours_per_credit", gettext("Hours per ECTS credit, a positive number.")))
        case.hours_per_credit = amount
    if program is not None and course is not None:
        _program, intake, _course = selectors.placement(case, today)
        if not selectors.has_curriculum(program, intake):
            problems.append(Problem("course_year", labels.label(labels.TRANSFER_ERRORS, "no_curriculum")))
    if not problems:
        problems = [Problem(_REFUSAL_FIELDS[code], labels.label(labels.TRANSFER_REFUSALS, code))
                    for code in selectors.refusals(case, today, with_timing=False)]
    if not problems and case.program is not None and case.items:
        selectors.comparison(case, today)  # the recount engine names every bad transcript line
    if problems:
        raise ValidationFailed(problems, code="invalid_transfer",
                               title=gettext("The application cannot be filed"))
    case.save()
    audit_record(actor=actor, action="transfer.file", obj=case, before=None, after=state(case),
                 reason=str(case.get_kind_display()))
    return case


@transaction.atomic
def transfer_document_add(*, actor: Any, case_id: int, kind: str, name: str, content: bytes,
                          now: datetime) -> TransferDocument:
    """A document joins the case: PDF, JPEG or PNG by its content (not its name), within the size limit."""
    case = permissions.access_case(actor, case_id, for_update=True)
    if not permissions.can_add_document(actor, case):
        raise PermissionDenied("You may not add documents to this case.")
    problems = []
    if kind not in TransferDocument.Kind.values:
        problems.append(Problem("kind", gettext("Choose what the document is.")))
    limit = settings.TRANSFER_DOCUMENT_MAX_BYTES
    if not content:
        problems.append(Problem("file", gettext("The file is empty.")))
    elif len(content) > limit:
        problems.append(Problem("file", gettext("The file is larger than %(limit)s.")
                                % {"limit": filesizeformat(limit)}))
    content_type = next((t for magic, t in _SIGNATURES.items() if content.startswith(magic)), None)
    if content and content_type is None:
        problems.append(Problem("file", gettext("Only PDF, JPEG or PNG files.")))
    if problems:
        raise ValidationFailed(problems, code="invalid_document")
    assert content_type is not None
    safe_name = "".join(c for c in name.replace("\\", "/").rsplit("/", 1)[-1] if c.isprintable())[:200]
    document = TransferDocument.objects.create(
        case=case, kind=kind, name=safe_name or "document", content_type=content_type, size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), content=content, uploaded_by=actor, uploaded_at=now)
    audit_record(actor=actor, action="transfer.document", obj=case, before=None,
                 after={"document": document.name, "kind": kind, "size": document.size,
                        "sha256": document.sha256})
    return document


@transaction.atomic
def transfer_decide(*, actor: Any, case_id: int, decision: str, basis: str, reason: str = "",
                    now: datetime) -> TransferCase:
    """TR-4, TR-6: the rector's decision on its day. An approval is refused with every rule that stands
    in the way on that day (the rector may refuse at any time, saying why)."""
    case = permissions.access_case(actor, case_id, for_update=True)
    if not permissions.can_decide_case(actor, case):
        raise PermissionDenied("Only the rector's office (or, for a transfer out, the dean) decides.")
    if case.status != Status.SUBMITTED:
        raise refused("already_decided")
    today = timezone.localdate(now)
    problems = []
    if decision not in (Status.APPROVED, Status.REFUSED):
        problems.append(Problem("decision", gettext("Approve or refuse.")))
    if not basis.strip():
        problems.append(Problem("basis", gettext("The basis: the rector's resolution (number and date).")))
    if decision == Status.REFUSED and not reason.strip():
        problems.append(Problem("reason", gettext("Say why the application is refused.")))
    found: tuple[str, ...] = ()
    if decision == Status.APPROVED:
        found = selectors.refusals(case, case.applied_on if case.kind == Kind.OUTGOING else today)
        problems += [Problem("decision", labels.label(labels.TRANSFER_REFUSALS, code)) for code in found]
    if problems:
        raise ValidationFailed(problems, code="invalid_decision")
    before = state(case)
    case.status, case.decided_on, case.decided_by = decision, today, actor
    case.basis = basis.strip()[:300] if decision == Status.APPROVED else \
        f"{basis.strip()}: {reason.strip()}"[:300]
    if decision == Status.APPROVED:
        case.funding_after = policy.funding_after(selectors.policy_case(case, today))
    case.save()
    audit_record(actor=actor, action=f"transfer.{decision}", obj=case, before=before, after=state(case),
                 reason=reason.strip() or str(case.get_kind_display()), basis=basis.strip())
    return case


@transaction.atomic
def transfer_receiving_request(*, actor: Any, case_id: int, on: date, now: datetime) -> TransferCase:
    """TR-6: the receiving university's request arrived; the expulsion order is due 3 working days on."""
    case = _for_order(actor, case_id)
    if case.kind != Kind.OUTGOING:
        raise refused("not_outgoing")
    if case.status != Status.APPROVED:
        raise refused("not_approved")
    _not_future(on, now, "on")
    before = state(case)
    case.receiving_request_on = on
    case.save(update_fields=["receiving_request_on"])
    audit_record(actor=actor, action="transfer.receiving_request", obj=case, before=before, after=state(case))
    return case


def _for_order(actor: Any, case_id: int) -> TransferCase:
    case = permissions.access_case(actor, case_id, for_update=True)
    if not permissions.can_issue_transfer_order(actor):
        raise PermissionDenied("Only the registrar's office records orders.")
    return case


def _not_future(day: date, now: datetime, field: str) -> None:
    if day > timezone.localdate(now):
        raise ValidationFailed([Problem(field, gettext("Today or earlier."))], code="invalid_date")


@transaction.atomic
def transfer_order(*, actor: Any, case_id: int, number: str, on: date, now: datetime) -> TransferCase:
    """TR-6, TR-7, TR-8: the rector's order, recorded by the registrar's office with its number and date.

    Out: "expelled in connection with transfer to …" — the student's status becomes expelled. In, between
    programmes, readmission: the student's record is made or moved (programme, course, funding after the
    move), the recognized disciplines are recorded by the recount engine, and the student's one-week
    registration window opens (RG-7). Recording the same order again changes nothing (idempotent)."""
    case = _for_order(actor, case_id)
    number = number.strip()
    if case.status in (Status.ORDERED, Status.CLOSED) and case.order_number == number:
        return case
    if case.status != Status.APPROVED:
        raise refused("not_approved")
    problems = []
    if not number:
        problems.append(Problem("number", gettext("The order's number.")))
    if on > timezone.localdate(now):
        problems.append(Problem("on", gettext("Today or earlier.")))
    elif case.decided_on is not None and on < case.decided_on:
        problems.append(Problem("on", gettext("Not before the decision.")))
    if case.kind == Kind.OUTGOING and case.receiving_request_on is None:
        raise refused("no_receiving_request")
    if problems:
        raise ValidationFailed(problems, code="invalid_order")
    if TransferCase.objects.filter(kind=case.kind, order_number=number).exclude(pk=case.pk).exists():
        raise Conflict(labels.label(labels.TRANSFER_ERRORS, "order_number_taken"), code="order_number_taken")
    before = state(case)
    case.order_number, case.order_on, case.ordered_by = number[:64], on, actor
    if case.kind == Kind.OUTGOING:
        _expel(actor, case)
    else:
        _enrol(actor, case, now)
    case.status = Status.ORDERED
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise Conflict(labels.label(labels.TRANSFER_ERRORS, "order_number_taken"),
                       code="order_number_taken") from None
    audit_record(actor=actor, action="transfer.order", obj=case, before=before, after=state(case),
                 basis=f"№ {case.order_number}, {case.order_on:%d.%m.%Y}")
    return case


def _expel(actor: Any, case: TransferCase) -> None:
    student = Student.objects.select_for_update().get(pk=case.student_id)
    before = {"status": student.status}
    student.status = Student.Status.EXPELLED
    student.save(update_fields=["status"])
    audit_record(actor=actor, action="student.expel", obj=student, before=before,
                 after={"status": student.status},
                 reason=f"in connection with transfer to {case.other_university} (TR-6)",
                 basis=f"№ {case.order_number}, {case.order_on:%d.%m.%Y}")


_FUNDING_AFTER = {policy.ENDS_PAID: Student.Funding.PAID,
                  policy.VACANT_GRANT_PLACE: Student.Funding.STATE_GRANT}


def _enrol(actor: Any, case: TransferCase, now: datetime) -> None:
    """The student's record as the order makes it (TR-5, TR-7, TR-8), the recount and RG-7's window."""
    from grading import services as grading_services
    from registration import services as registration_services

    today = timezone.localdate(now)
    program, intake, course = selectors.placement(case, case.decided_on or today)
    funding = _FUNDING_AFTER.get(case.funding_after, case.funding)
    if case.kind == Kind.INCOMING:
        student = _newcomer(case, program, intake, course, funding)
        before: dict[str, Any] | None = None
    else:
        student = Student.objects.select_for_update().get(pk=case.student_id)
        before = {"program": student.program.code, "intake_year": student.intake_year,
                  "course_year": student.course_year, "funding": student.funding, "status": student.status}
        student.program, student.intake_year, student.course_year = program, intake, course
        student.funding, student.status = funding, Student.Status.ACTIVE
        student.save(update_fields=["program", "intake_year", "course_year", "funding", "status"])
    audit_record(actor=actor, action="student.transfer", obj=student, before=before,
                 after={"program": program.code, "intake_year": intake, "course_year": course,
                        "funding": funding, "status": student.status}, reason=str(case.get_kind_display()),
                 basis=f"№ {case.order_number}, {case.order_on:%d.%m.%Y}")
    # RC-5: the difference as the sheet stood at the decision, kept with its due period for the sweep.
    sheet = selectors.comparison(case, case.decided_on or today)
    if sheet is not None:
        case.difference = [line.code for line in sheet.difference]
        case.difference_due = sheet.due if case.difference else None
    case.student = student
    basis = f"{case.get_kind_display()} № {case.order_number}, {case.order_on:%d.%m.%Y}"
    if case.items:
        grading_services.recount_apply(actor=actor, student_username=student.user.username, source="transfer",
                                       items=case.items, hours_per_credit=case.hours_per_credit, now=now,
                                       basis=basis)
    period = selectors.registration_period_for(today)
    if period is None:
        raise refused("no_period")
    reason = "readmission" if case.kind == Kind.READMISSION else "transfer"
    registration_services.grant_personal_window(actor=actor, student_username=student.user.username,
                                                reason=reason, basis=basis, now=now, period_code=period.code)


def _newcomer(case: TransferCase, program: Any, intake: int, course: int, funding: str) -> Student:
    """TR-7: the incoming student's record and account, made once: a second order finds them by the IIN
    (the account's username is the case's, so no two cases make one person twice)."""
    from django.contrib.auth import get_user_model

    from mobility import notifications

    existing = Student.objects.filter(iin=case.iin).select_related("user").first() if case.iin else None
    if existing is not None:
        return existing
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=f"t{case.iin or case.pk}", defaults={"full_name": case.full_name, "email": case.email})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    student = Student.objects.create(user=user, program=program, intake_year=intake, course_year=course,
                                     funding=funding, iin=case.iin, birth_date=case.birth_date)
    from ektu_portal.academics.models import Role, RoleAssignment

    RoleAssignment.objects.get_or_create(user=user, role=Role.STUDENT)
    transaction.on_commit(partial(notifications.welcome_transferred, student.pk))
    return student


@transaction.atomic
def transfer_file_sent(*, actor: Any, case_id: int, on: date, now: datetime) -> TransferCase:
    """TR-6: the personal file is sent to the receiving university; the case closes."""
    case = _for_order(actor, case_id)
    if case.kind != Kind.OUTGOING:
        raise refused("not_outgoing")
    if case.status != Status.ORDERED:
        raise refused("no_expulsion_order")
    _not_future(on, now, "on")
    before = state(case)
    case.file_sent_on, case.status = on, Status.CLOSED
    case.save(update_fields=["file_sent_on", "status"])
    audit_record(actor=actor, action="transfer.file_sent", obj=case, before=before, after=state(case))
    return case


def overdue_digest(*, now: datetime) -> int:
    """TR-6, TR-7: once a day, the registrar's office is e-mailed the cases whose deadline has passed
    (the day's digest row makes a second run that day do nothing). Returns the cases listed."""
    from mobility import notifications

    today = timezone.localdate(now)
    late = selectors.overdue_cases(today)
    if not late:
        return 0
    # The day's row and the e-mail in one transaction: a worker killed before the commit leaves no row,
    # so the redelivered job sends it (at worst twice, never not at all).
    with transaction.atomic():
        _digest, made = TransferDigest.objects.get_or_create(
            day=today, defaults={"cases": [case.pk for case, _codes in late], "sent_at": now})
        if made:
            notifications.overdue_cases(late)
    return len(late) if made else 0


def transfer_difference_sweep(*, now: datetime) -> int:
    """RC-5, the daily job: a transferred or readmitted student's difference discipline still not passed
    (the transcript says) after its due period ended becomes academic debt in that period — once: a case is
    swept once after the due date, whatever the answer. Catches up on every case whose due date passed while
    the job was down. Returns the debts registered."""
    from grading import services as grading_services
    from grading.selectors import student_transcript

    today = timezone.localdate(now)
    due = list(TransferCase.objects.filter(difference_swept_at__isnull=True, difference_due__ends__lt=today,
                                           status__in=(Status.ORDERED, Status.CLOSED))
               .values_list("pk", flat=True).order_by("pk"))
    registered = 0
    for case_id in due:
        with transaction.atomic():
            case = (TransferCase.objects.select_for_update(of=("self",))
                    .select_related("student__user", "difference_due").get(pk=case_id))
            if case.difference_swept_at is not None or case.student is None or case.difference_due is None:
                continue
            mastered = student_transcript(case.student).mastered
            owed = [code for code in case.difference if code not in mastered]
            debts = grading_services.difference_debts_register(
                student=case.student, disciplines=owed, period=case.difference_due, now=now,
                basis=f"{case.get_kind_display()} № {case.order_number}") if owed else {}
            case.difference_swept_at = now
            case.save(update_fields=["difference_swept_at"])
            audit_record(actor=None, action="transfer.difference_due", obj=case, before=None,
                         after={"passed": sorted(c for c in case.difference if c in mastered),
                                "academic_debt": sorted(debts)},
                         reason="RC-5: the academic difference was due",
                         basis=f"due by the end of {case.difference_due.code}")
            registered += len(debts)
    return registered
