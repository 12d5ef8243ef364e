"""The student's registration page. Thin: the offer from selectors, writes through services."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ektu_portal.academics.selectors import next_registration_period
from ektu_portal.core.errors import DomainError
from registration import selectors, services

REASON_TEXT = {
    "registration_closed": gettext_lazy("registration is closed"),
    "student_not_active": gettext_lazy("only active students register"),
    "not_in_plan": gettext_lazy("not in your curriculum for this period"),
    "prerequisite_missing": gettext_lazy("a prerequisite is not mastered"),
    "already_enrolled": gettext_lazy("you already chose this discipline"),
    "already_passed": gettext_lazy("you have already passed it"),
    "elective_group_complete": gettext_lazy("you already chose this elective group"),
    "credit_limit": gettext_lazy("over your credit limit"),
    "section_full": gettext_lazy("full — you can join the wait list"),
}


@login_required
def registration_page(request: HttpRequest) -> HttpResponse:
    try:
        student = services.student_for(request.user, None)
    except DomainError:
        raise Http404 from None
    if request.method == "POST":
        try:
            if request.POST.get("drop"):
                services.enrollment_drop(actor=request.user, enrollment_id=int(request.POST["drop"]),
                                         now=timezone.now())
                messages.success(request, _("Dropped."))
            else:
                enrollment = services.enrollment_create(actor=request.user, section_code=request.POST.get("section", ""),
                                                        now=timezone.now())
                messages.success(request, _("You are on the wait list.") if enrollment.status == "waitlisted"
                                 else _("Registered."))
        except (DomainError, ValueError) as error:
            messages.error(request, getattr(error, "title", str(error)))
        return redirect("registration:page")
    now = timezone.now()
    offer = selectors.offer(student, now)
    for row in offer["sections"]:
        row["reason_texts"] = [REASON_TEXT.get(code, code) for code in row["reasons"]]
        row["seats_left"] = max(row["capacity"] - row["taken"], 0)
        # A full section is still open to its wait list (RG-9).
        row["can_choose"] = row["eligible"] or row["reasons"] == ["section_full"]
    if offer.get("window_closes"):
        offer["window_closes_at"] = datetime.fromisoformat(offer["window_closes"])
    enrollment_ids = selectors.my_enrollment_ids(student, offer["period"])
    for row in offer["sections"]:
        row["enrollment_id"] = enrollment_ids.get(row["code"])
    upcoming = None if offer["period"] else next_registration_period(now)
    template = "registration/_offer.html" if request.GET.get("partial") else "registration/page.html"
    return render(request, template, {"student": student, "offer": offer, "upcoming": upcoming})
