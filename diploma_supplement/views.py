"""Deans' print batches, downloads and the public verification page. Thin: services do the work."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from diploma_supplement import permissions, selectors, services
from diploma_supplement.forms import DiplomaNumberForm, DiplomaNumbersFileForm
from diploma_supplement.models import Batch, IssuedSupplement
from diploma_supplement.policy import content
from ektu_portal.academics.models import Program
from ektu_portal.academics.permissions import dean_school_ids
from ektu_portal.core.errors import DomainError, ValidationFailed


@login_required
def batches_page(request: HttpRequest) -> HttpResponse:
    """Choose a program and a graduation year, see who is ready and who lacks what, start a batch."""
    if not permissions.can_print_batches(request.user):
        raise Http404
    programs = list(Program.objects.filter(school_id__in=dean_school_ids(request.user)).order_by("code"))
    if request.method == "POST":
        try:
            batch = services.batch_start(actor=request.user, program_code=request.POST.get("program", ""),
                                         year=int(request.POST.get("year", 0)), now=timezone.now())
        except (DomainError, ValueError) as error:
            messages.error(request, getattr(error, "detail", "") or str(error))
            return redirect("diploma_supplement:batches")
        return redirect("diploma_supplement:batch", batch_id=batch.pk)
    program = next((p for p in programs if p.code == request.GET.get("program")), programs[0] if programs else None)
    years = selectors.graduation_years(programs)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else (years[0] if years else None)
    rows = selectors.readiness(program, year, today=timezone.localdate()) if program and year else []
    batches = Batch.objects.filter(program__in=programs).select_related("program")[:20]
    return render(request, "diploma_supplement/batches.html", {
        "programs": programs, "program": program, "years": years, "year": year, "rows": rows,
        "ready": sum(1 for row in rows if not row["missing"]), "batches": batches})


def _batch_or_404(user: object, batch_id: int) -> Batch:
    batch = Batch.objects.select_related("program").filter(pk=batch_id).first()
    if batch is None or not permissions.can_print_batches(user, batch.program):
        raise Http404
    return batch


@login_required
def batch_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    return render(request, "diploma_supplement/batch.html", {"batch": _batch_or_404(request.user, batch_id)})


@login_required
def batch_progress(request: HttpRequest, batch_id: int) -> JsonResponse:
    batch = _batch_or_404(request.user, batch_id)
    return JsonResponse({"status": batch.status, "label": str(batch.get_status_display()), "done": batch.done,
                         "total": batch.total, "error": batch.error})


@login_required
def batch_download(request: HttpRequest, batch_id: int, kind: str) -> HttpResponse:
    batch = _batch_or_404(request.user, batch_id)
    content = batch.zip_file if kind == "zip" else batch.merged_pdf
    if batch.status != Batch.Status.DONE or not content:
        raise Http404
    name = f"diploma-supplements-{batch.program.code}-{batch.graduation_year}"
    response = HttpResponse(bytes(content), content_type="application/zip" if kind == "zip" else "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{"zip" if kind == "zip" else "pdf"}"'
    return response


def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public: anyone with the QR code confirms holder, qualification, date and hash — no transcript."""
    supplement = IssuedSupplement.objects.filter(number=number).defer("pdf").first()
    return render(request, "diploma_supplement/verify.html", {
        "supplement": supplement, "number": number,
        "institution_name": settings.DIPLOMA_SUPPLEMENT_INSTITUTION["name_en"],
        "can_revoke": bool(supplement) and permissions.can_revoke(request.user)},
        status=200 if supplement else 404)


@login_required
def my_supplement(request: HttpRequest) -> HttpResponse:
    """A student's own supplement page; the registrar's list of issued supplements."""
    student = getattr(request.user, "student", None)
    if student is not None:
        return redirect("diploma_supplement:student", username=request.user.username)
    if not permissions.can_revoke(request.user):
        raise Http404
    query = request.GET.get("q", "").strip()
    issued = IssuedSupplement.objects.defer("pdf").select_related("student__user", "student__program")
    if query:
        issued = issued.filter(Q(number__iexact=query) | Q(student__user__username__iexact=query)
                               | Q(holder_name__icontains=query))
    return render(request, "diploma_supplement/issued.html", {"issued": issued[:50], "query": query})


@login_required
def student_page(request: HttpRequest, username: str) -> HttpResponse:
    """The holder's supplement: ready or what is missing (DS-1), the issued ones, the download."""
    try:
        student = services.student_for_page(actor=request.user, username=username)
    except DomainError:
        raise Http404 from None
    facts = selectors.facts_for(student, today=timezone.localdate())
    return render(request, "diploma_supplement/student.html", {
        "student": student, "missing": content.missing(facts), "can_revoke": permissions.can_revoke(request.user),
        "issued": IssuedSupplement.objects.filter(student=student).defer("pdf")})


def supplement_pdf_response(supplement: IssuedSupplement) -> HttpResponse:
    response = HttpResponse(bytes(supplement.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="diploma-supplement-{supplement.number}.pdf"'
    response["X-Supplement-Number"] = supplement.number
    return response


@login_required
def revoke_page(request: HttpRequest, number: str) -> HttpResponse:
    if request.method != "POST" or not permissions.can_revoke(request.user):
        raise Http404
    try:
        services.revoke(actor=request.user, number=number, reason=request.POST.get("reason", ""), now=timezone.now())
        messages.success(request, _("The supplement is revoked."))
    except DomainError as error:
        messages.error(request, error.detail or error.title)
    return redirect("diploma_supplement:verify", number=number)


@login_required
def diploma_numbers_page(request: HttpRequest) -> HttpResponse:
    """The registrar enters one graduate's diploma number and award date, or imports a file of
    them (contract §1): refused field by field or row by row, nothing written on any problem."""
    if not permissions.can_record_diploma_numbers(request.user):
        raise Http404
    posted = request.POST.get("form") if request.method == "POST" else None
    one = DiplomaNumberForm(request.POST if posted == "one" else None, prefix="one")
    upload = DiplomaNumbersFileForm(request.POST if posted == "file" else None,
                                    request.FILES if posted == "file" else None, prefix="file")
    form: DiplomaNumberForm | DiplomaNumbersFileForm | None = (
        one if one.is_bound else upload if upload.is_bound else None)
    if form is not None and form.is_valid():
        # The audit log's "why": the registrar's words, else where the numbers came from.
        source = "entered by the registrar's office" if form is one else \
            f"imported from {form.cleaned_data['file'].name}"
        reason = form.cleaned_data["reason"] or source
        try:
            recorded = services.diploma_numbers_record(actor=request.user, rows=form.rows(), reason=reason)
        except ValidationFailed as error:
            form.add_problems(error.problems)
        else:
            messages.success(request, _("Recorded %(recorded)d diploma numbers; %(unchanged)d were already "
                                        "recorded.") % {"recorded": recorded.recorded,
                                                        "unchanged": recorded.unchanged})
            return redirect("diploma_supplement:diploma-numbers")
    return render(request, "diploma_supplement/diploma_numbers.html", {"one": one, "upload": upload})
