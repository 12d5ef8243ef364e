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
from mobility.models import Application, Call, NonFormalApplication


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
