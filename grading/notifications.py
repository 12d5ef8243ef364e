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


def send_sheet_posted_notices(sheet_id: int) -> int:
    """GR-12/GR-13: each student of a posted sheet is told that the grade is visible and until when
    an appeal may be filed. One message per student: nobody sees the others' addresses."""
    from django.utils import timezone

    from ektu_portal.academics.models import Enrollment
    from grading.models import GradeSheet

    sheet = GradeSheet.objects.select_related("section__discipline").filter(pk=sheet_id).first()
    if sheet is None or sheet.appeal_window_closes_at is None:
        return 0
    section = sheet.section
    until = timezone.localtime(sheet.appeal_window_closes_at)
    recipients = sorted({e for e in Enrollment.objects.filter(section=section, status=Enrollment.Status.ENROLLED)
                         .values_list("student__user__email", flat=True) if e})
    body = (f"The grades of {section.code} ({section.discipline.name_en}) are posted. You may file an appeal "
            f"until {until:%d.%m.%Y %H:%M} (GR-13).\n\nEKTU Portal")
    messages = [("Бағалар / Grades", body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients]
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def send_appeal_decision_notice(appeal_id: int) -> int:
    from grading.models import Appeal

    appeal = (Appeal.objects.select_related("result__student__user", "result__discipline", "result__period")
              .filter(pk=appeal_id).first())
    if appeal is None or not appeal.result.student.user.email:
        return 0
    result = appeal.result
    outcome = (f"granted: {appeal.points_added} points are added to the exam score"
               if appeal.status == Appeal.Status.GRANTED else "rejected")
    body = (f"Your appeal on {result.discipline.code} ({result.period.code}) is {outcome}."
            + (f"\nReason: {appeal.decision_reason}" if appeal.decision_reason else "") + "\n\nEKTU Portal")
    return send_mass_mail([("Апелляция / Appeal", body, settings.DEFAULT_FROM_EMAIL,
                            [result.student.user.email])], fail_silently=False)
