"""One form per action of §12's pages: filing a case, its documents, the decision, the orders. The forms
only shape the input; ``mobility.services_transfers`` decides, and its refusals land on these fields."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ektu_portal.academics.models import Student
from mobility.forms import DATE, ActionForm
from mobility.models import TransferCase, TransferDocument

_LINE = re.compile(r"^\s*(?P<title>[^|]+?)\s*\|"
                   r"\s*(?P<volume>[0-9]+(?:[.,][0-9]+)?)\s*(?P<hours>h|ч|сағ)?\s*\|"
                   r"\s*(?P<grade>[A-Fa-f][+-]?|[0-9]{1,3}(?:[.,][0-9]+)?|pass|сынақ|зачёт)\s*"
                   r"(?:\|\s*(?P<code>[^|]*?)\s*)?$")


def parse_transcript(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The previous transcript typed a line per discipline — ``title | ECTS credits (or hours with h) |
    letter, percent or pass | home discipline code`` — as contract §8's recount items; and every line that
    does not read, by its number."""
    items: list[dict[str, Any]] = []
    bad: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = _LINE.match(line)
        if found is None:
            bad.append(str(number))
            continue
        volume = found["volume"].replace(",", ".")
        item: dict[str, Any] = {"title": found["title"], "discipline": (found["code"] or "").strip()}
        item["hours" if found["hours"] else "ects"] = float(volume) if "." in volume else int(volume)
        grade = found["grade"]
        if grade.lower() in ("pass", "сынақ", "зачёт"):
            item["pass"] = True
        elif grade[0].isdigit():
            percent = grade.replace(",", ".")
            item["percent"] = float(percent) if "." in percent else int(percent)
        else:
            item["letter"] = grade.upper()
        items.append(item)
    return items, bad


def transcript_text(items: list[dict[str, Any]]) -> str:
    """A case's items typed back, for the form shown again."""
    lines = []
    for item in items:
        volume = f"{item['hours']}h" if "hours" in item else str(item.get("ects", item.get("credits", "")))
        grade = "pass" if item.get("pass") else str(item.get("letter") or item.get("percent") or "")
        lines.append(" | ".join([str(item.get("title", "")), volume, grade, str(item.get("discipline", ""))]))
    return "\n".join(lines)


YES_NO = {"required": False}


class TransferForm(ActionForm):
    """§12: an application for a transfer or readmission. The fields a kind does not use are ignored."""

    kind = forms.ChoiceField(label=_("Application for"), choices=TransferCase.Kind.choices)
    student = forms.CharField(label=_("Student's username"), max_length=150, required=False,
                              help_text=_("The registrar's office files for a student of EKTU."))
    program = forms.ChoiceField(label=_("Programme at EKTU"), required=False)
    course_year = forms.IntegerField(label=_("Course"), min_value=1, max_value=6, required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=300, required=False)
    iin = forms.CharField(label=_("IIN"), max_length=12, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DATE, required=False)
    other_university = forms.CharField(label=_("The other university"), max_length=300, required=False)
    foreign_university = forms.BooleanField(label=_("A foreign university"), **YES_NO)
    kazakh_citizen_or_kandas = forms.BooleanField(label=_("Kazakh citizen or kandas"), **YES_NO)
    emergency = forms.BooleanField(label=_("Emergency, war or armed conflict in the country of study (TR-1)"),
                                   **YES_NO)
    funding = forms.ChoiceField(label=_("Studies now on"), choices=[("", "—"), *Student.Funding.choices],
                                required=False)
    requested = forms.ChoiceField(label=_("Asks to"), choices=TransferCase.Requested.choices,
                                  initial=TransferCase.Requested.PAID)
    first_period_completed = forms.BooleanField(label=_("The first academic period is completed (TR-2)"),
                                                **YES_NO)
    unt_score = forms.IntegerField(label=_("UNT score (leaving a creative programme, TR-5)"), min_value=0,
                                   max_value=140, required=False)
    medical_commission = forms.BooleanField(label=_("The medical commission forbids the programme (TR-5)"),
                                            **YES_NO)
    expulsion_reason = forms.ChoiceField(label=_("Reason for expulsion"), required=False,
                                         choices=[("", "—"), *TransferCase.ExpulsionReason.choices])
    expelled_on = forms.DateField(label=_("Expelled on"), widget=DATE, required=False)
    debt_paid = forms.BooleanField(label=_("The tuition debt is paid (TR-8)"), **YES_NO)
    course_at_expulsion = forms.IntegerField(label=_("Course at expulsion"), min_value=1, max_value=6,
                                             required=False)
    readmitted_to_defend_before = forms.BooleanField(label=_("Already readmitted once to defend (TR-8)"),
                                                     **YES_NO)
    hours_per_credit = forms.DecimalField(label=_("Hours per ECTS credit at the other university"),
                                          required=False, max_digits=5, decimal_places=2,
                                          help_text=_("30 when left empty"))
    transcript = forms.CharField(
        label=_("Previous transcript"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One discipline a line: title | ECTS credits (or hours with h) | letter, percent or pass "
                    "| the EKTU discipline it covers, e.g. “Calculus I | 5 | A- | MAT1101”."))

    def __init__(self, *args: Any, kinds: list[tuple[str, Any]], programs: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.fields["program"].choices = [("", "—"), *programs]

    def clean(self) -> dict[str, Any]:
        values = super().clean() or {}
        items, bad = parse_transcript(values.get("transcript") or "")
        if bad:
            self.add_error("transcript", _("These lines do not read: %(lines)s.") % {"lines": ", ".join(bad)})
        values["items"] = items
        return values

    def path_to_field(self, path: str) -> str | None:
        if path.startswith("items"):
            return "transcript"
        return super().path_to_field(path)

    def service_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values.pop("transcript", None)
        return values


class DocumentForm(ActionForm):
    kind = forms.ChoiceField(label=_("Document"), choices=TransferDocument.Kind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))


class TransferDecisionForm(ActionForm):
    """TR-4, TR-6: the decision, on the rector's resolution."""

    decision = forms.ChoiceField(label=_("Decision"), choices=[("approved", _("approve")),
                                                               ("refused", _("refuse"))])
    basis = forms.CharField(label=_("Rector's resolution (number and date)"), max_length=200)
    reason = forms.CharField(label=_("Reason for refusal"), max_length=300, required=False)


class DatedStepForm(ActionForm):
    """TR-6: a dated step of a transfer out (the receiving university's request, the file sent)."""

    on = forms.DateField(label=_("Date"), widget=DATE)


class TransferOrderForm(ActionForm):
    """TR-6, TR-7, TR-8: the rector's order, with its number and date."""

    number = forms.CharField(label=_("Order number"), max_length=64)
    on = forms.DateField(label=_("Order dated"), widget=DATE)
