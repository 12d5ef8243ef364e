"""The Diploma Supplement's page forms: one per action (issue 8, the OSIS pattern of ARCHITECTURE.md).

A form only shapes the input: text into dates, choices and lists. Every rule stays in
``diploma_supplement.services``; when a service refuses, ``add_domain_error`` puts each of its problems on
the field it concerns (``ValidationFailed.problems`` by path, a conflict as the form's own error), so a
refused action shows every reason beside its field and nothing is written.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from diploma_supplement.services import DIPLOMA_NUMBER_FIELDS, DIPLOMA_NUMBER_MAX_LENGTH
from ektu_portal.academics.models import Program
from ektu_portal.core.errors import DomainError, Problem, ValidationFailed
from ektu_portal.core.spreadsheets import (
    SpreadsheetRejected,
    numbered_records,
    read_table,
    spreadsheet_problems,
)

# What the services refuse as a whole, by code, in the reader's words.
CONFLICTS: dict[str, Promise] = {
    "already_issued": _("A valid supplement is already issued to this graduate; the registrar's office "
                        "revokes it before another is issued."),
    "already_revoked": _("The supplement is already revoked."),
    "nobody_ready": _("Nobody of this program and year is ready to print."),
    "permission_denied": _("You may not do this."),
    "student_not_found": _("There is no such graduate among yours."),
    "program_not_found": _("There is no such program in your school."),
    "supplement_not_found": _("There is no such supplement."),
    "accreditation_not_found": _("There is no such accreditation."),
}


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """A service's refusal on the form: each problem on the field its path names ("rows[0].graduated_on"
    → graduated_on, "students[2]" → students), the rest as the form's own errors."""
    if isinstance(error, ValidationFailed):
        for problem in error.problems:
            name = re.sub(r"\[\d+\]$", "", problem.path.rsplit(".", 1)[-1])
            form.add_error(name if name in form.fields else None, problem.message)
        return
    if error.code == "supplement_incomplete":
        form.add_error(None, gettext("The records lack: %(missing)s") % {
            "missing": "; ".join(error.extra.get("missing", []))})
        return
    known = CONFLICTS.get(error.code)
    form.add_error(None, str(known) if known is not None else (error.detail or str(error.title)))


class PageActionForm(forms.Form):
    """Which of a page's forms was sent (a hidden field), so no view reads ``request.POST`` by hand."""

    form = forms.CharField(max_length=20)


# --- the dean's office: who is ready, issuing, printing ---------------------------------------------


class CohortForm(forms.Form):
    """The print page's choice: a program of the dean's school and a graduation year."""

    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none(),
                                     to_field_name="code", required=False)
    year = forms.TypedChoiceField(label=_("Graduation year"), coerce=int, required=False)

    def __init__(self, *args: Any, programs: list[Program], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(
            pk__in=[p.pk for p in programs]).order_by("code")
        self.fields["program"].label_from_instance = lambda p: f"{p.code} {p.name}"
        self.fields["year"].choices = [(year, str(year)) for year in years]

    def chosen(self, programs: list[Program], years: list[int]) -> tuple[Program | None, int | None]:
        """The cohort shown: the one asked for, else the first program and the latest year."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return (data.get("program") or (programs[0] if programs else None),
                data.get("year") or (years[0] if years else None))


class UsernamesField(forms.Field):
    """The graduates ticked in the readiness table, by username; the service says who may not be chosen."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        return [str(v).strip() for v in values if str(v).strip()]


class BatchStartForm(forms.Form):
    """Issue and print: the graduates ticked, or (``scope`` all) every ready graduate of the cohort."""

    SCOPES = (("selected", _("Issue and print the selected")),
              ("all", _("Issue and print every ready graduate")))

    program = forms.CharField(widget=forms.HiddenInput, max_length=64)
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=1990, max_value=2200)
    students = UsernamesField(label=_("Graduates"), required=False)
    scope = forms.ChoiceField(choices=SCOPES)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("scope") == "selected" and not data.get("students"):
            self.add_error("students", gettext("select at least one graduate"))
        return data

    def selected(self) -> list[str]:
        return list(self.cleaned_data["students"]) if self.cleaned_data["scope"] == "selected" else []


