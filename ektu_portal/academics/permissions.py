"""The one permission vocabulary of the academic core (ARCHITECTURE.md).

Every page, endpoint and service asks these functions; none checks roles by itself. The
policy apps add their own ``permissions.py`` built from these predicates. Scope rules
(contract §2): a student reaches only their own records, an adviser only their advisees,
a dean (or deputy dean) only their school; the registrar's office the whole university.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ektu_portal.academics.models import Role, Section, Student
from ektu_portal.academics.selectors import roles_of
from ektu_portal.core.errors import NotFound, PermissionDenied


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


# --- look up and check in one call (Zulip's access_stream_by_id) ----------------------------------
# An unknown object and one the actor may not reach answer alike: not found. Pages turn that into
# 404, the API into a problem with the code given; services call the same functions.


def access_student(actor: Any, username: str | None, *,
                   can: Callable[[Any, Student], bool] = can_view_student,
                   for_update: bool = False) -> Student:
    """The student named (or, with no name, the actor's own student record) if ``can(actor, student)``.

    Not found when the student does not exist or the actor may not see them (``can_view_student``);
    refused (403) when the actor sees the student but may not do this (an adviser filing an appeal)."""
    students = Student.objects.select_related("user", "program__school")
    if for_update:
        students = students.select_for_update(of=("self",))
    if username:
        student = students.filter(user__username=username).first()
    else:
        student = students.filter(user_id=getattr(actor, "pk", None)).first() if getattr(
            actor, "is_authenticated", False) else None
    if student is None or not (can(actor, student) or can_view_student(actor, student)):
        raise NotFound(f'There is no student "{username}".' if username else "You are not a student.",
                       code="student_not_found")
    if not can(actor, student):
        raise PermissionDenied("You may not do this for this student.")
    return student


def access_section(actor: Any, code: str, *, can: Callable[[Any, Section], bool],
                   for_update: bool = False) -> Section:
    """The section with this code if ``can(actor, section)``."""
    sections = Section.objects.select_related("discipline", "period", "instructor")
    if for_update:
        sections = sections.select_for_update(of=("self",))
    section = sections.filter(code=code).first()
    if section is None or not can(actor, section):
        raise NotFound(f'There is no section "{code}".', code="section_not_found")
    return section
