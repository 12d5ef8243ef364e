"""Issuing, revoking and batch-printing Diploma Supplements (DS-1 … DS-5). Every issue and
revocation is audited; a supplement with missing data is never issued (DS-1)."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from diploma_supplement import permissions, selectors
from diploma_supplement.models import Batch, IssuedSupplement
from diploma_supplement.policy import content
from diploma_supplement.printing import holder_latin_name, supplement_pdf
from ektu_portal.academics.models import Program, Student
from ektu_portal.audit.services import audit_record
from ektu_portal.core.errors import Conflict, NotFound, PermissionDenied, Problem, ValidationFailed


class SupplementIncomplete(Conflict):
    code = "supplement_incomplete"
    title = "The records lack data the supplement needs (DS-1)"


def verify_url(number: str) -> str:
    return settings.DIPLOMA_SUPPLEMENT_INSTITUTION["verification_base_url"] + number + "/"


def _student(username: str) -> Student:
    student = (Student.objects.select_related("user", "program__school").filter(user__username=username).first())
    if student is None:
        raise NotFound(f'There is no student "{username}".', code="student_not_found")
    return student


def current_supplement(student: Student) -> IssuedSupplement | None:
    return IssuedSupplement.objects.filter(student=student, revoked_at__isnull=True).order_by("-issued_at").first()


def issue(*, actor: Any, student: Student, now: datetime) -> IssuedSupplement:
    """Render and keep one supplement: a unique, unguessable number, the hash of the PDF as issued."""
    facts = selectors.facts_for(student, today=timezone.localdate(now))
    missing = content.missing(facts)
    if missing:
        raise SupplementIncomplete("; ".join(missing), missing=missing)
    number = f"DS{timezone.localtime(now):%y}-{secrets.token_hex(5).upper()}"
    pdf = supplement_pdf(facts, number, timezone.localdate(now), verify_url(number))
    with transaction.atomic():
        supplement = IssuedSupplement.objects.create(
            number=number, student=student, issued_at=now, issued_by=actor if getattr(actor, "pk", None) else None,
            holder_name=student.user.full_name, holder_name_latin=holder_latin_name(facts),
            qualification=student.program.qualification_en,
            sha256=hashlib.sha256(pdf).hexdigest(), pdf=pdf)
        audit_record(actor=actor, action="supplement.issue", obj=supplement, before=None,
                     after={"number": number, "sha256": supplement.sha256}, reason="Diploma Supplement issued")
    return supplement


def current_or_issue(*, actor: Any, student: Student, now: datetime) -> IssuedSupplement:
    """The student's valid supplement, or a new one. The student's row is locked first, so a
    download racing a batch (or a batch task delivered twice) never issues two."""
    with transaction.atomic():
        Student.objects.select_for_update().filter(pk=student.pk).values_list("pk", flat=True).first()
        return current_supplement(student) or issue(actor=actor, student=student, now=now)


def supplement_for_download(*, actor: Any, username: str, now: datetime) -> IssuedSupplement:
    """Contract §3: the student's supplement — the one issued, or issued now if none is valid."""
    student = _student(username)
    if not permissions.can_download(actor, student):
        raise NotFound(f'There is no student "{username}".', code="student_not_found")
    return current_or_issue(actor=actor, student=student, now=now)


def student_for_page(*, actor: Any, username: str) -> Student:
    student = _student(username)
    if not permissions.can_download(actor, student):
        raise NotFound(f'There is no student "{username}".', code="student_not_found")
    return student


@transaction.atomic
def revoke(*, actor: Any, number: str, reason: str, now: datetime) -> IssuedSupplement:
    if not permissions.can_revoke(actor):
        raise PermissionDenied("Only the registrar's office revokes supplements.")
    supplement = IssuedSupplement.objects.select_for_update().filter(number=number).first()
    if supplement is None:
        raise NotFound(f"There is no supplement {number}.", code="not_found")
    if supplement.revoked_at:
        raise Conflict("Already revoked.", code="already_revoked")
    if not reason.strip():
        raise Conflict("Say why the supplement is revoked.", code="reason_required")
    supplement.revoked_at, supplement.revoked_reason = now, reason.strip()
    supplement.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(actor=actor, action="supplement.revoke", obj=supplement, before={"revoked": False},
                 after={"revoked": True}, reason=reason.strip())
    return supplement


@transaction.atomic
def batch_start(*, actor: Any, program_code: str, year: int, now: datetime) -> Batch:
    """A dean starts printing a program's graduates of a year; only the ready ones are printed."""
    program = Program.objects.filter(code=program_code).first()
    if program is None or not permissions.can_print_batches(actor, program):
        raise NotFound(f'There is no program "{program_code}" in your school.', code="program_not_found")
    ready = [row for row in selectors.readiness(program, year, today=timezone.localdate(now)) if not row["missing"]]
    if not ready:
        raise Conflict("Nobody of this program and year is ready to print.", code="nobody_ready")
    batch = Batch.objects.create(program=program, graduation_year=year, requested_by=actor, requested_at=now,
                                 total=len(ready))
    audit_record(actor=actor, action="supplement.batch", obj=batch, before=None,
                 after={"program": program.code, "year": year, "total": len(ready)}, reason="print batch started")
    from diploma_supplement.tasks import render_batch

    transaction.on_commit(partial(render_batch.delay, batch.pk))
    return batch


