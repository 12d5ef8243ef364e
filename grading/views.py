"""Grading pages: thin — read through selectors, write through services, errors into forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ektu_portal.academics.permissions import access_student, is_own_student_record
from ektu_portal.core.errors import DomainError, NotFound, ValidationFailed
from grading import permissions, selectors, services
from grading.models import Appeal


def _int_or_none(text: str) -> int | None | str:
    text = text.strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text  # a non-number reaches the service and is refused there


@login_required
def sheet_page(request: HttpRequest, code: str) -> HttpResponse:
    section = permissions.access_sheet(request.user, code)
    problems: dict[str, str] = {}
    coursework = section.discipline.has_coursework and section.discipline.kind not in ("coursework", "practice")
    if request.method == "POST":
        rows = []
        classes_held = _int_or_none(request.POST.get("classes_held", ""))
        for username in request.POST.getlist("student"):
            row: dict[str, Any] = {"student": username, "classes_held": classes_held}
            for name in ("r1", "r2", "exam"):
                row[name] = _int_or_none(request.POST.get(f"{name}-{username}", ""))
            row["outcome"] = request.POST.get(f"outcome-{username}") or None
            row["absences"] = _int_or_none(request.POST.get(f"absences-{username}", "")) or 0
            row["lates_over_20_min"] = _int_or_none(request.POST.get(f"lates-{username}", "")) or 0
            if coursework:
                row["coursework_submitted"] = f"coursework-{username}" in request.POST
            rows.append(row)
        try:
            if "post" in request.POST:
                services.sheet_post(actor=request.user, code=code, now=timezone.now())
                messages.success(request, _("The sheet is posted. Students see their grades; appeals are open."))
            else:
                services.sheet_update(actor=request.user, code=code, rows=rows)
                messages.success(request, _("Saved."))
            return redirect("grading:sheet", code=code)
        except ValidationFailed as error:
            problems = {p.path: p.message for p in error.problems}
            messages.error(request, error.title)
        except DomainError as error:
            messages.error(request, error.detail or error.title)
    sheet = selectors.sheet_for(section)
    rows = selectors.sheet_rows(section)
    return render(request, "grading/sheet.html", {
        "section": section, "sheet": sheet, "rows": rows, "problems": problems, "coursework": coursework,
        "classes_held": next((r.entry.classes_held for r in rows if r.entry and r.entry.classes_held), None),
        "locked": bool(sheet and sheet.is_posted)})


@login_required
def sheet_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    from grading.spreadsheets import to_csv, to_xlsx

    if fmt not in ("xlsx", "csv"):
        raise Http404
    section = permissions.access_sheet(request.user, code)
    sheet = selectors.sheet_as_dict(section)
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(sheet), content_type="application/vnd.openxmlformats-officedocument."
                                                             "spreadsheetml.sheet")
    else:
        response = HttpResponse(to_csv(sheet), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{section.code}.{fmt}"'
    return response


TRADITIONAL = {"excellent": "өте жақсы / отлично", "good": "жақсы / хорошо",
               "satisfactory": "қанағаттанарлық / удовлетворительно",
               "unsatisfactory": "қанағаттанарлықсыз / неудовлетворительно"}


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def sheet_print(request: HttpRequest, code: str) -> HttpResponse:
    """GR-12: the final sheet with the signatures block, once the appeal deadline has passed."""
    from ektu_portal.core.pdf import render_pdf

    try:
        sheet = services.sheet_print(actor=request.user, code=code, now=timezone.now())
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        messages.error(request, error.detail or error.title)
        return redirect("grading:sheet", code=code)
    rows = [(row, TRADITIONAL.get(row.computed.traditional or "", "")) for row in selectors.sheet_rows(sheet.section)]
    content = render_pdf("grading/sheet_print.html", {
        "section": sheet.section, "sheet": sheet, "rows": rows,
        "header_left": f"EKTU · {sheet.section.code}", "header_right": sheet.section.period.code})
    return _pdf(content, f"{sheet.section.code}-final.pdf")


@login_required
def transcript_pdf(request: HttpRequest, username: str) -> HttpResponse:
    from ektu_portal.core.pdf import render_pdf
    from ektu_portal.core.translit import kazakh_to_latin

    student = permissions.access_transcript(request.user, username)
    page = selectors.transcript_page(student)
    latin = student.user.full_name_latin or kazakh_to_latin(student.user.full_name)
    content = render_pdf("grading/transcript_print.html", {
        "student": student, "latin": latin, "issued": timezone.localdate(), **page,
        "header_left": f"EKTU · {student.user.full_name}", "header_right": student.user.username})
    return _pdf(content, f"transcript-{student.user.username}.pdf")


@login_required
def sheet_upload(request: HttpRequest, code: str) -> HttpResponse:
    """Import marks from a spreadsheet: refused row by row, nothing written on any problem."""
    from grading.spreadsheets import read_rows, spreadsheet_problems

    section = permissions.access_sheet(request.user, code)
    upload = request.FILES.get("file")
    if request.method != "POST" or upload is None:
        messages.error(request, _("Choose an .xlsx or .csv file."))
        return redirect("grading:sheet", code=section.code)
    try:
        rows = read_rows(upload.name, upload.read())
        services.sheet_update(actor=request.user, code=section.code, rows=rows,
                              reason=f"imported from {upload.name}")
        messages.success(request, _("Imported %(count)d rows.") % {"count": len(rows)})
    except ValidationFailed as error:
        for problem in spreadsheet_problems(error.problems)[:50]:
            messages.error(request, str(problem))
    except DomainError as error:
        messages.error(request, error.detail or error.title)
    return redirect("grading:sheet", code=section.code)


@login_required
def my_results(request: HttpRequest) -> HttpResponse:
    student = access_student(request.user, None, can=is_own_student_record)
    if request.method == "POST" and request.POST.get("retake"):
        try:
            services.retake_apply(actor=request.user, result_id=int(request.POST["retake"]), now=timezone.now())
            messages.success(request, _("Your retake application is filed. The registrar's office will set the date."))
        except (DomainError, ValueError) as error:
            messages.error(request, getattr(error, "detail", "") or str(error))
        return redirect("grading:my-results")
    if request.method == "POST":
        try:
            services.appeal_file(actor=request.user, section_code=request.POST.get("section", ""),
                                 student_username=student.user.username, reason=request.POST.get("reason", ""),
                                 now=timezone.now())
            messages.success(request, _("Your appeal is filed. The appeals commission will decide."))
            return redirect("grading:my-results")
        except DomainError as error:
            messages.error(request, error.detail or error.title)
    return render(request, "grading/my_results.html", selectors.results_page(student, timezone.now()))


@login_required
def transcript_page(request: HttpRequest, username: str) -> HttpResponse:
    student = permissions.access_transcript(request.user, username)
    return render(request, "grading/transcript.html", {"student": student, **selectors.transcript_page(student)})


@login_required
def result_history(request: HttpRequest, result_id: int) -> HttpResponse:
    """GR-20: who changed a score, when, from what, to what, and why — for the student and the registrar."""
    from ektu_portal.audit.selectors import history_of

    result = permissions.access_result(request.user, result_id)
    return render(request, "grading/history.html", {"result": result, "records": history_of(result)})


@login_required
def retakes_queue(request: HttpRequest) -> HttpResponse:
    """The registrar's office: FX retake applications to schedule and to grade (GR-9)."""
    from datetime import datetime

    from grading.models import RetakeApplication

    if not permissions.can_manage_retakes(request.user):
        raise Http404
    if request.method == "POST":
        try:
            application_id = int(request.POST.get("application", 0))
            if request.POST.get("exam", "") != "":
                services.retake_grade(actor=request.user, application_id=application_id,
                                      exam=int(request.POST["exam"]), now=timezone.now())
                messages.success(request, _("The retake result replaces the exam score."))
            else:
                at = timezone.make_aware(datetime.fromisoformat(request.POST.get("at", "")))
                services.retake_schedule(actor=request.user, application_id=application_id, at=at)
                messages.success(request, _("Scheduled."))
        except ValidationFailed as error:
            for problem in error.problems:
                messages.error(request, problem.message)
        except (DomainError, ValueError) as error:
            messages.error(request, getattr(error, "detail", "") or _("Check the date and the score."))
        return redirect("grading:retakes")
    open_items = (RetakeApplication.objects.exclude(status=RetakeApplication.Status.DONE)
                  .select_related("result__student__user", "result__discipline", "result__period")
                  .order_by("deadline", "applied_at"))
    return render(request, "grading/retakes.html", {"applications": open_items})


