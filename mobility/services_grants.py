"""TR-9: writes of the vacant-grant competition — the registrar's office records vacant places, the job
(or the office, earlier) makes each grant's ranked candidate list once, and after the ministry's order the
office records the award and the student's funding changes. Each checked, atomic and audited."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from ektu_portal.academics.models import Program, Student
from ektu_portal.audit.services import audit_record
from ektu_portal.core.errors import Conflict, PermissionDenied, Problem, ValidationFailed
from mobility import labels, permissions, selectors_grants
from mobility.models import VacantGrant, VacantGrantAward, VacantGrantList
from mobility.policy import vacant_grants

# TR-9: the list goes to the ministry by 25 January and by 5 August.
DEADLINES = ((1, 25), (8, 5))
# The job makes a list this many days before its deadline: time for the Scientific Council to approve it.
LIST_DAYS_BEFORE_DEADLINE = 20


def _refused(code: str) -> Conflict:
    return Conflict(str(labels.VACANT_GRANT_REFUSALS[code]), code=code)


def _manager_only(actor: Any) -> None:
    if not permissions.can_manage_vacant_grants(actor):
        raise PermissionDenied("Only the registrar's office keeps vacant grants (TR-9).")


def _grant_state(grant: VacantGrant) -> dict[str, Any]:
    return {"group_code": grant.group_code, "study_form": grant.study_form, "intake_year": grant.intake_year,
            "places": grant.places, "deadline": grant.deadline.isoformat(), "basis": grant.basis}


@transaction.atomic
def vacant_grant_record(*, actor: Any, group_code: str, study_form: str, intake_year: int, places: int,
                        deadline: date, basis: str, now: datetime) -> VacantGrant:
    """TR-9: vacant grant places freed in a group of programmes, study form and intake year, for the
    round whose list is due by ``deadline`` (25 January or 5 August). Every bad field is named at once."""
    _manager_only(actor)
    group_code, basis = str(group_code or "").strip(), str(basis or "").strip()
    problems = []
    if not group_code or not Program.objects.filter(group_code=group_code).exists():
        problems.append(Problem("group_code", gettext("No educational programme belongs to this group.")))
    if study_form not in Student.StudyForm.values:
        problems.append(Problem("study_form", gettext("Full-time, part-time or distance.")))
    if not 1900 <= intake_year <= timezone.localdate(now).year:
        problems.append(Problem("intake_year", gettext("The intake year cannot be after this year.")))
    if places < 1:
        problems.append(Problem("places", gettext("At least one vacant place.")))
    if (deadline.month, deadline.day) not in DEADLINES:
        problems.append(Problem("deadline", gettext(
            "The list goes to the ministry by 25 January or by 5 August (TR-9).")))
    if not basis:
        problems.append(Problem("basis", gettext(
            "The document that frees the places (order, number, date).")))
    if problems:
        raise ValidationFailed(problems, code="invalid_vacant_grant")
    try:
        with transaction.atomic():
            grant = VacantGrant.objects.create(group_code=group_code, study_form=study_form,
                                               intake_year=intake_year, places=places, deadline=deadline,
                                               basis=basis, recorded_by=actor, recorded_at=now)
    except IntegrityError:
        raise _refused("vacant_grant_exists") from None
    audit_record(actor=actor, action="mobility.vacant_grant.record", obj=grant, before=None,
                 after=_grant_state(grant), basis=basis)
    return grant


# --- the ranked list --------------------------------------------------------------------------------------

def canonical_json(value: Any) -> bytes:
    """The one spelling of a list the digest is taken over: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def list_digest(ranked: list[dict[str, Any]], excluded: list[dict[str, Any]]) -> str:
    """SHA-256 of the canonical JSON of the ranked and the excluded: a printed copy can be checked."""
    return hashlib.sha256(canonical_json({"ranked": ranked, "excluded": excluded})).hexdigest()


def _list_content(grant: VacantGrant) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bool]:
    """TR-9: the cohort ranked by the policy — the stored rows of the ranked and the excluded."""
    cohort = selectors_grants.cohort_of(grant)
    found = selectors_grants.competitors(cohort)
    names = {c.facts.record_number: c.full_name for c in found}
    ranking = vacant_grants.rank([c.facts for c in found], cohort)
    ranked = [{"position": r.position, "username": r.student.record_number,
               "full_name": names[r.student.record_number], "record_number": r.student.record_number,
               "gpa": str(r.student.gpa), "tier": vacant_grants.grades_tier(r.student.letters),
               "decided_by": r.decided_by, "candidate": r.position <= grant.places}
              for r in ranking.ranked]
    excluded = [{"username": e.student.record_number, "full_name": names[e.student.record_number],
                 "reasons": list(e.reasons)} for e in ranking.excluded]
    return ranked, excluded, vacant_grants.tie_at_cut(ranking.ranked, grant.places)


