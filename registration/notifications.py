"""E-mail notices of registration events (RG-5, RG-6, RG-3). Sent from Celery tasks, never inside
a request. Bilingual subjects (Kazakh / English), as the university writes to students."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from ektu_portal.academics.models import Student
from registration.models import StudyPlan
from registration.policy import study_plan

PLAN_SUBJECT = "Жеке оқу жоспары / Individual study plan"


def _deans_of(student: Student) -> list[str]:
    from ektu_portal.academics.models import Role, RoleAssignment

    return list(RoleAssignment.objects.filter(role__in=(Role.DEAN, Role.DEPUTY_DEAN),
                                              school_id=student.program.school_id)
                .exclude(user__email="").values_list("user__email", flat=True))


def plan_step_recipients(plan: StudyPlan, step: str) -> list[str]:
    """Who needs to act or know after a step: submitted → the adviser; adviser approved → the
    dean's office; returned or approved → the student (and the adviser when the dean decided)."""
    student = plan.student
    adviser = student.adviser.email if student.adviser else ""
    if step == study_plan.SUBMIT:
        wanted = [adviser]
    elif step == study_plan.ADVISER_APPROVE:
        wanted = _deans_of(student)
    elif step in (study_plan.DEAN_APPROVE, study_plan.DEAN_RETURN):
        wanted = [student.user.email, adviser]
    else:
        wanted = [student.user.email]
    return sorted({email for email in wanted if email})


def send_plan_step_notice(plan_id: int, step: str) -> int:
    plan = (StudyPlan.objects
            .select_related("student__user", "student__adviser", "student__program", "period")
            .filter(pk=plan_id).first())
    if plan is None:
        return 0
    recipients = plan_step_recipients(plan, step)
    if not recipients:
        return 0
    link = settings.PORTAL_URL.rstrip("/") + reverse("registration:plan", args=[plan.pk])
    body = (f"{plan.student.user.full_name} ({plan.student.user.username}), {plan.period.code}: "
            f"{plan.get_status_display()}.\n")
    if plan.comment:
        body += f"\nComment: {plan.comment}\n"
    body += f"\n{link}\n\nEKTU Portal"
    return send_mass_mail([(PLAN_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, recipients)],
                          fail_silently=False)


def send_small_section_notice(small_section_id: int) -> int:
    """RG-5: the section's students learn it is under its minimum size and may re-choose until the
    window closes — or, once the registrar cancelled it, that it is cancelled."""
    from ektu_portal.academics.models import Enrollment
    from registration.models import SmallSection

    small = SmallSection.objects.select_related("section__discipline", "section__period").filter(
        pk=small_section_id).first()
    if small is None:
        return 0
    section = small.section
    cancelled = small.decision == SmallSection.Decision.CANCELLED
    status = Enrollment.Status.DROPPED if cancelled else Enrollment.Status.ENROLLED
    recipients = sorted({email for email in Enrollment.objects.filter(section=section, status=status)
                         .values_list("student__user__email", flat=True) if email})
    if not recipients:
        return 0
    if cancelled:
        body = (f"The section {section.code} ({section.discipline.name_en}) is cancelled: too few students "
                f"registered (RG-5). Choose another section or discipline in the portal.")
    else:
        body = (f"Only {small.registered} students registered for {section.code} "
                f"({section.discipline.name_en}); the minimum is {small.min_size} (RG-5). The section may be "
                f"cancelled. You may re-choose until "
                f"{small.rechoice_until:%d.%m.%Y %H:%M}.")
    link = settings.PORTAL_URL.rstrip("/") + reverse("registration:page")
    # One message, every student in Bcc-like separate sends: nobody sees the others' addresses.
    return send_mass_mail([("Тіркеу / Registration", f"{body}\n\n{link}\n\nEKTU Portal",
                            settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients],
                          fail_silently=False)


def send_postrequisite_notice(enrollment_id: int, owed: list[str]) -> int:
    """RG-3: the student and their adviser learn which enrolment left the plan, and why."""
    from ektu_portal.academics.models import Enrollment

    enrollment = (Enrollment.objects
                  .select_related("student__user", "student__adviser", "section__discipline")
                  .filter(pk=enrollment_id).first())
    if enrollment is None:
        return 0
    student = enrollment.student
    adviser = student.adviser.email if student.adviser else ""
    recipients = sorted({email for email in (student.user.email, adviser) if email})
    if not recipients:
        return 0
    body = (f"{student.user.full_name} ({student.user.username}): {enrollment.section.code} "
            f"({enrollment.section.discipline.name_en}) is removed from the plan, because its "
            f"prerequisite {', '.join(owed)} is an academic debt (RG-3). Re-study the prerequisite first; "
            f"the plan must be approved again.\n\nEKTU Portal")
    return send_mass_mail([("Жеке оқу жоспары / Individual study plan", body, settings.DEFAULT_FROM_EMAIL,
                            recipients)], fail_silently=False)
