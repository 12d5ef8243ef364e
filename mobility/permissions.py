"""Who may see and do what in academic mobility — the one place pages, the API and services ask.

Built from the core vocabulary (``academics.permissions``); contract §8 names the actors.
"""

from __future__ import annotations

from typing import Any

from ektu_portal.academics.models import Role, Student
from ektu_portal.academics.permissions import access_student, has_role, is_own_student_record, is_registrar
from ektu_portal.core.errors import NotFound
from mobility.models import Application


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
