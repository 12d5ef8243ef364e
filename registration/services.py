"""Enrolment and drop (contract §3). Capacity is never exceeded whatever the concurrency (RG-9):
a seat is taken by one conditional UPDATE (``taken < capacity``) in the same transaction as
the enrolment row; a student's own requests are serialized by locking their row."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from ektu_portal.academics.models import Enrollment, Section, Student
from ektu_portal.academics.permissions import access_student
from ektu_portal.audit.services import audit_record
from ektu_portal.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from registration import labels, permissions, selectors
from registration.models import StudyPlan
from registration.policy import sections as sections_policy
from registration.policy import study_plan
from registration.policy.eligibility import SECTION_FULL, elective_group_credits, reasons_against


class RegistrationRefused(Conflict):
    """Every reason the student may not take the section (contract §3 codes), the first as the code."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__(", ".join(reasons), code=reasons[0], title=labels.label(labels.REFUSALS, reasons[0]),
                         reasons=list(reasons))


def _take_seat(section_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE academics_section SET taken = taken + 1 WHERE id = %s AND taken < capacity",
                       [section_id])
        return cursor.rowcount == 1


def _free_seat(section_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE academics_section SET taken = taken - 1 WHERE id = %s AND taken > 0",
                       [section_id])


@transaction.atomic
def enrollment_create(*, actor: Any, section_code: str, now: datetime, student_username: str | None = None,
                      waitlist: bool = True) -> Enrollment:
    student = permissions.access_registrant(actor, student_username)
    section = (Section.objects.select_related("discipline", "period")
               .prefetch_related("discipline__prerequisites")
               .filter(code=section_code).first())
    if section is None:
        raise NotFound(f'There is no section "{section_code}".', code="section_not_found",
                       title=labels.label(labels.REFUSALS, "section_not_found"))
    Student.objects.select_for_update().only("pk").get(pk=student.pk)  # one request of this student at a time
    plan = selectors.plan_of(student)
    facts = selectors.student_facts(student, section.period, plan)
    item = plan.get(section.discipline.code)
    group = item.elective_group if item else ""
    group_credits = elective_group_credits(plan, selectors.plan_credits(plan), group) if group else 0
    reasons = reasons_against(facts, selectors.section_facts(section),
                              window_open=selectors.window_open(section.period, now, student),
                              credit_limit=selectors.credit_limit(section.period),
                              group_credits=group_credits,
                              include_full=False)
    if reasons:
        raise RegistrationRefused(reasons)
    seated = _take_seat(section.pk)
    if not seated and not waitlist:
        raise RegistrationRefused((SECTION_FULL,))
    status = Enrollment.Status.ENROLLED if seated else Enrollment.Status.WAITLISTED
    enrollment = Enrollment.objects.filter(section=section, student=student).order_by().first()
    before = {"status": enrollment.status} if enrollment else None
    if enrollment is None:
        enrollment = Enrollment.objects.create(section=section, student=student, status=status)
    else:  # a dropped enrolment comes back; on the wait list it joins at the end
        enrollment.status = status
        enrollment.created_at = now
        enrollment.save(update_fields=["status", "created_at", "changed_at"])
    audit_record(actor=actor, action="enrollment.create", obj=enrollment, before=before,
                 after={"status": status, "section": section.code}, reason="registration")
    plan_registrations_changed(actor=actor, student=student, period=section.period,
                               why=f"{section.code} added")
    return enrollment


