"""Who may see and do what in academic mobility — the one place pages, the API and services ask.

Built from the core vocabulary (``academics.permissions``); contract §8 names the actors.
"""

from __future__ import annotations

from typing import Any

from ektu_portal.academics.models import Role, Student
from ektu_portal.academics.permissions import (
    access_student,
    dean_school_ids,
    has_role,
    is_own_student_record,
    is_registrar,
)
from ektu_portal.core.errors import NotFound
from mobility.models import Application, Call, NonFormalApplication, TransferCase


def is_mobility_coordinator(user: Any) -> bool:
    """MO-7: the ECTS coordinators (registrar's office head, international cooperation head)."""
    return has_role(user, Role.MOBILITY_COORDINATOR)


def can_check_eligibility(user: Any, student: Student) -> bool:
    """Contract §8: the student (own), the mobility coordinators and the registrar's office."""
    return is_own_student_record(user, student) or is_mobility_coordinator(user) or is_registrar(user)


def access_eligibility(actor: Any, username: str | None) -> Student:
    """The student whose mobility eligibility the actor asks (None: the actor's own record).

    Not found when there is no such student or the actor may not see them; refused (403) for
    those who see the student but are not named by §8 (their adviser, their dean)."""
    return access_student(actor, username, can=can_check_eligibility)


def can_manage_partners(user: Any) -> bool:
    """MO-6, MO-7: the ECTS coordinators keep the partners' scales and conversion rules."""
    return is_mobility_coordinator(user)


def can_apply(user: Any, student: Student) -> bool:
    """MO-3: the student applies for their own mobility."""
    return is_own_student_record(user, student)


def can_decide_application(user: Any) -> bool:
    """MO-2: the selection commission decides; the coordinators and the vice-rector record it."""
    return is_mobility_coordinator(user) or has_role(user, Role.VICE_RECTOR)


def access_application(actor: Any, application_id: int, *, for_update: bool = False) -> Application:
    """An application the actor may see: the applicant, the coordinators, the commission, the registrar."""
    applications = Application.objects.select_related("call__partner", "call__period", "student__user",
                                                      "student__program")
    if for_update:
        applications = applications.select_for_update(of=("self",))
    application = applications.filter(pk=application_id).first()
    if application is None or not (is_own_student_record(actor, application.student)
                                   or can_decide_application(actor) or is_registrar(actor)):
        raise NotFound(f"There is no mobility application {application_id}.", code="application_not_found")
    return application


# --- NF-1 … NF-4: non-formal learning -----------------------------------------------------------------

def can_file_non_formal(user: Any, student: Student) -> bool:
    """NF-4: the student files their own application."""
    return is_own_student_record(user, student)


def can_decide_non_formal(user: Any, student: Student) -> bool:
    """NF-4: the application goes to the school's QA commission, which recognizes (RC-1); the deputy
    dean of the student's school keeps the comparison sheet and may record the decision too."""
    return has_role(user, Role.QA_COMMISSION) or (
        has_role(user, Role.DEPUTY_DEAN) and student.program.school_id in dean_school_ids(user))


def can_see_non_formal(user: Any, student: Student) -> bool:
    return (is_own_student_record(user, student) or can_decide_non_formal(user, student)
            or is_registrar(user))


def sees_non_formal_queue(user: Any) -> bool:
    """Who has the list of everybody's applications: the QA commission, deputy deans, the registrar."""
    return has_role(user, Role.QA_COMMISSION, Role.DEPUTY_DEAN) or is_registrar(user)


def access_non_formal(actor: Any, application_id: int, *, for_update: bool = False) -> NonFormalApplication:
    """An application the actor may see (else not found); refused (403) where they see but may not decide
    is the caller's check with :func:`can_decide_non_formal`."""
    applications = NonFormalApplication.objects.select_related(
        "student__user", "student__program", "period", "discipline", "decided_by")
    if for_update:
        applications = applications.select_for_update(of=("self",))
    application = applications.filter(pk=application_id).first()
    if application is None or not can_see_non_formal(actor, application.student):
        raise NotFound(f"There is no non-formal learning application {application_id}.",
                       code="non_formal_not_found")
    return application


# --- MO-2, MO-3: the documents ------------------------------------------------------------------------

def can_print_protocol(user: Any) -> bool:
    """MO-2: the selection commission's protocol — the commission, the coordinators, the registrar."""
    return can_decide_application(user) or is_registrar(user)


def access_call(actor: Any, call_id: int) -> Call:
    call = Call.objects.select_related("partner", "period").filter(pk=call_id).first()
    if call is None or not can_print_protocol(actor):
        raise NotFound(f"There is no mobility call {call_id}.", code="call_not_found")
    return call


def can_issue_order(user: Any) -> bool:
    """MO-3: the registrar's office issues the order sending the student; the coordinators prepare it."""
    return is_registrar(user) or is_mobility_coordinator(user)


# --- §12: transfers and readmission (TR-1 … TR-8) -------------------------------------------------------
# The rector's office is the vice-rector's role: it decides in the rector's name and the rector signs.

