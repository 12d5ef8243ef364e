"""Grading pages: thin — a form per action shapes the input, a service decides and writes, its
refusal goes back onto the form's fields (issue 8); reads come from the selectors, in the reader's
words (issue 9)."""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ektu_portal.academics.models import Role, Section, Student
from ektu_portal.academics.permissions import (
    access_student,
    dean_school_ids,
    has_role,
    is_own_student_record,
    is_registrar,
)
from ektu_portal.core.errors import DomainError, NotFound, ValidationFailed
from grading import forms, labels, page_selectors, permissions, selectors, services
from grading.policy.sheets import coursework_required, sheet_kind


def _unlisted_refusals(request: HttpRequest, refused: dict[int, Any], listed: set[int]) -> None:
    """A refusal about a row the page no longer lists (decided or entered meanwhile, a stale page) is
    shown above the page rather than lost."""
    for key, form in refused.items():
        if key not in listed:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)


def _coursework(section: Section) -> bool:
    """GR-2: the sheet has a course-work column when the discipline's course work admits to its exam."""
    discipline = section.discipline
    return coursework_required(discipline.has_coursework, sheet_kind(discipline.control, discipline.kind))


def _sheet_form(section: Section, data: Any = None) -> forms.SheetForm:
    sheet = selectors.sheet_for(section)
    return forms.SheetForm(data, rows=selectors.sheet_rows(section), coursework=_coursework(section),
                           locked=bool(sheet and sheet.is_posted),
                           exam_date=sheet.exam_date if sheet else None)


def _save(request: HttpRequest, section: Section, form: forms.SheetForm) -> bool:
    """What the form changed, through the service (rows and the day of the exam); False: nothing to save."""
    rows, exam_date = form.rows_to_save(), form.exam_date_to_save()
    if not rows and exam_date is None:
        return False
    services.sheet_update(actor=request.user, code=section.code, rows=rows, exam_date=exam_date)
    return True


# --- the sheet list and the grade sheet (GR-2 … GR-8, GR-12, GR-13) ------------------------------------


@login_required
@require_GET
def sheet_list(request: HttpRequest) -> HttpResponse:
    """Issue 9: from the menu, instructors reach their sections' sheets, the registrar's office every one."""
    if is_registrar(request.user):
        instructor = None
    elif has_role(request.user, Role.INSTRUCTOR):
        instructor = request.user
    else:
        raise Http404
    form = forms.SheetListFilterForm(request.GET)
    chosen = form.cleaned_data if form.is_valid() else {}
    if instructor is not None:
        chosen.pop("school", None)
        del form.fields["school"]
    page, rows = page_selectors.sheet_list(instructor=instructor, now=timezone.now(),
                                           period=chosen.get("period"), school=chosen.get("school"),
                                           page=chosen.get("page") or 1)
    query = {name: value.code for name, value in chosen.items() if name != "page" and value is not None}
    return render(request, "grading/sheets.html", {
        "form": form, "page": page, "rows": rows, "query": urlencode(query),
        "all_sections": instructor is None,
        "attempt_sheets": page_selectors.attempt_sheet_list(timezone.now()) if instructor is None else None})


def _sheet_page(request: HttpRequest, section: Section, *, form: forms.SheetForm | None = None,
                post_form: forms.SheetPostForm | None = None,
                upload_form: forms.SheetUploadForm | None = None) -> HttpResponse:
    sheet = selectors.sheet_for(section)
    form = form or _sheet_form(section)
    state = page_selectors.state_of_section_sheet(section, timezone.now())
    return render(request, "grading/sheet.html", {
        "section": section, "sheet": sheet, "state": state,
        "period": page_selectors.period_words(section.period),
        "kind": sheet_kind(section.discipline.control, section.discipline.kind),
        "form": form, "post_form": post_form or forms.SheetPostForm(),
        "upload_form": upload_form or forms.SheetUploadForm(), "locked": bool(sheet and sheet.is_posted),
        "status_labels": {code: str(text) for code, text in labels.FINAL_COLUMN.items()}})