def _make_list(*, actor: Any, vacant_grant_id: int, now: datetime) -> tuple[VacantGrantList, bool]:
    """The grant's list, made once: the grant's row is locked, so a second run (the job twice, the job
    and the office) waits, then finds the list and leaves it; the one-to-one column is the last guard.
    Returns the list and whether it was made now."""
    grant = VacantGrant.objects.select_for_update().get(pk=vacant_grant_id)
    existing = VacantGrantList.objects.filter(vacant_grant=grant).first()
    if existing is not None:
        return existing, False
    ranked, excluded, tie = _list_content(grant)
    try:
        with transaction.atomic():
            made = VacantGrantList.objects.create(vacant_grant=grant, made_at=now, ranked=ranked,
                                                  excluded=excluded, tie_at_cut=tie,
                                                  digest=list_digest(ranked, excluded))
    except IntegrityError:
        return VacantGrantList.objects.get(vacant_grant=grant), False
    audit_record(actor=actor, action="mobility.vacant_grant.list", obj=made, before=None,
                 after={"digest": made.digest, "ranked": len(ranked), "excluded": len(excluded),
                        "candidates": [row["username"] for row in ranked if row["candidate"]],
                        "tie_at_cut": tie}, basis=grant.basis)
    return made, True


def vacant_grants_due(today: date) -> list[int]:
    """Vacant grants whose deadline is within the next 20 days, not passed, and that have no list yet."""
    return list(VacantGrant.objects.filter(
        deadline__gte=today, deadline__lte=today + timedelta(days=LIST_DAYS_BEFORE_DEADLINE),
        candidate_list__isnull=True).order_by("deadline", "pk").values_list("pk", flat=True))


def vacant_grant_lists_make(*, now: datetime) -> int:
    """TR-9, the job's work: the list of every vacant grant that is due (each in its own transaction, so
    one grant's failure leaves the others made). Returns how many lists were made now."""
    made = 0
    for grant_id in vacant_grants_due(timezone.localdate(now)):
        with transaction.atomic():
            made += _make_list(actor=None, vacant_grant_id=grant_id, now=now)[1]
    return made


@transaction.atomic
def vacant_grant_list_make_now(*, actor: Any, vacant_grant_id: int, now: datetime) -> VacantGrantList:
    """TR-9: the registrar's office makes a grant's list before the job does — the same list the job
    would make; an existing list is returned as it is."""
    permissions.access_vacant_grant(actor, vacant_grant_id)
    _manager_only(actor)
    return _make_list(actor=actor, vacant_grant_id=vacant_grant_id, now=now)[0]


# --- the award --------------------------------------------------------------------------------------------

@transaction.atomic
def vacant_grant_award(*, actor: Any, vacant_grant_id: int, username: str, order_number: str,
                       order_on: date, now: datetime) -> VacantGrantAward:
    """TR-9: after the ministry's order, a candidate of the list (within the vacant places) is awarded the
    grant; the student's funding becomes the state grant (the funding before is kept on the award)."""
    grant = permissions.access_vacant_grant(actor, vacant_grant_id, for_update=True)
    _manager_only(actor)
    username, order_number = str(username or "").strip(), str(order_number or "").strip()
    problems = []
    if not username:
        problems.append(Problem("username", gettext("Choose the candidate.")))
    if not order_number:
        problems.append(Problem("order_number", gettext("The number of the ministry's order.")))
    if order_on > timezone.localdate(now):
        problems.append(Problem("order_on", gettext("The order's date cannot be in the future.")))
    if problems:
        raise ValidationFailed(problems, code="invalid_award")
    stored = VacantGrantList.objects.filter(vacant_grant=grant).first()
    if stored is None:
        raise _refused("no_list")
    student = (Student.objects.select_for_update(of=("self",)).select_related("user")
               .filter(user__username=username).first())
    if student is not None and VacantGrantAward.objects.filter(vacant_grant=grant, student=student).exists():
        raise _refused("already_awarded")
    # The grant's row is locked (access_vacant_grant, for_update): two awards at once count one by one.
    if grant.awards.count() >= grant.places:
        raise _refused("all_places_awarded")
    row = next((r for r in stored.ranked if r["username"] == username), None)
    if student is None or row is None or row["position"] > grant.places:
        raise _refused("not_a_candidate")
    if student.funding != vacant_grants.PAID:
        raise _refused("no_longer_paid")
    basis = f"{order_number}, {order_on.isoformat()}"
    award = VacantGrantAward.objects.create(vacant_grant=grant, student=student, order_number=order_number,
                                            order_on=order_on, funding_before=student.funding,
                                            recorded_by=actor, recorded_at=now)
    before = {"funding": student.funding}
    student.funding = Student.Funding.STATE_GRANT
    student.save(update_fields=["funding"])
    audit_record(actor=actor, action="mobility.vacant_grant.award", obj=student, before=before,
                 after={"funding": student.funding, "vacant_grant": grant.pk, "award": award.pk},
                 basis=basis)
    return award