@login_required
def appeals_queue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_decide_appeal(request.user):
        raise Http404
    problems: dict[str, str] = {}
    if request.method == "POST":
        try:
            points = int(request.POST.get("points_added") or 0)
            services.appeal_decide(actor=request.user, appeal_id=int(request.POST.get("appeal", 0)),
                                   decision=request.POST.get("decision", ""), points_added=points,
                                   reason=request.POST.get("reason", ""), now=timezone.now())
            messages.success(request, _("The decision is recorded and the student's grade recomputed."))
            return redirect("grading:appeals")
        except ValueError:
            problems = {"points_added": _("Points are a whole number.")}
        except ValidationFailed as error:
            problems = {p.path: p.message for p in error.problems}
            messages.error(request, error.title)
        except DomainError as error:
            messages.error(request, error.detail or error.title)
    waiting = (Appeal.objects.filter(status=Appeal.Status.FILED)
               .select_related("result__student__user", "result__discipline", "result__period", "result__section")
               .order_by("filed_at"))
    decided = (Appeal.objects.exclude(status=Appeal.Status.FILED)
               .select_related("result__student__user", "result__discipline", "decided_by")
               .order_by("-decided_at")[:50])
    return render(request, "grading/appeals.html", {
        "waiting": [(a, selectors.appeal_context(a)) for a in waiting], "decided": decided, "problems": problems})



