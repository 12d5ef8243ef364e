"""Registration's pages. Thin: a form per action, the service decides, a refusal lands on the form's
fields (nothing written) and the page is shown again with every reason beside its field."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ektu_portal.academics.models import Role, Student
from ektu_portal.academics.permissions import has_role
from ektu_portal.academics.selectors import next_registration_period
from ektu_portal.core.errors import DomainError
from grading.permissions import can_see_advisees_at_risk
from registration import cache, forms, permissions, printing, selectors, services

# A refused form is shown again with its reasons: "unprocessable", so scripts and tests tell it from
# a success.
REFUSED = 422


@login_required
def registration_page(request: HttpRequest) -> HttpResponse:
    """The student's offer for the open period, their choices and their study plan (contract §3, RG-6)."""
    now = timezone.now()
    form = None
    if request.method == "POST":
        permissions.access_registrant(request.user, None)
        form = forms.page_action(request.POST)
        if form.is_valid():
            try:
                _registration_action(request, form, now)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                return redirect("registration:page")
    # Registration day (issue 15): the offer, the plan's live lines, whether a plan exists and the student's
    # own record from the caches when they can answer — the same assembly on the same facts, checked
    # against the database's numbers; otherwise (not a student, facts that kept changing) the full reads,
    # whose look-up refuses anyone who is not a student.
    cached = cache.offer_and_plan(request.user.pk, now)
    if cached is not None:
        student = cached.student(request.user)
        offer, live, has_plan = cached.offer, cached.live, cached.has_plan
    else:
        student = permissions.access_registrant(request.user, None)
        offer, live, has_plan = selectors.offer(student, now), None, True
    if request.GET.get("partial") and offer.period is None:
        return HttpResponse("")  # not open yet: the waiting room asks again
    context = _page_context(student, offer, now, form, live, has_plan=has_plan)
    template = "registration/_offer.html" if request.GET.get("partial") else "registration/page.html"
    return render(request, template, context, status=REFUSED if form is not None else 200)


def _registration_action(request: HttpRequest, form: forms.ActionForm, now: datetime) -> None:
    data = form.cleaned_data
    if isinstance(form, forms.SubmitPlanForm):
        services.plan_submit(actor=request.user, now=now)
        messages.success(request, _("Your study plan is submitted to your adviser."))
    elif isinstance(form, forms.DropForm):
        services.enrollment_drop(actor=request.user, enrollment_id=data["drop"], now=now)
        messages.success(request, _("Dropped."))
    else:
        enrollment = services.enrollment_create(actor=request.user, section_code=data["section"], now=now)
        messages.success(request, _("You are on the wait list.") if enrollment.status == "waitlisted"
                         else _("Registered."))


def _page_context(student: Student, offer: selectors.Offer, now: datetime,
                  form: forms.ActionForm | None, live: list[dict[str, Any]] | None, *,
                  has_plan: bool) -> dict[str, Any]:
    plan = None
    if offer.period is not None:
        stored = selectors.plan_for(student, offer.period) if has_plan else None  # none yet: no query
        plan = selectors.plan_document(stored, student=student, period=offer.period, live=live)
    # A refusal is shown in the row it is about: the section chosen, or the registration dropped.
    refused_section = refused_enrollment = None
    if form is not None and form.errors:
        if isinstance(form, forms.ChooseSectionForm):
            refused_section = form.data.get("section")
        elif isinstance(form, forms.DropForm):
            refused_enrollment = str(form.data.get("drop"))
    in_table = any(row.code == refused_section or str(row.enrollment_id) == refused_enrollment
                   for row in offer.sections)
    return {"student": student, "offer": offer, "plan": plan, "form": form,
            "upcoming": None if offer.period else next_registration_period(now),
            "refused_section": refused_section, "refused_enrollment": refused_enrollment,
            "refusal_in_table": in_table,
            "plan_form_refused": (plan is not None and isinstance(form, forms.SubmitPlanForm)
                                  and bool(form.errors))}


