"""The registrar's forms for graduates' diploma numbers: one graduate at a time, or a whole file.

The forms only shape the input; ``services.diploma_numbers_record`` checks it (the same checks
for the page, a file and the API) and its problems come back onto the form's fields or rows.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from diploma_supplement.services import DIPLOMA_NUMBER_FIELDS, DIPLOMA_NUMBER_MAX_LENGTH
from ektu_portal.core.errors import Problem
from ektu_portal.core.spreadsheets import (
    SpreadsheetRejected,
    numbered_records,
    read_table,
    spreadsheet_problems,
)


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
            raise SpreadsheetRejected([Problem("row 1", f"no '{name}' column") for name in missing])
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
