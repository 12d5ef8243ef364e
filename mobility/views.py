"""Academic mobility's pages. Thin: a form per action, the service decides, a refusal lands beside the
field it concerns (nothing written) and the page is shown again with every reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ektu_portal.academics.labels import period_label
from ektu_portal.academics.models import AcademicPeriod, Student
from ektu_portal.academics.permissions import is_registrar
from ektu_portal.core.errors import DomainError, PermissionDenied
from mobility import forms, permissions, printing, selectors, services
from mobility.policy.eligibility import INTERNAL, INTERNATIONAL

REFUSED = 422  # a refused form is shown again with its reasons: "unprocessable"


def _attempt(form: forms.ActionForm, action: Callable[[], Any]) -> bool:
    """Run a service for a valid form; a refusal goes onto the form. True when it succeeded."""
    if not form.is_valid():
        return False
    try:
        action()
    except DomainError as error:
        form.add_domain_error(error)
        return False
    return True


def _own_student(user: Any) -> Student | None:
    return Student.objects.select_related("user", "program").filter(user_id=user.pk).first()


def _call_form(user: Any, data: Any = None) -> forms.CallForm:
    partners = [(p.pk, str(p)) for p in selectors.partners() if p.active]
    periods = [(p.code, period_label(p.kind, p.academic_year, p.starts))
               for p in AcademicPeriod.objects.order_by("-starts")[:12]]
    return forms.CallForm(data, partners=partners, periods=periods)


def _call_rows(call: Any, bound: dict[Any, Any]) -> list[tuple[Any, ...]]:
    """MO-2: a call's applicants in the commission's order (with the GPA they were ranked by), each with
    its row's forms and, once selected, its learning agreement for the coordinators to sign (MO-3)."""
    rows = []
    for ranked in selectors.call_ranking(call):
        a = ranked.application
        rows.append((a, bound.get(("decide", a.pk)) or forms.DecisionForm(),
                     bound.get(("return", a.pk)) or forms.ReturnForm(), bound.get(("preview", a.pk)), ranked,
                     selectors.agreement_view(a) if a.status == "selected" else None,
                     bound.get(("sign", a.pk)) or forms.SignForm()))
    return rows