# --- individual study plans (RG-6) ----------------------------------------------------------------

@login_required
def plan_queue(request: HttpRequest) -> HttpResponse:
    """RG-6: the adviser's plans to review, the dean's plans to approve; an adviser also sees every
    advisee and where their plan stands (RG-1)."""
    if not permissions.reviews_plans(request.user):
        raise Http404
    period = selectors.registration_period(timezone.now())
    rows = [{"plan": plan, "progress": selectors.student_progress(plan.student)}
            for plan in selectors.plan_queue(request.user)]
    advisees = None
    if has_role(request.user, Role.ADVISER):
        advisees = selectors.advisees(request.user, period,
                                      with_attendance=can_see_advisees_at_risk(request.user))
    return render(request, "registration/plan_queue.html",
                  {"rows": rows, "advisees": advisees, "period": period})


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """One plan: its disciplines, the student's progress, its history; the adviser's or dean's decision."""
    plan = permissions.access_plan(request.user, plan_id)
    form = forms.PlanDecisionForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.plan_decide(actor=request.user, plan_id=plan.pk, decision=form.cleaned_data["decision"],
                                 comment=form.cleaned_data["comment"], now=timezone.now())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("registration:plans")
    return render(request, "registration/plan.html", {
        "plan": plan, "form": form,
        "body": selectors.plan_document(plan, student=plan.student, period=plan.period, with_progress=True),
        "can_decide": permissions.can_decide_on_plan(request.user, plan),
        "history": selectors.plan_history(plan)}, status=REFUSED if form.is_bound else 200)


@login_required
def plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    """RG-6: the plan printed in two copies, with signature lines and the dean's approval."""
    plan = permissions.access_plan(request.user, plan_id)
    response = HttpResponse(printing.study_plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = printing.inline_filename(plan)
    return response


# --- the registrar's office (RG-5, RG-7, RG-2) -------------------------------------------------------

@login_required
def registration_office(request: HttpRequest) -> HttpResponse:
    """Sections under their minimum size to cancel or keep (RG-5); personal windows (RG-7, RG-2)."""
    if not permissions.can_manage_registration(request.user):
        raise Http404
    form = None
    if request.method == "POST":
        form = forms.page_action(request.POST, forms.OFFICE_ACTIONS)
        if form.is_valid():
            try:
                _office_action(request, form)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                return redirect("registration:office")
    return render(request, "registration/office.html", {
        "small_sections": selectors.small_sections(), "windows": selectors.personal_windows(),
        "form": form,
        "window_form": form if isinstance(form, forms.PersonalWindowForm) else forms.PersonalWindowForm(),
        "orientation_form": form if isinstance(form, forms.OrientationWeekForm) else None,
        "decision_form": form if isinstance(form, forms.SmallSectionDecisionForm) else None,
    }, status=REFUSED if form is not None else 200)


def _office_action(request: HttpRequest, form: forms.ActionForm) -> None:
    data, now = form.cleaned_data, timezone.now()
    if isinstance(form, forms.OrientationWeekForm):
        count = services.open_orientation_week(actor=request.user, now=now)
        messages.success(request, _("Orientation week is open for %(count)d first-year students.") % {
            "count": count})
    elif isinstance(form, forms.SmallSectionDecisionForm):
        services.decide_small_section(actor=request.user, small_section_id=data["small_section"],
                                      decision=data["decision"], now=now)
        messages.success(request, _("Your decision is recorded."))
    else:
        window = services.grant_personal_window(actor=request.user, student_username=data["student"].strip(),
                                                reason=data["reason"], basis=data["basis"], now=now)
        messages.success(request, _("%(student)s may register until %(closes)s.") % {
            "student": window.student.user.full_name,
            "closes": timezone.localtime(window.closes).strftime("%d.%m.%Y %H:%M")})
