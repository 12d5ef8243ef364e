"""E-mail notices of final attestation. Sent from Celery tasks, never inside a request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail

from attestation import labels, selectors
from attestation.models import Thesis
from ektu_portal.academics.models import Role, RoleAssignment


def send_missing_documents_notices(thesis_ids: list[int]) -> int:
    """FA-3: the student and the commission's secretary (every attestation secretary when the commission
    names none) learn which documents are missing and that the defence is blocked. One message per
    student: nobody sees another student's address."""
    theses = Thesis.objects.filter(pk__in=thesis_ids).select_related(
        "student__user", "session__commission__secretary_user")
    secretaries = list(RoleAssignment.objects.filter(role=Role.ATTESTATION_SECRETARY)
                       .exclude(user__email="").values_list("user__email", flat=True))
    messages = []
    for thesis in theses:
        session = thesis.session
        if session is None:
            continue
        state = selectors.thesis_state(thesis, session.date)
        missing = ", ".join(labels.label(labels.DOCUMENTS, code) for code in state.missing)
        body = (f"{thesis.student.user.full_name},\n\nThese documents of the thesis \"{thesis.topic}\" "
                f"did not reach the attestation commission five working days before the defence on "
                f"{session.date:%d.%m.%Y} (FA-3): {missing}. Until they do, the defence cannot go ahead."
                f"\n\nEKTU Portal")
        secretary = session.commission.secretary_user
        staff = [secretary.email] if secretary is not None and secretary.email else secretaries
        recipients = [a for a in (thesis.student.user.email, *staff) if a]
        if recipients:
            messages.append(("Thesis documents missing / Дипломдық жұмыс құжаттары жоқ", body,
                             settings.DEFAULT_FROM_EMAIL, recipients))
    return send_mass_mail(messages, fail_silently=False) if messages else 0