def enrollment_create_fast(*, actor: Any, section_code: str, now: datetime,
                           student_username: str | None = None, waitlist: bool = True) -> Enrollment:
    """``enrollment_create`` for registration day (issue 15): the same decision — eligibility's
    ``reasons_against`` on the same facts, assembled by the same ``selectors.registration_facts`` — with
    the facts read once per student and cached while the database says they hold (registration.cache),
    and the student's lock, the seat (RG-9), the enrolment and its audit record in one statement.

    Whatever is out of the ordinary takes ``enrollment_create`` itself, so every answer is the
    service's: someone registering another student (the registrar's office), a study plan the change
    would send back to a draft (RG-6), a cache the database no longer agrees with, a section or student
    that does not exist."""
    from registration import cache
    from registration.policy.eligibility import reasons_against

    def full_path() -> Enrollment:
        return enrollment_create(actor=actor, section_code=section_code, now=now,
                                 student_username=student_username, waitlist=waitlist)

    if not getattr(actor, "is_authenticated", False) or student_username not in (None, actor.get_username()):
        return full_path()
    known = cache.current_shared()  # the section's period, from what this process knows already
    if known is None:
        got = cache.registrant(actor.pk, None, now)
        known = got[1] if got is not None else None
    section = known.section(section_code) if known is not None else None
    registrant = shared = None
    for _attempt in range(2):  # again if the section's period turns out another in a newer generation
        got = cache.registrant(actor.pk, section.period_id, now) if section is not None else None
        if got is None:
            return full_path()
        registrant, shared = got
        section = shared.section(section_code)
        if section is None or section.period_id in registrant.periods:
            break
    period = shared.periods().get(section.period_id) if section is not None and shared is not None else None
    if registrant is None or shared is None or section is None or period is None \
            or period.pk not in registrant.periods:
        return full_path()
    record, plan_status = registrant.periods[period.pk]
    if plan_status is not None and study_plan.after_registration_change(plan_status) != plan_status:
        return full_path()  # RG-6: the plan goes back to a draft, audited — the service's work
    plan, credits = shared.plan(registrant.program_id, registrant.intake_year)
    facts = selectors.registration_facts(record, period, plan, active=registrant.active,
                                         intake_year=registrant.intake_year)
    item = plan.get(section.discipline.code)
    group = item.elective_group if item else ""
    reasons = reasons_against(facts, shared.section_facts(section),
                              window_open=selectors.window_open(period, now, windows=registrant.windows),
                              credit_limit=shared.limits(period)[0],
                              group_credits=elective_group_credits(plan, credits, group) if group else 0,
                              include_full=False)
    if reasons:
        if cache.still_holds(registrant):
            raise RegistrationRefused(reasons)
        cache.forget(actor.pk)
        return full_path()
    outcome, enrollment_id, version = cache.enrol(registrant, section, waitlist=waitlist, now=now,
                                                  actor=actor)
    if outcome == "full":
        raise RegistrationRefused((SECTION_FULL,))
    if outcome not in (Enrollment.Status.ENROLLED, Enrollment.Status.WAITLISTED) or enrollment_id is None:
        cache.forget(actor.pk)  # stale: nothing was written
        return full_path()
    cache.after_enrolment(registrant, period.pk, selectors.Taking(
        section_id=section.pk, enrollment_id=enrollment_id, discipline=section.discipline.code,
        credits=section.discipline.credits, status=outcome), version)
    student = Student(pk=registrant.student_id, user_id=registrant.user_id, program_id=registrant.program_id,
                      intake_year=registrant.intake_year, status=registrant.status)
    student.user = actor
    return Enrollment(pk=enrollment_id, section=section, student=student, status=outcome)


@transaction.atomic
def enrollment_drop(*, actor: Any, enrollment_id: int, now: datetime) -> Enrollment:
    """RG-2: drop while registration or the drop-off period is open; the wait list moves up."""
    enrollment = permissions.access_enrollment(actor, enrollment_id, for_update=True)
    if enrollment.status == Enrollment.Status.DROPPED:
        title = labels.label(labels.REFUSALS, "already_dropped")
        raise Conflict(title, code="already_dropped", title=title)
    if not selectors.window_open(enrollment.section.period, now, enrollment.student):
        raise RegistrationRefused(("registration_closed",))
    _drop(enrollment, actor=actor, reason="dropped")
    return enrollment


def _drop(enrollment: Enrollment, *, actor: Any, reason: str, action: str = "enrollment.drop",
          promote: bool = True) -> None:
    """Drop a live enrolment (locked by the caller): audited, the plan reopened, the seat freed and
    the wait list moved up (RG-9)."""
    was_enrolled = enrollment.status == Enrollment.Status.ENROLLED
    before = {"status": enrollment.status}
    enrollment.status = Enrollment.Status.DROPPED
    enrollment.save(update_fields=["status", "changed_at"])
    audit_record(actor=actor, action=action, obj=enrollment, before=before,
                 after={"status": enrollment.status}, reason=reason)
    plan_registrations_changed(actor=actor, student=enrollment.student, period=enrollment.section.period,
                               why=f"{enrollment.section.code} dropped")
    if was_enrolled:
        _free_seat(enrollment.section_id)
        if promote:
            promote_from_waitlist(section_id=enrollment.section_id)


