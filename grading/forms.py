"""Grading's page forms: one per action (issue 8, the OSIS pattern of ARCHITECTURE.md).

A form only shapes the input: it turns text into numbers, dates and choices and refuses what is
not one. Every rule stays in ``grading.services``; when a service refuses, ``add_domain_error``
puts each of its problems on the field it concerns (``ValidationFailed.problems`` by path, a
conflict as the form's own error), so a refused action shows every reason beside its field and
nothing is written.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ektu_portal.academics.models import AcademicPeriod, School
from ektu_portal.core.errors import DomainError, Problem, ValidationFailed
from grading import labels
from grading.models import AdditionalExam
from grading.page_selectors import period_words, periods_with_sections

# What the services say, in the reader's words. A conflict is named by its code; a problem by its
# message (the services write English; the English msgid is the service's own text).
CONFLICTS: dict[str, Promise] = {
    "grades_locked": _("The sheet is posted; its grades can no longer change (GR-12)."),
    "sheet_already_posted": _("The sheet is already posted."),
    "appeal_window_closed": _("The appeal window is closed (GR-13)."),
    "appeal_already_filed": _("An appeal of this result is already waiting for a decision."),
    "appeal_already_decided": _("This appeal is already decided."),
    "grades_final": _("The final sheet is printed; no exam score changes any more (GR-12)."),
    "appeals_still_open": _("The final sheet prints after the appeal deadline (GR-12, GR-13)."),
    "appeals_pending": _("An appeal of this sheet is waiting for a decision or to be entered (GR-14)."),
    "appeal_already_entered": _("This appeal is already entered."),
    "appeal_not_granted": _("Only a granted appeal is entered (GR-14)."),
    "retake_not_allowed": _("Only an FX can be retaken, once, until the retake deadline (GR-9)."),
    "retake_done": _("This retake is already graded."),
    "retake_not_scheduled": _("Schedule the retake before grading it."),
    "already_open": _("This result is already in the additional period."),
    "additional_period_over": _("The additional period is over (GR-15)."),
    "category_does_not_match": _("The result is not of this category (GR-15)."),
    "unknown_category": _("Choose one of the three categories of the additional period (GR-15)."),
    "already_recorded": _("This additional-period exam is already recorded."),
    "permission_denied": _("You may not do this."),
    "student_not_found": _("There is no such student among yours."),
    "result_not_found": _("There is no such result."),
}

PROBLEMS: dict[str, Promise] = {
    "a whole number from 0 to 100, or null": _("a whole number from 0 to 100"),
    "a whole number from 0 to 100": _("a whole number from 0 to 100"),
    "a whole number of at least 0": _("a whole number of at least 0"),
    "required": _("required"),
    "say why you appeal": _("say why you appeal"),
    "a granted appeal adds at least one point": _("a granted appeal adds at least one point"),
    "a rejected appeal adds no points": _("a rejected appeal adds no points"),
    "state the valid reason": _("state the valid reason"),
    "R1 and R2 are not both entered": _("R1 and R2 are not both entered"),
    "no exam score and no outcome": _("no exam score and no outcome"),
    "ratings change only for an admission rating below 50 (GR-15)":
        _("ratings change only for an admission rating below 50 (GR-15)"),
    "the order's number and date, and the valid reason":
        _("the order's number and date, and the valid reason"),
    "upload an .xlsx or .csv file": _("upload an .xlsx or .csv file"),
}


def problem_words(message: str) -> str:
    """A service's problem in the reader's words where the portal knows them; as written otherwise."""
    known = PROBLEMS.get(message)
    if known is not None:
        return str(known)
    if match := re.fullmatch(r"the retake must be held by (\S+) \(GR-9\)", message):
        return gettext("the retake must be held by %(date)s (GR-9)") % {"date": match.group(1)}
    if match := re.fullmatch(r"the student is not admitted \((.+)\): no exam score", message):
        reasons = "; ".join(labels.label(labels.ADMISSION_REASONS, code.strip())
                            for code in match.group(1).split(","))
        return gettext("the student is not admitted (%(reasons)s): no exam score") % {"reasons": reasons}
    if match := re.fullmatch(r"after (\S+) and at most three weeks after it \(GR-15\)", message):
        return gettext("after %(date)s and at most three weeks after it (GR-15)") % {"date": match.group(1)}
    return message


def conflict_words(error: DomainError) -> str:
    """A refusal in the reader's words: with its date where the service named one, else by its code."""
    detail = error.detail or ""
    if match := re.fullmatch(r"Only an FX can be retaken, once, until (\S+) \(GR-9\)\.", detail):
        return gettext("Only an FX can be retaken, once, until %(date)s (GR-9).") % {"date": match.group(1)}
    if detail == "The grade is not posted yet.":
        return gettext("The grade is not posted yet.")
    if match := re.fullmatch(r"The additional period ended on (\S+) \(GR-15\)\.", detail):
        return gettext("The additional period ended on %(date)s (GR-15).") % {"date": match.group(1)}
    known = CONFLICTS.get(error.code)
    return str(known) if known is not None else (error.detail or error.title)


