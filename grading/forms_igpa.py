"""Page forms of the iGPA and progression pages (issue 11): one per action. They only shape the input;
``grading.services`` decides every rule and its refusals land on these fields (``add_domain_error``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grading.models import AchievementBlock
from grading.templatetags.igpa_labels import academic_year_words

SORTS = [("risk", _("at risk first")), ("igpa", _("iGPA, highest first")), ("gpa", _("GPA, highest first")),
         ("name", _("name"))]
YEAR_HELP = _('e.g. "2025-2026"')
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _year_choices(years: list[str]) -> list[tuple[str, str]]:
    return [(year, academic_year_words(year)) for year in years]


def _year_field(years: list[str] | None = None, **kwargs: Any) -> forms.Field:
    if years:
        return forms.ChoiceField(label=_("Academic year"), choices=_year_choices(years), **kwargs)
    return forms.RegexField(label=_("Academic year"), regex=r"^\d{4}-\d{4}$", help_text=YEAR_HELP,
                            widget=forms.TextInput(attrs={"placeholder": "2025-2026", "size": 9}), **kwargs)


def _points_field(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=8, decimal_places=2,
                              widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))


class IgpaYearForm(forms.Form):
    """Which academic year a student's iGPA page shows."""

    def __init__(self, *args: Any, years: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field(years, required=False)


class IgpaListForm(forms.Form):
    """The adviser's and the dean's lists: the year and the order; the dean also a programme and a course
    year."""

    sort = forms.ChoiceField(label=_("Order"), choices=SORTS, required=False)
    program = forms.CharField(label=_("Programme code"), required=False, max_length=64)
    course_year = forms.IntegerField(label=_("Course year"), required=False, min_value=1, max_value=6)

    def __init__(self, *args: Any, years: list[str], school: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field(years, required=False)
        self.order_fields(["year", "sort", "program", "course_year"])
        if not school:
            del self.fields["program"], self.fields["course_year"]


class AchievementEntryForm(forms.Form):
    """GP-2: one achievement as evidence — its block, what it was, its indicator, points, the document."""

    academic_year = _year_field()
    block = forms.ChoiceField(label=_("Block"), choices=AchievementBlock.choices)
    achievement = forms.CharField(label=_("Achievement"), max_length=300)
    indicator = forms.CharField(label=_("Indicator"), max_length=300)
    points = _points_field(_("Points"))
    document = forms.FileField(label=_("Document (scan or PDF)"), required=False)
    document_reference = forms.CharField(label=_("or the document's number and date"), required=False,
                                         max_length=300)


class AchievementsImportForm(forms.Form):
    """GP-2: achievements from an .xlsx or .csv file, checked row by row; nothing is saved if any row has a
    problem."""

    academic_year = _year_field()
    file = forms.FileField(label=_("File (.xlsx or .csv; columns: student, block, achievement, indicator, "
                                   "points, document)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))


class BlockMaximaForm(forms.Form):
    """GP-3: the block maxima of the iGPA regulation, from an academic year."""

    from_academic_year = _year_field()
    ssci = _points_field(_("SSCI maximum"))
    iros = _points_field(_("iROS maximum"))
    research = _points_field(_("Research activity maximum"))
    basis = forms.CharField(label=_("Basis (the regulation, its date)"), max_length=300)


class ConditionsForm(forms.Form):
    """TR-10: the year's conditions of progression as the rector's order sets them."""

    academic_year = _year_field()
    order_number = forms.CharField(label=_("Rector's order number"), max_length=64)
    order_date = forms.DateField(label=_("Rector's order date"),
                                 widget=DATE)
    deadline = forms.DateField(label=_("Progression deadline (25 August unless the order moves it)"),
                               required=False, widget=DATE)
    winter_deadline = forms.DateField(
        label=_("Winter intake deadline (15 January unless the order moves it)"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for course_year in range(1, 7):
            self.fields[f"minimum_gpa_{course_year}"] = forms.DecimalField(
                label=_("Minimum GPA, course year %(n)s") % {"n": course_year}, required=False, min_value=0,
                max_value=4, max_digits=3, decimal_places=2,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}))

    def minimum_fields(self) -> list[Any]:
        return [self[f"minimum_gpa_{course_year}"] for course_year in range(1, 7)]

    def minimum_gpa(self) -> dict[int, Any]:
        given = {n: self.cleaned_data.get(f"minimum_gpa_{n}") for n in range(1, 7)}
        return {n: value for n, value in given.items() if value is not None}


class ProgressionDrawForm(forms.Form):
    """TR-10: draw up a year's progression list by hand, or again while it is not confirmed."""

    academic_year = _year_field()
    intake = forms.ChoiceField(label=_("Intake"), choices=[("autumn", _("autumn intake")),
                                                           ("winter", _("winter intake"))])


class ProgressionConfirmForm(forms.Form):
    """TR-10/TR-11: confirm the list; course years move and repeat-year grant holders lose the grant."""


class RepeatContractForm(forms.Form):
    """TR-11: the day the repeat-year contract was signed."""

    signed_on = forms.DateField(label=_("Contract signed on"),
                                widget=DATE)


class ExpulsionConfirmForm(forms.Form):
    """TR-11: confirm the expulsion "for academic failure"."""


class WinterIntakeForm(forms.Form):
    """TR-10: a master's or doctoral student admitted in winter progresses by 15 January."""

    student = forms.CharField(label=_("Student (login)"), max_length=150)
    winter = forms.BooleanField(label=_("admitted in winter"), required=False, initial=True)
