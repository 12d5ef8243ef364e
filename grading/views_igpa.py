"""Pages of the integral GPA and progression (issue 11; GP-2 … GP-4, TR-10, TR-11): the student's own
iGPA with what each block needs, the adviser's advisees and the dean's school with GPA, iGPA and risk,
and the registrar's office's achievements, conditions, progression lists and expulsions.

Thin, as every grading page: a form per action shapes the input, a service decides and writes, its
refusal goes back onto the form's fields; reads come from ``grading.selectors``."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ektu_portal.academics.models import Student
from ektu_portal.academics.permissions import access_student, dean_school_ids
from ektu_portal.core.errors import DomainError, NotFound, ValidationFailed
from grading import forms_igpa, permissions, selectors, services
from grading.forms import add_domain_error, problem_words


def _year(form: Form, years: list[str], today: date) -> str:
    """The year asked for, else the one whose progression comes next (if the calendar has it)."""
    chosen = form.cleaned_data.get("year") if form.is_valid() else None
    upcoming = selectors.course_years_refer_to(today)
    return chosen or (upcoming if upcoming in years or not years else years[0])


# --- a student's iGPA: the student, their adviser, their dean, the registrar ---------------------------


def _student_page(request: HttpRequest, student: Student, *, entry_form: Any = None,
                  year: str | None = None) -> HttpResponse:
    today = timezone.localdate()
    years = selectors.academic_years_known()
    year_form = forms_igpa.IgpaYearForm(request.GET or None, years=years)
    year = year or _year(year_form, years, today)
    row = selectors.student_igpa(student, year, today=today)
    conditions = selectors.year_conditions(year)
    winter = hasattr(student, "winter_intake")
    deadline = conditions.deadline_for("winter" if winter else "autumn")
    may_record = permissions.can_record_achievements(request.user, student)
    return render(request, "grading/igpa/student.html", {
        "student": student, "row": row, "year": year, "year_form": year_form, "conditions": conditions,
        "deadline": deadline, "days_left": (deadline - today).days, "own": student.user_id == request.user.pk,
        "record": selectors.achievement_record(student, year),
        "may_record": may_record,
        "entry_form": entry_form or (forms_igpa.AchievementEntryForm(initial={"academic_year": year})
                                     if may_record else None),
        "lines": student.progression_lines.select_related("run").order_by("-run__academic_year")})


@login_required
@require_GET
def my_igpa(request: HttpRequest) -> HttpResponse:
    """The student's own iGPA and whether they progress, and why not (issue 11: weeks before the deadline)."""
    return _student_page(request, access_student(request.user, None, can=permissions.can_view_igpa))


@login_required
@require_GET
def student_igpa(request: HttpRequest, username: str) -> HttpResponse:
    """One student's iGPA page, for those who see the student (contract §7)."""
    return _student_page(request, access_student(request.user, username, can=permissions.can_view_igpa))


@login_required
@require_POST
def achievement_add(request: HttpRequest, username: str) -> HttpResponse:
    """GP-2: the registrar's office adds an achievement with its evidence to a block of the year."""
    student = access_student(request.user, username, can=permissions.can_record_achievements)
    form = forms_igpa.AchievementEntryForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.achievement_add(actor=request.user, username=username,
                                     academic_year=data["academic_year"],
                                     block=data["block"], achievement=data["achievement"],
                                     indicator=data["indicator"], points=data["points"],
                                     document=data.get("document"),
                                     document_reference=data.get("document_reference") or "",
                                     now=timezone.now())
            messages.success(request, _("The achievement is recorded."))
            page = reverse("grading:student-igpa", kwargs={"username": username})
            return redirect(f"{page}?year={data['academic_year']}")
        except NotFound:
            raise
        except DomainError as error:
            add_domain_error(form, error)
    year = form.data.get("academic_year") or None
    return _student_page(request, student, entry_form=form,
                         year=year if year in selectors.academic_years_known() else None)


@login_required
@require_GET
def achievement_document(request: HttpRequest, entry_id: int) -> FileResponse:
    """The document behind an achievement, for those who see the student."""
    from grading.models import AchievementEntry

    entry = AchievementEntry.objects.select_related("record__student__user").filter(pk=entry_id).first()
    if entry is None or not entry.document:
        raise Http404
    access_student(request.user, entry.record.student.user.username, can=permissions.can_view_igpa)
    return FileResponse(entry.document.open("rb"), as_attachment=True,
                        filename=entry.document.name.rsplit("/", 1)[-1])


# --- the adviser's advisees and the dean's school: GPA, iGPA and risk -----------------------------------