def add_domain_error(form: forms.Form, error: DomainError, fields: dict[str, str] | None = None) -> None:
    """A service's refusal on the form: each problem on the field its path names (``fields`` maps a
    service's name to the form's where they differ), the rest as the form's own errors."""
    fields = fields or {}
    if isinstance(error, ValidationFailed):
        for problem in error.problems:
            name = fields.get(problem.path, problem.path.rsplit(".", 1)[-1])
            form.add_error(name if name in form.fields else None, problem_words(problem.message))
        return
    form.add_error(None, conflict_words(error))


def score(value: Decimal | None) -> int | Decimal | None:
    """A score as the services take it: whole numbers as int; a fraction stays a Decimal for the
    service to decide on (GR-5 rounds exam scores half up)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def _score_field(label: Any, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=0, max_value=100, max_digits=5,
                              decimal_places=2,
                              widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}))


def _count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=500,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))


# --- the grade sheet (GR-2 … GR-8, GR-12) ----------------------------------------------------------

# The sheet's columns: the service's name → the form field's prefix (field name "<prefix>-<username>").
ROW_FIELDS = {"r1": "r1", "r2": "r2", "exam": "exam", "outcome": "outcome", "absences": "absences",
              "lates_over_20_min": "lates", "coursework_submitted": "coursework"}


def row_index(path: str) -> int | None:
    """The row a service's problem names ("rows[3].exam" → 3), or None."""
    match = re.match(r"rows\[(\d+)\]", path)
    return int(match.group(1)) if match else None


class SheetLine:
    """One student's row of the sheet form, as the template lays it out."""

    def __init__(self, form: SheetForm, row: Any) -> None:
        self.row = row
        self.username = row.student.user.username
        self.r1, self.r2, self.exam = (form[f"{prefix}-{self.username}"] for prefix in ("r1", "r2", "exam"))
        self.absences, self.lates = form[f"absences-{self.username}"], form[f"lates-{self.username}"]
        self.outcome = form[f"outcome-{self.username}"]
        self.coursework = form[f"coursework-{self.username}"] if form.coursework else None
        cells = [self.r1, self.r2, self.absences, self.lates, self.coursework, self.exam, self.outcome]
        self.errors = [f"{bound.label}: {message}" for bound in cells if bound is not None
                       for message in bound.errors]
        self.errors += form.row_problems.get(self.username, [])


