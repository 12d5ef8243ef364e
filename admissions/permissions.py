"""Who may do what in admissions — the one place pages, the API and services ask (contract §6).

The admissions commission's staff (role ``admissions``) keep applicants, the campaign's rules and
the competitions; an administrator may too. Nobody else sees an applicant through the portal's
staff pages or API: a student, the registrar, a dean are refused (403), the anonymous must sign in.
An applicant sees only their own status, signed in by their number and a one-time code.
"""

from __future__ import annotations

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
