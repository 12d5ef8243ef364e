"""Who may see and do what with Diploma Supplements — the one place pages, the API and services ask."""

from __future__ import annotations

from typing import Any

from ektu_portal.academics.models import Program, Student
from ektu_portal.academics.permissions import (
    dean_school_ids,
    is_dean_of_student,
    is_own_student_record,
    is_registrar,
)


def can_download(user: Any, student: Student) -> bool:
    """Contract §3: the student (own), the registrar, their dean."""
    return is_own_student_record(user, student) or is_registrar(user) or is_dean_of_student(user, student)


def can_print_batches(user: Any, program: Program | None = None) -> bool:
    """Deans (and deputy deans) print for their school's programs."""
    schools = dean_school_ids(user)
    return bool(schools) and (program is None or program.school_id in schools)


def can_revoke(user: Any) -> bool:
    return is_registrar(user)


def can_record_diploma_numbers(user: Any) -> bool:
    """The registrar's office enters or imports graduates' diploma numbers (contract §1, DS-3 6.1)."""
    return is_registrar(user)
