"""Who may see and do what in grading — the one place pages, the API and services ask.

Built from the core vocabulary (``academics.permissions``); contract §3 names the actors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ektu_portal.academics.models import Result, Role, Section, Student
from ektu_portal.academics.permissions import (
    access_section,
    access_student,
    can_manage_section_results,
    can_view_audit_of_student,
    can_view_student,
    dean_school_ids,
    has_role,
    is_administrator,
    is_dean_of_student,
    is_instructor_of,
    is_own_student_record,
    is_registrar,
)
from ektu_portal.core.errors import NotFound, PermissionDenied
from grading.models import AdditionalExam, Appeal, GradeSheet, RetakeApplication


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


def can_decide_appeal(user: Any, appeal: Any = None) -> bool:
    """GR-14: the appeals commission decides."""
    return has_role(user, Role.APPEALS_COMMISSION)


def can_enter_appeal(user: Any, appeal: Any = None) -> bool:
    """GR-14: a granted appeal "is passed to the head of the registrar's office, who enters it"."""
    return is_registrar(user)


def can_view_appeal(user: Any, appeal: Any) -> bool:
    """Those who see the student's results, and the commission that decides it."""
    return can_view_student(user, appeal.result.student) or can_decide_appeal(user)


def can_manage_retakes(user: Any, application: Any = None) -> bool:
    """GR-9: the registrar's office (student service centre) schedules and records FX retakes."""
    return is_registrar(user)


def can_manage_additional_period(user: Any, obj: Any = None) -> bool:
    """GR-15: the registrar's office opens and records additional-period exams (``obj``: the result,
    its student or the additional exam — the office acts for every student)."""
    return is_registrar(user)


def can_view_attempt_sheet(user: Any, sheet: GradeSheet) -> bool:
    """A retake or additional-period sheet: the registrar's office, and the instructor of its section."""
    return is_registrar(user) or (sheet.section is not None and is_instructor_of(user, sheet.section))


def can_post_attempt_sheet(user: Any, sheet: GradeSheet) -> bool:
    """GR-9/GR-15: the registrar's office records retakes and additional exams, and posts their sheets."""
    return is_registrar(user)


def can_print_attempt_sheet(user: Any, sheet: GradeSheet) -> bool:
    """GR-12: the registrar's office prints a retake or additional-period sheet, which makes it final."""
    return is_registrar(user)


def can_view_attendance(user: Any, student: Student) -> bool:
    """GR-3: classes missed are the student's record — the student, the adviser, the dean, the registrar."""
    return can_view_student(user, student)


def can_see_advisees_at_risk(user: Any) -> bool:
    """Issue 9 (GR-3): advisers see which of their advisees near the attendance limit."""
    return has_role(user, Role.ADVISER)


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
    """A result the actor may reach: by default its history (GR-20: the student and the registrar).
    Not found when the actor may not see the student; refused when they see them but may not ``can``."""
    results = Result.objects.select_related("student__user", "student__program__school", "discipline",
                                            "period",
                                            "section")
    if for_update:
        results = results.select_for_update(of=("self",))
    result = results.filter(pk=result_id).first()
    if result is None or not (can(actor, result.student) or can_view_student(actor, result.student)):
        raise NotFound(f"There is no result {result_id}.", code="result_not_found")
    if not can(actor, result.student):
        raise PermissionDenied("You may not do this with this result.")
    return result


def access_appeal(actor: Any, appeal_id: int, *, can: Callable[[Any, Appeal], bool] = can_view_appeal,
                  for_update: bool = False) -> Appeal:
    """An appeal the actor may see (``can_view_appeal``) and may ``can`` (decide, enter) — else 404 / 403."""
    appeals = Appeal.objects.select_related("result__student__user", "result__student__program__school",
                                            "result__discipline", "result__period", "result__section",
                                            "decided_by", "entered_by")
    if for_update:
        appeals = appeals.select_for_update(of=("self",))
    appeal = appeals.filter(pk=appeal_id).first()
    if appeal is None or not (can_view_appeal(actor, appeal) or can(actor, appeal)):
        raise NotFound(f"There is no appeal {appeal_id}.", code="appeal_not_found")
    if not can(actor, appeal):
        raise PermissionDenied("You may not do this with this appeal.")
    return appeal


def access_retake(actor: Any, application_id: int, *,
                  can: Callable[[Any, RetakeApplication], bool] = can_manage_retakes,
                  for_update: bool = False) -> RetakeApplication:
    """An FX retake application (GR-9) of a student the actor sees, if the actor may ``can`` with it."""
    applications = RetakeApplication.objects.select_related(
        "result__student__user", "result__student__program__school", "result__discipline", "result__period",
        "result__section")
    if for_update:
        applications = applications.select_for_update(of=("self",))
    application = applications.filter(pk=application_id).first()
    if application is None or not (can_view_student(actor, application.result.student) or can(actor,
                                                                                              application)):
        raise NotFound(f"There is no retake application {application_id}.", code="retake_not_found")
    if not can(actor, application):
        raise PermissionDenied("The registrar's office schedules and records FX retakes.")
    return application


