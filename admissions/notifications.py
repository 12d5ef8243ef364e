"""E-mails to applicants, sent from Celery tasks (never inside a request). Bilingual subjects (Kazakh /
English), as the university writes."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from admissions.models import Applicant

CODE_SUBJECT = "Қабылдау: бір реттік код / Admissions: one-time code"
ADMISSION_SUBJECT = "ШҚТУ-ға қабылдандыңыз / You are admitted to EKTU"


def _link(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def send_sign_in_code(applicant_id: int, *, now: datetime) -> int:
    from admissions.services import CODE_LIFETIME, sign_in_code_issue

    applicant = Applicant.objects.filter(pk=applicant_id).exclude(email="").first()
    if applicant is None:
        return 0
    code = sign_in_code_issue(applicant_id=applicant.pk, now=now)
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    body = (f"{applicant.full_name}, {applicant.number}\n\n"
            f"Код / Code: {code}\n\n"
            f"{minutes} минут ішінде жарамды / Valid for {minutes} minutes.\n"
            f"{_link(reverse('admissions:status-sign-in'))}\n\nEKTU Portal")
    return send_mail(CODE_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [applicant.email], fail_silently=False)


def send_admission_notice(applicant_id: int) -> int:
    """The username and a link to set the password (allauth's reset-from-key page, one use)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    applicant = (Applicant.objects.select_related("student__user", "student__program")
                 .filter(pk=applicant_id).first())
    if applicant is None or applicant.student is None or not applicant.student.user.email:
        return 0
    user = applicant.student.user
    link = _link(reverse("account_reset_password_from_key", kwargs={
        "uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}))
    program = applicant.student.program
    body = (f"{user.full_name}\n\n"
            f"{program.code} {program.name_kk or program.name_en} · {applicant.student.intake_year}\n\n"
            f"Логин / Username: {user.username}\n"
            f"Құпия сөзді орнатыңыз / Set your password: {link}\n\nEKTU Portal")
    return send_mail(ADMISSION_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