def _page(request: HttpRequest, bound: dict[str, Any] | None = None) -> HttpResponse:
    """The mobility page: for a student, their eligibility explained, open calls and their applications;
    for the coordinators and the commission, partners with their rules, calls and decisions."""
    user, bound = request.user, bound or {}
    now = timezone.now()
    student = _own_student(user)
    coordinator = permissions.can_manage_partners(user)
    commission = permissions.can_decide_application(user)
    if student is None and not (coordinator or commission or is_registrar(user)):
        raise Http404
    context: dict[str, Any] = {"coordinator": coordinator, "commission": commission, "student": student}
    if student is not None:
        context["standing"] = [(kind, selectors.mobility_eligibility(student, kind=kind))
                               for kind in (INTERNATIONAL, INTERNAL)]
        context["calls"] = [(call, bound.get(("apply", call.pk)) or forms.ApplyForm())
                            for call in selectors.open_calls(timezone.localdate(now))]
        context["applications"] = applications = selectors.applications_of(student)
        context["agreements"] = [(selectors.agreement_view(a), bound.get(("agreement", a.pk))
                                  or forms.AgreementForm()) for a in applications if a.status == "selected"]
        context["student_signs"] = ["student"]
        context["form_sign"] = next((v for k, v in bound.items() if isinstance(k, tuple) and k[0] == "sign"),
                                    forms.SignForm())
    context["staff_view"] = coordinator or commission or is_registrar(user)
    if context["staff_view"]:
        context["partners"] = [(p, bound.get(("rule", p.pk)) or forms.PartnerRuleForm())
                               for p in selectors.partners()]
        context["all_calls"] = [(call, _call_rows(call, bound))
                                for call in selectors.calls_with_applications()]
        context["coordinator_signs"], context["no_signs"] = ["home", "host"], []
        context["may_order"] = permissions.can_issue_order(user)
        context["partner_form"] = bound.get("partner") or forms.PartnerForm()
        context["call_form"] = bound.get("call") or _call_form(user)
    # A preview is an answer, not a refusal; a refused form is shown again with its reasons.
    status = REFUSED if any(isinstance(v, forms.ActionForm) and v.errors for v in bound.values()) else 200
    return render(request, "mobility/index.html", context, status=status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _done(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("mobility:index")


@login_required
@require_POST
def partner_add(request: HttpRequest) -> HttpResponse:
    form = forms.PartnerForm(request.POST)
    if _attempt(form, lambda: services.partner_save(actor=request.user, **form.cleaned_data)):
        return _done(request, _("The partner is recorded."))
    return _page(request, {"partner": form})


@login_required
@require_POST
def partner_rule(request: HttpRequest, partner_id: int) -> HttpResponse:
    form = forms.PartnerRuleForm(request.POST)
    if _attempt(form, lambda: services.partner_rule_set(actor=request.user, partner_id=partner_id,
                                                        **form.cleaned_data)):
        return _done(request, _("The grading scale and credit conversion are recorded."))
    return _page(request, {("rule", partner_id): form})


@login_required
@require_POST
def call_add(request: HttpRequest) -> HttpResponse:
    form = _call_form(request.user, request.POST)

    def create() -> None:
        values = form.cleaned_data
        services.call_create(actor=request.user, partner_id=values["partner"], period_code=values["period"],
                             places=values["places"], closes_on=values["closes_on"])

    if _attempt(form, create):
        return _done(request, _("The call is open."))
    return _page(request, {"call": form})


@login_required
@require_POST
def apply(request: HttpRequest, call_id: int) -> HttpResponse:
    form = forms.ApplyForm(request.POST)
    if _attempt(form, lambda: services.application_submit(actor=request.user, call_id=call_id,
                                                          english=form.cleaned_data["english"],
                                                          now=timezone.now())):
        return _done(request, _("Your application is submitted."))
    return _page(request, {("apply", call_id): form})


@login_required
@require_POST
def decide(request: HttpRequest, application_id: int) -> HttpResponse:
    form = forms.DecisionForm(request.POST)
    if _attempt(form, lambda: services.application_decide(actor=request.user, application_id=application_id,
                                                          now=timezone.now(), **form.cleaned_data)):
        return _done(request, _("The commission's decision is recorded."))
    return _page(request, {("decide", application_id): form})


@login_required
@require_POST
def agreement(request: HttpRequest, application_id: int) -> HttpResponse:
    form = forms.AgreementForm(request.POST)
    if _attempt(form, lambda: services.agreement_save(actor=request.user, application_id=application_id,
                                                      now=timezone.now(), **form.cleaned_data)):
        return _done(request, _("Your learning agreement is recorded."))
    return _page(request, {("agreement", application_id): form})


@login_required
@require_POST
def agreement_sign(request: HttpRequest, application_id: int) -> HttpResponse:
    form = forms.SignForm(request.POST)
    if _attempt(form, lambda: services.agreement_sign(actor=request.user, application_id=application_id,
                                                      now=timezone.now(), **form.cleaned_data)):
        return _done(request, _("The signature is recorded."))
    return _page(request, {("sign", application_id): form})


def _return_lines(form: forms.ReturnForm) -> list[dict[str, Any]]:
    """The typed lines, or those of the attached ELMO transcript the commission matched (MO-5)."""
    upload = form.cleaned_data.get("transcript")
    if upload:
        return services.return_lines_from_elmo(xml=upload.read(), matches=form.cleaned_data["matches"])
    return list(form.cleaned_data["lines"])


@login_required
@require_POST
def return_preview(request: HttpRequest, application_id: int) -> HttpResponse:
    """MO-5, RC-1: the comparison sheet of the host transcript, shown beside the form; nothing written."""
    form = forms.ReturnForm(request.POST, request.FILES)
    sheet: list[Any] = []

    def preview() -> None:
        sheet.append(services.return_preview(actor=request.user, application_id=application_id,
                                             lines=_return_lines(form), now=timezone.now()))

    if _attempt(form, preview):
        return _page(request, {("return", application_id): form, ("preview", application_id): sheet[0]})
    return _page(request, {("return", application_id): form})


@login_required
@require_POST
def return_apply(request: HttpRequest, application_id: int) -> HttpResponse:
    form = forms.ReturnForm(request.POST, request.FILES)

    def record() -> None:
        services.return_apply(actor=request.user, application_id=application_id, lines=_return_lines(form),
                              basis=form.cleaned_data["basis"], now=timezone.now())

    if _attempt(form, record):
        return _done(request, _("The recognized results are recorded on the transcript."))
    return _page(request, {("return", application_id): form})


# --- NF-1 … NF-4: non-formal learning -------------------------------------------------------------------

def _non_formal_form(student: Student, data: Any = None) -> forms.NonFormalForm:
    periods, disciplines = selectors.non_formal_choices(student, timezone.localdate())
    return forms.NonFormalForm(data, periods=periods, disciplines=disciplines)


def _non_formal_page(request: HttpRequest, bound: dict[Any, Any] | None = None) -> HttpResponse:
    """The student's applications and the form to file one; for the QA commission, deputy deans and the
    registrar, every application with the decision form where they may decide."""
    user, bound = request.user, bound or {}
    student = _own_student(user)
    staff = permissions.sees_non_formal_queue(user)
    if student is None and not staff:
        raise Http404
    context: dict[str, Any] = {"student": student, "staff": staff}
    if student is not None:
        context["own"] = selectors.non_formal_of(student)
        context["form"] = bound.get("file") or _non_formal_form(student)
    if staff:
        context["queue"] = [(a, permissions.can_decide_non_formal(user, a.student)
                             and a.status == "submitted",
                             bound.get(("decide", a.pk)) or forms.NonFormalDecisionForm())
                            for a in selectors.non_formal_queue()
                            if permissions.can_see_non_formal(user, a.student)]
    status = REFUSED if any(isinstance(v, forms.ActionForm) and v.errors for v in bound.values()) else 200
    return render(request, "mobility/non_formal.html", context, status=status)


@login_required
def non_formal(request: HttpRequest) -> HttpResponse:
    return _non_formal_page(request)


@login_required
@require_POST
def non_formal_file(request: HttpRequest) -> HttpResponse:
    student = _own_student(request.user)
    if student is None:
        raise Http404
    form = _non_formal_form(student, request.POST)

    def file() -> None:
        values = form.cleaned_data
        services.non_formal_file(
            actor=request.user, period_code=values["period"], discipline_code=values["discipline"],
            certificate=values["certificate"], provider=values["provider"], hours=values["hours"],
            topics=values["topics"], assessment=values["assessment"], percent=values["percent"],
            now=timezone.now())

    if _attempt(form, file):
        messages.success(request, _("Your application is sent to the QA commission."))
        return redirect("mobility:non-formal")
    return _non_formal_page(request, {"file": form})


@login_required
@require_POST
def non_formal_decide(request: HttpRequest, application_id: int) -> HttpResponse:
    form = forms.NonFormalDecisionForm(request.POST)
    if _attempt(form, lambda: services.non_formal_decide(actor=request.user, application_id=application_id,
                                                         now=timezone.now(), **form.cleaned_data)):
        messages.success(request, _("The QA commission's decision is recorded."))
        return redirect("mobility:non-formal")
    return _non_formal_page(request, {("decide", application_id): form})


# --- MO-2, MO-3: the documents, in Kazakh or Russian (``?language=ru``) ----------------------------------

def _pdf(content: bytes, disposition: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = disposition
    return response


def _print_language(request: HttpRequest) -> str:
    return "ru" if request.GET.get("language") == "ru" else "kk"


@login_required
def selection_protocol(request: HttpRequest, call_id: int) -> HttpResponse:
    """MO-2: the selection commission's protocol of a call: the ranking, the decisions and their basis."""
    call = permissions.access_call(request.user, call_id)
    language = _print_language(request)
    return _pdf(printing.selection_protocol_pdf(call, language),
                printing.inline_filename("protocol", call.pk, language))


@login_required
def contract(request: HttpRequest, application_id: int) -> HttpResponse:
    """MO-3: the tripartite contract of a selected student's learning agreement, with its signatures."""
    application = permissions.access_application(request.user, application_id)
    view = selectors.agreement_view(application)
    if application.status != "selected" or view.agreement is None:
        raise Http404
    language = _print_language(request)
    return _pdf(printing.contract_pdf(view, language),
                printing.inline_filename("contract", application.pk, language))


@login_required
def sending_order(request: HttpRequest, application_id: int) -> HttpResponse:
    """MO-3: the registrar's order sending the student, once the agreement is signed by all three."""
    application = permissions.access_application(request.user, application_id)
    if not permissions.can_issue_order(request.user):
        raise PermissionDenied("The registrar's office issues the order (MO-3).")
    view = selectors.agreement_view(application)
    if application.status != "selected" or not view.fully_signed:
        raise Http404
    language = _print_language(request)
    return _pdf(printing.order_pdf(view, language),
                printing.inline_filename("order", application.pk, language))
