"""Who may register whom and who takes which step of a study plan — the one place pages, the API
and services ask (contract §3, RG-1, RG-6)."""

from __future__ import annotations

from typing import Any

from ektu_portal.academics.models import Role, Student
from ektu_portal.academics.permissions import (
    can_view_student,
    dean_school_ids,
    has_role,
    is_adviser_of,
    is_dean_of_student,
    is_own_student_record,
    is_registrar,
)


def can_register_for(user: Any, student: Student) -> bool:
    return is_own_student_record(user, student) or is_registrar(user)


def can_view_offer(user: Any, student: Student) -> bool:
    return can_register_for(user, student)


def can_view_plan(user: Any, student: Student) -> bool:
    """The student, their adviser, their dean's office, the registrar (who files it, RG-6)."""
    return can_view_student(user, student)


def can_submit_plan(user: Any, student: Student) -> bool:
    """RG-6: the student submits their own plan (the registrar's office may, on their behalf)."""
    return can_register_for(user, student)


def can_decide_as_adviser(user: Any, student: Student) -> bool:
    """RG-1/RG-6: the student's own adviser signs the plan."""
    return is_adviser_of(user, student)


def can_decide_as_dean(user: Any, student: Student) -> bool:
    """RG-6: the dean (or deputy dean) of the student's school approves the plan."""
    return is_dean_of_student(user, student)


def reviews_plans(user: Any) -> bool:
    """Who has a queue of plans: advisers and deans (deputy deans) (RG-6)."""
    return has_role(user, Role.ADVISER) or bool(dean_school_ids(user))


def can_manage_registration(user: Any) -> bool:
    """RG-1: the registrar's office organizes registration (sections under minimum, personal windows)."""
    return is_registrar(user)
