"""Prior learning's page forms (AD-7, RC-1 … RC-6): one per action. A form only shapes the input; the
rules stay in ``admissions.services`` (and grading's recount), whose refusal lands beside its field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from admissions import labels
from ektu_portal.core.errors import DomainError, ValidationFailed

_LINE_PATH = re.compile(r"lines\[(\d+)\]\.?(.*)")
# The services' and the API's names for a line's fields → the line form's (``pass`` is a Python keyword).
_FIELD_OF = {"pass": "passed", "code": "code"}


def add_errors(form: forms.Form, error: DomainError) -> None:
    """A service's refusal on the form: each problem beside the field its path names; a problem of a
    line of the transcript («lines[3].letter») or a spreadsheet row («row 5, hours») above the form,
    saying which line or row."""
    if isinstance(error, ValidationFailed):
        for problem in error.problems:
            name = _FIELD_OF.get(problem.path, problem.path)
            if name and name in form.fields:
                form.add_error(name, problem.message)
                continue
            where = _LINE_PATH.fullmatch(problem.path)
            if where:
                text = gettext("line %(line)s") % {"line": where.group(1)}
                form.add_error(None, f"{text}, {where.group(2)}: {problem.message}" if where.group(2)
                               else f"{text}: {problem.message}")
            else:
                form.add_error(None, f"{problem.path}: {problem.message}" if problem.path
                               else problem.message)
        return
    known = labels.PRIOR_LEARNING_CONFLICTS.get(error.code) or labels.CONFLICTS.get(error.code)
    form.add_error(None, error.detail if error.code in labels.PRIOR_LEARNING_CONFLICTS
                   else (str(known) if known is not None else (error.detail or str(error.title))))


def _number(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=16,
                           widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))


class CaseForm(forms.Form):
    """RC-1: a recount of a student's previous transcript."""

    REDUCED = [("", _("as admitted (the reduced-term track)")), ("yes", _("yes")), ("no", _("no"))]

    student = forms.CharField(label=_("Student (username)"), max_length=150)
    institution = forms.CharField(label=_("Previous institution"), max_length=300, required=False)
    reduced_term = forms.ChoiceField(
        label=_("Reduced-term admission (RC-6: at most 35 credits of difference)"), choices=REDUCED,
        required=False)
    hours_per_credit = _number(_("Hours per ECTS credit at the previous institution (MO-6; 30 if empty)"))

    def reduced(self) -> bool | None:
        value = self.cleaned_data.get("reduced_term") or ""
        return None if not value else value == "yes"


class LineForm(forms.Form):
    """RC-1: one line of the previous transcript, as printed there."""

    code = forms.CharField(label=_("Code there"), required=False, max_length=64)
    title = forms.CharField(label=_("Discipline studied"), required=False, max_length=300)
    hours = _number(_("Hours"))
    ects = _number(_("ECTS credits"))
    credits = _number(_("Credits"))
    letter = forms.CharField(label=_("Letter"), required=False, max_length=2,
                             widget=forms.TextInput(attrs={"size": 3}))
    percent = _number(_("Percent"))
    passed = forms.BooleanField(label=_("Pass (pass/fail system)"), required=False)

    def record(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["pass"] = data.pop("passed", False)
        return data


class LinesImportForm(forms.Form):
    file = forms.FileField(label=_("Transcript lines (.xlsx or .csv)"),
                           help_text=_("Columns: code, title, hours, ects, credits, letter, percent, pass."))


class MatchForm(forms.Form):
    """RC-1/RC-2/RC-4: the commission's word on one line: the home discipline it covers (the proposal, or
    another one, or none) and, for a pass without a percentage, the letter it counts with."""

    discipline = forms.ChoiceField(label=_("Home discipline"), required=False)
    commission_letter = forms.ChoiceField(label=_("The commission's letter for a pass (RC-4)"),
                                          required=False)

    def __init__(self, *args: Any, disciplines: Sequence[tuple[str, str]] = (),
                 letters: Sequence[str] = (), needs_letter: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["discipline"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext("— covers no home discipline —")), *disciplines]
        if needs_letter:
            letter = self.fields["commission_letter"]
            assert isinstance(letter, forms.ChoiceField)
            letter.choices = [("", "—"), *((value, value) for value in letters)]
        else:
            del self.fields["commission_letter"]


class DecisionForm(forms.Form):
    """RC-1: the QA commission's protocol records the decision."""

    protocol_number = forms.CharField(label=_("Protocol number"), max_length=64, required=False)
    protocol_date = forms.DateField(label=_("Protocol date"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
