"""RG-6: the individual study plan as the printed document the student and adviser sign."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import override

from ektu_portal.core.pdf import render_pdf
from registration import selectors
from registration.models import StudyPlan

# RG-6: printed in two copies — one for the student's personal file at the registrar's office,
# one for the student.
COPIES = ("1 — жеке іс / личное дело / personal file", "2 — білім алушы / обучающийся / student")


def study_plan_pdf(plan: StudyPlan) -> bytes:
    student = plan.student
    # The document's language is Kazakh first, then Russian and English: disciplines are named in Kazakh.
    with override("kk"):
        body = selectors.plan_document(plan, student=student, period=plan.period)
        return render_pdf("registration/study_plan_print.html", {
            "plan": plan, "body": body, "student": student, "copies": COPIES,
            "approved": plan.status == StudyPlan.Status.APPROVED, "printed": timezone.localtime(),
            "header_left": f"ЖОЖ / ИУП / IUP · {student.user.full_name}",
            "header_right": f"{plan.period.code} · v{plan.version}",
        })


def inline_filename(plan: StudyPlan) -> str:
    """The Content-Disposition of the printed plan, opened in the browser."""
    return f'inline; filename="iup-{plan.student.user.username}-{plan.period.code}.pdf"'
