"""Enrolment and drop (contract §3). Capacity is never exceeded whatever the concurrency (RG-9):
a seat is taken by one conditional UPDATE (``taken < capacity``) in the same transaction as
the enrolment row; a student's own requests are serialized by locking their row."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from ektu_portal.academics.models import Enrollment, Section, Student
from ektu_portal.audit.services import audit_record
from ektu_portal.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from registration import permissions, selectors
from registration.models import StudyPlan
from registration.policy import study_plan
from registration.policy.eligibility import SECTION_FULL, elective_group_credits, reasons_against

TITLES = {
    "registration_closed": _("Registration is closed (RG-2)"),
    "student_not_active": _("Only active students register"),
    "not_in_plan": _("The discipline is not in your curriculum for this period"),
    "prerequisite_missing": _("A prerequisite is not mastered (RG-3)"),
    "already_enrolled": _("You already registered for this discipline"),
    "already_passed": _("You have already passed this discipline"),
    "elective_group_complete": _("You already chose this elective group's credits"),
    "credit_limit": _("This would pass the period's credit limit"),
    "section_full": _("Section is full"),
}


class RegistrationRefused(Conflict):
    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__(", ".join(reasons), code=reasons[0], title=str(TITLES.get(reasons[0], reasons[0])),
                         reasons=list(reasons))


def student_for(actor: Any, username: str | None) -> Student:
    """The student a request is about: the actor, or (registrar) the one named."""
    query = Student.objects.select_related("user", "program")
    student = query.filter(user__username=username).first() if username else query.filter(user=actor).first()
    if student is None:
        raise NotFound(f'There is no student "{username}".' if username else "You are not a student.",
                       code="student_not_found")
    if not permissions.can_register_for(actor, student):
        raise PermissionDenied("You may register only yourself.")
    return student


def _take_seat(section_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE academics_section SET taken = taken + 1 WHERE id = %s AND taken < capacity",
                       [section_id])
        return cursor.rowcount == 1


def _free_seat(section_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE academics_section SET taken = taken - 1 WHERE id = %s AND taken > 0", [section_id])


@transaction.atomic
def enrollment_create(*, actor: Any, section_code: str, now: datetime, student_username: str | None = None,
                      waitlist: bool = True) -> Enrollment:
    student = student_for(actor, student_username)
    section = (Section.objects.select_related("discipline", "period").prefetch_related("discipline__prerequisites")
               .filter(code=section_code).first())
    if section is None:
        raise NotFound(f'There is no section "{section_code}".', code="section_not_found")
    Student.objects.select_for_update().only("pk").get(pk=student.pk)  # one request of this student at a time
    plan = selectors.plan_of(student)
    facts = selectors.student_facts(student, section.period, plan)
    item = plan.get(section.discipline.code)
    group = item.elective_group if item else ""
    group_credits = elective_group_credits(plan, selectors.plan_credits(plan), group) if group else 0
    reasons = reasons_against(facts, selectors.section_facts(section),
                              window_open=selectors.window_open(section.period, now),
                              credit_limit=selectors.credit_limit(section.period), group_credits=group_credits,
                              include_full=False)
    if reasons:
        raise RegistrationRefused(reasons)
    seated = _take_seat(section.pk)
    if not seated and not waitlist:
        raise RegistrationRefused((SECTION_FULL,))
    status = Enrollment.Status.ENROLLED if seated else Enrollment.Status.WAITLISTED
    enrollment = Enrollment.objects.filter(section=section, student=student).first()
    before = {"status": enrollment.status} if enrollment else None
    if enrollment is None:
        enrollment = Enrollment.objects.create(section=section, student=student, status=status)
    else:  # a dropped enrolment comes back; on the wait list it joins at the end
        enrollment.status = status
        enrollment.created_at = now
        enrollment.save(update_fields=["status", "created_at", "changed_at"])
    audit_record(actor=actor, action="enrollment.create", obj=enrollment, before=before,
                 after={"status": status, "section": section.code}, reason="registration")
    plan_registrations_changed(actor=actor, student=student, period=section.period, why=f"{section.code} added")
    return enrollment


@transaction.atomic
def enrollment_drop(*, actor: Any, enrollment_id: int, now: datetime) -> Enrollment:
    """RG-2: drop while registration or the drop-off period is open; the wait list moves up."""
    enrollment = (Enrollment.objects.select_for_update().select_related("section__period", "student__user")
                  .filter(pk=enrollment_id).first())
    if enrollment is None or not permissions.can_register_for(actor, enrollment.student):
        raise NotFound(f"There is no enrolment {enrollment_id}.", code="enrollment_not_found")
    if enrollment.status == Enrollment.Status.DROPPED:
        raise Conflict("This enrolment is already dropped.", code="already_dropped")
    if not selectors.window_open(enrollment.section.period, now):
        raise RegistrationRefused(("registration_closed",))
    was_enrolled = enrollment.status == Enrollment.Status.ENROLLED
    before = {"status": enrollment.status}
    enrollment.status = Enrollment.Status.DROPPED
    enrollment.save(update_fields=["status", "changed_at"])
    audit_record(actor=actor, action="enrollment.drop", obj=enrollment, before=before,
                 after={"status": enrollment.status}, reason="dropped")
    plan_registrations_changed(actor=actor, student=enrollment.student, period=enrollment.section.period,
                               why=f"{enrollment.section.code} dropped")
    if was_enrolled:
        _free_seat(enrollment.section_id)
        promote_from_waitlist(section_id=enrollment.section_id)
    return enrollment


def promote_from_waitlist(*, section_id: int) -> Enrollment | None:
    """RG-9: the first student on the wait list takes a freed seat (ordered by when they asked)."""
    waiting = (Enrollment.objects.select_for_update(skip_locked=True)
               .filter(section_id=section_id, status=Enrollment.Status.WAITLISTED).order_by("created_at", "id").first())
    if waiting is None or not _take_seat(section_id):
        return None
    waiting.status = Enrollment.Status.ENROLLED
    waiting.save(update_fields=["status", "changed_at"])
    audit_record(actor=None, action="enrollment.promote", obj=waiting, before={"status": "waitlisted"},
                 after={"status": "enrolled"}, reason="a seat was freed (wait list)")
    return waiting


# --- individual study plans (RG-6) ----------------------------------------------------------------

PLAN_TITLES = {
    study_plan.STEP_NOT_ALLOWED: _("This step is not possible in the plan's present state"),
    study_plan.COMMENT_REQUIRED: _("Say why the plan is returned"),
    study_plan.PLAN_EMPTY: _("The plan has no disciplines: register first"),
    study_plan.WAITLIST_PENDING: _("You are still on a wait list: drop it or wait for a seat"),
    study_plan.OVER_CREDIT_LIMIT: _("The plan is over the period's credit limit"),
    study_plan.REGISTRATION_CLOSED: _("Registration is closed (RG-2)"),
}


class PlanRefused(Conflict):
    def __init__(self, reasons: list[str]) -> None:
        super().__init__(", ".join(reasons), code=reasons[0], title=str(PLAN_TITLES.get(reasons[0], reasons[0])),
                         reasons=reasons)


def _plan_state(plan: StudyPlan) -> dict[str, Any]:
    return {"status": plan.status, "version": plan.version, "credits": plan.credits}


def _notify_plan_step(plan: StudyPlan, step: str) -> None:
    from registration.tasks import notify_plan_step

    transaction.on_commit(partial(notify_plan_step.delay, plan.pk, step))


def _locked_plan(student: Student, period: Any) -> StudyPlan:
    plan, _created = StudyPlan.objects.get_or_create(student=student, period=period)
    return StudyPlan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_submit(*, actor: Any, now: datetime, student_username: str | None = None) -> StudyPlan:
    """RG-6: the student hands in the plan formed from their registrations for the open period."""
    student = student_for(actor, student_username)
    if not permissions.can_submit_plan(actor, student):
        raise PermissionDenied("Only the student submits their plan.")
    period = selectors.registration_period(now)
    if period is None:
        raise PlanRefused([study_plan.REGISTRATION_CLOSED])
    Student.objects.select_for_update().only("pk").get(pk=student.pk)  # serialized with enrolments
    plan = _locked_plan(student, period)
    items = selectors.plan_sections(student, period)
    enrolled = [i for i in items if i["status"] == Enrollment.Status.ENROLLED]
    facts = study_plan.PlanFacts(
        enrolled_credits=sum(i["credits"] for i in enrolled), enrolled_count=len(enrolled),
        waitlisted_count=len(items) - len(enrolled), credit_limit=selectors.credit_limit(period),
        window_open=selectors.window_open(period, now))
    problems = study_plan.step_problems(study_plan.SUBMIT, plan.status) + study_plan.submission_problems(facts)
    if problems:
        raise PlanRefused(problems)
    before = _plan_state(plan)
    plan.status = study_plan.SUBMITTED
    plan.version += 1
    plan.items = [{k: v for k, v in i.items() if k != "status"} for i in enrolled]
    plan.credits = facts.enrolled_credits
    plan.submitted_at = now
    plan.adviser_decided_by = plan.dean_decided_by = None
    plan.adviser_decided_at = plan.dean_decided_at = None
    plan.save()
    audit_record(actor=actor, action="study_plan.submit", obj=plan, before=before,
                 after={**_plan_state(plan), "items": [i["section"] for i in plan.items]}, reason="submitted")
    _notify_plan_step(plan, study_plan.SUBMIT)
    return plan


@transaction.atomic
def plan_decide(*, actor: Any, plan_id: int, decision: str, comment: str, now: datetime) -> StudyPlan:
    """RG-6: the adviser, then the dean, approve the plan — or return it with a comment."""
    plan = (StudyPlan.objects.select_for_update().select_related("student__user", "student__program", "period")
            .filter(pk=plan_id).first())
    if plan is None or not permissions.can_view_plan(actor, plan.student):
        raise NotFound(f"There is no study plan {plan_id}.", code="plan_not_found")
    if decision not in ("approve", "return"):
        raise DomainError('The decision is "approve" or "return".', code="invalid_decision")
    as_adviser = permissions.can_decide_as_adviser(actor, plan.student) and plan.status == study_plan.SUBMITTED
    as_dean = permissions.can_decide_as_dean(actor, plan.student) and plan.status == study_plan.ADVISER_APPROVED
    if not (as_adviser or as_dean):
        if not (permissions.can_decide_as_adviser(actor, plan.student)
                or permissions.can_decide_as_dean(actor, plan.student)):
            raise PermissionDenied("Only the student's adviser and then their dean decide on the plan.")
        raise PlanRefused([study_plan.STEP_NOT_ALLOWED])
    step = {(True, "approve"): study_plan.ADVISER_APPROVE, (True, "return"): study_plan.ADVISER_RETURN,
            (False, "approve"): study_plan.DEAN_APPROVE, (False, "return"): study_plan.DEAN_RETURN}[
        (as_adviser, decision)]
    problems = study_plan.step_problems(step, plan.status, comment)
    if problems:
        raise PlanRefused(problems)
    before = _plan_state(plan)
    plan.status = study_plan.next_status(step, plan.status) or plan.status
    plan.comment = comment.strip()
    if as_adviser:
        plan.adviser_decided_by, plan.adviser_decided_at = actor, now
    else:
        plan.dean_decided_by, plan.dean_decided_at = actor, now
    plan.save()
    audit_record(actor=actor, action=f"study_plan.{step}", obj=plan, before=before, after=_plan_state(plan),
                 reason=comment.strip() or decision)
    _notify_plan_step(plan, step)
    return plan


def plan_registrations_changed(*, actor: Any, student: Student, period: Any, why: str) -> None:
    """RG-6/RG-2: a change of registrations after submission makes the plan a draft again, to be
    re-submitted and re-approved. Called inside the enrolment's transaction."""
    plan = StudyPlan.objects.select_for_update().filter(student=student, period=period).first()
    if plan is None:
        return
    status = study_plan.after_registration_change(plan.status)
    if status == plan.status:
        return
    before = _plan_state(plan)
    plan.status = status
    plan.save(update_fields=["status"])
    audit_record(actor=actor, action="study_plan.reopened", obj=plan, before=before, after=_plan_state(plan),
                 reason=f"registrations changed ({why}): the plan must be approved again")
