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
        lines = "\n".join(f"- {d.result.discipline.code} {d.result.discipline.name_en} "
                          f"({d.result.period.code}): "
                          f"{d.reason}" for d in items)
        body = (f"Dear {student.user.full_name},\n\nThese disciplines are now academic debts (GR-10). "
                f"You need to re-enrol in them, in the next period or the summer semester:\n\n{lines}\n\n"
                f"EKTU Portal")
        recipients = [a for a in (student.user.email, student.adviser.email if student.adviser else "") if a]
        if recipients:
            messages.append(("Academic debt / Академиялық берешек", body, settings.DEFAULT_FROM_EMAIL,
                             recipients))
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def send_sheet_posted_notices(sheet_id: int) -> int:
    """GR-12/GR-13: each student of a posted sheet — the section's for a session sheet, those whose
    retake or additional exam it records otherwise — is told that the grade is visible and until when
    an appeal may be filed. One message per student: nobody sees the others' addresses."""
    from django.utils import timezone

    from ektu_portal.academics.models import Enrollment, Result
    from grading.models import GradeSheet

    sheet = GradeSheet.objects.select_related("section", "discipline").filter(pk=sheet_id).first()
    if sheet is None or sheet.appeal_window_closes_at is None:
        return 0
    if sheet.sitting == GradeSheet.Sitting.REGULAR:
        emails = Enrollment.objects.filter(section_id=sheet.section_id, status=Enrollment.Status.ENROLLED
                                           ).values_list("student__user__email", flat=True)
    else:
        emails = Result.objects.filter(attempt_sheet__sheet=sheet).values_list("student__user__email",
                                                                               flat=True)
    recipients = sorted({e for e in emails if e})
    until = timezone.localtime(sheet.appeal_window_closes_at)
    where = sheet.section.code if sheet.section_id else sheet.discipline.code
    body = (f"The grades of {where} ({sheet.discipline.name_en}) are posted. You may file an appeal "
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
    # GR-14: a grant is entered by the head of the registrar's office; the score changes then.
    outcome = (f"granted: {appeal.points_added} points will be added to the exam score once the registrar's "
               f"office enters the decision" if appeal.status == Appeal.Status.GRANTED else "rejected")
    body = (f"Your appeal on {result.discipline.code} ({result.period.code}) is {outcome}."
            + (f"\nReason: {appeal.decision_reason}" if appeal.decision_reason else "") + "\n\nEKTU Portal")
    return send_mass_mail([("Апелляция / Appeal", body, settings.DEFAULT_FROM_EMAIL,
                            [result.student.user.email])], fail_silently=False)


def send_appeal_entered_notice(appeal_id: int) -> int:
    """GR-14: the student learns that the registrar's office entered the granted appeal, and the score."""
    from grading.models import Appeal

    appeal = (Appeal.objects.select_related("result__student__user", "result__discipline", "result__period")
              .filter(pk=appeal_id, entered_at__isnull=False).first())
    if appeal is None or not appeal.result.student.user.email:
        return 0
    result = appeal.result
    body = (f"The registrar's office has entered your granted appeal on {result.discipline.code} "
            f"({result.period.code}): {appeal.points_added} points are added, your exam score is now "
            f"{result.exam}.\n\nEKTU Portal")
    return send_mass_mail([("Апелляция / Appeal", body, settings.DEFAULT_FROM_EMAIL,
                            [result.student.user.email])], fail_silently=False)


def send_attendance_warnings(warning_ids: list[int]) -> int:
    """Issue 9 (GR-3): one message per student listing the disciplines where 40% of the classes are
    missed — more than half bars them from the exam, and the discipline is taken again in summer."""
    from grading.models import AttendanceWarning

    warnings = (AttendanceWarning.objects.filter(pk__in=warning_ids)
                .select_related("result__student__user", "result__discipline", "result__period")
                .order_by("result__discipline__code"))
    by_student: dict[int, list[AttendanceWarning]] = defaultdict(list)
    for warning in warnings:
        by_student[warning.result.student_id].append(warning)
    messages = []
    for items in by_student.values():
        user = items[0].result.student.user
        if not user.email:
            continue
        lines = "\n".join(f"- {w.result.discipline.code} {w.result.discipline.name_en} "
                          f"({w.result.period.code}): "
                          f"{w.missed} of {w.classes_held} classes missed" for w in items)
        body = (f"Dear {user.full_name},\n\nYou have missed at least 40% of the classes of:\n\n{lines}\n\n"
                f"A student who misses more than 50% of a discipline's classes is not admitted to its exam "
                f"and "
                f"takes the discipline again in the summer semester (GR-3). Five lates of more than 20 "
                f"minutes "
                f"count as one missed class.\n\nEKTU Portal")
        messages.append(("Сабаққа қатысу / Посещаемость / Attendance", body, settings.DEFAULT_FROM_EMAIL,
                         [user.email]))
    return send_mass_mail(messages, fail_silently=False) if messages else 0
