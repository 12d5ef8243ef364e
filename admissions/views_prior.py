"""Prior learning's pages (AD-7, RC-1 … RC-6): the recounts, a student's previous transcript entered line
by line or from a file, the proposed matches the QA commission accepts or changes, the live comparison
sheet, the decision, and the protocol and comparison sheet as PDF in Kazakh and Russian.

Thin, like the other admissions pages: a form per action, a service decides and writes, its refusal goes
back beside the field. Who may do what is ``admissions.permissions``' ``access_prior_learning_*``; a
recount the reader may not see is a 404 (the middleware answers it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from admissions import forms_prior as forms
from admissions import labels, permissions, selectors, services
from admissions.models import PriorLearningCase, PriorLearningLine
from ektu_portal.academics.labels import period_label
from ektu_portal.core.errors import DomainError, NotFound

DOCUMENT_LANGUAGES = ("kk", "ru")
DOCUMENTS = ("protocol", "sheet")


def _name(obj: Any, language: str | None = None) -> str:
    language = (language or translation.get_language() or "kk")[:2]
    return str(getattr(obj, f"name_{language}", "") or obj.name_en)


def _volume(line: PriorLearningLine) -> str:
    def number(value: Any) -> str:
        return f"{value.normalize():f}"

    if line.hours is not None:
        return _("%(hours)s h") % {"hours": number(line.hours)}
    if line.ects is not None:
        return _("%(ects)s ECTS") % {"ects": number(line.ects)}
    if line.credits is not None:
        return _("%(credits)s cr.") % {"credits": number(line.credits)}
    return "—"


def _grade(line: PriorLearningLine) -> str:
    parts = []
    if line.letter and not line.passed:
        parts.append(line.letter)
    if line.percent is not None:
        parts.append(f"{line.percent.normalize():f}%")
    if line.passed:
        parts.append(_("pass"))
        if line.commission_letter:
            parts.append(_("the commission's letter %(letter)s") % {"letter": line.commission_letter})
        elif line.letter:
            parts.append(line.letter)
    return ", ".join(parts) or "—"


# --- the list and a new recount -----------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    staff = permissions.can_list_prior_learning(request.user)
    rows = selectors.prior_learning_cases(request.user)
    if not staff and not rows:
        raise Http404
    waiting = []
    if staff:
        opened = set(PriorLearningCase.objects.values_list("student_id", flat=True))
        waiting = [a for a in selectors.admitted_for_recount() if a.student_id not in opened
                   and permissions.can_work_on_prior_learning(request.user, a.student)]
    return render(request, "admissions/prior/list.html", {"rows": rows, "waiting": waiting, "staff": staff})


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_list_prior_learning(request.user):
        raise Http404
    form = forms.CaseForm(request.POST or None, initial={"student": request.GET.get("student", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.prior_learning_open(
                actor=request.user, student=data["student"], institution=data["institution"],
                reduced_term=form.reduced(), hours_per_credit=data["hours_per_credit"], now=timezone.now())
        except NotFound:
            form.add_error("student", _("There is no such student among those you may recount for."))
        except DomainError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("The recount is opened; enter the previous transcript's lines."))
            return redirect("admissions:prior-case", case_id=case.pk)
    return render(request, "admissions/prior/new.html", {"form": form}, status=422 if form.errors else 200)


# --- the recount's page --------------------------------------------------------------------------------


def _sheet_view(recognized: Iterable[Mapping[str, Any]], refused: Iterable[Mapping[str, Any]],
                difference: Iterable[Mapping[str, Any]], names: Mapping[str, str], *,
                credits_recognized: int, credits_of_difference: int, cap: int | None) -> dict[str, Any]:
    """The comparison sheet in the reader's words: names for codes, translated reasons (contract §8)."""
    return {
        "recognized": [{**r, "name": names.get(r["discipline"], "")} for r in recognized],
        "refused": [{**r, "name": names.get(r["discipline"], ""),
                     "reason_label": labels.label(labels.RECOUNT_REASONS, r["reason"])} for r in refused],
        "difference": [{**d, "name": names.get(d["discipline"], ""),
                        "reason_label": labels.label(labels.RECOUNT_REASONS, d["reason"])}
                       for d in difference],
        "credits_recognized": credits_recognized, "credits_of_difference": credits_of_difference,
        "cap": cap, "over_cap": cap is not None and credits_of_difference > cap}


