"""TR-9: the vacant-grants page — the registrar's office records vacant places, makes a list before the job
does and records the ministry's awards; the deans and the rector's office read the lists. Thin: a form per
action, the service decides, a refusal lands beside its field (HTTP 422) and nothing is written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mobility import forms_grants, permissions, printing_grants, selectors_grants, services_grants
from mobility.views import REFUSED, _attempt

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request: HttpRequest, bound: dict[Any, Any] | None = None) -> HttpResponse:
    user, bound = request.user, bound or {}
    if not permissions.can_see_vacant_grants(user):
        raise Http404
    manager = permissions.can_manage_vacant_grants(user)
    grants = []
    for grant in selectors_grants.vacant_grants_seen(permissions.vacant_grant_groups_seen(user)):
        award_forms = []
        if manager and grant.candidate_list is not None and grant.places_left:
            award_forms = [(row, bound.get(("award", grant.id, row.username))
                            or forms_grants.AwardForm(initial={"username": row.username}))
                           for row in grant.candidate_list.candidates if not row.awarded]
        # A refused award of someone who is no candidate row here is shown above the list.
        in_rows = {row.username for row, _form in award_forms}
        stray = next((form for key, form in bound.items() if isinstance(key, tuple) and key[:2] == (
            "award", grant.id) and key[2] not in in_rows), None)
        make_form = bound.get(("list", grant.id)) or forms_grants.MakeListForm()
        grants.append((grant, make_form, award_forms, stray))
    context = {"manager": manager, "grants": grants,
               "record_form": bound.get("record") or forms_grants.VacantGrantForm()}
    status = REFUSED if any(form.errors for form in bound.values()) else 200
    return render(request, "mobility/vacant_grants.html", context, status=status)


def _done(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("mobility:vacant-grants")


@login_required
def vacant_grants(request: HttpRequest) -> HttpResponse:
    """GET: the page; POST: the registrar's office records vacant places."""
    if request.method != "POST" or not permissions.can_see_vacant_grants(request.user):
        return _page(request)
    form = forms_grants.VacantGrantForm(request.POST)
    if _attempt(form, lambda: services_grants.vacant_grant_record(actor=request.user, now=timezone.now(),
                                                                  **form.cleaned_data)):
        return _done(request, _("The vacant grant is recorded."))
    return _page(request, {"record": form})


@login_required
@require_POST
def make_list(request: HttpRequest, vacant_grant_id: int) -> HttpResponse:
    form = forms_grants.MakeListForm(request.POST)
    if _attempt(form, lambda: services_grants.vacant_grant_list_make_now(
            actor=request.user, vacant_grant_id=vacant_grant_id, now=timezone.now())):
        return _done(request, _("The candidate list is made."))
    return _page(request, {("list", vacant_grant_id): form})


@login_required
@require_POST
def award(request: HttpRequest, vacant_grant_id: int) -> HttpResponse:
    form = forms_grants.AwardForm(request.POST)
    if _attempt(form, lambda: services_grants.vacant_grant_award(actor=request.user,
                                                                 vacant_grant_id=vacant_grant_id,
                                                                 now=timezone.now(), **form.cleaned_data)):
        return _done(request, _("The award is recorded; the student now holds a state grant."))
    # The refused form is shown again in its candidate's row (or above the list, for an unknown one).
    return _page(request, {("award", vacant_grant_id, form.cleaned_data.get("username")): form})


def _print_language(request: HttpRequest) -> str:
    return "ru" if request.GET.get("language") == "ru" else "kk"


def _printable(request: HttpRequest, vacant_grant_id: int) -> selectors_grants.VacantGrantView:
    permissions.access_vacant_grant(request.user, vacant_grant_id)
    view = selectors_grants.vacant_grant_view(vacant_grant_id)
    if view.candidate_list is None:
        raise Http404
    return view


@login_required
@require_GET
def list_pdf(request: HttpRequest, vacant_grant_id: int) -> HttpResponse:
    """TR-9: the candidate list for the Scientific Council, in Kazakh (default) or Russian."""
    view, language = _printable(request, vacant_grant_id), _print_language(request)
    response = HttpResponse(printing_grants.list_pdf(view, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{printing_grants.filename(view, language, "pdf")}"'
    return response


@login_required
@require_GET
def list_xlsx(request: HttpRequest, vacant_grant_id: int) -> HttpResponse:
    """TR-9: the candidate list as XLSX for the ministry."""
    view, language = _printable(request, vacant_grant_id), _print_language(request)
    response = HttpResponse(printing_grants.list_xlsx(view, language), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{printing_grants.filename(view, language, "xlsx")}"')
    return response
