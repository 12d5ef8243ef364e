"""Who may see and do what with Diploma Supplements — the one place pages, the API and services ask.

``can_*`` answer yes or no (menus, buttons); ``access_*`` look the object up **and** check the actor in
one call (Zulip's ``access_stream_by_id``): what does not exist and what the actor may not reach are
alike not found; what the actor reaches but may not do this to is refused (403).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from diploma_supplement.models import Accreditation, Batch, IssuedSupplement
from ektu_portal.academics.models import Program, Student
from ektu_portal.academics.permissions import (
    dean_school_ids,
    is_dean_of_student,
    is_own_student_record,
    is_registrar,
)
from ektu_portal.core.errors import NotFound, PermissionDenied


def can_download(user: Any, student: Student) -> bool:
    """Contract §3: the student (own), the registrar, their dean — who reaches a holder's supplement."""
    return is_own_student_record(user, student) or is_registrar(user) or is_dean_of_student(user, student)


def can_issue(user: Any, student: Student) -> bool:
    """Issuing the official, numbered supplement is the dean's office's act, for its school's graduates."""
    return is_dean_of_student(user, student)


def can_print_batches(user: Any, program: Program | None = None) -> bool:
    """Deans (and deputy deans) issue and print for their school's programs."""
    schools = dean_school_ids(user)
    return bool(schools) and (program is None or program.school_id in schools)


def can_revoke(user: Any) -> bool:
    return is_registrar(user)


def can_record_diploma_numbers(user: Any) -> bool:
    """The registrar's office enters or imports graduates' diploma numbers (contract §1, DS-3 6.1)."""
    return is_registrar(user)


def can_record_accreditation(user: Any) -> bool:
    """The registrar's office keeps the accreditations the supplement states (DS-3 (2), (6))."""
    return is_registrar(user)


# --- look up and check in one call -------------------------------------------------------------------


def access_holder(actor: Any, username: str, *, can: Callable[[Any, Student], bool] = can_download,
                  for_update: bool = False) -> Student:
    """The graduate whose supplement the actor reaches (``can_download``: contract §3) if ``can``.

    An adviser or another school's dean does not reach a supplement: not found, as for nobody. The
    registrar reaches every one but issues none: refused (``can_issue``)."""
    students = Student.objects.select_related("user", "program__school")
    if for_update:
        students = students.select_for_update(of=("self",))
    student = students.filter(user__username=username).first()
    if student is None or not can_download(actor, student):
        raise NotFound(f'There is no student "{username}".', code="student_not_found")
    if not can(actor, student):
        raise PermissionDenied("Only the dean's office of the graduate's school issues the supplement.")
    return student


def access_program(actor: Any, code: str) -> Program:
    """A program the actor issues and prints for: their school's (deans)."""
    program = Program.objects.select_related("school").filter(code=code).first()
    if program is None or not can_print_batches(actor, program):
        raise NotFound(f'There is no program "{code}" in your school.', code="program_not_found")
    return program


def access_batch(actor: Any, batch_id: int) -> Batch:
    """A print batch of the actor's school."""
    batch = Batch.objects.select_related("program", "requested_by").filter(pk=batch_id).first()
    if batch is None or not can_print_batches(actor, batch.program):
        raise NotFound(f"There is no batch {batch_id}.", code="batch_not_found")
    return batch


def access_supplement(actor: Any, number: str, *, can: Callable[[Any], bool] = can_revoke,
                      for_update: bool = False) -> IssuedSupplement:
    """An issued supplement by its number. Anyone may verify one (the public page), so every actor
    reaches it; doing ``can`` (revoking) with it is the registrar's and refused to others."""
    supplements = IssuedSupplement.objects.defer("pdf")
    if for_update:
        supplements = supplements.select_for_update()
    supplement = supplements.filter(number=number).first()
    if supplement is None:
        raise NotFound(f"There is no supplement {number}.", code="supplement_not_found")
    if not can(actor):
        raise PermissionDenied("Only the registrar's office revokes supplements.")
    return supplement


def access_accreditation(actor: Any, accreditation_id: int, *, for_update: bool = False) -> Accreditation:
    """A recorded accreditation the actor may change (the registrar's office)."""
    if not can_record_accreditation(actor):
        raise PermissionDenied("Only the registrar's office records accreditations.")
    accreditations = Accreditation.objects.select_related("program")
    if for_update:
        accreditations = accreditations.select_for_update(of=("self",))
    accreditation = accreditations.filter(pk=accreditation_id).first()
    if accreditation is None:
        raise NotFound(f"There is no accreditation {accreditation_id}.", code="accreditation_not_found")
    return accreditation