def _stored_sheet(case: PriorLearningCase, names: Mapping[str, str]) -> dict[str, Any]:
    rows = case.difference.select_related("discipline").order_by("semester", "discipline__code")
    difference = [{"discipline": d.discipline.code, "credits": d.credits, "semester": d.semester,
                   "reason": d.reason, "debt": d.debt_registered_at} for d in rows]
    all_names = {**names, **{d.discipline.code: _name(d.discipline) for d in case.difference.all()}}
    sheet = case.sheet or {}
    return _sheet_view(sheet.get("recognized", []), sheet.get("refused", []), difference, all_names,
                       credits_recognized=case.credits_recognized,
                       credits_of_difference=sum(d["credits"] for d in difference),
                       cap=sheet.get("difference_cap"))


def _live_sheet(sheet: Any, positions: Sequence[int], names: Mapping[str, str]) -> dict[str, Any]:
    def lines(sources: Sequence[int]) -> list[int]:
        return [positions[index] for index in sources]

    return _sheet_view(
        [{"discipline": r.discipline, "letter": r.letter, "credits": r.credits, "lines": lines(r.sources)}
         for r in sheet.recognized],
        [{"discipline": r.discipline, "reason": r.reason, "lines": lines(r.sources)} for r in sheet.refused],
        [{"discipline": d.discipline, "credits": d.credits, "semester": d.semester, "reason": d.reason}
         for d in sheet.difference], names,
        credits_recognized=sheet.credits_recognized, credits_of_difference=sheet.credits_of_difference,
        cap=sheet.difference_cap)


def _case_page(request: HttpRequest, case: PriorLearningCase, *, line_form: Any = None,
               import_form: Any = None, match_form: tuple[int, Any] | None = None, decision_form: Any = None,
               status: int = 200) -> HttpResponse:
    now = timezone.now()
    user = request.user
    draft = case.status == PriorLearningCase.Status.DRAFT
    can_enter = draft and permissions.can_enter_prior_learning_case(user, case)
    can_decide = draft and permissions.can_decide_prior_learning_case(user, case)
    curriculum = selectors.home_curriculum(case.student)
    names = {item.code: item.name for item in curriculum}
    choices = [(item.code, _("%(code)s %(name)s · %(credits)s credits · semester %(semester)s") % {
        "code": item.code, "name": item.name, "credits": item.credits, "semester": item.semester})
        for item in curriculum]
    _letters, positive = selectors.letters_in_force(timezone.localdate(now))
    lines = []
    for line in case.lines.select_related("discipline").order_by("position"):
        form = None
        if can_enter:
            needs_letter = line.passed and line.percent is None
            if match_form is not None and match_form[0] == line.position:
                form = match_form[1]
            else:
                form = forms.MatchForm(prefix=f"line-{line.position}", disciplines=choices, letters=positive,
                                       needs_letter=needs_letter,
                                       initial={"discipline": (line.discipline.code if line.discipline_id
                                                               else ""),
                                                "commission_letter": line.commission_letter})
        lines.append({"line": line, "volume": _volume(line), "grade": _grade(line), "form": form,
                      "discipline_name": names.get(line.discipline.code, _name(line.discipline))
                      if line.discipline_id else "",
                      "basis": line.get_match_basis_display() if line.match_basis else "",
                      "status": line.get_match_status_display() if line.match_status else _("not matched")})
    sheet, sheet_problems = None, []
    if draft:
        live, positions, sheet_problems = services.prior_learning_sheet(actor=user, case=case, now=now)
        sheet = _live_sheet(live, positions, names) if live is not None else None
    else:
        sheet = _stored_sheet(case, names)
    due = case.due_period
    return render(request, "admissions/prior/case.html", {
        "case": case, "student": case.student, "program_name": _name(case.student.program),
        "lines": lines, "sheet": sheet, "sheet_problems": sheet_problems, "draft": draft,
        "can_enter": can_enter, "can_decide": can_decide,
        "can_print": not draft and permissions.can_work_on_prior_learning(user, case.student),
        "line_form": line_form or forms.LineForm(prefix="new"),
        "import_form": import_form or forms.LinesImportForm(),
        "decision_form": decision_form or forms.DecisionForm(
            initial={"protocol_date": timezone.localdate(now)}),
        "cap": services.REDUCED_TERM_DIFFERENCE_CAP,
        "due_label": period_label(due.kind, due.academic_year, due.starts) if due else "",
        "languages": DOCUMENT_LANGUAGES}, status=status)