def access_additional_exam(actor: Any, additional_exam_id: int, *,
                           can: Callable[[Any, AdditionalExam], bool] = can_manage_additional_period,
                           for_update: bool = False) -> AdditionalExam:
    """An additional-period exam (GR-15) of a student the actor sees, if the actor may ``can`` with it."""
    exams = AdditionalExam.objects.select_related(
        "result__student__user", "result__student__program__school", "result__discipline", "result__period",
        "result__section")
    if for_update:
        exams = exams.select_for_update(of=("self",))
    exam = exams.filter(pk=additional_exam_id).first()
    if exam is None or not (can_view_student(actor, exam.result.student) or can(actor, exam)):
        raise NotFound(f"There is no additional-period exam {additional_exam_id}.",
                       code="additional_exam_not_found")
    if not can(actor, exam):
        raise PermissionDenied("The registrar's office runs the additional period.")
    return exam


def access_attempt_sheet(actor: Any, sheet_id: int, *,
                         can: Callable[[Any, GradeSheet], bool] = can_view_attempt_sheet,
                         for_update: bool = False) -> GradeSheet:
    """An FX retake or additional-period sheet (GR-9, GR-15) the actor may see and may ``can`` (post,
    print)."""
    sheets = (GradeSheet.objects.exclude(sitting=GradeSheet.Sitting.REGULAR)
              .select_related("section__instructor", "discipline", "period"))
    if for_update:
        sheets = sheets.select_for_update(of=("self",))
    sheet = sheets.filter(pk=sheet_id).first()
    if sheet is None or not (can_view_attempt_sheet(actor, sheet) or can(actor, sheet)):
        raise NotFound(f"There is no retake or additional-period sheet {sheet_id}.", code="sheet_not_found")
    if not can(actor, sheet):
        raise PermissionDenied("The registrar's office posts and prints retake and additional-period sheets.")
    return sheet


def can_edit_letter_scale(user: Any) -> bool:
    """GR-6: the registrar's office keeps the letter scale (an administrator may too)."""
    return is_registrar(user) or is_administrator(user)


# --- issue 11: integral GPA and progression (GP-2 … GP-4, TR-10, TR-11) ---------------------------------


def can_view_igpa(user: Any, student: Student) -> bool:
    """Contract §7: the student, their adviser, the registrar, their dean."""
    return can_view_student(user, student)


def can_record_achievements(user: Any, student: Student | None = None) -> bool:
    """Contract §7 (GP-2, GP-3): the registrar's office records achievement points and their evidence."""
    return is_registrar(user)


def can_manage_progression(user: Any) -> bool:
    """TR-10/TR-11: the registrar's office keeps the year's conditions, reviews and confirms the
    progression list, records repeat-year contracts and confirms expulsions."""
    return is_registrar(user)


def can_see_advisee_igpas(user: Any) -> bool:
    """Issue 11: advisers see their advisees' GPA, iGPA and risk."""
    return has_role(user, Role.ADVISER)


def can_see_school_igpas(user: Any) -> bool:
    """Issue 11: the dean's office sees its school's students' GPA, iGPA and risk."""
    return bool(dean_school_ids(user))


def access_progression_run(actor: Any, run_id: int, *, for_update: bool = False) -> Any:
    """A progression list (TR-10): the registrar's office only; not found for anyone else."""
    from grading.models import ProgressionRun

    runs = ProgressionRun.objects.select_for_update() if for_update else ProgressionRun.objects.all()
    run = runs.filter(pk=run_id).first() if can_manage_progression(actor) else None
    if run is None:
        raise NotFound(f"There is no progression list {run_id}.", code="progression_not_found")
    return run


def access_progression_line(actor: Any, line_id: int, *, for_update: bool = False) -> Any:
    """A line of a progression list (TR-10, TR-11): the registrar's office only; not found for anyone else."""
    from grading.models import ProgressionLine

    lines = ProgressionLine.objects.select_related("run", "student__user")
    if for_update:
        lines = lines.select_for_update(of=("self",))
    line = lines.filter(pk=line_id).first() if can_manage_progression(actor) else None
    if line is None:
        raise NotFound(f"There is no line {line_id} on a progression list.",
                       code="progression_line_not_found")
    return line


def can_recount(user: Any, student: Student) -> bool:
    """RC-1, MO-5, contract §8: the registrar's office, the QA commission, the mobility coordinators and
    the deputy dean of the student's school compute and record recounts."""
    from ektu_portal.academics.permissions import dean_school_ids, is_registrar

    return (is_registrar(user) or has_role(user, Role.QA_COMMISSION, Role.MOBILITY_COORDINATOR)
            or (has_role(user, Role.DEPUTY_DEAN) and student.program.school_id in dean_school_ids(user)))