@login_required
def sheet_page(request: HttpRequest, code: str) -> HttpResponse:
    """The sheet; POST saves the rows that changed (every problem of every row at once, nothing saved)."""
    if request.method != "POST":
        return _sheet_page(request, permissions.access_sheet(request.user, code))
    section = permissions.access_sheet(request.user, code, can=permissions.can_edit_sheet)
    form = _sheet_form(section, request.POST)
    if form.is_valid():
        try:
            if form.fields["classes_held"].disabled:
                raise services.GradesLocked()
            if _save(request, section, form):
                messages.success(request, _("Saved."))
            else:
                messages.info(request, _("Nothing has changed."))
            return redirect("grading:sheet", code=section.code)
        except ValidationFailed as error:
            form.add_problems(error.problems)
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _sheet_page(request, section, form=form)


@login_required
@require_POST
def sheet_post(request: HttpRequest, code: str) -> HttpResponse:
    """GR-12/GR-13: the rows on the page are saved and the sheet posted at once — or nothing is."""
    section = permissions.access_sheet(request.user, code, can=permissions.can_post_sheet)
    form = _sheet_form(section, request.POST)
    post_form = forms.SheetPostForm(request.POST)
    if not form.is_valid():
        post_form.add_error(None, _("Correct the marks first; the sheet is not posted."))
    elif post_form.is_valid():
        try:
            with transaction.atomic():
                _save(request, section, form)
                services.sheet_post(actor=request.user, code=section.code, now=timezone.now())
            messages.success(request, _("The sheet is posted. Students see their grades; appeals are open."))
            return redirect("grading:sheet", code=section.code)
        except ValidationFailed as error:
            # the posting's problems name the sheet's rows; the saving's, the rows sent
            form.add_problems(error.problems,
                              rows_of="sheet" if isinstance(error, services.SheetNotReady) else "sent")
            post_form.add_error(None, _("The sheet is not posted; nothing was saved."))
        except DomainError as error:
            forms.add_domain_error(post_form, error)
    return _sheet_page(request, section, form=form, post_form=post_form)


@login_required
def sheet_upload(request: HttpRequest, code: str) -> HttpResponse:
    """Import marks from a spreadsheet: refused row by row, nothing written on any problem."""
    from grading.spreadsheets import read_rows

    section = permissions.access_sheet(request.user, code, can=permissions.can_edit_sheet)
    if request.method != "POST":
        return redirect("grading:sheet", code=section.code)
    form = forms.SheetUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload.name, upload.read())
            services.sheet_update(actor=request.user, code=section.code, rows=rows,
                                  reason=f"imported from {upload.name}")
            messages.success(request, _("Imported %(count)d rows.") % {"count": len(rows)})
            return redirect("grading:sheet", code=section.code)
        except ValidationFailed as error:
            form.add_problems(error.problems)
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _sheet_page(request, section, upload_form=form)


