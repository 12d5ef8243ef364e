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

from ektu_portal.academics.permissions import access_student, is_own_student_record
from ektu_portal.academics.selectors import next_registration_period
from ektu_portal.core.errors import DomainError
from registration import permissions, printing, selectors, services
from registration.models import PersonalWindow, StudyPlan

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
    student = access_student(request.user, None, can=is_own_student_record)
    if request.method == "POST":
        try:
            if request.POST.get("submit_plan"):
                services.plan_submit(actor=request.user, now=timezone.now())
                messages.success(request, _("Your study plan is submitted to your adviser."))
            elif request.POST.get("drop"):
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
    plan = None
    if offer["period"]:
        period = selectors.registration_period(now, student)
        plan = selectors.plan_as_dict(selectors.plan_for(student, period), student=student, period=period)
    if request.GET.get("partial") and not offer["period"]:
        return HttpResponse("")  # not open yet: the waiting room asks again
    template = "registration/_offer.html" if request.GET.get("partial") else "registration/page.html"
    return render(request, template, {"student": student, "offer": offer, "upcoming": upcoming, "plan": plan})


# --- individual study plans (RG-6) ----------------------------------------------------------------

@login_required
def plan_queue(request: HttpRequest) -> HttpResponse:
    """RG-6: the adviser's plans to review, the dean's plans to approve."""
    if not (permissions.reviews_plans(request.user)):
        raise Http404
    plans = selectors.plan_queue(request.user)
    rows = [{"plan": plan, "progress": selectors.student_progress(plan.student)} for plan in plans]
    return render(request, "registration/plan_queue.html", {"rows": rows})


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = permissions.access_plan(request.user, plan_id)
    if request.method == "POST":
        try:
            services.plan_decide(actor=request.user, plan_id=plan.pk, decision=request.POST.get("decision", ""),
                                 comment=request.POST.get("comment", ""), now=timezone.now())
        except DomainError as error:
            messages.error(request, getattr(error, "title", str(error)))
            return redirect("registration:plan", plan_id=plan.pk)
        messages.success(request, _("Your decision is recorded."))
        return redirect("registration:plans")
    body = selectors.plan_as_dict(plan, student=plan.student, period=plan.period, with_progress=True)
    can_decide = ((plan.status == StudyPlan.Status.SUBMITTED
                   and permissions.can_decide_as_adviser(request.user, plan.student))
                  or (plan.status == StudyPlan.Status.ADVISER_APPROVED
                      and permissions.can_decide_as_dean(request.user, plan.student)))
    return render(request, "registration/plan.html", {"plan": plan, "body": body, "can_decide": can_decide,
                                                      "history": selectors.plan_history(plan)})


@login_required
def plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    """RG-6: the plan printed in two copies, with signature lines and the dean's approval."""
    plan = permissions.access_plan(request.user, plan_id)
    response = HttpResponse(printing.study_plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="iup-{plan.student.user.username}-{plan.period.code}.pdf"'
    return response


# --- the registrar's office (RG-5, RG-7) -----------------------------------------------------------

@login_required
def registration_office(request: HttpRequest) -> HttpResponse:
    """Sections under their minimum size to cancel or keep (RG-5); personal windows (RG-7)."""
    if not permissions.can_manage_registration(request.user):
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("orientation_week"):
                count = services.open_orientation_week(actor=request.user, now=timezone.now())
                messages.success(request, _("Orientation week is open for %(count)d first-year students.") % {
                    "count": count})
            elif request.POST.get("small_section"):
                services.decide_small_section(actor=request.user, small_section_id=int(request.POST["small_section"]),
                                              decision=request.POST.get("decision", ""), now=timezone.now())
                messages.success(request, _("Your decision is recorded."))
            else:
                window = services.grant_personal_window(
                    actor=request.user, student_username=request.POST.get("student", "").strip(),
                    reason=request.POST.get("reason", ""), basis=request.POST.get("basis", ""), now=timezone.now())
                messages.success(request, _("%(student)s may register until %(closes)s.") % {
                    "student": window.student.user.username,
                    "closes": timezone.localtime(window.closes).strftime("%d.%m.%Y %H:%M")})
        except (DomainError, ValueError) as error:
            messages.error(request, getattr(error, "title", str(error)) + (
                f": {error.detail}" if getattr(error, "detail", "") else ""))
        return redirect("registration:office")
    return render(request, "registration/office.html", {
        "small_sections": selectors.small_sections(), "windows": selectors.personal_windows(),
        "reasons": [(value, label) for value, label in PersonalWindow.Reason.choices if value != "rechoice"]})
