"""Issuing, revoking and batch-printing Diploma Supplements (DS-1 … DS-5); the accreditations they
state; graduates' diploma numbers. Every write is audited; a supplement with missing data is never
issued (DS-1), and nothing is issued but by an explicit act of the dean's office: a download of a
supplement not yet issued is a watermarked preview with no number."""

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

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from diploma_supplement import permissions, selectors
from diploma_supplement.labels import gap_labels
from diploma_supplement.models import Accreditation, Batch, IssuedSupplement
from diploma_supplement.policy import content
from diploma_supplement.policy.facts import SupplementFacts
from diploma_supplement.printing import holder_latin_name, supplement_pdf
from ektu_portal.academics.models import Program, Student
from ektu_portal.audit.services import audit_record
from ektu_portal.core.errors import Conflict, PermissionDenied, Problem, ValidationFailed


class SupplementIncomplete(Conflict):
    code = "supplement_incomplete"
    title = gettext_lazy("The records lack data the supplement needs (DS-1)")


class SupplementAlreadyIssued(Conflict):
    code = "already_issued"
    title = gettext_lazy("A valid supplement is already issued; "
                         "the registrar's office revokes it before another is issued")


class BatchSelectionRejected(ValidationFailed):
    code = "invalid_selection"
    title = gettext_lazy("Some selected graduates cannot be issued a supplement; nothing was started")


class AccreditationRejected(ValidationFailed):
    code = "invalid_accreditation"
    title = gettext_lazy("The accreditation has problems; nothing was recorded")


def _require_complete(facts: SupplementFacts) -> None:
    """DS-1: never a silently incomplete supplement, issued or previewed."""
    gaps = content.missing(facts)
    if gaps:
        words = gap_labels(gaps)
        raise SupplementIncomplete("; ".join(words), missing=words)


@dataclass(frozen=True)
class SupplementDocument:
    """What a download gives: the issued PDF, or (``number`` None) a watermarked preview."""

    pdf: bytes
    number: str | None

    @property
    def preview(self) -> bool:
        return self.number is None


def supplement_for_download(*, actor: Any, username: str, now: datetime) -> SupplementDocument:
    """Contract §3: the holder's supplement as issued, else a preview. A download never issues: the
    preview carries no number, is watermarked "PREVIEW — not an official document" and is not kept."""
    student = permissions.access_holder(actor, username)
    current = selectors.current_supplement(student)
    if current is not None:
        return SupplementDocument(bytes(current.pdf), current.number)
    today = timezone.localdate(now)
    facts = selectors.facts_for(student, today=today)
    _require_complete(facts)
    return SupplementDocument(supplement_pdf(facts, None, today, None), None)


def issue(*, actor: Any, student: Student, now: datetime) -> IssuedSupplement:
    """Render and keep one supplement: a unique, unguessable number, the hash of the PDF as issued.

    The rendering step only: callers have checked who issues (``supplement_issue``, the dean's batch)."""
    today = timezone.localdate(now)
    facts = selectors.facts_for(student, today=today)
    _require_complete(facts)
    number = f"DS{timezone.localtime(now):%y}-{secrets.token_hex(5).upper()}"
    pdf = supplement_pdf(facts, number, today, selectors.verification_url(number))
    with transaction.atomic():
        supplement = IssuedSupplement.objects.create(
            number=number, student=student, issued_at=now,
            issued_by=actor if getattr(actor, "pk", None) else None,
            holder_name=student.user.full_name, holder_name_latin=holder_latin_name(facts),
            qualification=student.program.qualification_en,
            sha256=hashlib.sha256(pdf).hexdigest(), pdf=pdf)
        audit_record(actor=actor, action="supplement.issue", obj=supplement, before=None,
                     after={"number": number, "sha256": supplement.sha256, "student": student.user.username},
                     reason="Diploma Supplement issued")
    return supplement


@transaction.atomic
def supplement_issue(*, actor: Any, username: str, now: datetime) -> IssuedSupplement:
    """The dean's office issues one graduate's official, numbered supplement (audited). Refused while a
    valid one exists: the registrar's office revokes it first, so no holder has two at once."""
    student = permissions.access_holder(actor, username, can=permissions.can_issue, for_update=True)
    current = selectors.current_supplement(student)
    if current is not None:
        raise SupplementAlreadyIssued(f"Supplement {current.number} is already issued to \"{username}\".",
                                      number=current.number)
    return issue(actor=actor, student=student, now=now)


