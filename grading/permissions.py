"""Who may see and do what in grading — the one place pages, the API and services ask.

Built from the core vocabulary (``academics.permissions``); contract §3 names the actors.
"""

from __future__ import annotations

from typing import Any

from ektu_portal.academics.models import Role, Section, Student
from ektu_portal.academics.permissions import (
    can_manage_section_results,
    can_view_student,
    has_role,
    is_own_student_record,
)


def can_view_sheet(user: Any, section: Section) -> bool:
    """The section's instructor and the registrar's office (contract §3)."""
    return can_manage_section_results(user, section)


def can_edit_sheet(user: Any, section: Section) -> bool:
    return can_manage_section_results(user, section)


def can_post_sheet(user: Any, section: Section) -> bool:
    return can_manage_section_results(user, section)


def can_view_transcript(user: Any, student: Student) -> bool:
    """The student, their adviser, the registrar, their dean (contract §3)."""
    return can_view_student(user, student)


def can_file_appeal(user: Any, student: Student) -> bool:
    """GR-13: only the student appeals their own grade."""
    return is_own_student_record(user, student)


def can_decide_appeal(user: Any) -> bool:
    """GR-14: the appeals commission decides."""
    return has_role(user, Role.APPEALS_COMMISSION)


def can_view_appeal(user: Any, student: Student) -> bool:
    return is_own_student_record(user, student) or can_decide_appeal(user) or has_role(user, Role.REGISTRAR)


def can_manage_retakes(user: Any) -> bool:
    """GR-9: the registrar's office (student service centre) schedules and records FX retakes."""
    return has_role(user, Role.REGISTRAR)


def can_manage_additional_period(user: Any) -> bool:
    """GR-15: the registrar's office opens and records additional-period exams."""
    return has_role(user, Role.REGISTRAR)


def can_extend_session(user: Any, student: Student) -> bool:
    """GR-15: the dean's office of the student's school extends the student's session."""
    from ektu_portal.academics.permissions import is_dean_of_student

    return is_dean_of_student(user, student)
