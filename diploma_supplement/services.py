"""Issuing, revoking and batch-printing Diploma Supplements (DS-1 … DS-5). Every issue and
revocation is audited; a supplement with missing data is never issued (DS-1)."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from diploma_supplement import permissions, selectors
from diploma_supplement.models import Batch, IssuedSupplement
from diploma_supplement.policy import content
from diploma_supplement.printing import holder_latin_name, supplement_pdf
from ektu_portal.academics.models import Program, Student
from ektu_portal.audit.services import audit_record
from ektu_portal.core.errors import Conflict, NotFound, PermissionDenied


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
    facts = selectors.facts_for(student)
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
    ready = [row for row in selectors.readiness(program, year) if not row["missing"]]
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
        for row in selectors.readiness(batch.program, batch.graduation_year):
            student = row["student"]
            if row["missing"] or student.pk in done_ids:
                continue
            supplement = current_or_issue(actor=batch.requested_by, student=student, now=timezone.now())
            batch.supplements.add(supplement)
            Batch.objects.filter(pk=batch.pk).update(done=batch.supplements.count())
        supplements = list(batch.supplements.select_related("student__user").order_by("student__user__full_name"))
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
