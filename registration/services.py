"""Enrolment and drop (contract §3). Capacity is never exceeded whatever the concurrency (RG-9):
a seat is taken by one conditional UPDATE (``taken < capacity``) in the same transaction as
the enrolment row; a student's own requests are serialized by locking their row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection, transaction

from ektu_portal.academics.models import Enrollment, Section, Student
from ektu_portal.audit.services import audit_record
from ektu_portal.core.errors import Conflict, NotFound, PermissionDenied
from registration import permissions, selectors
from registration.policy.eligibility import SECTION_FULL, elective_group_credits, reasons_against

TITLES = {
    "registration_closed": "Registration is closed (RG-2)",
    "student_not_active": "Only active students register",
    "not_in_plan": "The discipline is not in your curriculum for this period",
    "prerequisite_missing": "A prerequisite is not mastered (RG-3)",
    "already_enrolled": "You already registered for this discipline",
    "already_passed": "You have already passed this discipline",
    "elective_group_complete": "You already chose this elective group's credits",
    "credit_limit": "This would pass the period's credit limit",
    "section_full": "Section is full",
}


class RegistrationRefused(Conflict):
    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__(", ".join(reasons), code=reasons[0], title=TITLES.get(reasons[0], reasons[0]),
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
