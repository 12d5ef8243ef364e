"""The one permission vocabulary of the academic core (ARCHITECTURE.md).

Every page, endpoint and service asks these functions; none checks roles by itself. The
policy apps add their own ``permissions.py`` built from these predicates. Scope rules
(contract §2): a student reaches only their own records, an adviser only their advisees,
a dean (or deputy dean) only their school; the registrar's office the whole university.
"""

from __future__ import annotations

from typing import Any

from ektu_portal.academics.models import Role, Section, Student
from ektu_portal.academics.selectors import roles_of


def has_role(user: Any, *roles: str) -> bool:
    held = roles_of(user)
    return any(role in held for role in roles)


def is_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ADMIN)


def is_registrar(user: Any) -> bool:
    return has_role(user, Role.REGISTRAR)


def dean_school_ids(user: Any) -> set[int]:
    """Schools a dean or deputy dean acts for."""
    held = roles_of(user)
    return {school for role, school in held.items() if role in (Role.DEAN, Role.DEPUTY_DEAN) and school}


def is_own_student_record(user: Any, student: Student) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and student.user_id == user.pk


def is_adviser_of(user: Any, student: Student) -> bool:
    return has_role(user, Role.ADVISER) and student.adviser_id == user.pk


def is_dean_of_student(user: Any, student: Student) -> bool:
    schools = dean_school_ids(user)
    return bool(schools) and student.program.school_id in schools


def can_view_student(user: Any, student: Student) -> bool:
    """The student, their adviser, their dean's office, the registrar (contract §3)."""
    return (
        is_own_student_record(user, student)
        or is_adviser_of(user, student)
        or is_dean_of_student(user, student)
        or is_registrar(user)
        or is_administrator(user)
    )


def is_instructor_of(user: Any, section: Section) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and section.instructor_id == user.pk


def can_manage_section_results(user: Any, section: Section) -> bool:
    """The section's instructor and the registrar's office enter results (GR-12, contract §3)."""
    return is_instructor_of(user, section) or is_registrar(user)


def can_load_university(user: Any) -> bool:
    """Loading a whole university (contract §1) is for administrators only."""
    return is_administrator(user)


def can_view_audit_of_student(user: Any, student: Student) -> bool:
    """GR-20: the student and the registrar can see the history of a result."""
    return is_own_student_record(user, student) or is_registrar(user) or is_administrator(user)