class IssueForm(forms.Form):
    """Issue one graduate's supplement (the graduate is in the address); the form carries the refusal."""


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Why revoked"), max_length=300)


# --- the registrar's office: accreditation, diploma numbers -------------------------------------------


class AccreditationForm(forms.Form):
    """One accreditation: the university's (no program) or a program's (DS-3 (2), (6))."""

    program = forms.ModelChoiceField(label=_("Program (empty: the university's institutional accreditation)"),
                                     queryset=Program.objects.order_by("code"), to_field_name="code",
                                     required=False)
    accreditor = forms.CharField(label=_("Accreditation agency"), max_length=300)
    eqar_registered = forms.BooleanField(label=_("The agency is registered in EQAR"), required=False)
    enqa_member = forms.BooleanField(label=_("The agency is a member of ENQA"), required=False)
    certificate = forms.CharField(label=_("Certificate number"), max_length=100, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"},
                                                                                format="%Y-%m-%d"))
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"},
                                                                                  format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Why (kept in the audit log)"), max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].label_from_instance = lambda p: f"{p.code} {p.name}"

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments."""
        data = dict(self.cleaned_data)
        program = data.pop("program")
        return {**data, "program": program.code if program else None}


class AccreditationRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Why removed"), max_length=300)


class DiplomaNumberForm(forms.Form):
    """One graduate: IIN or username, the number the national platform assigned, the award date."""

    student = forms.CharField(label=_("IIN or username"), max_length=150)
    diploma_number = forms.CharField(label=_("Diploma number"), max_length=DIPLOMA_NUMBER_MAX_LENGTH)
    graduated_on = forms.DateField(label=_("Degree awarded on"),
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Why (kept in the audit log)"), max_length=300, required=False)

    def rows(self) -> list[dict[str, Any]]:
        return [{name: self.cleaned_data[name] for name in DIPLOMA_NUMBER_FIELDS}]

    def add_problems(self, problems: list[Problem]) -> None:
        """The service's problems ("rows[0].diploma_number") on the fields they are about."""
        for problem in problems:
            name = problem.path.rsplit(".", 1)[-1]
            self.add_error(name if name in self.fields else None, problem.message)


class DiplomaNumbersFileForm(forms.Form):
    """An XLSX or CSV file with the columns student (IIN or username), diploma_number, graduated_on."""

    file = forms.FileField(label=_("XLSX or CSV file"))
    reason = forms.CharField(label=_("Why (kept in the audit log)"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_numbers: list[int] = []  # the spreadsheet row of each row handed to the service
        self.row_problems: list[Problem] = []  # "row 5, diploma_number: …", shown row by row

    def rows(self) -> list[dict[str, Any]]:
        """The file's rows in the service's shape; an unreadable file is refused as a whole."""
        upload = self.cleaned_data["file"]
        table = read_table(upload.name, upload.read())
        records = numbered_records(table, key="student")
        header = {str(cell).strip().lower() for cell in table[0] if cell is not None}
        missing = [name for name in DIPLOMA_NUMBER_FIELDS if name not in header]
        if missing:
            raise SpreadsheetRejected([Problem("row 1", gettext("no '%(name)s' column") % {"name": name})
                                       for name in missing])
        self.row_numbers = [number for number, _ in records]
        return [{name: cells.get(name) for name in DIPLOMA_NUMBER_FIELDS} for _, cells in records]

    def add_problems(self, problems: list[Problem]) -> None:
        """Problems of the file or the reason on those fields; each row's in the spreadsheet's words."""
        for problem in spreadsheet_problems(problems, self.row_numbers):
            if problem.path in ("file", "reason"):
                self.add_error(problem.path, problem.message)
            else:
                self.row_problems.append(problem)
        if self.row_problems:
            self.add_error(None, _("The file has problems; nothing was recorded. Correct these rows and "
                                   "upload it again."))
