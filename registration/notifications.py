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
    plan = (StudyPlan.objects.select_related("student__user", "student__adviser", "student__program", "period")
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
    return send_mass_mail([(PLAN_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, recipients)], fail_silently=False)