def is_rector_office(user: Any) -> bool:
    return has_role(user, Role.VICE_RECTOR)


def sees_every_case(user: Any) -> bool:
    """The registrar's office keeps every case; the rector's office decides them."""
    return is_registrar(user) or is_rector_office(user)


def case_schools_of(user: Any) -> set[int]:
    """The schools whose cases a dean sees and decides (TR-6: the dean of a student leaving)."""
    return dean_school_ids(user) if has_role(user, Role.DEAN) else set()


def _case_schools(case: TransferCase) -> set[int]:
    """A case belongs to the school of the programme moved to and of the programme the student is in."""
    schools = {case.program.school_id} if case.program_id else set()
    if case.student_id:
        schools.add(case.student.program.school_id)
    return schools


def can_see_case(user: Any, case: TransferCase) -> bool:
    return ((case.student_id is not None and is_own_student_record(user, case.student))
            or sees_every_case(user) or bool(case_schools_of(user) & _case_schools(case)))


def can_file_case(user: Any, kind: str) -> bool:
    """A student files their own transfer, transfer out or readmission; the registrar's office files any
    case for the person who brings the paper application (an incoming student has no account yet)."""
    return is_registrar(user) or (kind != TransferCase.Kind.INCOMING and has_role(user, Role.STUDENT))


def can_decide_case(user: Any, case: TransferCase) -> bool:
    """TR-4: the rector decides (the rector's office records it); TR-6: a transfer out is decided within
    three working days, by the rector's office or the dean of the student's school."""
    return is_rector_office(user) or (case.kind == TransferCase.Kind.OUTGOING
                                      and bool(case_schools_of(user) & _case_schools(case)))


def can_issue_transfer_order(user: Any) -> bool:
    """TR-6, TR-7, TR-8: the registrar's office draws up and records the orders the rector signs."""
    return is_registrar(user)


def can_add_document(user: Any, case: TransferCase) -> bool:
    """The student adds to their own case while it is open; the registrar's office and the deans of its
    schools at any time."""
    own = case.student_id is not None and is_own_student_record(user, case.student)
    open_case = case.status in (TransferCase.Status.SUBMITTED, TransferCase.Status.APPROVED)
    return (own and open_case) or is_registrar(user) or bool(case_schools_of(user) & _case_schools(case))


def access_case(actor: Any, case_id: int, *, for_update: bool = False) -> TransferCase:
    """A case the actor may see (else not found); whether they may act is the caller's ``can_*``."""
    cases = TransferCase.objects.select_related("student__user", "student__program", "program", "decided_by")
    if for_update:
        cases = cases.select_for_update(of=("self",))
    case = cases.filter(pk=case_id).first()
    if case is None or not can_see_case(actor, case):
        raise NotFound(f"There is no transfer case {case_id}.", code="case_not_found")
    return case


# --- TR-9: vacant grants ------------------------------------------------------------------------------------
# The lists carry other students' GPA: the registrar's office keeps them, the deans (for the groups of
# programmes their school teaches) and the rector's office (the vice-rector) read them; students do not.
from ektu_portal.academics.models import Program  # noqa: E402
from mobility.models import VacantGrant  # noqa: E402


def can_manage_vacant_grants(user: Any) -> bool:
    """TR-9: the registrar's office records vacant places, makes the list, records the ministry's awards."""
    return is_registrar(user)


def _dean_schools(user: Any) -> set[int]:
    return dean_school_ids(user) if has_role(user, Role.DEAN) else set()


def can_see_vacant_grants(user: Any) -> bool:
    """TR-9: who has the vacant-grants page — the registrar's office, the deans, the rector's office."""
    return is_registrar(user) or has_role(user, Role.VICE_RECTOR) or bool(_dean_schools(user))


def vacant_grant_groups_seen(user: Any) -> set[str] | None:
    """The groups of programmes whose vacant grants the actor sees: None for all (the registrar's office,
    the rector's office), a dean's those of their school's programmes, nobody else's any."""
    if is_registrar(user) or has_role(user, Role.VICE_RECTOR):
        return None
    schools = _dean_schools(user)
    if not schools:
        return set()
    return set(Program.objects.filter(school_id__in=schools).exclude(group_code="")
               .values_list("group_code", flat=True))


def can_see_vacant_grant(user: Any, vacant_grant: VacantGrant) -> bool:
    groups = vacant_grant_groups_seen(user)
    return groups is None or vacant_grant.group_code in groups


def access_vacant_grant(actor: Any, vacant_grant_id: int, *, for_update: bool = False) -> VacantGrant:
    """A vacant grant the actor may see (else not found); whether they may act is ``can_manage_vacant_grants``
    (403 for a dean or the rector's office, who see it)."""
    grants = VacantGrant.objects.all()
    if for_update:
        grants = grants.select_for_update()
    grant = grants.filter(pk=vacant_grant_id).first()
    if grant is None or not can_see_vacant_grant(actor, grant):
        raise NotFound(f"There is no vacant grant {vacant_grant_id}.", code="vacant_grant_not_found")
    return grant
