"""Who may register whom (contract §3): the student for themselves, the registrar's office for anyone."""

from __future__ import annotations

from typing import Any

from ektu_portal.academics.models import Student
from ektu_portal.academics.permissions import is_own_student_record, is_registrar


def can_register_for(user: Any, student: Student) -> bool:
    return is_own_student_record(user, student) or is_registrar(user)


def can_view_offer(user: Any, student: Student) -> bool:
    return can_register_for(user, student)