def _list_page(request: HttpRequest, *, school: bool) -> HttpResponse:
    today = timezone.localdate()
    years = selectors.academic_years_known()
    form = forms_igpa.IgpaListForm(request.GET or None, years=years, school=school)
    year = _year(form, years, today)
    chosen = form.cleaned_data if form.is_valid() else {}
    sort = chosen.get("sort") or "risk"
    if school:
        rows = selectors.school_igpas(dean_school_ids(request.user), year, today=today, sort=sort,
                                      program=chosen.get("program") or None,
                                      course_year=chosen.get("course_year"))
    else:
        rows = selectors.advisee_igpas(request.user, year, today=today, sort=sort)
    page = Paginator(rows, 500).get_page(request.GET.get("page"))
    query = {name: value for name, value in request.GET.items() if name not in ("sort", "page")}
    return render(request, "grading/igpa/list.html", {
        "form": form, "page": page, "rows": page.object_list, "year": year, "sort": sort, "school": school,
        "query": urlencode(query), "count": len(rows),
        "at_risk": sum(1 for r in rows if r.risk == "repeat_year")})


@login_required
@require_GET
def advisee_igpas(request: HttpRequest) -> HttpResponse:
    """Issue 11: the adviser's advisees with GPA, iGPA and risk, sortable (at risk first by default)."""
    if not permissions.can_see_advisee_igpas(request.user):
        raise Http404
    return _list_page(request, school=False)


@login_required
@require_GET
def school_igpas(request: HttpRequest) -> HttpResponse:
    """Issue 11: the dean's school view — the school's students with GPA, iGPA and risk."""
    if not permissions.can_see_school_igpas(request.user):
        raise Http404
    return _list_page(request, school=True)


# --- the registrar's office: achievements, conditions, progression lists, expulsions ------------------


def _office(request: HttpRequest) -> None:
    if not permissions.can_manage_progression(request.user):
        raise Http404


def _progression_page(request: HttpRequest, **refused: Form) -> HttpResponse:
    from grading.models import AchievementMaxima, ProgressionConditions

    year = selectors.course_years_refer_to(timezone.localdate())
    forms = {
        "draw_form": forms_igpa.ProgressionDrawForm(initial={"academic_year": year}),
        "conditions_form": forms_igpa.ConditionsForm(initial={"academic_year": year}),
        "maxima_form": forms_igpa.BlockMaximaForm(initial={"from_academic_year": year}),
        "import_form": forms_igpa.AchievementsImportForm(initial={"academic_year": year}),
        "winter_form": forms_igpa.WinterIntakeForm(),
    }
    forms.update(refused)
    return render(request, "grading/igpa/progression.html", {
        **forms, "runs": selectors.progression_runs(), "expulsions": selectors.expulsion_list(),
        "conditions": (ProgressionConditions.objects.prefetch_related("minimum_gpas")
                       .order_by("-academic_year")[:6]),
        "maxima": AchievementMaxima.objects.order_by("-from_academic_year")[:6]})


@login_required
@require_GET
def progression_index(request: HttpRequest) -> HttpResponse:
    """TR-10/TR-11: the registrar's office — the lists, the year's conditions, block maxima, imports."""
    _office(request)
    return _progression_page(request)


@login_required
@require_POST
def progression_draw(request: HttpRequest) -> HttpResponse:
    _office(request)
    form = forms_igpa.ProgressionDrawForm(request.POST)
    if form.is_valid():
        try:
            run = services.progression_redraw(actor=request.user,
                                              academic_year=form.cleaned_data["academic_year"],
                                              intake=form.cleaned_data["intake"], now=timezone.now())
            messages.success(request, _("The progression list is drawn up."))
            return redirect("grading:progression-list", run_id=run.pk)
        except DomainError as error:
            add_domain_error(form, error)
    return _progression_page(request, draw_form=form)


@login_required
@require_POST
def progression_conditions(request: HttpRequest) -> HttpResponse:
    _office(request)
    form = forms_igpa.ConditionsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.progression_conditions_set(
                actor=request.user, academic_year=data["academic_year"], order_number=data["order_number"],
                order_date=data["order_date"], deadline=data.get("deadline"),
                winter_deadline=data.get("winter_deadline"), minimum_gpa=form.minimum_gpa(),
                now=timezone.now())
            messages.success(request, _("The year's conditions of progression are recorded."))
            return redirect("grading:progression")
        except DomainError as error:
            add_domain_error(form, error, {f"minimum_gpa.{n}": f"minimum_gpa_{n}" for n in range(1, 7)})
    return _progression_page(request, conditions_form=form)


@login_required
@require_POST
def block_maxima(request: HttpRequest) -> HttpResponse:
    _office(request)
    form = forms_igpa.BlockMaximaForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.block_maxima_set(actor=request.user, from_academic_year=data["from_academic_year"],
                                      maxima={b: data[b] for b in services.ACHIEVEMENT_BLOCKS},
                                      basis=data["basis"], now=timezone.now())
            messages.success(request, _("The block maxima are recorded."))
            return redirect("grading:progression")
        except DomainError as error:
            add_domain_error(form, error)
    return _progression_page(request, maxima_form=form)