def batch_run(batch_id: int) -> Batch:
    """The Celery job: render each ready graduate's supplement (reusing a valid one), count progress,
    then pack a ZIP and one merged PDF. Run twice, it renders nothing twice."""
    from pypdf import PdfWriter

    batch = Batch.objects.select_related("program", "requested_by").get(pk=batch_id)
    if batch.status == Batch.Status.DONE:
        return batch
    Batch.objects.filter(pk=batch.pk).update(status=Batch.Status.RUNNING)
    done_ids = set(batch.supplements.values_list("student_id", flat=True))
    try:
        now = timezone.now()  # the job's one "now": every supplement of the batch is made as of it
        for row in selectors.readiness(batch.program, batch.graduation_year, today=timezone.localdate(now)):
            student = row["student"]
            if row["missing"] or student.pk in done_ids:
                continue
            supplement = current_or_issue(actor=batch.requested_by, student=student, now=now)
            batch.supplements.add(supplement)
            Batch.objects.filter(pk=batch.pk).update(done=batch.supplements.count())
        supplements = list(batch.supplements.select_related("student__user")  # Kazakh alphabetical order
                           .order_by("student__user__full_name_sort", "student__user__full_name"))
        archive, merged = io.BytesIO(), PdfWriter()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for supplement in supplements:
                pdf = bytes(supplement.pdf)
                zipped.writestr(f"{supplement.student.user.username}-{supplement.number}.pdf", pdf)
                merged.append(io.BytesIO(pdf))
        merged_bytes = io.BytesIO()
        merged.write(merged_bytes)
        Batch.objects.filter(pk=batch.pk).update(status=Batch.Status.DONE, done=len(supplements),
                                                 zip_file=archive.getvalue(), merged_pdf=merged_bytes.getvalue())
    except Exception as error:  # the page must say the batch failed, not spin forever
        Batch.objects.filter(pk=batch.pk).update(status=Batch.Status.FAILED, error=str(error)[:2000])
        raise
    batch.refresh_from_db()
    return batch


# --- diploma numbers (contract §1: student.diploma_number, student.graduated_on) -----------------

DIPLOMA_NUMBER_FIELDS = ("student", "diploma_number", "graduated_on")
DIPLOMA_NUMBER_MAX_LENGTH = 64


class DiplomaNumbersRejected(ValidationFailed):
    code = "invalid_diploma_numbers"
    title = "The diploma numbers have problems; nothing was recorded"


@dataclass(frozen=True)
class DiplomaNumbersRecorded:
    """What one entry or import did: how many graduates got a new number or date, how many had it already."""

    recorded: int
    unchanged: int
    students: tuple[str, ...]


def award_date(value: object) -> date | None:
    """A cell or a JSON value as a date: a date, 2029-06-30 or 30.06.2029; None when it is none of them."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _number_text(value: object) -> str:
    """A diploma number as typed; a spreadsheet may hand over a bare number as 1234567 or 1234567.0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _graduates_named(keys: set[str]) -> tuple[dict[str, list[Student]], dict[str, Student]]:
    """Students locked for the write, by IIN (a list: an IIN may be recorded twice) and by username."""
    iins = [key for key in keys if key.isdigit() and len(key) == 12]
    found = (Student.objects.select_for_update(of=("self",)).select_related("user")
             .filter(Q(user__username__in=keys) | Q(iin__in=iins)).order_by("pk"))
    by_iin: dict[str, list[Student]] = {}
    by_username: dict[str, Student] = {}
    for student in found:
        by_username[student.user.username] = student
        if student.iin:
            by_iin.setdefault(student.iin, []).append(student)
    return by_iin, by_username


