"""E-mails of §12, sent from Celery tasks (never inside a request). Bilingual subjects (Kazakh / English),
as the university writes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

WELCOME_SUBJECT = "ШҚТУ-ға ауыстырылдыңыз / You are transferred to EKTU"
OVERDUE_SUBJECT = "Ауыстыру мерзімі өтті / Transfer cases past their deadline"


def _link(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def welcome_transferred(student_id: int) -> None:
    """Queued once the order's transaction commits (the task reads the committed record)."""
    from mobility.tasks import welcome_transferred as task

    task.delay(student_id)


def send_welcome(student_id: int) -> int:
    """The username and a link to set the password (allauth's reset-from-key page, one use)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    from ektu_portal.academics.models import Student

    student = Student.objects.select_related("user", "program").filter(pk=student_id).first()
    if student is None or not student.user.email:
        return 0
    user = student.user
    link = _link(reverse("account_reset_password_from_key", kwargs={
        "uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}))
    program = student.program
    body = (f"{user.full_name}\n\n{program.code} {program.name_kk or program.name_en}, "
            f"{student.course_year}\n\n"
            f"Логин / Username: {user.username}\n"
            f"Құпия сөзді орнатыңыз / Set your password: {link}\n\n"
            f"Бір апта ішінде пәндерге тіркеліңіз / Register for your disciplines within one week (RG-7).\n\n"
            f"EKTU Portal")
    return send_mail(WELCOME_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)


def overdue_cases(late: list[tuple[Any, tuple[str, ...]]]) -> int:
    """TR-6, TR-7: the day's list of overdue cases to everyone of the registrar's office."""
    from django.contrib.auth import get_user_model
    from django.utils.translation import override

    from ektu_portal.academics.models import Role
    from mobility import labels

    recipients = list(get_user_model().objects.filter(role_assignments__role=Role.REGISTRAR)
                      .exclude(email="").values_list("email", flat=True))
    if not recipients:
        return 0
    lines = []
    with override("kk"):
        for case, codes in late:
            who = case.student.user.full_name if case.student_id else case.full_name
            steps = "; ".join(labels.label(labels.TRANSFER_DEADLINES, code) for code in codes)
            lines.append(f"#{case.pk} {who} — {case.get_kind_display()}: {steps}\n"
                         f"  {_link(reverse('mobility:transfer', args=[case.pk]))}")
    return send_mail(OVERDUE_SUBJECT, "\n".join(lines) + "\n\nEKTU Portal", settings.DEFAULT_FROM_EMAIL,
                     recipients, fail_silently=False)
