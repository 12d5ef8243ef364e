"""Who may register whom and who takes which step of a study plan — the one place pages, the API
and services ask (contract §3, RG-1, RG-6)."""

from __future__ import annotations

from typing import Any

from ektu_portal.academics.models import Enrollment, Role, Student
from ektu_portal.academics.permissions import (
    access_student,
    can_view_student,
    dean_school_ids,
    has_role,
    is_adviser_of,
    is_dean_of_student,
    is_own_student_record,
    is_registrar,
)


def can_register_for(user: Any, student: Student) -> bool:
    """Contract §3, RG-6: the student registers and submits their plan; the registrar's office may do
    it for them."""
    return is_own_student_record(user, student) or is_registrar(user)


def can_view_plan(user: Any, student: Student) -> bool:
    """The student, their adviser, their dean's office, the registrar (who files it, RG-6)."""
    return can_view_student(user, student)


def can_decide_as_adviser(user: Any, student: Student) -> bool:
    """RG-1/RG-6: the student's own adviser signs the plan."""
    return is_adviser_of(user, student)


def can_decide_as_dean(user: Any, student: Student) -> bool:
    """RG-6: the dean (or deputy dean) of the student's school approves the plan."""
    return is_dean_of_student(user, student)


def can_decide_on_plan(user: Any, plan: Any) -> bool:
    """RG-6: the person whose step the plan waits for — the adviser of a submitted plan, the dean of an
    adviser-approved one."""
    from registration.policy import study_plan

    return ((plan.status == study_plan.SUBMITTED and can_decide_as_adviser(user, plan.student))
            or (plan.status == study_plan.ADVISER_APPROVED and can_decide_as_dean(user, plan.student)))


def reviews_plans(user: Any) -> bool:
    """Who has a queue of plans: advisers and deans (deputy deans) (RG-6)."""
    return has_role(user, Role.ADVISER) or bool(dean_school_ids(user))


def can_manage_registration(user: Any) -> bool:
    """RG-1: the registrar's office organizes registration (sections under minimum, personal windows)."""
    return is_registrar(user)


# --- look up and check in one call ------------------------------------------------------------------


def access_registrant(actor: Any, username: str | None, *, for_update: bool = False) -> Student:
    """The student a registration request is about: the actor (no name), or the one named — whom
    only the registrar's office registers on their behalf (contract §3). An unknown student is not
    found; a known one the actor may not register for is refused (403), as the contract's matrix says."""
    from ektu_portal.core.errors import PermissionDenied

    student = access_student(actor, username, can=lambda _actor, _student: True, for_update=for_update)
    if not can_register_for(actor, student):
        raise PermissionDenied("You may register only yourself.")  # even one they cannot see: contract §3
    return student


def access_enrollment(actor: Any, enrollment_id: int, *, for_update: bool = False) -> Enrollment:
    """An enrolment of a student the actor may register for (the student, the registrar)."""
    from ektu_portal.core.errors import NotFound

    enrollments = Enrollment.objects.select_related("section__period", "section__discipline", "student__user",
                                                    "student__program")
    if for_update:
        enrollments = enrollments.select_for_update(of=("self",))
    enrollment = enrollments.filter(pk=enrollment_id).first()
    if enrollment is None or not can_register_for(actor, enrollment.student):
        raise NotFound(f"There is no enrolment {enrollment_id}.", code="enrollment_not_found")
    return enrollment


def access_plan(actor: Any, plan_id: int, *, for_update: bool = False) -> Any:
    """A study plan the actor may see (RG-6: the student, their adviser and dean, the registrar)."""
    from ektu_portal.core.errors import NotFound
    from registration.models import StudyPlan

    plans = StudyPlan.objects.select_related("student__user", "student__program__school", "student__adviser",
                                             "period", "adviser_decided_by", "dean_decided_by")
    if for_update:
        plans = plans.select_for_update(of=("self",))
    plan = plans.filter(pk=plan_id).first()
    if plan is None or not can_view_plan(actor, plan.student):
        raise NotFound(f"There is no study plan {plan_id}.", code="plan_not_found")
    return plan


def access_small_section(actor: Any, small_section_id: int, *, for_update: bool = False) -> Any:
    """RG-5: a section found under its minimum size, for the registrar's office to decide on. Anybody
    else is refused (403) — the office's list is not theirs to ask about; an unknown one is not found."""
    from ektu_portal.core.errors import NotFound, PermissionDenied
    from registration.models import SmallSection

    if not can_manage_registration(actor):
        raise PermissionDenied("Only the registrar's office decides on sections.")
    smalls = SmallSection.objects.select_related("section__period", "section__discipline", "decided_by")
    if for_update:
        smalls = smalls.select_for_update(of=("self",))
    small = smalls.filter(pk=small_section_id).first()
    if small is None:
        raise NotFound(f"There is no section under review {small_section_id}.",
                       code="small_section_not_found")
    return small