def promote_from_waitlist(*, section_id: int) -> Enrollment | None:
    """RG-9: the first student on the wait list takes a freed seat (ordered by when they asked)."""
    waiting = (Enrollment.objects.select_for_update(skip_locked=True)
               .filter(section_id=section_id, status=Enrollment.Status.WAITLISTED)
               .order_by("created_at", "id").first())
    if waiting is None or not _take_seat(section_id):
        return None
    waiting.status = Enrollment.Status.ENROLLED
    waiting.save(update_fields=["status", "changed_at"])
    audit_record(actor=None, action="enrollment.promote", obj=waiting, before={"status": "waitlisted"},
                 after={"status": "enrolled"}, reason="a seat was freed (wait list)")
    return waiting


# --- individual study plans (RG-6) ----------------------------------------------------------------

class PlanRefused(Conflict):
    def __init__(self, reasons: list[str]) -> None:
        super().__init__(", ".join(reasons), code=reasons[0],
                         title=labels.label(labels.PLAN_REFUSALS, reasons[0]), reasons=reasons)


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
    student = permissions.access_registrant(actor, student_username)  # the student, or the registrar for them
    period = selectors.registration_period(now, student)
    if period is None:
        raise PlanRefused([study_plan.REGISTRATION_CLOSED])
    Student.objects.select_for_update().only("pk").get(pk=student.pk)  # serialized with enrolments
    plan = _locked_plan(student, period)
    items = selectors.plan_sections(student, period)
    enrolled = [i for i in items if i["status"] == Enrollment.Status.ENROLLED]
    facts = study_plan.PlanFacts(
        enrolled_credits=sum(i["credits"] for i in enrolled), enrolled_count=len(enrolled),
        waitlisted_count=len(items) - len(enrolled), credit_limit=selectors.credit_limit(period),
        window_open=selectors.window_open(period, now, student))
    problems = (study_plan.step_problems(study_plan.SUBMIT, plan.status)
                + study_plan.submission_problems(facts))
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
    plan = permissions.access_plan(actor, plan_id, for_update=True)
    if decision not in ("approve", "return"):
        raise DomainError('The decision is "approve" or "return".', code="invalid_decision")
    as_adviser = (permissions.can_decide_as_adviser(actor, plan.student)
                  and plan.status == study_plan.SUBMITTED)
    as_dean = (permissions.can_decide_as_dean(actor, plan.student)
               and plan.status == study_plan.ADVISER_APPROVED)
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


# --- registration's jobs and windows (RG-3, RG-5, RG-7) ---------------------------------------------

RG5_SWEEP = "rg5_minimum_size"


def _office_refusal(kind: type[DomainError], code: str) -> DomainError:
    """A refusal of the registrar's office request, titled in the reader's words."""
    title = labels.label(labels.OFFICE_REFUSALS, code)
    return kind(title, code=code, title=title)


def _notify(task_name: str, *args: Any) -> None:
    from registration import tasks

    transaction.on_commit(partial(getattr(tasks, task_name).delay, *args))


def find_small_sections(*, now: datetime) -> int:
    """RG-5: once a period's registration has closed, find its sections under their minimum size,
    give their students a re-choice window and tell them (within 3 days: at once). Idempotent and
    catching up: each period is checked once, whenever the job first runs after the close."""
    from ektu_portal.academics.models import AcademicPeriod
    from registration.models import PersonalWindow, RegistrationSweep, SmallSection

    done = RegistrationSweep.objects.filter(job=RG5_SWEEP).values_list("period_id", flat=True)
    found = 0
    # Periods already over are past helping (a first deployment does not reopen old years).
    for period in (AcademicPeriod.objects
                   .filter(registration_closes__lte=now, ends__gte=timezone.localdate(now))
                   .exclude(pk__in=done).order_by("registration_closes")):
        with transaction.atomic():
            sections = (Section.objects.filter(period=period, min_size__gt=0)
                        .annotate(registered=Count("enrollments", filter=Q(
                            enrollments__status=Enrollment.Status.ENROLLED)))
                        .order_by("code"))
            opens, closes = sections_policy.rechoice_window(now)
            for section in sections:
                if not sections_policy.under_minimum(section.registered, section.min_size):
                    continue
                small = SmallSection.objects.create(section=section, found_at=now,
                                                    registered=section.registered, min_size=section.min_size,
                                                    rechoice_until=closes)
                audit_record(actor=None, action="small_section.found", obj=small, before=None,
                             after={"registered": section.registered, "min_size": section.min_size},
                             reason="RG-5: fewer registered than the minimum when registration closed")
                students = Student.objects.filter(enrollments__section=section,
                                                  enrollments__status=Enrollment.Status.ENROLLED)
                PersonalWindow.objects.bulk_create([
                    PersonalWindow(student=student, period=period, opens=opens, closes=closes,
                                   reason=PersonalWindow.Reason.RECHOICE, basis=f"RG-5 {section.code}")
                    for student in students])
                _notify("notify_small_section", small.pk)
                found += 1
            RegistrationSweep.objects.create(job=RG5_SWEEP, period=period, done_at=now)
    return found


