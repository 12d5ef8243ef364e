"""E-mail notices of grading events. Sent from Celery tasks, never inside a request."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail

from grading.models import AcademicDebt


def send_debt_notices(debt_ids: list[int]) -> int:
    debts = AcademicDebt.objects.filter(pk__in=debt_ids).select_related(
        "result__student__user", "result__student__adviser", "result__discipline", "result__period")
    by_student: dict[int, list[AcademicDebt]] = defaultdict(list)
    for debt in debts:
        by_student[debt.result.student_id].append(debt)
    messages = []
    for items in by_student.values():
        student = items[0].result.student
        lines = "\n".join(f"- {d.result.discipline.code} {d.result.discipline.name_en} ({d.result.period.code}): "
                          f"{d.reason}" for d in items)
        body = (f"Dear {student.user.full_name},\n\nThese disciplines are now academic debts (GR-10). "
                f"You need to re-enrol in them, in the next period or the summer semester:\n\n{lines}\n\n"
                f"EKTU Portal")
        recipients = [a for a in (student.user.email, student.adviser.email if student.adviser else "") if a]
        if recipients:
            messages.append(("Academic debt / Академиялық берешек", body, settings.DEFAULT_FROM_EMAIL, recipients))
    return send_mass_mail(messages, fail_silently=False) if messages else 0
