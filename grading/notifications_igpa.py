"""E-mail notices of the progression list (TR-10, TR-11). Sent from Celery tasks, never inside a request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail

from grading.models import ProgressionLine


def send_progression_notices(line_ids: list[int]) -> int:
    """TR-11: a student who repeats the year learns it, why, that the year is fully paid, that a grant is
    lost, and that the repeat-year contract must be signed by the deadline or they are expelled for
    academic failure; TR-10: a student who progresses with debts learns which to clear on a paid basis.
    One message per student (and a copy to the adviser)."""
    lines = ProgressionLine.objects.filter(pk__in=line_ids).select_related(
        "student__user", "student__adviser", "run")
    messages = []
    for line in lines:
        student = line.student
        recipients = [a for a in (student.user.email, student.adviser.email if student.adviser else "") if a]
        if not recipients:
            continue
        deadline = f"{line.run.deadline:%d.%m.%Y}"
        debts = ", ".join(line.debts)
        if line.outcome == ProgressionLine.Outcome.REPEAT_YEAR:
            reasons = ", ".join(line.reasons)
            body = (f"Dear {student.user.full_name},\n\nThe progression list of {line.run.academic_year} is "
                    f"confirmed: you do not meet the conditions of progression ({reasons}) and repeat the "
                    f"year on a fully paid basis (TR-11).\n")
            if line.loses_grant:
                body += ("As a grant holder who repeats a year, you lose the grant: your funding is now "
                         "paid.\n")
            body += (f"Sign the repeat-year contract at the registrar's office by {deadline}; a student who "
                     f"has not signed it by then is expelled for academic failure.\n\nEKTU Portal")
            subject = "Repeat year / Курсты қайталау / Повторное обучение"
        else:
            body = (f"Dear {student.user.full_name},\n\nThe progression list of {line.run.academic_year} is "
                    f"confirmed: you progress to the next course year with academic debts to clear on a paid "
                    f"basis, in the summer semester or additional classes (TR-10): {debts}.\n\nEKTU Portal")
            subject = "Progression / Курстан курсқа көшіру / Перевод с курса на курс"
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, recipients))
    return send_mass_mail(messages, fail_silently=False) if messages else 0