@login_required
def additional_period(request: HttpRequest) -> HttpResponse:
    """The registrar's office: the additional period after the session (GR-15)."""
    if not permissions.can_manage_additional_period(request.user):
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("additional"):
                def score(name: str) -> int | None:
                    value = request.POST.get(name, "").strip()
                    return int(value) if value else None

                services.additional_exam_record(actor=request.user, additional_exam_id=int(request.POST["additional"]),
                                                exam=score("exam"), r1=score("r1"), r2=score("r2"),  # type: ignore[arg-type]
                                                now=timezone.now())
                messages.success(request, _("The additional-period result is recorded."))
            else:
                services.additional_exam_open(actor=request.user, result_id=int(request.POST.get("result", 0)),
                                              category=request.POST.get("category", ""), now=timezone.now())
                messages.success(request, _("Admitted to the additional period."))
        except ValidationFailed as error:
            for problem in error.problems:
                messages.error(request, f"{problem.path}: {problem.message}")
        except (DomainError, ValueError) as error:
            messages.error(request, getattr(error, "detail", "") or _("Check the scores."))
        return redirect("grading:additional-period")
    return render(request, "grading/additional.html", {
        "candidates": selectors.additional_period_candidates(timezone.localdate()),
        "open_exams": selectors.open_additional_exams()})


@login_required
def session_extensions(request: HttpRequest) -> HttpResponse:
    """The dean's office: extend one student's session by at most three weeks (GR-15)."""
    from datetime import date

    from ektu_portal.academics.permissions import dean_school_ids
    from grading.models import SessionExtension

    schools = dean_school_ids(request.user)
    if not schools:
        raise Http404
    if request.method == "POST":
        try:
            services.grant_session_extension(
                actor=request.user, student_username=request.POST.get("student", "").strip(),
                period_code=request.POST.get("period", "").strip(),
                extended_to=date.fromisoformat(request.POST.get("extended_to", "")),
                reason=request.POST.get("reason", ""), now=timezone.now())
            messages.success(request, _("The session is extended."))
        except ValidationFailed as error:
            for problem in error.problems:
                messages.error(request, f"{problem.path}: {problem.message}")
        except (DomainError, ValueError) as error:
            messages.error(request, getattr(error, "detail", "") or _("Check the date."))
        return redirect("grading:session-extensions")
    extensions = (SessionExtension.objects.filter(student__program__school_id__in=schools)
                  .select_related("student__user", "period", "granted_by").order_by("-granted_at")[:200])
    return render(request, "grading/extensions.html", {"extensions": extensions})