class SheetForm(forms.Form):
    """Sheet save: the classes held, the day of the exam and one row of fields per enrolled student
    (built from the sheet's rows)."""

    classes_held = forms.IntegerField(label=_("Classes held"), required=False, min_value=0, max_value=500,
                                      widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "mark",
                                                                    "id": "classes-held"}))
    # GR-17: a state exam's appeal deadline counts from the day it was held.
    exam_date = forms.DateField(label=_("Day of the exam"), required=False,
                                widget=forms.DateInput(attrs={"type": "date", "id": "exam-date"},
                                                       format="%Y-%m-%d"))

    def __init__(self, *args: Any, rows: list[Any], coursework: bool, locked: bool, exam_date: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sheet_rows = rows
        self.coursework = coursework
        self.row_problems: dict[str, list[str]] = {}
        self.sent: list[str] = []  # the username of each row handed to the service, in order
        self.fields["classes_held"].initial = next(
            (r.entry.classes_held for r in rows if r.entry and r.entry.classes_held), None)
        self.fields["exam_date"].initial = exam_date
        for row in rows:
            username, name = row.student.user.username, row.student.user.full_name
            result, entry = row.result, row.entry
            marks = {"r1": _score_field("R1"), "r2": _score_field("R2"),
                     "exam": _score_field(gettext("Exam"))}
            for prefix, field in marks.items():
                field.initial = getattr(result, prefix) if result else None
            absences, lates = _count_field(gettext("Missed")), _count_field(gettext("Lates"))
            absences.initial = entry.absences if entry else None
            lates.initial = entry.lates_over_20_min if entry else None
            outcome = forms.ChoiceField(label=gettext("Outcome"), required=False, choices=[
                ("", "—"), ("no_show", gettext("Did not appear")), ("annulled", gettext("Annulled"))],
                initial=(result.outcome or "") if result else "")
            row_fields: dict[str, forms.Field] = {**marks, "absences": absences, "lates": lates,
                                                  "outcome": outcome}
            if coursework:
                row_fields["coursework"] = forms.BooleanField(
                    label=gettext("Course work"), required=False,
                    initial=bool(entry and entry.coursework_submitted))
            for prefix, field in row_fields.items():
                field.widget.attrs.update({"aria-label": f"{field.label} {name}"})
                if prefix != "outcome" and prefix != "coursework":
                    field.widget.attrs["class"] = "mark"
                self.fields[f"{prefix}-{username}"] = field
        if locked:
            for field in self.fields.values():
                field.disabled = True

    @property
    def lines(self) -> list[SheetLine]:
        return [SheetLine(self, row) for row in self.sheet_rows]

    def rows_to_save(self) -> list[dict[str, Any]]:
        """The rows in the service's shape, for the students whose row changed (every row when the
        classes held changed: admission by attendance depends on it, GR-3)."""
        changed = set(self.changed_data)
        everyone = "classes_held" in changed
        rows, self.sent = [], []
        for row in self.sheet_rows:
            username = row.student.user.username
            if not everyone and not any(name.endswith(f"-{username}") for name in changed):
                continue
            data = {name: self.cleaned_data.get(f"{prefix}-{username}") for name, prefix in ROW_FIELDS.items()
                    if f"{prefix}-{username}" in self.fields}
            data.update(r1=score(data["r1"]), r2=score(data["r2"]), exam=score(data["exam"]),
                        outcome=data["outcome"] or None, absences=data["absences"] or 0,
                        lates_over_20_min=data["lates_over_20_min"] or 0)
            rows.append({"student": username, "classes_held": self.cleaned_data.get("classes_held"), **data})
            self.sent.append(username)
        return rows

    def exam_date_to_save(self) -> Any:
        """The day of the exam when it was entered or changed (None: leave it as it is)."""
        return self.cleaned_data.get("exam_date") if "exam_date" in self.changed_data else None

    def add_problems(self, problems: list[Problem], *, rows_of: str = "sent") -> None:
        """The service's problems on the cells they name. ``rows[i].r1`` is the i-th row sent (saving,
        ``rows_of="sent"``) or the i-th row of the sheet (posting, ``rows_of="sheet"``); a problem naming
        a student ("student s25001") belongs to that student's row; ``exam_date`` to that field."""
        usernames = {row.student.user.username for row in self.sheet_rows}
        order = self.sent if rows_of == "sent" else [row.student.user.username for row in self.sheet_rows]
        for problem in problems:
            message = problem_words(problem.message)
            if problem.path in ("exam_date", "classes_held"):
                self.add_error(problem.path, message)
                continue
            match = re.fullmatch(r"rows\[(\d+)\](?:\.(\w+))?", problem.path)
            if match and int(match.group(1)) < len(order):
                username, name = order[int(match.group(1))], match.group(2)
                if name == "classes_held":
                    self.add_error("classes_held", message)
                elif name in ROW_FIELDS and f"{ROW_FIELDS[name]}-{username}" in self.fields:
                    self.add_error(f"{ROW_FIELDS[name]}-{username}", message)
                else:
                    self.row_problems.setdefault(username, []).append(message)
                continue
            named = next((u for u in usernames
                          if re.search(rf"(^|\W){re.escape(u)}($|\W)", problem.path)), None)
            if named:
                self.row_problems.setdefault(named, []).append(message)
            else:
                self.add_error(None, message)
        if problems and rows_of == "sent":
            self.add_error(None, gettext("The sheet has problems, each beside its cell; nothing was saved."))


class SheetPostForm(forms.Form):
    """Sheet post (GR-12, GR-13): the rows on the page are saved and the sheet posted in one step, or
    nothing happens. The form carries the refusals that concern the sheet as a whole."""


class SheetUploadForm(forms.Form):
    """Sheet upload: marks from an .xlsx or .csv file, checked row by row by the same service."""

    file = forms.FileField(label=_("Import marks from an .xlsx or .csv file (columns: student, r1, r2, exam, "
                                   "outcome). Every row is checked first; nothing is saved if any row has a "
                                   "problem."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv",
                                                                  "id": "sheet-file"}))

    def add_problems(self, problems: list[Problem]) -> None:
        """The file's problems in the spreadsheet's own words ("row 5, r1: …"), on the file field."""
        from grading.spreadsheets import spreadsheet_problems

        for problem in spreadsheet_problems(problems)[:50]:
            where = re.sub(r"^row (\d+)", lambda m: gettext("row %(n)s") % {"n": m.group(1)}, problem.path)
            message = problem_words(problem.message)
            self.add_error("file", f"{where}: {message}" if where and where != "file" else message)


