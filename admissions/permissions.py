"""Who may do what in admissions — the one place pages, the API and services ask (contract §6).

The admissions commission's staff (role ``admissions``) keep applicants, the campaign's rules and
the competitions; an administrator may too. Nobody else sees an applicant through the portal's
staff pages or API: a student, the registrar, a dean are refused (403), the anonymous must sign in.
An applicant sees only their own status, signed in by their number and a one-time code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from admissions.models import Applicant, Competition, CompetitionRun
from ektu_portal.academics.models import Role
from ektu_portal.academics.permissions import has_role, is_administrator
from ektu_portal.core.errors import NotFound, PermissionDenied


def is_admissions_staff(user: Any) -> bool:
    return has_role(user, Role.ADMISSIONS) or is_administrator(user)


def can_manage_applicants(user: Any) -> bool:
    """Contract §6: admissions staff enter, import and correct applicants."""
    return is_admissions_staff(user)


def can_edit_rules(user: Any) -> bool:
    """AD-2 … AD-18: thresholds, the conversion scale, priority order and quotas — admissions staff."""
    return is_admissions_staff(user)


def can_run_competition(user: Any) -> bool:
    """AD-18: admissions staff run, publish and compare competitions."""
    return is_admissions_staff(user)


def can_admit(user: Any) -> bool:
    """AD-1: the admissions commission admits (the student record is created by its service)."""
    return is_admissions_staff(user)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_admissions_staff(actor: Any) -> None:
    _require(is_admissions_staff(actor), "Only the admissions commission's staff may do this.")


# --- look up and check in one call ------------------------------------------------------------------


def access_applicant(actor: Any, number: str, *, for_update: bool = False) -> Applicant:
    """An applicant, for admissions staff: refused (403) to anybody else, not found when unknown."""
    require_admissions_staff(actor)
    applicants = Applicant.objects.select_related("program__school", "student__user")
    if for_update:
        applicants = applicants.select_for_update(of=("self",))
    applicant = applicants.filter(number=number).first()
    if applicant is None:
        raise NotFound(f'There is no applicant "{number}".', code="applicant_not_found")
    return applicant


def access_competition(actor: Any, code: str, *, for_update: bool = False) -> Competition:
    require_admissions_staff(actor)
    competitions = Competition.objects.all()
    if for_update:
        competitions = competitions.select_for_update()
    competition = competitions.filter(code=code).first()
    if competition is None:
        raise NotFound(f'There is no competition "{code}".', code="competition_not_found")
    return competition


def access_run(actor: Any, code: str, run: int, *, for_update: bool = False) -> CompetitionRun:
    require_admissions_staff(actor)
    runs = CompetitionRun.objects.select_related("competition", "requested_by", "published_by")
    if for_update:
        runs = runs.select_for_update(of=("self",))
    found = runs.filter(competition__code=code, run=run).first()
    if found is None:
        raise NotFound(f'There is no run {run} of competition "{code}".', code="run_not_found")
    return found


# --- prior learning (AD-7, RC-1 … RC-6) --------------------------------------------------------------------
# The admissions commission's staff, the QA commission, the registrar's office and the deputy dean of the
# student's school see a recount and enter its lines; only those grading lets record a recount (its
# ``can_recount``) decide it. A student sees their own recount once it is decided, nobody else's.


def can_work_on_prior_learning(user: Any, student: Any) -> bool:
    """RC-1: see a student's recount and enter the previous transcript's lines and matches."""
    from grading.permissions import can_recount

    return is_admissions_staff(user) or can_recount(user, student)


def can_decide_prior_learning(user: Any, student: Any) -> bool:
    """RC-1, contract §8: the decision records results — grading's own rule of who may recount."""
    from grading.permissions import can_recount

    return can_recount(user, student)


def can_view_prior_learning_case(user: Any, case: Any) -> bool:
    from admissions.models import PriorLearningCase
    from ektu_portal.academics.permissions import is_own_student_record

    return can_work_on_prior_learning(user, case.student) or (
        case.status == PriorLearningCase.Status.DECIDED and is_own_student_record(user, case.student))


def can_enter_prior_learning_case(user: Any, case: Any) -> bool:
    return can_work_on_prior_learning(user, case.student)


def can_decide_prior_learning_case(user: Any, case: Any) -> bool:
    return can_decide_prior_learning(user, case.student)


def can_list_prior_learning(user: Any) -> bool:
    """The list of recounts: the staff who work on them (each sees those of students they may)."""
    from ektu_portal.academics.permissions import dean_school_ids, is_registrar

    return (is_admissions_staff(user) or is_registrar(user)
            or has_role(user, Role.QA_COMMISSION, Role.MOBILITY_COORDINATOR)
            or (has_role(user, Role.DEPUTY_DEAN) and bool(dean_school_ids(user))))


def access_prior_learning_student(actor: Any, username: str) -> Any:
    """The student a new recount is opened for: not found when unknown or not the actor's to work on."""
    from ektu_portal.academics.models import Student

    student = (Student.objects.select_related("user", "program__school")
               .filter(user__username=(username or "").strip()).first())
    if student is None or not can_work_on_prior_learning(actor, student):
        raise NotFound(f'There is no student "{username}".', code="student_not_found")
    return student


def access_prior_learning_case(actor: Any, case_id: int, *,
                               can: Callable[[Any, Any], bool] = can_view_prior_learning_case,
                               for_update: bool = False) -> Any:
    """A recount if ``can(actor, case)``: not found when it does not exist or the actor may not see it,
    refused (403) when the actor sees it but may not do this (admissions staff deciding)."""
    from admissions.models import PriorLearningCase

    cases = PriorLearningCase.objects.select_related("student__user", "student__program__school",
                                                     "decided_by", "due_period")
    if for_update:
        cases = cases.select_for_update(of=("self",))
    case = cases.filter(pk=case_id).first() if isinstance(case_id, int) else None
    if case is None or not can_view_prior_learning_case(actor, case):
        raise NotFound(f"There is no prior-learning recount {case_id}.", code="prior_learning_not_found")
    if not can(actor, case):
        raise PermissionDenied("You may not do this for this recount.")
    return case
