"""Who may see and do what in grading — the one place pages, the API and services ask.

Built from the core vocabulary (``academics.permissions``); contract §3 names the actors.
"""

from __future__ import annotations

from typing import Any

from ektu_portal.academics.models import Result, Role, Section, Student
from ektu_portal.academics.permissions import (
    access_section,
    access_student,
    can_manage_section_results,
    can_view_audit_of_student,
    can_view_student,
    has_role,
    is_dean_of_student,
    is_own_student_record,
)
from ektu_portal.core.errors import NotFound


def can_view_sheet(user: Any, section: Section) -> bool:
    """The section's instructor and the registrar's office (contract §3)."""
    return can_manage_section_results(user, section)


def can_edit_sheet(user: Any, section: Section) -> bool:
    """GR-12: the instructor enters the marks; the registrar's office may correct them before posting."""
    return can_manage_section_results(user, section)


def can_post_sheet(user: Any, section: Section) -> bool:
    """GR-12/GR-13: posting makes grades visible and opens appeals — the instructor or the registrar."""
    return can_manage_section_results(user, section)


def can_print_sheet(user: Any, section: Section) -> bool:
    """GR-12: the final sheet is printed (and so made final) by the instructor or the registrar's office."""
    return can_manage_section_results(user, section)


def can_view_transcript(user: Any, student: Student) -> bool:
    """The student, their adviser, the registrar, their dean (contract §3)."""
    return can_view_student(user, student)


def can_file_appeal(user: Any, student: Student) -> bool:
    """GR-13: only the student appeals their own grade."""
    return is_own_student_record(user, student)


def can_apply_for_retake(user: Any, student: Student) -> bool:
    """GR-9: the student applies online for their own FX retake."""
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
    return is_dean_of_student(user, student)


def can_admit_by_order(user: Any, student: Student) -> bool:
    """GR-3: the dean's office of the student's school admits by order, for a valid reason."""
    return is_dean_of_student(user, student)


# --- look up and check in one call ------------------------------------------------------------------


def access_sheet(actor: Any, code: str, *, can: Any = can_view_sheet, for_update: bool = False) -> Section:
    """The section of a grade sheet, if the actor may do ``can`` with it (view, edit, post, print)."""
    return access_section(actor, code, can=can, for_update=for_update)


def access_transcript(actor: Any, username: str) -> Student:
    """The student whose transcript the actor may read (contract §3)."""
    return access_student(actor, username, can=can_view_transcript)


def access_result(actor: Any, result_id: int, *, can: Any = can_view_audit_of_student,
                  for_update: bool = False) -> Result:
    """A result the actor may reach: by default its history (GR-20: the student and the registrar)."""
    results = Result.objects.select_related("student__user", "student__program__school", "discipline", "period",
                                            "section")
    if for_update:
        results = results.select_for_update(of=("self",))
    result = results.filter(pk=result_id).first()
    if result is None or not can(actor, result.student):
        raise NotFound(f"There is no result {result_id}.", code="result_not_found")
    return result



def can_edit_letter_scale(user: Any) -> bool:
    """GR-6: the registrar's office keeps the letter scale (an administrator may too)."""
    from ektu_portal.academics.permissions import is_administrator, is_registrar

    return is_registrar(user) or is_administrator(user)