@login_required
def sheet_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    from grading.spreadsheets import to_csv, to_xlsx

    if fmt not in ("xlsx", "csv"):
        raise Http404
    section = permissions.access_sheet(request.user, code)
    from grading.api.serializers import SheetSerializer

    sheet = SheetSerializer(selectors.sheet_record(section)).data  # the API's sheet, as a spreadsheet
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(sheet), content_type="application/vnd.openxmlformats-officedocument."
                                                             "spreadsheetml.sheet")
    else:
        response = HttpResponse(to_csv(sheet), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{section.code}.{fmt}"'
    return response


# The final sheet is one document in the university's two languages (GR-12), whatever the reader's.
TRADITIONAL = {"excellent": "өте жақсы / отлично", "good": "жақсы / хорошо",
               "satisfactory": "қанағаттанарлық / удовлетворительно",
               "unsatisfactory": "қанағаттанарлықсыз / неудовлетворительно"}
SITTINGS = {"fx_retake": "FX қайта тапсыру / пересдача FX / FX retake",
            "additional": "қосымша кезең / дополнительный период / additional period"}
ADMISSION_REASONS = {"ratings_missing": "R1 / R2 жоқ / нет", "rating_below_threshold": "рейтинг < 50",
                     "coursework_not_submitted": "курстық жұмыс / курсовая работа",
                     "attendance_over_half_missed": "сабаққа қатыспау / пропуски > 50%"}


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def sheet_print(request: HttpRequest, code: str) -> HttpResponse:
    """GR-12: the final sheet with the signatures block, once the appeal deadline has passed."""
    try:
        sheet = services.sheet_print(actor=request.user, code=code, now=timezone.now())
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, forms.conflict_words(error))
        return redirect("grading:sheet", code=code)
    return _final_sheet_pdf(sheet, selectors.sheet_rows(sheet.section), where=sheet.section.code)


def _final_sheet_pdf(sheet: Any, rows: list[Any], *, where: str, sitting: str = "") -> HttpResponse:
    """GR-6/GR-7/GR-12: the final sheet, one document in the university's languages."""
    from ektu_portal.core.pdf import render_pdf

    period = page_selectors.period_words(sheet.period)
    lines = [(row, TRADITIONAL.get(row.computed.traditional or "", ""),
              "; ".join(ADMISSION_REASONS.get(r, r) for r in row.computed.admission_reasons)) for row in rows]
    content = render_pdf("grading/sheet_print.html", {
        "section": sheet.section, "discipline": sheet.discipline, "sheet": sheet, "rows": lines,
        "period": period, "where": where, "sitting": sitting,
        "header_left": f"EKTU · {where}", "header_right": period})
    return _pdf(content, f"{where}-final.pdf".replace(" ", "-"))


# --- the student: results, appeals (GR-13), FX retakes (GR-9) ----------------------------------------


def _results_page(request: HttpRequest, student: Student, *, appeal_forms: dict[int, Any] | None = None,
                  retake_forms: dict[int, Any] | None = None) -> HttpResponse:
    context = selectors.results_page(student, timezone.now())
    appeal_forms, retake_forms = appeal_forms or {}, retake_forms or {}

    def line(item: Any) -> dict[str, Any]:
        result_id = item.result.result_id
        return {**{f.name: getattr(item, f.name) for f in dataclasses.fields(item)},
                "appeal_stage": labels.label(labels.APPEAL_STAGE, item.appeal_stage),
                "appeal_form": appeal_forms.get(result_id)
                or forms.AppealFileForm(auto_id=f"appeal-{result_id}-%s"),
                "retake_form": retake_forms.get(result_id)}

    context["groups"] = [{"period": g.period, "gpa": g.gpa, "cumulative_gpa": g.cumulative_gpa,
                          "lines": [line(item) for item in g.lines]} for g in context["groups"]]
    context["debts"] = [{"discipline": d.result.discipline,
                         "period": page_selectors.period_words(d.result.period),
                         "reason": labels.label(labels.DEBT_REASONS, d.reason)} for d in context["debts"]]
    return render(request, "grading/my_results.html", context)


@login_required
@require_GET
def my_results(request: HttpRequest) -> HttpResponse:
    return _results_page(request, access_student(request.user, None, can=is_own_student_record))


@login_required
@require_POST
def appeal_file(request: HttpRequest, result_id: int) -> HttpResponse:
    """GR-13: the student appeals a posted grade until 13:00 the day after its sheet was posted."""
    student = access_student(request.user, None, can=is_own_student_record)
    # Somebody else's result is not found, whatever the form holds (the matrix pins it, ASVS 8.2).
    permissions.access_result(request.user, result_id, can=permissions.can_file_appeal)
    form = forms.AppealFileForm(request.POST, auto_id=f"appeal-{result_id}-%s")
    if form.is_valid():
        try:
            services.appeal_file(actor=request.user, result_id=result_id,
                                 student_username=student.user.username, reason=form.cleaned_data["reason"],
                                 now=timezone.now())
            messages.success(request, _("Your appeal is filed. The appeals commission will decide."))
            return redirect("grading:my-results")
        except NotFound:
            raise
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _results_page(request, student, appeal_forms={result_id: form})