# --- the student's actions (GR-9, GR-13) ------------------------------------------------------------


class AppealFileForm(forms.Form):
    """Appeal file (GR-13): why the student appeals the posted grade."""

    reason = forms.CharField(label=_("Why?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class RetakeApplyForm(forms.Form):
    """FX retake apply (GR-9): the result is in the address; the form carries the refusal."""


class AppealEnterForm(forms.Form):
    """Appeal enter (GR-14): the head of the registrar's office enters what the commission granted —
    one click; the appeal is in the address, the form carries the refusal."""


class AttemptSheetPostForm(forms.Form):
    """Post an FX retake or additional-period sheet (GR-12, GR-13): the sheet is in the address; the
    form carries the refusals that concern the sheet as a whole (its rows' go beside the rows)."""


# --- the registrar's office (GR-9, GR-15) and the appeals commission (GR-14) -------------------------


class RetakeScheduleForm(forms.Form):
    """Retake schedule: when the FX retake is held (inside the retake deadline, GR-9)."""

    at = forms.DateTimeField(label=_("Retake on"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                             widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                        format="%Y-%m-%dT%H:%M"))


class RetakeGradeForm(forms.Form):
    """Retake grade: the retake's exam score (GR-9)."""

    exam = _score_field(_("Retake exam score"), required=True)


class AppealDecideForm(forms.Form):
    """Appeal decide (GR-14): grant with points added to the exam score, or reject; with the reason."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("granted", _("Grant")), ("rejected", _("Reject"))])
    points_added = forms.IntegerField(label=_("Points added to the exam score"), required=False, min_value=0,
                                      max_value=100, initial=0,
                                      widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))
    reason = forms.CharField(label=_("Reason for the decision"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AdditionalExamOpenForm(forms.Form):
    """Additional exam open (GR-15): admit a result under its category."""

    category = forms.ChoiceField(label=_("Category"), choices=AdditionalExam.Category.choices,
                                 widget=forms.HiddenInput)


class AdditionalExamRecordForm(forms.Form):
    """Additional exam record (GR-15): the exam score, and R1/R2 for an admission rating below 50."""

    r1 = _score_field("R1")
    r2 = _score_field("R2")
    exam = _score_field(_("Exam"), required=True)


# --- the dean's office (GR-3, GR-15) --------------------------------------------------------------


class PeriodChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A period chosen by its words ("Autumn semester 2026/2027"), sent by its code."""

    def label_from_instance(self, obj: Any) -> str:
        return period_words(obj)


class SessionExtensionForm(forms.Form):
    """Session extension (GR-15): one student's session, by at most three weeks, for a valid reason."""

    student = forms.CharField(label=_("Student (username)"), max_length=150)
    period = PeriodChoiceField(label=_("Period"), queryset=AcademicPeriod.objects.order_by("-starts"),
                               to_field_name="code")
    extended_to = forms.DateField(label=_("Extended to"),
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Valid reason"), max_length=300)


class DeanAdmissionForm(forms.Form):
    """Dean's admission order (GR-3): admitted despite missed classes, for a valid reason, by order."""

    basis = forms.CharField(label=_("The order's number and date, and the valid reason"), max_length=300)


# --- the sheet list's filter (issue 9) --------------------------------------------------------------


class SchoolChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SheetListFilterForm(forms.Form):
    """The registrar's sheet list, by period and school."""

    period = PeriodChoiceField(label=_("Period"), required=False, queryset=AcademicPeriod.objects.none(),
                               to_field_name="code", empty_label=_("every period"))
    school = SchoolChoiceField(label=_("School"), required=False, queryset=School.objects.order_by("code"),
                               to_field_name="code", empty_label=_("every school"))
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods_with_sections()  # type: ignore[attr-defined]


# --- GR-6: the letter scale (the registrar's office) ---------------------------------------------------


class LetterBandForm(forms.Form):
    letter = forms.CharField(label=_("Letter"), max_length=2, widget=forms.TextInput(attrs={"size": 3}))
    points = forms.DecimalField(label=_("Points"), min_value=0, max_digits=3, decimal_places=2,
                                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}))
    min_score = forms.IntegerField(label=_("from %"), min_value=0, max_value=100,
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}))
    max_score = forms.IntegerField(label=_("to %"), min_value=0, max_value=100,
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}))
    traditional = forms.ChoiceField(label=_("Traditional grade"), choices=list(labels.TRADITIONAL.items()))


LetterBandFormSet = forms.formset_factory(LetterBandForm, extra=0, min_num=1, validate_min=True)


class LetterScaleForm(forms.Form):
    effective_from = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Why the scale changes (the order or decision)"), required=False,
                             max_length=300)
