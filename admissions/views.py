"""Admissions pages: thin — a form per action shapes the input, a service decides and writes, its
refusal goes back onto the form's fields (issue 8); reads come from the selectors, in the reader's words."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from admissions import forms, labels, permissions, selectors, services
from admissions.models import Applicant, Competition, ConversionRow, NationalPriority, Quota, Threshold, Track
from admissions.policy import codes
from ektu_portal.core.errors import DomainError

STATUS_SESSION_KEY = "admissions_applicant"
RANKING_PAGE = 100


def _staff(request: HttpRequest) -> None:
    """Pages of the commission: anybody else meets a 404 (they have no such page)."""
    if not permissions.is_admissions_staff(request.user):
        raise Http404


# --- applicants ------------------------------------------------------------------------------------------


@login_required
@require_GET
def applicant_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    query = (request.GET.get("q") or "").strip()
    track = request.GET.get("track") or ""
    applicants = Applicant.objects.select_related("program").order_by("number")
    if query:
        applicants = applicants.filter(Q(number__icontains=query) | Q(full_name__icontains=query)
                                       | Q(iin=query))
    if track in Track.values:
        applicants = applicants.filter(track=track)
    page = Paginator(applicants, 50).get_page(request.GET.get("page"))
    rows = selectors.applicant_rows(page.object_list, today=timezone.localdate())
    return render(request, "admissions/applicants.html", {
        "page": page, "rows": rows, "q": query, "track": track, "tracks": Track.choices})


def _applicant_page(request: HttpRequest, applicant: Applicant | None, form: forms.ApplicantForm,
                    admit_form: forms.AdmitForm | None = None, status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {"applicant": applicant, "form": form,
                               "admit_form": admit_form or forms.AdmitForm()}
    if applicant is not None:
        today = timezone.localdate()
        result = selectors.eligibility_of(applicant, today=today)
        context["routes"] = [(route, labels.ROUTES[route], result.routes[route]) for route in codes.ROUTES]
        context["result"] = result
        run = selectors.latest_published_run(applicant)
        context["standing"] = selectors.standing_in(run, applicant.number) if run else None
        context["run"] = run
    return render(request, "admissions/applicant.html", context, status=status)


def _edit_form(applicant: Applicant) -> forms.ApplicantForm:
    initial = forms.ApplicantForm.initial_from(selectors.applicant_record(applicant))
    return forms.ApplicantForm(initial=initial)


@login_required
def applicant_new(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = forms.ApplicantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            applicant, _created = services.applicant_save(actor=request.user, data=form.record(),
                                                          now=timezone.now())
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, _("The applicant is saved."))
            return redirect("admissions:applicant", number=applicant.number)
    return _applicant_page(request, None, form, status=422 if form.errors else 200)


@login_required
def applicant_page(request: HttpRequest, number: str) -> HttpResponse:
    applicant = permissions.access_applicant(request.user, number) if permissions.is_admissions_staff(
        request.user) else None
    if applicant is None:
        raise Http404
    if request.method == "POST":
        form = forms.ApplicantForm(request.POST)
        if form.is_valid():
            record = form.record()
            record["number"] = applicant.number  # the number names the applicant; it is not edited here
            try:
                services.applicant_save(actor=request.user, data=record, now=timezone.now())
            except DomainError as error:
                forms.add_domain_error(form, error)
            else:
                messages.success(request, _("The applicant is saved."))
                return redirect("admissions:applicant", number=applicant.number)
        return _applicant_page(request, applicant, form, status=422)
    return _applicant_page(request, applicant, _edit_form(applicant))


@login_required
@require_POST
def applicant_admit(request: HttpRequest, number: str) -> HttpResponse:
    """AD-1: admit the applicant (idempotent); the student gets an e-mail to set their password."""
    applicant = permissions.access_applicant(request.user, number) if permissions.is_admissions_staff(
        request.user) else None
    if applicant is None:
        raise Http404
    form = forms.AdmitForm(request.POST)
    if form.is_valid():
        try:
            student = services.applicant_admit(actor=request.user, number=number,
                                               funding=form.cleaned_data["funding"], now=timezone.now(),
                                               intake_year=form.cleaned_data.get("intake_year"))
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s is admitted: student %(username)s.") % {
                "name": applicant.full_name, "username": student.user.username})
            back = request.POST.get("next") or ""
            if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                return redirect(back)  # the run's list the admission was made from
            return redirect("admissions:applicant", number=number)
    applicant = permissions.access_applicant(request.user, number)
    return _applicant_page(request, applicant, _edit_form(applicant), admit_form=form, status=409)


@login_required
def applicant_import(request: HttpRequest) -> HttpResponse:
    """Applicants from the testing centre's file: refused row by row, nothing written on any problem."""
    from admissions.spreadsheets import read_applicants

    _staff(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            records, rows = read_applicants(upload.name, upload.read())
            new, updated = services.applicants_import(actor=request.user, records=records, row_numbers=rows,
                                                      source=upload.name, now=timezone.now())
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, _("Imported: %(new)d new applicants, %(updated)d updated.") % {
                "new": new, "updated": updated})
            return redirect("admissions:applicants")
    return render(request, "admissions/import.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    from admissions.spreadsheets import template_xlsx

    _staff(request)
    response = HttpResponse(template_xlsx(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="applicants.xlsx"'
    return response


# --- competitions (AD-18) ----------------------------------------------------------------------------


@login_required
def competition_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = forms.CompetitionForm(request.POST or None, initial={"intake_year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            run = services.competition_enqueue(actor=request.user, now=timezone.now(), **form.cleaned_data)
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            return redirect("admissions:run", code=run.competition.code, run=run.run)
    competitions = Competition.objects.prefetch_related("runs").order_by("-intake_year", "code")
    return render(request, "admissions/competitions.html", {"form": form, "competitions": competitions},
                  status=422 if form.errors else 200)


def _run_page(request: HttpRequest, code: str, run: int, *, publish_form: forms.PublishForm | None = None,
              status: int = 200) -> HttpResponse:
    found = permissions.access_run(request.user, code, run)
    query = (request.GET.get("q") or "").strip()
    entries = found.ranking
    if query:
        entries = [e for e in entries if query.lower() in e["applicant"].lower()]
    page = Paginator(entries, RANKING_PAGE).get_page(request.GET.get("page"))
    names = selectors.names_of(e["applicant"] for e in page.object_list)
    admitted = set(Applicant.objects.filter(number__in=[e["applicant"] for e in page.object_list],
                                            student__isnull=False).values_list("number", flat=True))
    priority_names = selectors.priority_names()
    how = {via: _via_label(via) for via in {e.get("via", "") for e in page.object_list}}
    rows = [{**e, "name": names.get(e["applicant"], ""), "admitted": e["applicant"] in admitted,
             "decided": labels.criterion(e["decided_by"], priority_names) if e.get("decided_by") else "",
             "via_label": how[e.get("via", "")]} for e in page.object_list]
    runs = list(found.competition.runs.order_by("run").values_list("run", flat=True))
    return render(request, "admissions/run.html", {
        "run": found, "competition": found.competition, "page": page, "rows": rows, "q": query,
        "publish_form": publish_form or forms.PublishForm(), "runs": runs,
        "compare_form": forms.CompareForm(initial={"a": runs[-2] if len(runs) > 1 else found.run,
                                                   "b": found.run}),
        "awarded": sum(1 for e in found.ranking if e["awarded"])}, status=status)


def _via_label(via: str) -> str:
    if not via:
        return ""
    if via == codes.VIA_GENERAL:
        return _("general competition")
    from admissions.models import QuotaCategory

    category = QuotaCategory.objects.filter(code=via).first()
    name = category.name if category else via
    return _("quota: %(category)s") % {"category": name}


@login_required
@require_GET
def run_page(request: HttpRequest, code: str, run: int) -> HttpResponse:
    _staff(request)
    return _run_page(request, code, run)


@login_required
@require_GET
def run_progress(request: HttpRequest, code: str, run: int) -> JsonResponse:
    _staff(request)
    found = permissions.access_run(request.user, code, run)
    return JsonResponse({"status": found.status, "label": str(found.get_status_display()), "done": found.done,
                         "total": found.total, "error": found.error})


@login_required
@require_POST
def run_publish(request: HttpRequest, code: str, run: int) -> HttpResponse:
    _staff(request)
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        try:
            services.run_publish(actor=request.user, code=code, run=run, now=timezone.now())
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, _("The list is published."))
            return redirect("admissions:run", code=code, run=run)
    return _run_page(request, code, run, publish_form=form, status=409)


def _list_rows(found: Any) -> list[list[Any]]:
    names = selectors.names_of(e["applicant"] for e in found.ranking)
    grant = pgettext("university admission", "grant")
    how = {via: _via_label(via) for via in {e.get("via", "") for e in found.ranking}}
    return [[e["rank"], e["applicant"], names.get(e["applicant"], ""), e["score"],
             grant if e["awarded"] else "", how[e.get("via", "")] if e["awarded"] else ""]
            for e in found.ranking]


@login_required
@require_GET
def run_download(request: HttpRequest, code: str, run: int, fmt: str) -> HttpResponse:
    """AD-18: the published list as XLSX or PDF."""
    from admissions.spreadsheets import ranking_xlsx
    from ektu_portal.core.pdf import render_pdf

    _staff(request)
    found = permissions.access_run(request.user, code, run)
    if fmt not in ("xlsx", "pdf") or found.published_at is None:
        raise Http404
    rows = _list_rows(found)
    name = f"{found.competition.code}-run{found.run}"
    if fmt == "xlsx":
        header = [_("Rank"), _("Application number"), _("Full name"), _("Score"),
                  pgettext("university admission", "Grant"), _("How")]
        response = HttpResponse(ranking_xlsx(found.competition.code, header, rows),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    pdf = render_pdf("admissions/ranking_print.html", {
        "run": found, "competition": found.competition, "rows": rows,
        "track": Track(found.competition.track).label, "header_left": found.competition.code,
        "header_right": f"{found.published_at:%d.%m.%Y}"})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
@require_GET
def run_compare(request: HttpRequest, code: str) -> HttpResponse:
    """AD-18: two runs side by side — who moved, and why."""
    _staff(request)
    competition = permissions.access_competition(request.user, code)
    form = forms.CompareForm(request.GET)
    if not form.is_valid():
        return redirect("admissions:competitions")
    earlier = permissions.access_run(request.user, code, form.cleaned_data["a"])
    later = permissions.access_run(request.user, code, form.cleaned_data["b"])
    moves = selectors.compare_runs(earlier, later)
    names = selectors.names_of(m.applicant for m in moves)
    rows = [{"move": m, "name": names.get(m.applicant, ""),
             "why": [labels.label(labels.MOVES, w) for w in m.why]} for m in moves]
    return render(request, "admissions/compare.html", {"competition": competition, "earlier": earlier,
                                                       "later": later, "rows": rows})


# --- the campaign's rules (AD-2 … AD-18) ----------------------------------------------------------------


@login_required
def rules_page(request: HttpRequest) -> HttpResponse:
    _staff(request)
    today = timezone.localdate()
    bound: dict[str, type[forms.forms.Form]] = {
        "threshold": forms.ThresholdForm, "conversion": forms.ConversionRowForm, "quota": forms.QuotaForm,
        "priorities": forms.PriorityOrderForm}
    chosen = request.POST.get("form") if request.method == "POST" else None
    made = {name: (cls(request.POST) if name == chosen else cls()) for name, cls in bound.items()}
    if chosen in made and made[chosen].is_valid():
        form = made[chosen]
        data = form.cleaned_data
        try:
            if chosen == "threshold":
                services.threshold_set(actor=request.user, **data)
            elif chosen == "conversion":
                services.conversion_row_set(actor=request.user, **data)
            elif chosen == "quota":
                services.quota_set(actor=request.user, **data)
            else:
                services.priority_order_set(actor=request.user, order=data["order"], reason=data["reason"])
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, _("Saved; the audit log records who, when and why."))
            return redirect("admissions:rules")
    rules = selectors.Rules()
    in_force = [(track, label, sorted(rules.thresholds(track, today).items()))
                for track, label in Track.choices]
    return render(request, "admissions/rules.html", {
        "forms": made, "in_force": in_force, "today": today,
        "thresholds": Threshold.objects.order_by("track", "requirement", "-effective_from"),
        "scale": ConversionRow.objects.order_by("certificate", "counts_as", "minimum"),
        "priorities": NationalPriority.objects.order_by("position"),
        "quotas": Quota.objects.select_related("category").order_by("-intake_year", "category__code")},
        status=422 if chosen and made.get(chosen) is not None and made[chosen].errors else 200)


# --- the applicant's own status page ---------------------------------------------------------------------


def status_sign_in(request: HttpRequest) -> HttpResponse:
    """Sign in with the application number and a one-time code sent to the e-mail on file."""
    number_form = forms.StatusNumberForm(request.POST if "send" in request.POST else None)
    code_form = forms.StatusCodeForm(request.POST if "check" in request.POST else None)
    stage = "number"
    if request.method == "POST" and "send" in request.POST and number_form.is_valid():
        number = number_form.cleaned_data["number"].strip()
        services.sign_in_code_request(number=number, now=timezone.now())
        code_form = forms.StatusCodeForm(initial={"number": number})
        stage = "code"
    elif request.method == "POST" and "check" in request.POST:
        stage = "code"
        if code_form.is_valid():
            applicant = services.sign_in_code_check(number=code_form.cleaned_data["number"],
                                                    code=code_form.cleaned_data["code"], now=timezone.now())
            if applicant is not None:
                request.session.cycle_key()
                request.session[STATUS_SESSION_KEY] = applicant.number
                return redirect("admissions:status")
            code_form.add_error("code", _("The code is wrong or expired. Ask for a new one."))
    return render(request, "admissions/status_sign_in.html",
                  {"number_form": number_form, "code_form": code_form, "stage": stage},
                  status=422 if code_form.is_bound and code_form.errors else 200)


@require_GET
def status_page(request: HttpRequest) -> HttpResponse:
    """The applicant's own status: eligibility per route, rank, cut-off, the tie-break that decided."""
    if not request.session.get(STATUS_SESSION_KEY):
        return redirect("admissions:status-sign-in")
    applicant = services.applicant_signed_in(request.session.get(STATUS_SESSION_KEY))
    result = selectors.eligibility_of(applicant, today=timezone.localdate())
    run = selectors.latest_published_run(applicant)
    standing = selectors.standing_in(run, applicant.number) if run else None
    names = selectors.priority_names()
    decided = ""
    if standing and standing.decided_above and standing.decided_above != codes.BY_SCORE:
        decided = labels.criterion(standing.decided_above, names)
    decided_below = ""
    if standing and standing.decided_below and standing.decided_below != codes.BY_SCORE:
        decided_below = labels.criterion(standing.decided_below, names)
    return render(request, "admissions/status.html", {
        "applicant": applicant, "result": result, "standing": standing, "run": run, "decided": decided,
        "decided_below": decided_below,
        "routes": [(route, labels.ROUTES[route], result.routes[route]) for route in codes.ROUTES]})


@require_POST
def status_sign_out(request: HttpRequest) -> HttpResponse:
    request.session.pop(STATUS_SESSION_KEY, None)
    return redirect("admissions:status-sign-in")