@login_required
@require_POST
def retake_apply(request: HttpRequest, result_id: int) -> HttpResponse:
    """GR-9: the student applies online for an FX retake."""
    student = access_student(request.user, None, can=is_own_student_record)
    form = forms.RetakeApplyForm(request.POST)
    if form.is_valid():
        try:
            services.retake_apply(actor=request.user, result_id=result_id, now=timezone.now())
            messages.success(request, _("Your retake application is filed. "
                                        "The registrar's office will set the date."))
            return redirect("grading:my-results")
        except NotFound:
            raise
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _results_page(request, student, retake_forms={result_id: form})


@login_required
def transcript_page(request: HttpRequest, username: str) -> HttpResponse:
    student = permissions.access_transcript(request.user, username)
    return render(request, "grading/transcript.html",
                  {"student": student, **selectors.transcript_page(student)})


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
def result_history(request: HttpRequest, result_id: int) -> HttpResponse:
    """GR-20: who changed a score, when, from what, to what, and why — for the student and the registrar."""
    result = permissions.access_result(request.user, result_id)
    return render(request, "grading/history.html", {
        "result": result, "period": page_selectors.period_words(result.period),
        "lines": page_selectors.result_history(result)})


# --- the appeals commission (GR-14) -------------------------------------------------------------------


def _appeals_page(request: HttpRequest,
                  refused: dict[int, forms.AppealDecideForm] | None = None) -> HttpResponse:
    refused = refused or {}
    waiting = [(appeal, refused.get(appeal.id) or forms.AppealDecideForm(auto_id=f"appeal-{appeal.id}-%s"))
               for appeal in page_selectors.appeals_waiting()]
    _unlisted_refusals(request, refused, {appeal.id for appeal, _form in waiting})
    return render(request, "grading/appeals.html", {"waiting": waiting,
                                                    "decided": page_selectors.appeals_decided()})


@login_required
@require_GET
def appeals_queue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_decide_appeal(request.user):
        raise Http404
    return _appeals_page(request)


@login_required
@require_POST
def appeal_decide(request: HttpRequest, appeal_id: int) -> HttpResponse:
    if not permissions.can_decide_appeal(request.user):
        raise Http404
    form = forms.AppealDecideForm(request.POST, auto_id=f"appeal-{appeal_id}-%s")
    if form.is_valid():
        try:
            services.appeal_decide(actor=request.user, appeal_id=appeal_id,
                                   decision=form.cleaned_data["decision"],
                                   points_added=form.cleaned_data["points_added"] or 0,
                                   reason=form.cleaned_data["reason"], now=timezone.now())
            messages.success(request, _("The decision is recorded."))
            return redirect("grading:appeals")
        except NotFound:
            raise
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _appeals_page(request, {appeal_id: form})


# --- the registrar's office: granted appeals to enter (GR-14) -----------------------------------------


def _appeals_to_enter_page(request: HttpRequest,
                           refused: dict[int, forms.AppealEnterForm] | None = None) -> HttpResponse:
    refused = refused or {}
    lines = [(line, refused.get(line.id) or forms.AppealEnterForm()) for line in selectors.appeals_to_enter()]
    _unlisted_refusals(request, refused, {line.id for line, _form in lines})
    return render(request, "grading/appeals_to_enter.html", {"lines": lines})


@login_required
@require_GET
def appeals_to_enter(request: HttpRequest) -> HttpResponse:
    """GR-14: a granted appeal "is passed to the head of the registrar's office, who enters it"."""
    if not permissions.can_enter_appeal(request.user):
        raise Http404
    return _appeals_to_enter_page(request)