@login_required
@require_POST
def achievements_import(request: HttpRequest) -> HttpResponse:
    """GP-2: achievements from a spreadsheet, refused row by row in the file's own row numbers."""
    from ektu_portal.core.spreadsheets import numbered_records, read_table, spreadsheet_problems

    _office(request)
    form = forms_igpa.AchievementsImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        numbers: list[int] = []
        try:
            records = numbered_records(read_table(upload.name, upload.read()), key="student")
            numbers = [number for number, _cells in records]
            count = services.achievements_import(
                actor=request.user, academic_year=form.cleaned_data["academic_year"],
                rows=[cells for _number, cells in records], now=timezone.now(), source=upload.name)
            messages.success(request, _("Imported %(count)d achievements.") % {"count": count})
            return redirect("grading:progression")
        except ValidationFailed as error:
            for problem in spreadsheet_problems(error.problems, numbers)[:50]:
                message = problem_words(problem.message)
                form.add_error("file", f"{problem.path}: {message}" if problem.path else message)
        except DomainError as error:
            add_domain_error(form, error)
    return _progression_page(request, import_form=form)


@login_required
@require_POST
def winter_intake(request: HttpRequest) -> HttpResponse:
    _office(request)
    form = forms_igpa.WinterIntakeForm(request.POST)
    if form.is_valid():
        try:
            services.winter_intake_set(actor=request.user, username=form.cleaned_data["student"].strip(),
                                       winter=form.cleaned_data["winter"], now=timezone.now())
            messages.success(request, _("The student's intake is recorded."))
            return redirect("grading:progression")
        except DomainError as error:
            if error.code in ("student_not_found", "permission_denied"):
                form.add_error("student", _("There is no such student."))
            else:
                add_domain_error(form, error)
    return _progression_page(request, winter_form=form)


def _list_page_of(request: HttpRequest, run: Any, *, refused: dict[int, Form] | None = None,
                  confirm_form: Form | None = None) -> HttpResponse:
    outcome = request.GET.get("outcome") or None
    views = selectors.progression_lines(run, outcome=outcome if outcome in (
        "progress", "progress_with_debts", "repeat_year") else None)
    refused = refused or {}
    rows = [(view, refused.get(view.id) or forms_igpa.RepeatContractForm(auto_id=f"contract-{view.id}-%s"))
            for view in views]
    return render(request, "grading/igpa/progression_list.html", {
        "run": run, "rows": rows, "outcome": outcome, "today": timezone.localdate(),
        "confirm_form": confirm_form or forms_igpa.ProgressionConfirmForm(),
        "counts": {name: sum(1 for v in views if v.line.outcome == name)
                   for name in ("progress", "progress_with_debts", "repeat_year")}})


@login_required
@require_GET
def progression_list(request: HttpRequest, run_id: int) -> HttpResponse:
    """TR-10: one progression list — every student's outcome with its reasons and debts — to review."""
    return _list_page_of(request, permissions.access_progression_run(request.user, run_id))


@login_required
@require_POST
def progression_confirm(request: HttpRequest, run_id: int) -> HttpResponse:
    run = permissions.access_progression_run(request.user, run_id)
    form = forms_igpa.ProgressionConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.progression_confirm(actor=request.user, run_id=run.pk, now=timezone.now())
            messages.success(request, _("The progression list is confirmed; course years are updated."))
            return redirect("grading:progression-list", run_id=run.pk)
        except DomainError as error:
            add_domain_error(form, error)
    return _list_page_of(request, run, confirm_form=form)


@login_required
@require_POST
def repeat_contract(request: HttpRequest, line_id: int) -> HttpResponse:
    line = permissions.access_progression_line(request.user, line_id)
    form = forms_igpa.RepeatContractForm(request.POST, auto_id=f"contract-{line_id}-%s")
    if form.is_valid():
        try:
            services.repeat_contract_record(actor=request.user, line_id=line_id,
                                            signed_on=form.cleaned_data["signed_on"], now=timezone.now())
            messages.success(request, _("The repeat-year contract is recorded."))
            return redirect("grading:progression-list", run_id=line.run_id)
        except DomainError as error:
            add_domain_error(form, error)
    return _list_page_of(request, line.run, refused={line_id: form})


@login_required
@require_POST
def expulsion_confirm(request: HttpRequest, line_id: int) -> HttpResponse:
    permissions.access_progression_line(request.user, line_id)
    form = forms_igpa.ExpulsionConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.expulsion_confirm(actor=request.user, line_id=line_id, now=timezone.now())
            messages.success(request, _("The expulsion for academic failure is confirmed."))
        except DomainError as error:
            messages.error(request, error.detail or error.title)
    return redirect("grading:progression")
