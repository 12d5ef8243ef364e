"""§12's pages: the cases (a student's own, the offices' queue) and one case with its documents, the
rector's decision, the orders, the comparison sheet, its deadlines and its history. Thin: a form per
action, the service decides, a refusal lands beside its field (nothing written, HTTP 422)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ektu_portal.academics.models import Program, Role
from ektu_portal.academics.permissions import has_role
from ektu_portal.audit.selectors import history_of
from mobility import forms_transfers as forms
from mobility import labels, permissions, printing_transfers
from mobility import selectors_transfers as selectors
from mobility import services_transfers as services
from mobility.models import TransferCase, TransferDocument
from mobility.views import REFUSED, _attempt, _pdf, _print_language


def _kinds(user: Any) -> list[tuple[str, Any]]:
    return [(value, label) for value, label in TransferCase.Kind.choices
            if permissions.can_file_case(user, value)]


def _filing_form(user: Any, data: Any = None) -> forms.TransferForm | None:
    kinds = _kinds(user)
    if not kinds:
        return None
    programs = [(p.code, f"{p.code} {p.name}") for p in Program.objects.order_by("code")]
    return forms.TransferForm(data, kinds=kinds, programs=programs)


def _list_page(request: HttpRequest, form: forms.TransferForm | None = None) -> HttpResponse:
    user = request.user
    cases = selectors.cases_for(user)
    form = form or _filing_form(user)
    staff = permissions.sees_every_case(user) or bool(permissions.case_schools_of(user))
    if not (cases or form or staff):
        raise Http404
    today = timezone.localdate()
    off = selectors.days_off_for(cases)
    rows = [(case, [labels.label(labels.TRANSFER_DEADLINES, d.code)
                    for d, late in selectors.deadlines(case, today, off) if late],
             labels.label(labels.TRANSFER_NEXT, selectors.next_step(case))) for case in cases]
    status = REFUSED if form is not None and form.errors else 200
    return render(request, "mobility/transfers/list.html", {
        "rows": rows, "form": form, "staff": staff, "registrar": permissions.can_issue_transfer_order(user)},
        status=status)


@login_required
def transfers(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@login_required
@require_POST
def transfer_file(request: HttpRequest) -> HttpResponse:
    form = _filing_form(request.user, request.POST)
    if form is None:
        raise Http404
    made: list[TransferCase] = []

    def file() -> None:
        values = form.service_values()
        made.append(services.transfer_file(actor=request.user, kind=values.pop("kind"), values=values,
                                           now=timezone.now()))

    if _attempt(form, file):
        messages.success(request, _("The application is filed."))
        return redirect("mobility:transfer", case_id=made[0].pk)
    return _list_page(request, form)


def _case_page(request: HttpRequest, case_id: int, bound: dict[str, Any] | None = None) -> HttpResponse:
    user, bound = request.user, bound or {}
    case = permissions.access_case(user, case_id)
    today = timezone.localdate()
    outgoing = case.kind == TransferCase.Kind.OUTGOING
    decidable = case.status == TransferCase.Status.SUBMITTED and permissions.can_decide_case(user, case)
    registrar = permissions.can_issue_transfer_order(user)
    staff = permissions.sees_every_case(user) or bool(permissions.case_schools_of(user))
    context = {
        "case": case, "today": today, "staff": staff,
        "next_step": labels.label(labels.TRANSFER_NEXT, selectors.next_step(case)),
        "refusals_now": [labels.label(labels.TRANSFER_REFUSALS, code)
                         for code in selectors.refusals(case, case.applied_on if outgoing else today)]
        if case.status == TransferCase.Status.SUBMITTED and staff else [],
        "deadlines": [(labels.label(labels.TRANSFER_DEADLINES, d.code), d, late)
                      for d, late in selectors.deadlines(case, today)],
        "comparison": selectors.comparison(case, case.decided_on or today),
        "documents": list(case.documents.defer("content").select_related("uploaded_by")),
        "history": [(record, labels.label(labels.TRANSFER_ACTIONS, record.action),
                     TransferCase.Status(record.after["status"]).label
                     if record.after and record.after.get("status") in TransferCase.Status.values else "")
                    for record in history_of(case)],
        "funding_after": labels.label(labels.FUNDING_AFTER, case.funding_after) if case.funding_after else "",
        "may_add_document": permissions.can_add_document(user, case),
        "document_form": bound.get("document") or forms.DocumentForm(),
        "decision_form": (bound.get("decision") or forms.TransferDecisionForm()) if decidable else None,
        "request_form": (bound.get("request") or forms.DatedStepForm(prefix="request"))
        if registrar and outgoing and case.status == TransferCase.Status.APPROVED
        and case.receiving_request_on is None else None,
        "order_form": (bound.get("order") or forms.TransferOrderForm())
        if registrar and case.status == TransferCase.Status.APPROVED
        and (not outgoing or case.receiving_request_on is not None) else None,
        "sent_form": (bound.get("sent") or forms.DatedStepForm(prefix="sent"))
        if registrar and outgoing and case.status == TransferCase.Status.ORDERED else None,
        "printable": case.status in (TransferCase.Status.ORDERED, TransferCase.Status.CLOSED),
        "rector_office": has_role(user, Role.VICE_RECTOR),
    }
    status = REFUSED if any(getattr(f, "errors", None) for f in bound.values()) else 200
    return render(request, "mobility/transfers/case.html", context, status=status)


@login_required
def transfer(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_page(request, case_id)


def _done(request: HttpRequest, case_id: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("mobility:transfer", case_id=case_id)


@login_required
@require_POST
def transfer_document(request: HttpRequest, case_id: int) -> HttpResponse:
    form = forms.DocumentForm(request.POST, request.FILES)

    def add() -> None:
        upload = form.cleaned_data["file"]
        limit = settings.TRANSFER_DOCUMENT_MAX_BYTES
        content = upload.read(limit + 1)  # never more than the limit and a byte into memory
        services.transfer_document_add(actor=request.user, case_id=case_id, kind=form.cleaned_data["kind"],
                                       name=upload.name, content=content, now=timezone.now())

    if _attempt(form, add):
        return _done(request, case_id, _("The document is added to the case."))
    return _case_page(request, case_id, {"document": form})


@login_required
@require_POST
def transfer_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    form = forms.TransferDecisionForm(request.POST)
    if _attempt(form, lambda: services.transfer_decide(actor=request.user, case_id=case_id,
                                                       now=timezone.now(), **form.cleaned_data)):
        return _done(request, case_id, _("The decision is recorded."))
    return _case_page(request, case_id, {"decision": form})


def _dated_step(request: HttpRequest, case_id: int, prefix: str, step: Callable[..., Any],
                done: str) -> HttpResponse:
    """TR-6: a dated step of a transfer out, recorded by the registrar's office."""
    form = forms.DatedStepForm(request.POST, prefix=prefix)
    if _attempt(form, lambda: step(actor=request.user, case_id=case_id, on=form.cleaned_data["on"],
                                   now=timezone.now())):
        return _done(request, case_id, done)
    return _case_page(request, case_id, {prefix: form})