@login_required
@require_POST
def appeal_enter(request: HttpRequest, appeal_id: int) -> HttpResponse:
    if not permissions.can_enter_appeal(request.user):
        raise Http404
    form = forms.AppealEnterForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_enter(actor=request.user, appeal_id=appeal_id, now=timezone.now())
            messages.success(request, _("The appeal is entered: the exam score is changed."))
            return redirect("grading:appeals-to-enter")
        except NotFound:
            raise
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _appeals_to_enter_page(request, {appeal_id: form})


# --- the registrar's office: FX retakes (GR-9) ----------------------------------------------------------


def _retakes_page(request: HttpRequest, refused: dict[int, Any] | None = None) -> HttpResponse:
    refused = refused or {}
    def form_for(application_id: int, kind: type[Form]) -> Form:
        form = refused.get(application_id)
        return form if isinstance(form, kind) else kind(auto_id=f"retake-{application_id}-%s")

    lines = [{"line": line, "schedule_form": form_for(line.id, forms.RetakeScheduleForm),
              "grade_form": form_for(line.id, forms.RetakeGradeForm)}
             for line in page_selectors.retake_queue()]
    _unlisted_refusals(request, refused, {item["line"].id for item in lines})
    return render(request, "grading/retakes.html", {"lines": lines})


@login_required
@require_GET
def retakes_queue(request: HttpRequest) -> HttpResponse:
    """The registrar's office: FX retake applications to schedule and to grade (GR-9)."""
    if not permissions.can_manage_retakes(request.user):
        raise Http404
    return _retakes_page(request)


@login_required
@require_POST
def retake_schedule(request: HttpRequest, application_id: int) -> HttpResponse:
    if not permissions.can_manage_retakes(request.user):
        raise Http404
    form = forms.RetakeScheduleForm(request.POST, auto_id=f"retake-{application_id}-%s")
    if form.is_valid():
        try:
            services.retake_schedule(actor=request.user, application_id=application_id,
                                     at=form.cleaned_data["at"])
            messages.success(request, _("Scheduled."))
            return redirect("grading:retakes")
        except NotFound:
            raise
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _retakes_page(request, {application_id: form})


@login_required
@require_POST
def retake_grade(request: HttpRequest, application_id: int) -> HttpResponse:
    if not permissions.can_manage_retakes(request.user):
        raise Http404
    form = forms.RetakeGradeForm(request.POST, auto_id=f"retake-{application_id}-%s")
    if form.is_valid():
        try:
            services.retake_grade(actor=request.user, application_id=application_id,
                                  exam=forms.score(form.cleaned_data["exam"]), now=timezone.now())  # type: ignore[arg-type]
            messages.success(request, _("The retake result is recorded."))
            return redirect("grading:retakes")
        except NotFound:
            raise
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _retakes_page(request, {application_id: form})


# --- the registrar's office: the additional period (GR-15) ---------------------------------------------


def _additional_page(request: HttpRequest, *, admit: dict[int, forms.AdditionalExamOpenForm] | None = None,
                     record: dict[int, forms.AdditionalExamRecordForm] | None = None) -> HttpResponse:
    admit, record = admit or {}, record or {}
    candidates = [(line, admit.get(line.id)
                   or forms.AdditionalExamOpenForm(initial={"category": line.category}))
                  for line in page_selectors.additional_candidates(timezone.localdate())]
    open_exams = [(line, record.get(line.id)
                   or forms.AdditionalExamRecordForm(auto_id=f"additional-{line.id}-%s"))
                  for line in page_selectors.additional_open()]
    _unlisted_refusals(request, admit, {line.id for line, _form in candidates})
    _unlisted_refusals(request, record, {line.id for line, _form in open_exams})
    return render(request, "grading/additional.html", {"candidates": candidates, "open_exams": open_exams})