def current_or_issue(*, actor: Any, student: Student, now: datetime) -> IssuedSupplement:
    """The student's valid supplement, or a new one (a batch the dean started). The student's row is
    locked first, so a batch task delivered twice, or racing a single issue, never issues two."""
    with transaction.atomic():
        Student.objects.select_for_update().filter(pk=student.pk).values_list("pk", flat=True).first()
        return selectors.current_supplement(student) or issue(actor=actor, student=student, now=now)


@transaction.atomic
def supplement_revoke(*, actor: Any, number: str, reason: str, now: datetime) -> IssuedSupplement:
    """The registrar's office revokes an issued supplement, saying why (audited); the verification
    page says so from then on."""
    supplement = permissions.access_supplement(actor, number, for_update=True)
    if supplement.revoked_at:
        raise Conflict("Already revoked.", code="already_revoked",
                       title=gettext_lazy("The supplement is already revoked"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([Problem("reason", gettext("say why the supplement is revoked"))],
                               code="reason_required")
    supplement.revoked_at, supplement.revoked_reason = now, reason
    supplement.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(actor=actor, action="supplement.revoke", obj=supplement, before={"revoked": False},
                 after={"revoked": True}, reason=reason)
    return supplement


@transaction.atomic
def batch_start(*, actor: Any, program_code: str, year: int, now: datetime,
                students: Sequence[str] = ()) -> Batch:
    """A dean issues and prints the supplements of a program's graduates of a year: the ones selected,
    or (none selected) every ready one. A selected graduate who is not of the cohort or not ready is
    refused by name, and nothing starts. Audited; the rendering is a Celery job."""
    program = permissions.access_program(actor, program_code)
    rows = selectors.readiness(program, year, today=timezone.localdate(now))
    cohort = {row.student.user.username: row for row in rows}
    problems = []
    for i, username in enumerate(students):
        row = cohort.get(username)
        if row is None:
            problems.append(Problem(f"students[{i}]", gettext(
                '"%(student)s" is not a graduate of %(program)s of %(year)s') % {
                "student": username, "program": program.code, "year": year}))
        elif not row.ready:
            problems.append(Problem(f"students[{i}]", gettext('"%(student)s" is not ready: %(missing)s') % {
                "student": username, "missing": "; ".join(gap_labels(row.missing))}))
    if problems:
        raise BatchSelectionRejected(problems)
    chosen = [cohort[username].student for username in dict.fromkeys(students)] if students else [
        row.student for row in rows if row.ready]
    if not chosen:
        raise Conflict("Nobody of this program and year is ready to print.", code="nobody_ready",
                       title=gettext_lazy("Nobody of this program and year is ready to print"))
    batch = Batch.objects.create(program=program, graduation_year=year, requested_by=actor, requested_at=now,
                                 total=len(chosen))
    if students:
        batch.selected.set(chosen)
    audit_record(actor=actor, action="supplement.batch", obj=batch, before=None,
                 after={"program": program.code, "year": year, "total": len(chosen),
                        "selected": [s.user.username for s in chosen] if students else "every ready"},
                 reason="Diploma Supplements issued and printed")
    from diploma_supplement.tasks import render_batch

    transaction.on_commit(partial(render_batch.delay, batch.pk))
    return batch


def batch_run(batch_id: int, *, now: datetime) -> Batch:
    """The Celery job: issue each chosen graduate's supplement (reusing a valid one), count progress,
    then pack a ZIP and one merged PDF. Run twice, it renders nothing twice."""
    from pypdf import PdfWriter

    batch = Batch.objects.select_related("program", "requested_by").get(pk=batch_id)
    if batch.status == Batch.Status.DONE:
        return batch
    Batch.objects.filter(pk=batch.pk).update(status=Batch.Status.RUNNING)
    done_ids = set(batch.supplements.values_list("student_id", flat=True))
    selected = set(batch.selected.values_list("pk", flat=True))
    try:
        for row in selectors.readiness(batch.program, batch.graduation_year, today=timezone.localdate(now)):
            student = row.student
            if row.missing or student.pk in done_ids or (selected and student.pk not in selected):
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
        Batch.objects.filter(pk=batch.pk).update(
            status=Batch.Status.DONE, done=len(supplements), zip_file=archive.getvalue(),
            merged_pdf=merged_bytes.getvalue())
    except Exception as error:  # the page must say the batch failed, not spin forever
        Batch.objects.filter(pk=batch.pk).update(status=Batch.Status.FAILED, error=str(error)[:2000])
        raise
    batch.refresh_from_db()
    return batch


# --- accreditation (DS-3 (2) institutional, (6) specialised) -------------------------------------


def _accreditation_state(row: Accreditation) -> dict[str, Any]:
    return {"program": row.program.code if row.program else None, "accreditor": row.accreditor,
            "eqar_registered": row.eqar_registered, "enqa_member": row.enqa_member,
            "certificate": row.certificate,
            "valid_from": row.valid_from.isoformat(), "valid_until": row.valid_until.isoformat()}


@transaction.atomic
def accreditation_record(*, actor: Any, accreditation_id: int | None = None, program: str | None,
                         accreditor: str, eqar_registered: bool, enqa_member: bool, certificate: str,
                         valid_from: date, valid_until: date, reason: str) -> Accreditation:
    """The registrar's office records an accreditation — the university's (no program) or a program's
    — or corrects one (``accreditation_id``). Every problem is named before anything is written; two
    accreditations of the same program (or of the university) never overlap in time, so the supplement
    states exactly one. Audited."""
    if accreditation_id is not None:
        row = permissions.access_accreditation(actor, accreditation_id, for_update=True)
        before: dict[str, Any] | None = _accreditation_state(row)
    elif not permissions.can_record_accreditation(actor):
        raise PermissionDenied("Only the registrar's office records accreditations.")
    else:
        row, before = Accreditation(), None
    problems: list[Problem] = []
    accreditor, certificate = (accreditor or "").strip(), (certificate or "").strip()
    reason = (reason or "").strip()
    if not accreditor:
        problems.append(Problem("accreditor", gettext("name the accreditation agency")))
    subject = None
    if program:
        subject = Program.objects.filter(code=program).first()
        if subject is None:
            problems.append(Problem("program", gettext('unknown program "%(code)s"') % {"code": program}))
    if valid_until < valid_from:
        problems.append(Problem("valid_until", gettext("the term ends before it begins")))
    elif not (program and subject is None):
        overlapping = (Accreditation.objects.filter(program=subject, valid_from__lte=valid_until,
                                                    valid_until__gte=valid_from)
                       .exclude(pk=row.pk).order_by("valid_from").first())
        if overlapping is not None:
            problems.append(Problem("valid_from", gettext(
                "the term overlaps the accreditation by %(accreditor)s, %(start)s–%(end)s") % {
                "accreditor": overlapping.accreditor, "start": f"{overlapping.valid_from:%d.%m.%Y}",
                "end": f"{overlapping.valid_until:%d.%m.%Y}"}))
    if not reason:
        problems.append(Problem("reason", gettext("say why (kept in the audit log)")))
    if problems:
        raise AccreditationRejected(problems)
    row.program, row.accreditor, row.certificate = subject, accreditor, certificate
    row.eqar_registered, row.enqa_member = eqar_registered, enqa_member
    row.valid_from, row.valid_until = valid_from, valid_until
    row.save()
    audit_record(actor=actor, action="accreditation.record", obj=row, before=before,
                 after=_accreditation_state(row), reason=reason)
    return row


@transaction.atomic
def accreditation_remove(*, actor: Any, accreditation_id: int, reason: str) -> None:
    """The registrar's office removes an accreditation recorded in error (audited, with why)."""
    row = permissions.access_accreditation(actor, accreditation_id, for_update=True)
    reason = (reason or "").strip()
    if not reason:
        raise AccreditationRejected([Problem("reason", gettext("say why (kept in the audit log)"))])
    audit_record(actor=actor, action="accreditation.remove", obj=row, before=_accreditation_state(row),
                 after=None, reason=reason)
    row.delete()


# --- diploma numbers (contract §1: student.diploma_number, student.graduated_on) -----------------

DIPLOMA_NUMBER_FIELDS = ("student", "diploma_number", "graduated_on")
DIPLOMA_NUMBER_MAX_LENGTH = 64


class DiplomaNumbersRejected(ValidationFailed):
    code = "invalid_diploma_numbers"
    title = gettext_lazy("The diploma numbers have problems; nothing was recorded")


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
                           today: date) -> DiplomaNumbersRecorded:
    """The registrar records graduates' diploma numbers and award dates (contract §1), entered one by
    one or imported from a file: every problem of every row is found first and then nothing is
    written; otherwise every row is written, each change audited (who, when, before, after, why).

    A row names its graduate by ``student`` (IIN or username) and carries ``diploma_number`` and
    ``graduated_on``. A number is one graduate's: one held by another student is refused, unless that
    student is given another number in the same rows.
    """
    if not permissions.can_record_diploma_numbers(actor):
        raise PermissionDenied("Only the registrar's office records diploma numbers.")
    problems: list[Problem] = []
    reason = (reason or "").strip()
    if not reason:
        problems.append(Problem("reason", gettext("say why the numbers are recorded")))
    if not isinstance(rows, Sequence) or isinstance(rows, str | bytes) or not rows:
        raise DiplomaNumbersRejected([*problems,
                                      Problem("rows", gettext("no rows: give at least one graduate"))])
    keys = {str(row.get("student") or "").strip() for row in rows if isinstance(row, Mapping)}
    by_iin, by_username = _graduates_named(keys - {""})
    wanted: dict[int, tuple[Student, str, date]] = {}  # row index → (graduate, number, date)
    student_row: dict[int, int] = {}  # graduate → the first row naming them
    number_row: dict[str, int] = {}
    for i, row in enumerate(rows):
        here = f"rows[{i}]"
        if not isinstance(row, Mapping):
            problems.append(Problem(here, gettext("each row is an object")))
            continue
        unknown = set(row) - set(DIPLOMA_NUMBER_FIELDS)
        if unknown:
            problems.append(Problem(here, gettext("unknown fields: %(fields)s") % {
                "fields": ", ".join(sorted(map(str, unknown)))}))
        student = _row_graduate(here, str(row.get("student") or "").strip(), by_iin, by_username, problems)
        if student is not None:
            if student.pk in student_row:
                problems.append(Problem(f"{here}.student", gettext(
                    '"%(student)s" is also in rows[%(row)s]') % {"student": student.user.username,
                                                                  "row": student_row[student.pk]}))
            student_row.setdefault(student.pk, i)
        number = _number_text(row.get("diploma_number"))
        if not number:
            problems.append(Problem(f"{here}.diploma_number", gettext("the diploma number is missing")))
        elif len(number) > DIPLOMA_NUMBER_MAX_LENGTH:
            problems.append(Problem(f"{here}.diploma_number",
                                    gettext("a diploma number has at most %(n)s characters") % {
                                        "n": DIPLOMA_NUMBER_MAX_LENGTH}))
        elif number in number_row:
            problems.append(Problem(f"{here}.diploma_number",
                                    gettext('diploma number "%(number)s" is also in rows[%(row)s]') % {
                                        "number": number, "row": number_row[number]}))
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
                                    gettext('diploma number "%(number)s" is already student '
                                            '"%(student)s"\'s') % {"number": number, "student": username}))
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
        problems.append(Problem(f"{here}.student", gettext("say whose diploma it is: IIN or username")))
        return None
    by_this_iin = by_iin.get(key, [])
    if len(by_this_iin) > 1:
        problems.append(Problem(f"{here}.student", gettext(
            "IIN %(iin)s is recorded for %(n)s students; name the graduate by username") % {
            "iin": key, "n": len(by_this_iin)}))
        return None
    student = by_this_iin[0] if by_this_iin else by_username.get(key)
    if student is None:
        problems.append(Problem(f"{here}.student",
                                gettext('unknown student "%(student)s"') % {"student": key}))
        return None
    if student.status != Student.Status.GRADUATED:
        problems.append(Problem(f"{here}.student",
                                gettext('"%(student)s" has not graduated (status: %(status)s)') % {
                                    "student": student.user.username,
                                    "status": student.get_status_display()}))
        return None
    return student


def _row_award_date(here: str, value: object, today: date, problems: list[Problem]) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(Problem(f"{here}.graduated_on",
                                gettext("the date the degree was awarded is missing")))
        return None
    awarded = award_date(value)
    if awarded is None:
        problems.append(Problem(f"{here}.graduated_on",
                                gettext('not a date: "%(value)s" (write 2029-06-30 or 30.06.2029)') % {
                                    "value": value}))
        return None
    if awarded > today:
        problems.append(Problem(f"{here}.graduated_on", gettext("%(day)s is still to come") % {
            "day": f"{awarded:%d.%m.%Y}"}))
        return None
    return awarded