@login_required
@require_POST
def transfer_receiving_request(request: HttpRequest, case_id: int) -> HttpResponse:
    return _dated_step(request, case_id, "request", services.transfer_receiving_request,
                       _("The receiving university's request is recorded."))


@login_required
@require_POST
def transfer_order(request: HttpRequest, case_id: int) -> HttpResponse:
    form = forms.TransferOrderForm(request.POST)
    if _attempt(form, lambda: services.transfer_order(actor=request.user, case_id=case_id, now=timezone.now(),
                                                      **form.cleaned_data)):
        return _done(request, case_id, _("The order is recorded."))
    return _case_page(request, case_id, {"order": form})


@login_required
@require_POST
def transfer_file_sent(request: HttpRequest, case_id: int) -> HttpResponse:
    return _dated_step(request, case_id, "sent", services.transfer_file_sent,
                       _("The personal file is recorded as sent."))


@login_required
def transfer_document_download(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    case = permissions.access_case(request.user, case_id)
    document = TransferDocument.objects.filter(case=case, pk=document_id).first()
    if document is None:
        raise Http404
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="case-{case.pk}-{document.pk}"'
    return response


@login_required
def transfer_order_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    """The order as the rector signs it, in Kazakh or Russian, once it is recorded."""
    case = permissions.access_case(request.user, case_id)
    if case.status not in (TransferCase.Status.ORDERED, TransferCase.Status.CLOSED):
        raise Http404
    language = _print_language(request)
    return _pdf(printing_transfers.order_pdf(case, language),
                f'inline; filename="transfer-order-{case.pk}-{language}.pdf"')


@login_required
def transfer_comparison_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    """TR-4: the comparison sheet that goes with the application, for signatures."""
    case = permissions.access_case(request.user, case_id)
    view = selectors.comparison(case, case.decided_on or timezone.localdate())
    if view is None:
        raise Http404
    language = _print_language(request)
    return _pdf(printing_transfers.comparison_pdf(case, view, language),
                f'inline; filename="comparison-sheet-{case.pk}-{language}.pdf"')
