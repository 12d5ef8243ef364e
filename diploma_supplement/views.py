"""The supplement's pages: the dean's readiness list, issuing and print batches; the holder's page; the
public verification page; the registrar's issued list, accreditations and diploma numbers.

Thin: a form shapes each action, a service does it, ``access_*`` look objects up and check the actor
(a refusal to see is the middleware's 404), and a refused action lands on the form's fields.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from diploma_supplement import permissions, selectors, services
from diploma_supplement.forms import (
    AccreditationForm,
    AccreditationRemoveForm,
    BatchStartForm,
    CohortForm,
    DiplomaNumberForm,
    DiplomaNumbersFileForm,
    IssueForm,
    PageActionForm,
    RevokeForm,
    add_domain_error,
)
from diploma_supplement.labels import gap_labels
from diploma_supplement.models import Batch, IssuedSupplement
from diploma_supplement.policy import content
from ektu_portal.core.errors import DomainError, ValidationFailed

View = Callable[..., HttpResponse]


def page_for(allowed: Callable[[Any], bool]) -> Callable[[View], View]:
    """A page of one office (the deans', the registrar's): to anyone else it does not exist."""
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not allowed(request.user):
                raise Http404
            return view(request, *args, **kwargs)
        return login_required(wrapped)
    return decorate


def _sent(request: HttpRequest) -> str | None:
    """Which of the page's forms was posted (None on GET)."""
    if request.method != "POST":
        return None
    action = PageActionForm(request.POST)
    return action.cleaned_data["form"] if action.is_valid() else ""


# --- the dean's office ------------------------------------------------------------------------------


@page_for(permissions.can_print_batches)
def batches_page(request: HttpRequest) -> HttpResponse:
    """Choose a program and a graduation year, see who is ready and who lacks what (DS-1), and issue
    and print the supplements of the graduates selected or of every ready one."""
    now = timezone.now()
    programs = selectors.programs_of_dean(request.user)
    years = selectors.graduation_years(programs)
    cohort = CohortForm(request.GET or None, programs=programs, years=years)
    program, year = cohort.chosen(programs, years)
    start = BatchStartForm(request.POST if request.method == "POST" else None)
    if start.is_bound and start.is_valid():
        try:
            batch = services.batch_start(actor=request.user, program_code=start.cleaned_data["program"],
                                         year=start.cleaned_data["year"], students=start.selected(), now=now)
        except DomainError as error:
            add_domain_error(start, error)
        else:
            return redirect("diploma_supplement:batch", batch_id=batch.pk)
    if start.is_bound and start.is_valid():  # refused: the page shows the cohort it was about
        program = next((p for p in programs if p.code == start.cleaned_data["program"]), program)
        year = start.cleaned_data["year"]
    rows = selectors.readiness(program, year, today=timezone.localdate(now)) if program and year else []
    batches = Batch.objects.filter(program__in=programs).select_related("program")[:20]
    selected = set(getattr(start, "cleaned_data", {}).get("students", []))
    return render(request, "diploma_supplement/batches.html", {
        "cohort": cohort, "programs": programs, "program": program, "years": years, "year": year,
        "rows": [{"row": row, "missing": gap_labels(row.missing)} for row in rows], "start": start,
        "selected": selected, "ready": sum(1 for row in rows if row.ready), "batches": batches},
        status=422 if start.is_bound and start.errors else 200)


@login_required
def batch_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    return render(request, "diploma_supplement/batch.html",
                  {"batch": permissions.access_batch(request.user, batch_id)})


@login_required
def batch_progress(request: HttpRequest, batch_id: int) -> JsonResponse:
    batch = permissions.access_batch(request.user, batch_id)
    return JsonResponse({"status": batch.status, "label": str(batch.get_status_display()), "done": batch.done,
                         "total": batch.total, "error": batch.error})