@login_required
@require_GET
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_page(request, permissions.access_prior_learning_case(request.user, case_id))


@login_required
@require_POST
def line_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = permissions.access_prior_learning_case(request.user, case_id,
                                                  can=permissions.can_enter_prior_learning_case)
    form = forms.LineForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            line = services.prior_learning_line_add(actor=request.user, case_id=case.pk, data=form.record(),
                                                    now=timezone.now())
        except DomainError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("Line %(line)s is entered.") % {"line": line.position})
            return redirect("admissions:prior-case", case_id=case.pk)
    return _case_page(request, case, line_form=form, status=422)


@login_required
@require_POST
def lines_import(request: HttpRequest, case_id: int) -> HttpResponse:
    """RC-1: the transcript's lines from a file — refused row by row, nothing written on any problem."""
    from ektu_portal.core.spreadsheets import numbered_records, read_table

    case = permissions.access_prior_learning_case(request.user, case_id,
                                                  can=permissions.can_enter_prior_learning_case)
    form = forms.LinesImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            records = numbered_records(read_table(upload.name, upload.read()), key="title",
                                       max_rows=services.MAX_LINE_ROWS)
            added = services.prior_learning_lines_import(
                actor=request.user, case_id=case.pk, records=[cells for _row, cells in records],
                row_numbers=[row for row, _cells in records], source=upload.name, now=timezone.now())
        except DomainError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("%(count)d lines are entered.") % {"count": added})
            return redirect("admissions:prior-case", case_id=case.pk)
    return _case_page(request, case, import_form=form, status=422)


@login_required
@require_POST
def match_set(request: HttpRequest, case_id: int, position: int) -> HttpResponse:
    case = permissions.access_prior_learning_case(request.user, case_id,
                                                  can=permissions.can_enter_prior_learning_case)
    line = case.lines.filter(position=position).first()
    if line is None:
        raise Http404
    curriculum = selectors.home_curriculum(case.student)
    _letters, positive = selectors.letters_in_force(timezone.localdate())
    form = forms.MatchForm(request.POST, prefix=f"line-{position}",
                           disciplines=[(item.code, item.code) for item in curriculum], letters=positive,
                           needs_letter=line.passed and line.percent is None)
    if form.is_valid():
        try:
            services.prior_learning_match_set(
                actor=request.user, case_id=case.pk, position=position,
                discipline=form.cleaned_data.get("discipline") or "",
                commission_letter=form.cleaned_data.get("commission_letter") or "", now=timezone.now())
        except DomainError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("Line %(line)s: the commission's match is recorded.")
                             % {"line": position})
            return redirect("admissions:prior-case", case_id=case.pk)
    return _case_page(request, case, match_form=(position, form), status=422)