@login_required
@require_GET
def additional_period(request: HttpRequest) -> HttpResponse:
    """The registrar's office: the additional period after the session (GR-15)."""
    if not permissions.can_manage_additional_period(request.user):
        raise Http404
    return _additional_page(request)


@login_required
@require_POST
def additional_exam_open(request: HttpRequest, result_id: int) -> HttpResponse:
    if not permissions.can_manage_additional_period(request.user):
        raise Http404
    form = forms.AdditionalExamOpenForm(request.POST)
    if form.is_valid():
        try:
            services.additional_exam_open(actor=request.user, result_id=result_id,
                                          category=form.cleaned_data["category"], now=timezone.now())
            messages.success(request, _("Admitted to the additional period."))
            return redirect("grading:additional-period")
        except NotFound:
            raise
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _additional_page(request, admit={result_id: form})


@login_required
@require_POST
def additional_exam_record(request: HttpRequest, additional_exam_id: int) -> HttpResponse:
    if not permissions.can_manage_additional_period(request.user):
        raise Http404
    form = forms.AdditionalExamRecordForm(request.POST, auto_id=f"additional-{additional_exam_id}-%s")
    if form.is_valid():
        try:
            services.additional_exam_record(
                actor=request.user, additional_exam_id=additional_exam_id, now=timezone.now(),
                exam=forms.score(form.cleaned_data["exam"]),  # type: ignore[arg-type]
                r1=forms.score(form.cleaned_data["r1"]), r2=forms.score(form.cleaned_data["r2"]))  # type: ignore[arg-type]
            messages.success(request, _("The additional-period result is recorded."))
            return redirect("grading:additional-period")
        except NotFound:
            raise
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _additional_page(request, record={additional_exam_id: form})


# --- FX retake and additional-period sheets (GR-9, GR-12, GR-15) --------------------------------------


def _attempt_sheet_page(request: HttpRequest, sheet: Any, *,
                        post_form: forms.AttemptSheetPostForm | None = None,
                        row_problems: dict[str, list[str]] | None = None) -> HttpResponse:
    rows = selectors.attempt_sheet_rows(sheet)
    row_problems = row_problems or {}
    return render(request, "grading/attempt_sheet.html", {
        "sheet": sheet, "sitting": labels.label(labels.SITTINGS, sheet.sitting),
        "period": page_selectors.period_words(sheet.period),
        "state": page_selectors.sheet_state(sheet, has_results=bool(rows), now=timezone.now()),
        "rows": [(row, row_problems.get(row.username, [])) for row in rows],
        "post_form": post_form or forms.AttemptSheetPostForm(),
        "may_post": permissions.can_post_attempt_sheet(request.user, sheet)})


@login_required
@require_GET
def attempt_sheet(request: HttpRequest, sheet_id: int) -> HttpResponse:
    """An FX retake or additional-period sheet: the new attempts of one day, posted on their own (GR-12)."""
    return _attempt_sheet_page(request, permissions.access_attempt_sheet(request.user, sheet_id))


@login_required
@require_POST
def attempt_sheet_post(request: HttpRequest, sheet_id: int) -> HttpResponse:
    """GR-12/GR-13: the attempts show to the students and the sheet opens its own appeal window."""
    sheet = permissions.access_attempt_sheet(request.user, sheet_id)
    if not permissions.can_post_attempt_sheet(request.user, sheet):
        raise Http404
    form = forms.AttemptSheetPostForm(request.POST)
    row_problems: dict[str, list[str]] = {}
    if form.is_valid():
        try:
            services.attempt_sheet_post(actor=request.user, sheet_id=sheet.pk, now=timezone.now())
            messages.success(request, _("The sheet is posted. Students see their grades; appeals are open."))
            return redirect("grading:attempt-sheet", sheet_id=sheet.pk)
        except ValidationFailed as error:
            usernames = [row.username for row in selectors.attempt_sheet_rows(sheet)]
            for problem in error.problems:
                index = forms.row_index(problem.path)
                if index is not None and index < len(usernames):
                    row_problems.setdefault(usernames[index], []).append(forms.problem_words(problem.message))
                else:
                    form.add_error(None, forms.problem_words(problem.message))
            form.add_error(None, _("The sheet is not posted."))
        except NotFound:
            raise
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _attempt_sheet_page(request, sheet, post_form=form, row_problems=row_problems)