@login_required
def batch_download(request: HttpRequest, batch_id: int, kind: str) -> HttpResponse:
    batch = permissions.access_batch(request.user, batch_id)
    document = batch.zip_file if kind == "zip" else batch.merged_pdf
    if batch.status != Batch.Status.DONE or not document or kind not in ("zip", "pdf"):
        raise Http404
    name = f"diploma-supplements-{batch.program.code}-{batch.graduation_year}"
    response = HttpResponse(bytes(document),
                            content_type="application/zip" if kind == "zip" else "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


# --- the holder's page ------------------------------------------------------------------------------


@login_required
def student_page(request: HttpRequest, username: str) -> HttpResponse:
    """The holder's supplement: ready or what is missing (DS-1), the preview or the issued one, and for
    the dean's office the explicit act of issuing it."""
    now = timezone.now()
    student = permissions.access_holder(request.user, username)
    issue = IssueForm(request.POST if request.method == "POST" else None)
    if issue.is_bound and issue.is_valid():
        try:
            supplement = services.supplement_issue(actor=request.user, username=username, now=now)
        except DomainError as error:
            add_domain_error(issue, error)
        else:
            messages.success(request, _("Diploma Supplement %(number)s is issued.") % {
                "number": supplement.number})
            return redirect("diploma_supplement:student", username=username)
    facts = selectors.facts_for(student, today=timezone.localdate(now))
    return render(request, "diploma_supplement/student.html", {
        "student": student, "missing": gap_labels(content.missing(facts)), "issue": issue,
        "current": selectors.current_supplement(student),
        "can_issue": permissions.can_issue(request.user, student),
        "can_revoke": permissions.can_revoke(request.user), "issued": selectors.supplements_of(student)},
        status=422 if issue.is_bound and issue.errors else 200)


def supplement_pdf_response(document: services.SupplementDocument) -> HttpResponse:
    response = HttpResponse(document.pdf, content_type="application/pdf")
    name = "diploma-supplement-preview" if document.preview else f"diploma-supplement-{document.number}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    if document.number:
        response["X-Supplement-Number"] = document.number
    response["X-Supplement-Preview"] = "true" if document.preview else "false"
    return response


# --- public verification and the registrar's office -------------------------------------------------


def verify(request: HttpRequest, number: str, revoke: RevokeForm | None = None) -> HttpResponse:
    """Public: anyone with the QR code confirms holder, qualification, date and hash — no transcript."""
    supplement = IssuedSupplement.objects.filter(number=number).defer("pdf").first()
    return render(request, "diploma_supplement/verify.html", {
        "supplement": supplement, "number": number, "revoke": revoke or RevokeForm(),
        "institution_name": settings.DIPLOMA_SUPPLEMENT_INSTITUTION["name_en"],
        "can_revoke": bool(supplement) and permissions.can_revoke(request.user)},
        status=200 if supplement else 404)


@page_for(permissions.can_revoke)
def revoke_page(request: HttpRequest, number: str) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.supplement_revoke(actor=request.user, number=number, reason=form.cleaned_data["reason"],
                                       now=timezone.now())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The supplement is revoked."))
            return redirect("diploma_supplement:verify", number=number)
    return verify(request, number, revoke=form)


@login_required
def my_supplement(request: HttpRequest) -> HttpResponse:
    """A student's own supplement page; the registrar's list of issued supplements."""
    if getattr(request.user, "student", None) is not None:
        return redirect("diploma_supplement:student", username=request.user.username)
    if not permissions.can_revoke(request.user):
        raise Http404
    query = request.GET.get("q", "").strip()
    return render(request, "diploma_supplement/issued.html",
                  {"issued": selectors.issued_supplements(query)[:50], "query": query})


@page_for(permissions.can_record_accreditation)
def accreditation_page(request: HttpRequest) -> HttpResponse:
    """The registrar's office records the accreditations the supplement states (DS-3 (2), (6)): the
    university's institutional one and programs' specialised ones, each audited."""
    sent = _sent(request)
    editing = request.GET.get("edit", "")
    row = (permissions.access_accreditation(request.user, int(editing)) if editing.isdigit() else None)
    initial = ({"program": row.program.code if row.program else None, "accreditor": row.accreditor,
                "eqar_registered": row.eqar_registered, "enqa_member": row.enqa_member,
                "certificate": row.certificate, "valid_from": row.valid_from, "valid_until": row.valid_until}
               if row else None)
    form = AccreditationForm(request.POST if sent == "record" else None, initial=initial, prefix="record")
    remove = AccreditationRemoveForm(request.POST if sent == "remove" else None, prefix="remove")
    if form.is_bound and form.is_valid():
        try:
            services.accreditation_record(actor=request.user, accreditation_id=row.pk if row else None,
                                          **form.values())
        except ValidationFailed as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The accreditation is recorded."))
            return redirect("diploma_supplement:accreditation")
    if remove.is_bound and remove.is_valid() and row is not None:
        try:
            services.accreditation_remove(actor=request.user, accreditation_id=row.pk,
                                          reason=remove.cleaned_data["reason"])
        except ValidationFailed as error:
            add_domain_error(remove, error)
        else:
            messages.success(request, _("The accreditation is removed."))
            return redirect("diploma_supplement:accreditation")
    refused = (form.is_bound and bool(form.errors)) or (remove.is_bound and bool(remove.errors))
    return render(request, "diploma_supplement/accreditation.html", {
        "accreditations": selectors.accreditations(), "form": form, "remove": remove, "editing": row},
        status=422 if refused else 200)


@page_for(permissions.can_record_diploma_numbers)
def diploma_numbers_page(request: HttpRequest) -> HttpResponse:
    """The registrar enters one graduate's diploma number and award date, or imports a file of
    them (contract §1): refused field by field or row by row, nothing written on any problem."""
    sent = _sent(request)
    one = DiplomaNumberForm(request.POST if sent == "one" else None, prefix="one")
    upload = DiplomaNumbersFileForm(request.POST if sent == "file" else None,
                                    request.FILES if sent == "file" else None, prefix="file")
    form: DiplomaNumberForm | DiplomaNumbersFileForm | None = (
        one if one.is_bound else upload if upload.is_bound else None)
    if form is not None and form.is_valid():
        # The audit log's "why": the registrar's words, else where the numbers came from.
        source = "entered by the registrar's office" if form is one else \
            f"imported from {form.cleaned_data['file'].name}"
        reason = form.cleaned_data["reason"] or source
        try:
            recorded = services.diploma_numbers_record(actor=request.user, rows=form.rows(), reason=reason,
                                                       today=timezone.localdate())
        except ValidationFailed as error:
            form.add_problems(error.problems)
        else:
            messages.success(request, _("Recorded %(recorded)d diploma numbers; %(unchanged)d were already "
                                        "recorded.") % {"recorded": recorded.recorded,
                                                        "unchanged": recorded.unchanged})
            return redirect("diploma_supplement:diploma-numbers")
    return render(request, "diploma_supplement/diploma_numbers.html", {"one": one, "upload": upload})