@login_required
@require_POST
def decide(request: HttpRequest, case_id: int) -> HttpResponse:
    case = permissions.access_prior_learning_case(request.user, case_id,
                                                  can=permissions.can_decide_prior_learning_case)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.prior_learning_decide(actor=request.user, case_id=case.pk,
                                           protocol_number=form.cleaned_data["protocol_number"],
                                           protocol_date=form.cleaned_data["protocol_date"],
                                           now=timezone.now())
        except DomainError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("The QA commission's decision is recorded."))
            return redirect("admissions:prior-case", case_id=case.pk)
    return _case_page(request, case, decision_form=form, status=422)


# --- the documents (RC-1): the QA commission's protocol and the deputy dean's comparison sheet --------------


def document_context(case: PriorLearningCase, kind: str, language: str) -> dict[str, Any]:
    """What the protocol or the comparison sheet prints, in ``language`` (call inside its override)."""
    from ektu_portal.academics.models import Discipline

    lines = {line.position: line for line in case.lines.order_by("position")}
    sheet = case.sheet or {}
    codes = {r["discipline"] for r in sheet.get("recognized", [])} | {r["discipline"]
                                                                       for r in sheet.get("refused", [])}
    disciplines = {d.code: d for d in Discipline.objects.filter(code__in=codes)}

    def studied(positions: Sequence[int]) -> list[dict[str, Any]]:
        return [{"position": p, "code": lines[p].source_code, "title": lines[p].title,
                 "volume": _volume(lines[p]), "grade": _grade(lines[p])} for p in positions if p in lines]

    def home(code: str) -> dict[str, Any]:
        found = disciplines.get(code)
        return {"code": code, "name": _name(found, language) if found else "",
                "credits": found.credits if found else None}

    rows = case.difference.select_related("discipline").order_by("semester", "discipline__code")
    difference = [{"code": d.discipline.code, "name": _name(d.discipline, language), "credits": d.credits,
                   "semester": d.semester, "reason": labels.label(labels.RECOUNT_REASONS, d.reason)}
                  for d in rows]
    student = case.student
    due = case.due_period
    return {
        "lang": language, "kind": kind, "case": case, "student": student,
        "program_name": _name(student.program, language),
        "recognized": [{**home(r["discipline"]), "letter": r["letter"], "credits": r["credits"],
                        "studied": studied(r.get("lines", []))} for r in sheet.get("recognized", [])],
        "refused": [{**home(r["discipline"]), "reason": labels.label(labels.RECOUNT_REASONS, r["reason"]),
                     "studied": studied(r.get("lines", []))} for r in sheet.get("refused", [])],
        "difference": difference, "credits_of_difference": sum(d["credits"] for d in difference),
        "cap": sheet.get("difference_cap"),
        "due_label": period_label(due.kind, due.academic_year, due.starts) if due else "",
        "header_left": f"EKTU · {student.user.full_name}",
        "header_right": (f"№ {case.protocol_number} · {case.protocol_date:%d.%m.%Y}" if case.protocol_date
                         else ""),
    }


@login_required
@require_GET
def document(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    """The protocol (``protocol``) or the comparison sheet (``sheet``) of a decided recount, as PDF in
    Kazakh (``?lang=kk``, the default) or Russian (``?lang=ru``)."""
    from ektu_portal.core.pdf import render_pdf

    case = permissions.access_prior_learning_case(request.user, case_id,
                                                  can=permissions.can_enter_prior_learning_case)
    language = request.GET.get("lang") or "kk"
    decided = case.status == PriorLearningCase.Status.DECIDED
    if kind not in DOCUMENTS or language not in DOCUMENT_LANGUAGES or not decided:
        raise Http404
    with translation.override(language):
        content = render_pdf("admissions/prior/document.html", document_context(case, kind, language))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="{kind}-{case.student.user.username}-'
                                       f'{case.pk}-{language}.pdf"')
    return response