@transaction.atomic
def decide_small_section(*, actor: Any, small_section_id: int, decision: str, now: datetime) -> Any:
    """RG-5: the registrar cancels a section under its minimum size (its students are dropped and
    told) or keeps it."""
    from registration.models import SmallSection

    small = permissions.access_small_section(actor, small_section_id, for_update=True)
    if decision not in ("cancel", "keep"):
        raise _office_refusal(DomainError, "invalid_decision")
    if small.decision != SmallSection.Decision.PENDING:
        raise _office_refusal(Conflict, "already_decided")
    before = {"decision": small.decision}
    small.decision = SmallSection.Decision.CANCELLED if decision == "cancel" else SmallSection.Decision.KEPT
    small.decided_by, small.decided_at = actor, now
    small.save()
    audit_record(actor=actor, action="small_section.decide", obj=small, before=before,
                 after={"decision": small.decision}, reason=f"RG-5: {decision}")
    if decision == "cancel":
        for enrollment in (Enrollment.objects.select_for_update()
                           .filter(section=small.section, status__in=selectors.TAKING)
                           .select_related("section__period", "student")):
            _drop(enrollment, actor=actor, reason="RG-5: the section is cancelled (under its minimum size)",
                  action="enrollment.cancelled", promote=False)
        _notify("notify_small_section", small.pk)
    return small


@transaction.atomic
def grant_personal_window(*, actor: Any, student_username: str, reason: str, basis: str, now: datetime,
                          period_code: str | None = None) -> Any:
    """RG-7 (transfer, readmission) and RG-2 (orientation week): a one-week window of the student's
    own for the period now running (or the one named)."""
    from ektu_portal.academics.models import AcademicPeriod
    from ektu_portal.academics.selectors import current_period
    from registration.models import PersonalWindow

    if not permissions.can_manage_registration(actor):
        raise PermissionDenied("Only the registrar's office opens personal windows.")
    student = access_student(actor, student_username,
                             can=lambda who, _: permissions.can_manage_registration(who))
    if reason not in (PersonalWindow.Reason.ORIENTATION, PersonalWindow.Reason.TRANSFER,
                      PersonalWindow.Reason.READMISSION):
        raise _office_refusal(DomainError, "invalid_reason")
    if reason != PersonalWindow.Reason.ORIENTATION and not basis.strip():
        raise _office_refusal(DomainError, "basis_required")
    period = (AcademicPeriod.objects.filter(code=period_code).first() if period_code
              else current_period(now) or selectors.registration_period(now))
    if period is None:
        raise _office_refusal(NotFound, "period_not_found")
    opens, closes = sections_policy.personal_window(now, reason)
    window = PersonalWindow.objects.create(student=student, period=period, opens=opens, closes=closes,
                                           reason=reason, granted_by=actor, basis=basis.strip())
    audit_record(actor=actor, action="personal_window.grant", obj=window, before=None,
                 after={"period": period.code, "opens": opens.isoformat(), "closes": closes.isoformat(),
                        "reason": reason}, reason=basis.strip() or reason)
    return window


