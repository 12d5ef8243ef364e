"""Who may see and do what in final attestation — the one place pages, the API and services ask.

Contract §9 names the actors: the attestation secretary, the dean (or deputy dean) of the
programme's school, the registrar's office, the student. A dean reaches only their school's
programmes and students (contract §2). An unknown object and a student the actor may not see
answer alike: not found; a programme or student the actor sees but may not act on: refused (403).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from attestation.models import Commission, Defence, Session, Thesis
from ektu_portal.academics.models import Program, Role, Student
from ektu_portal.academics.permissions import (
    access_student,
    dean_school_ids,
    has_role,
    is_dean_of_student,
    is_own_student_record,
    is_registrar,
)
from ektu_portal.core.errors import NotFound, PermissionDenied


def is_secretary(user: Any) -> bool:
    return has_role(user, Role.ATTESTATION_SECRETARY)


def is_dean_of_program(user: Any, program: Program) -> bool:
    return program.school_id in dean_school_ids(user)


def works_in_attestation(user: Any) -> bool:
    """Who has the attestation pages: secretaries, deans and deputy deans, the registrar's office."""
    return is_secretary(user) or bool(dean_school_ids(user)) or is_registrar(user)


# --- programmes and commissions (FA-1, FA-4) ----------------------------------------------------------

def can_compose_commission(user: Any, program: Program) -> bool:
    """Contract §9, FA-4: the attestation secretary, and the dean who proposes the candidates."""
    return is_secretary(user) or is_dean_of_program(user, program)


def can_view_programme_attestation(user: Any, program: Program) -> bool:
    """Commissions, sessions and the admission list of a programme: the secretary, the programme's
    dean, the registrar's office (contract §9)."""
    return is_secretary(user) or is_dean_of_program(user, program) or is_registrar(user)


def can_issue_admission_order(user: Any, program: Program) -> bool:
    """FA-1: the admission list is the dean's order."""
    return is_dean_of_program(user, program)


def can_run_session(user: Any, session: Session) -> bool:
    """FA-5: the commission's secretary fills the protocols — the account named on the commission,
    or, when none is named, any attestation secretary."""
    secretary = session.commission.secretary_user_id
    return is_secretary(user) and secretary in (None, getattr(user, "pk", None))


def can_manage_theses(user: Any, program: Program) -> bool:
    """FA-2, FA-3: the secretary receives the documents; the dean's office records topics and supervisors."""
    return is_secretary(user) or is_dean_of_program(user, program)


# --- students (FA-1, FA-9) -----------------------------------------------------------------------------

def can_record_publication(user: Any, student: Student) -> bool:
    """Contract §9: the attestation secretary and the registrar's office record a master's publication."""
    return is_secretary(user) or is_registrar(user)


def can_view_honours(user: Any, student: Student) -> bool:
    """Contract §9: the secretary, the student's dean, the registrar's office, the student."""
    return (is_secretary(user) or is_dean_of_student(user, student) or is_registrar(user)
            or is_own_student_record(user, student))


def can_view_attestation_of(user: Any, student: Student) -> bool:
    """A student's thesis and protocol: the student, the secretary, their dean, the registrar's office."""
    return can_view_honours(user, student)


# --- look up and check in one call --------------------------------------------------------------------

def access_program(actor: Any, code: str, *, can: Callable[[Any, Program], bool]) -> Program:
    """The programme with this code if ``can(actor, programme)``; programmes are public (403 otherwise)."""
    program = Program.objects.select_related("school").filter(code=code).first()
    if program is None:
        raise NotFound(f'There is no programme "{code}".', code="program_not_found")
    if not can(actor, program):
        raise PermissionDenied("You may not do this for this programme.")
    return program


def access_commission(actor: Any, code: str, *, can: Callable[[Any, Program],
                                                              bool] = can_view_programme_attestation,
                      for_update: bool = False) -> Commission:
    """A commission the actor may reach through its programme (not found for anyone who may not see it)."""
    commissions = Commission.objects.select_related("program__school", "secretary_user")
    if for_update:
        commissions = commissions.select_for_update(of=("self",))
    commission = commissions.filter(code=code).first()
    if commission is None or not can_view_programme_attestation(actor, commission.program):
        raise NotFound(f'There is no commission "{code}".', code="commission_not_found")
    if not can(actor, commission.program):
        raise PermissionDenied("You may not do this with this commission.")
    return commission


def access_session(actor: Any, session_id: int, *, can: Callable[[Any, Session], bool] | None = None,
                   for_update: bool = False) -> Session:
    """A defence session the actor may see; with ``can``, one they may also act on (403 otherwise)."""
    sessions = Session.objects.select_related("commission__program__school", "commission__secretary_user")
    if for_update:
        sessions = sessions.select_for_update(of=("self",))
    session = sessions.filter(pk=session_id).first()
    if session is None or not can_view_programme_attestation(actor, session.commission.program):
        raise NotFound(f"There is no defence session {session_id}.", code="session_not_found")
    if can is not None and not can(actor, session):
        raise PermissionDenied("Only the commission's secretary runs its sessions.")
    return session


def access_thesis(actor: Any, thesis_id: int, *, can: Callable[[Any, Program], bool] | None = None,
                  for_update: bool = False) -> Thesis:
    """A thesis the actor may see (the student, the secretary, their dean, the registrar's office)."""
    theses = Thesis.objects.select_related("student__user", "student__program__school", "discipline",
                                           "session__commission")
    if for_update:
        theses = theses.select_for_update(of=("self",))
    thesis = theses.filter(pk=thesis_id).first()
    if thesis is None or not can_view_attestation_of(actor, thesis.student):
        raise NotFound(f"There is no thesis {thesis_id}.", code="thesis_not_found")
    if can is not None and not can(actor, thesis.student.program):
        raise PermissionDenied("You may not change this thesis.")
    return thesis


def access_defence(actor: Any, defence_id: int, *, can: Callable[[Any, Session], bool] | None = None,
                   for_update: bool = False) -> Defence:
    """A protocol the actor may see; with ``can`` (e.g. ``can_run_session``) one they may fill."""
    defences = Defence.objects.select_related("thesis__student__user", "thesis__student__program__school",
                                              "thesis__discipline", "session__commission__program",
                                              "session__commission__secretary_user", "result")
    if for_update:
        defences = defences.select_for_update(of=("self",))
    defence = defences.filter(pk=defence_id).first()
    if defence is None or not can_view_attestation_of(actor, defence.thesis.student):
        raise NotFound(f"There is no protocol {defence_id}.", code="protocol_not_found")
    if can is not None and not can(actor, defence.session):
        raise PermissionDenied("Only the commission's secretary fills its protocols.")
    return defence


def access_attestation_student(actor: Any, username: str | None, *,
                               can: Callable[[Any, Student], bool] = can_view_attestation_of) -> Student:
    """The student named (or the actor's own record) for an attestation request (core's access_student)."""
    return access_student(actor, username, can=can)