@login_required
def attempt_sheet_print(request: HttpRequest, sheet_id: int) -> HttpResponse:
    """GR-12: the final FX retake or additional-period sheet, after its own appeal deadline."""
    try:
        sheet = services.attempt_sheet_print(actor=request.user, sheet_id=sheet_id, now=timezone.now())
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, forms.conflict_words(error))
        return redirect("grading:attempt-sheet", sheet_id=sheet_id)
    where = sheet.section.code if sheet.section_id else sheet.discipline.code
    day = f"{sheet.exam_date:%d.%m.%Y}" if sheet.exam_date else ""
    return _final_sheet_pdf(sheet, selectors.attempt_sheet_rows(sheet), where=f"{where} {day}".strip(),
                            sitting=SITTINGS.get(sheet.sitting, ""))


# --- the dean's office: session extensions (GR-15) and admission by order (GR-3) -----------------------


@login_required
def session_extensions(request: HttpRequest) -> HttpResponse:
    """The dean's office: extend one student's session by at most three weeks (GR-15)."""
    schools = dean_school_ids(request.user)
    if not schools:
        raise Http404
    form = forms.SessionExtensionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_session_extension(actor=request.user, student_username=data["student"].strip(),
                                             period_code=data["period"].code, extended_to=data["extended_to"],
                                             reason=data["reason"], now=timezone.now())
            messages.success(request, _("The session is extended."))
            return redirect("grading:session-extensions")
        except (NotFound, DomainError) as error:
            # the student is input here, not the page: an unknown one is a problem of that field
            if error.code in ("student_not_found", "permission_denied"):
                form.add_error("student", forms.conflict_words(error))
            else:
                forms.add_domain_error(form, error)
    return render(request, "grading/extensions.html", {
        "form": form, "extensions": page_selectors.session_extensions(schools)})


def _dean_admission_page(request: HttpRequest, schools: set[int],
                         refused: dict[int, forms.DeanAdmissionForm] | None = None) -> HttpResponse:
    refused = refused or {}
    rows = [(row, refused.get(row.result_id) or forms.DeanAdmissionForm(auto_id=f"order-{row.result_id}-%s"))
            for row in page_selectors.attendance_refusals(schools)]
    _unlisted_refusals(request, refused, {row.result_id for row, _form in rows})
    return render(request, "grading/dean_admission.html", {"rows": rows})


@login_required
@require_GET
def dean_admission(request: HttpRequest) -> HttpResponse:
    """GR-3: the dean's office sees who missed more than half of the classes on open sheets."""
    schools = dean_school_ids(request.user)
    if not schools:
        raise Http404
    return _dean_admission_page(request, schools)


@login_required
@require_POST
def dean_admission_order(request: HttpRequest, result_id: int) -> HttpResponse:
    """GR-3: admitted by the dean's order, for a valid reason (waives the attendance rule only)."""
    schools = dean_school_ids(request.user)
    if not schools:
        raise Http404
    form = forms.DeanAdmissionForm(request.POST, auto_id=f"order-{result_id}-%s")
    if form.is_valid():
        try:
            services.admit_by_dean_order(actor=request.user, result_id=result_id,
                                         basis=form.cleaned_data["basis"])
            messages.success(request, _("The student is admitted by the dean's order."))
            return redirect("grading:dean-admission")
        except NotFound:
            raise
        except DomainError as error:
            forms.add_domain_error(form, error)
    return _dean_admission_page(request, schools, {result_id: form})