def remove_postrequisites_of_debts(*, now: datetime, student_ids: list[int] | None = None) -> int:
    """RG-3: after each period, a student with an academic debt in a prerequisite does not study its
    postrequisites: their enrolments in later periods are dropped and the plan is corrected (it
    reopens); the student and adviser are told. Idempotent: dropped enrolments are not live.

    Grading tells registration when debts are registered (``grading.signals``); ``student_ids``
    narrows the work to those students. Without it every open debt is looked at (a catch-up)."""
    from grading.selectors import open_debts

    debts: dict[int, dict[str, Any]] = {}
    for debt in open_debts(student_ids=student_ids):
        owed = debts.setdefault(debt.student_id, {})
        owed[debt.discipline] = min(debt.period_starts, owed.get(debt.discipline, debt.period_starts))
    if not debts:
        return 0
    # Only periods not over yet: what was studied before the debt arose stays on the record.
    live = (Enrollment.objects.filter(student_id__in=debts, status__in=selectors.TAKING,
                                      section__period__ends__gte=timezone.localdate(now),
                                      section__discipline__prerequisites__code__in={
                                          c for owed in debts.values() for c in owed})
            .select_related("section__discipline", "section__period").prefetch_related(
                "section__discipline__prerequisites").distinct())
    removals = sections_policy.postrequisites_to_remove(
        (sections_policy.LiveEnrollment(e.pk, e.student_id, e.section.discipline.code,
                                        frozenset(p.code for p in e.section.discipline.prerequisites.all()),
                                        e.section.period.starts) for e in live), debts)
    for enrollment_id, owed in removals.items():
        with transaction.atomic():
            enrollment = (Enrollment.objects.select_for_update().select_related("section__period", "student")
                          .filter(pk=enrollment_id, status__in=selectors.TAKING).first())
            if enrollment is None:
                continue
            _drop(enrollment, actor=None, action="enrollment.postrequisite_removed",
                  reason=f"RG-3: the prerequisite {', '.join(owed)} is an academic debt")
            _notify("notify_postrequisite_removed", enrollment.pk, owed)
    return len(removals)


@transaction.atomic
def open_orientation_week(*, actor: Any, now: datetime, period_code: str | None = None) -> int:
    """RG-2: first-year students register during orientation week — a one-week window for every
    active first-year student at once (those who have one for the period are left as they are)."""
    from ektu_portal.academics.models import AcademicPeriod
    from ektu_portal.academics.selectors import current_period
    from registration.models import PersonalWindow

    if not permissions.can_manage_registration(actor):
        raise PermissionDenied("Only the registrar's office opens orientation week.")
    period = (AcademicPeriod.objects.filter(code=period_code).first() if period_code
              else current_period(now) or selectors.registration_period(now))
    if period is None:
        raise _office_refusal(NotFound, "period_not_found")
    opens, closes = sections_policy.personal_window(now, PersonalWindow.Reason.ORIENTATION)
    first_years = (Student.objects.filter(status=Student.Status.ACTIVE, course_year=1)
                   .exclude(personal_windows__period=period,
                            personal_windows__reason=PersonalWindow.Reason.ORIENTATION))
    # RG-2 itself is the basis: no order is named.
    windows = PersonalWindow.objects.bulk_create([
        PersonalWindow(student=student, period=period, opens=opens, closes=closes, granted_by=actor,
                       reason=PersonalWindow.Reason.ORIENTATION) for student in first_years])
    audit_record(actor=actor, action="personal_window.orientation_week", obj=period, before=None,
                 after={"students": len(windows), "opens": opens.isoformat(), "closes": closes.isoformat()},
                 reason="RG-2: first-year students register in orientation week")
    return len(windows)


@transaction.atomic
def first_registration_window(*, actor: Any, student: Student, period: Any, now: datetime, basis: str) -> Any:
    """RG-2/RG-7: an admitted applicant's own one-week window to register for their first period,
    opened by the admissions commission's service the moment the student record is created (the
    registrar's office opens every other personal window). Idempotent: one per student and period."""
    from ektu_portal.academics.models import Role
    from ektu_portal.academics.permissions import has_role, is_administrator
    from registration.models import PersonalWindow

    if not (permissions.can_manage_registration(actor) or has_role(actor, Role.ADMISSIONS)
            or is_administrator(actor)):
        raise PermissionDenied("Only the admissions commission or the registrar's office opens this window.")
    window = PersonalWindow.objects.filter(student=student, period=period,
                                           reason=PersonalWindow.Reason.ORIENTATION).first()
    if window is not None:
        return window
    opens, closes = sections_policy.personal_window(now, PersonalWindow.Reason.ORIENTATION)
    window = PersonalWindow.objects.create(student=student, period=period, opens=opens, closes=closes,
                                           reason=PersonalWindow.Reason.ORIENTATION, granted_by=actor,
                                           basis=basis.strip())
    audit_record(actor=actor, action="personal_window.grant", obj=window, before=None,
                 after={"period": period.code, "opens": opens.isoformat(), "closes": closes.isoformat(),
                        "reason": window.reason}, reason=basis.strip() or "admission")
    return window