@transaction.atomic
def diploma_numbers_record(*, actor: Any, rows: Sequence[Mapping[str, Any]], reason: str,
                           today: date | None = None) -> DiplomaNumbersRecorded:
    """The registrar records graduates' diploma numbers and award dates (contract §1), entered one by
    one or imported from a file: every problem of every row is found first and then nothing is
    written; otherwise every row is written, each change audited (who, when, before, after, why).

    A row names its graduate by ``student`` (IIN or username) and carries ``diploma_number`` and
    ``graduated_on``. A number is one graduate's: one held by another student is refused, unless that
    student is given another number in the same rows.
    """
    if not permissions.can_record_diploma_numbers(actor):
        raise PermissionDenied("Only the registrar's office records diploma numbers.")
    today = today or timezone.localdate()
    problems: list[Problem] = []
    reason = (reason or "").strip()
    if not reason:
        problems.append(Problem("reason", "say why the numbers are recorded"))
    if not isinstance(rows, Sequence) or isinstance(rows, str | bytes) or not rows:
        raise DiplomaNumbersRejected([*problems, Problem("rows", "no rows: give at least one graduate")])
    keys = {str(row.get("student") or "").strip() for row in rows if isinstance(row, Mapping)}
    by_iin, by_username = _graduates_named(keys - {""})
    wanted: dict[int, tuple[Student, str, date]] = {}  # row index → (graduate, number, date)
    student_row: dict[int, int] = {}  # graduate → the first row naming them
    number_row: dict[str, int] = {}
    for i, row in enumerate(rows):
        here = f"rows[{i}]"
        if not isinstance(row, Mapping):
            problems.append(Problem(here, "each row is an object"))
            continue
        unknown = set(row) - set(DIPLOMA_NUMBER_FIELDS)
        if unknown:
            problems.append(Problem(here, "unknown fields: " + ", ".join(sorted(map(str, unknown)))))
        student = _row_graduate(here, str(row.get("student") or "").strip(), by_iin, by_username, problems)
        if student is not None:
            if student.pk in student_row:
                problems.append(Problem(f"{here}.student", f'"{student.user.username}" is also in '
                                                           f"rows[{student_row[student.pk]}]"))
            student_row.setdefault(student.pk, i)
        number = _number_text(row.get("diploma_number"))
        if not number:
            problems.append(Problem(f"{here}.diploma_number", "the diploma number is missing"))
        elif len(number) > DIPLOMA_NUMBER_MAX_LENGTH:
            problems.append(Problem(f"{here}.diploma_number",
                                    f"a diploma number has at most {DIPLOMA_NUMBER_MAX_LENGTH} characters"))
        elif number in number_row:
            problems.append(Problem(f"{here}.diploma_number",
                                    f'diploma number "{number}" is also in rows[{number_row[number]}]'))
        else:
            number_row[number] = i
        awarded = _row_award_date(here, row.get("graduated_on"), today, problems)
        if student is not None and number and awarded is not None:
            wanted[i] = (student, number, awarded)
    # A number held by a graduate the rows do not name stays theirs; one the rows name either keeps
    # it (their own row) or gives it up for the number their row gives them.
    for number, pk, username in Student.objects.filter(diploma_number__in=list(number_row)).values_list(
            "diploma_number", "pk", "user__username"):
        i = number_row[number]
        if pk not in student_row:
            problems.append(Problem(f"rows[{i}].diploma_number",
                                    f'diploma number "{number}" is already student "{username}"\'s'))
    if problems:
        raise DiplomaNumbersRejected(problems)

    changes = [(student, number, awarded) for student, number, awarded in wanted.values()
               if (student.diploma_number, student.graduated_on) != (number, awarded)]
    # Numbers that change hands among these graduates are let go first: the unique index is
    # checked row by row, so a swap written in one pass would collide with itself.
    letting_go = [student.pk for student, number, _ in changes
                  if student.diploma_number not in (None, number)]
    Student.objects.filter(pk__in=letting_go).update(diploma_number=None)
    for student, number, awarded in changes:
        before = {"diploma_number": student.diploma_number,
                  "graduated_on": student.graduated_on.isoformat() if student.graduated_on else None}
        student.diploma_number, student.graduated_on = number, awarded
        student.save(update_fields=["diploma_number", "graduated_on"])
        audit_record(actor=actor, action="student.diploma_number", obj=student, before=before,
                     after={"diploma_number": number, "graduated_on": awarded.isoformat()}, reason=reason)
    return DiplomaNumbersRecorded(recorded=len(changes), unchanged=len(wanted) - len(changes),
                                  students=tuple(student.user.username for student, _, _ in changes))


def _row_graduate(here: str, key: str, by_iin: dict[str, list[Student]], by_username: dict[str, Student],
                  problems: list[Problem]) -> Student | None:
    if not key:
        problems.append(Problem(f"{here}.student", "say whose diploma it is: IIN or username"))
        return None
    by_this_iin = by_iin.get(key, [])
    if len(by_this_iin) > 1:
        problems.append(Problem(f"{here}.student", f"IIN {key} is recorded for {len(by_this_iin)} students; "
                                                   "name the graduate by username"))
        return None
    student = by_this_iin[0] if by_this_iin else by_username.get(key)
    if student is None:
        problems.append(Problem(f"{here}.student", f'unknown student "{key}"'))
        return None
    if student.status != Student.Status.GRADUATED:
        problems.append(Problem(f"{here}.student",
                                f'"{student.user.username}" has not graduated (status: {student.status})'))
        return None
    return student


def _row_award_date(here: str, value: object, today: date, problems: list[Problem]) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(Problem(f"{here}.graduated_on", "the date the degree was awarded is missing"))
        return None
    awarded = award_date(value)
    if awarded is None:
        problems.append(Problem(f"{here}.graduated_on",
                                f'not a date: "{value}" (write 2029-06-30 or 30.06.2029)'))
        return None
    if awarded > today:
        problems.append(Problem(f"{here}.graduated_on", f"{awarded:%d.%m.%Y} is still to come"))
        return None
    return awarded
