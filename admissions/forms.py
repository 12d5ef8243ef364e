"""Admissions' page forms: one per action (issue 8). A form only shapes the input; every rule stays in
``admissions.services`` and ``admissions.policy``, whose refusal lands on the field it concerns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from admissions import labels
from admissions.models import ConversionRow, NationalPriority, QuotaCategory, Requirement, Track
from admissions.policy import codes
from admissions.spreadsheets import column_of, record_from_cells
from ektu_portal.academics.models import Program
from ektu_portal.core.errors import DomainError, ValidationFailed

YES_NO = [("", "—"), ("yes", _("yes")), ("no", _("no"))]


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """A service's refusal on the form: each problem beside the field its path names (``unt.subjects.
    reading`` is the ``unt_reading`` field), the rest as the form's own errors."""
    if isinstance(error, ValidationFailed):
        for problem in error.problems:
            name = column_of(problem.path) if problem.path else ""
            form.add_error(name if name in form.fields else None,
                           f"{problem.path}: {problem.message}" if name not in form.fields and problem.path
                           else problem.message)
        return
    known = labels.CONFLICTS.get(error.code)
    form.add_error(None, str(known) if known is not None else (error.detail or error.title))


def _text(label: Any, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, **kwargs)


def _points(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))


def _day(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ApplicantForm(forms.Form):
    """Contract §6's applicant on a page: the same names as the spreadsheet's columns, so a page, an
    import and the API go through one reader."""

    number = _text(_("Application number"), max_length=32)
    full_name = _text(_("Full name"), max_length=200)
    full_name_latin = _text(_("Full name in Latin letters"), max_length=200)
    iin = _text(_("IIN"), max_length=12)
    citizenship = _text(_("Citizenship (country code)"), max_length=2, initial="KZ")
    email = _text(_("E-mail"), max_length=254)
    phone = _text(_("Phone"), max_length=32)
    track = forms.ChoiceField(label=_("Track"), choices=[("", "—"), *Track.choices], required=False)
    program = forms.ChoiceField(label=_("Programme"), required=False)
    documents = _text(_("Documents received (comma-separated)"), max_length=500)
    unt_total = _points(_("UNT total"))
    unt_history_kz = _points(_("UNT: history of Kazakhstan"))
    unt_reading = _points(_("UNT: reading literacy"))
    unt_math_literacy = _points(_("UNT: mathematical literacy"))
    unt_profile_1 = _points(_("UNT: profile subject 1"))
    unt_profile_2 = _points(_("UNT: profile subject 2"))
    creative_drawing = _points(_("Creative exam: drawing"))
    creative_draughtsmanship = _points(_("Creative exam: draughtsmanship"))
    kt_foreign_language = _points(_("KT: foreign language"))
    kt_readiness = _points(_("KT: readiness to study"))
    kt_profile_single = _points(_("KT: profile, single-answer items"))
    kt_profile_multiple = _points(_("KT: profile, one-or-more-answer items"))
    certificate_kind = forms.ChoiceField(label=_("International certificate (AD-4)"), required=False,
                                         choices=[("", "—"), *ConversionRow.Certificate.choices])
    certificate_score = _text(_("Certificate score"), max_length=16)
    foreign_language_certificate = _text(_("Foreign-language certificate (AD-10)"), max_length=100)
    oecd_degree_until = _day(_("OECD degree exemption until (AD-15)"))
    master_degree = forms.ChoiceField(label=_("Master's degree"), choices=YES_NO, required=False)
    work_experience_months = _points(_("Work experience (months)"))
    cefr_certificate = forms.BooleanField(label=_("CEFR certificate (AD-17)"), required=False)
    entrance_exam = _points(_("Entrance exam"))
    military_service_ended = _day(_("Military service ended"))
    interview_date = _day(_("Interview date"))
    certificate_average = _text(_("Certificate average"), max_length=8,
                                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}))
    priorities = forms.MultipleChoiceField(label=_("National priorities (AD-18)"), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    quota_categories = forms.MultipleChoiceField(label=_("Quota categories (AD-18)"), required=False,
                                                 widget=forms.CheckboxSelectMultiple)

    GROUPS = (
        (_("Applicant"), ("number", "full_name", "full_name_latin", "iin", "citizenship", "email", "phone",
                          "track", "program", "documents")),
        (_("UNT and creative exams (bachelor)"), ("unt_total", "unt_history_kz", "unt_reading",
                                                  "unt_math_literacy", "unt_profile_1", "unt_profile_2",
                                                  "creative_drawing", "creative_draughtsmanship",
                                                  "certificate_kind", "certificate_score")),
        (_("Complex testing (master)"), ("kt_foreign_language", "kt_readiness", "kt_profile_single",
                                         "kt_profile_multiple", "foreign_language_certificate",
                                         "oecd_degree_until")),
        (_("Doctorate"), ("master_degree", "work_experience_months", "cefr_certificate", "entrance_exam")),
        (_("Interview"), ("military_service_ended", "interview_date")),
        (_("Competition"), ("certificate_average", "priorities", "quota_categories")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", "—")] + [
            (p.code, f"{p.code} {p.name}") for p in Program.objects.order_by("code")]
        priorities = NationalPriority.objects.order_by("position")
        self.fields["priorities"].choices = [(p.code, p.name) for p in priorities]
        categories = QuotaCategory.objects.order_by("code")
        self.fields["quota_categories"].choices = [(c.code, c.name) for c in categories]

    def groups(self) -> list[tuple[Any, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def record(self) -> dict[str, Any]:
        """The page's fields as the API's applicant object."""
        cells = dict(self.cleaned_data)
        cells["master_degree"] = {"yes": True, "no": False}.get(cells.get("master_degree") or "")
        return record_from_cells(cells)

    @classmethod
    def initial_from(cls, record: dict[str, Any]) -> dict[str, Any]:
        """A stored applicant (contract §6 shape) as the form's initial values."""
        initial = {name: record.get(name) for name in cls.base_fields if name in record}
        for prefix, key in (("unt_", "unt"),):
            unt = record.get(key) or {}
            initial[f"{prefix}total"] = unt.get("total")
            for subject, points in (unt.get("subjects") or {}).items():
                initial[f"{prefix}{subject}"] = points
        for block, points in (record.get("kt") or {}).items():
            initial[f"kt_{block}"] = points
        for exam, points in (record.get("creative_exams") or {}).items():
            initial[f"creative_{exam}"] = points
        certificate = record.get("international_certificate") or {}
        initial["certificate_kind"] = certificate.get("kind")
        initial["certificate_score"] = certificate.get("score")
        initial["documents"] = ", ".join(record.get("documents") or [])
        degree = record.get("master_degree")
        initial["master_degree"] = "" if degree is None else ("yes" if degree else "no")
        return initial


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX or CSV file"))


class AdmitForm(forms.Form):
    funding = forms.ChoiceField(label=_("Funding"),
                                choices=[(route, labels.ROUTES[route]) for route in codes.ROUTES])
    intake_year = forms.IntegerField(label=_("Intake year (paid study)"), required=False, min_value=2000,
                                     max_value=2100)


class CompetitionForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=64)
    program_group = forms.CharField(label=_("Group of educational programmes"), max_length=64)
    track = forms.ChoiceField(label=_("Track"), choices=[(value, text) for value, text in Track.choices
                                                          if value not in codes.PAID_ONLY_TRACKS])
    grants = forms.IntegerField(label=pgettext_lazy("university admission", "Grants"), min_value=0)
    intake_year = forms.IntegerField(label=_("Intake year"), min_value=2000, max_value=2100)


class PublishForm(forms.Form):
    confirm = forms.BooleanField(label=_("Publish this list as the competition's result"))


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("Earlier run"), min_value=1)
    b = forms.IntegerField(label=_("Later run"), min_value=1)


class ThresholdForm(forms.Form):
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices)
    requirement = forms.ChoiceField(label=_("Requirement"), choices=Requirement.choices)
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=7, decimal_places=2)
    effective_from = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Basis (order, decision)"), max_length=500)


class ConversionRowForm(forms.Form):
    certificate = forms.ChoiceField(label=_("Certificate"), choices=ConversionRow.Certificate.choices)
    minimum = forms.DecimalField(label=_("Score at least"), max_digits=7, decimal_places=2, min_value=0)
    points = forms.IntegerField(label=_("Counts as (points)"), min_value=0, max_value=140)
    counts_as = forms.CharField(label=_("For"), max_length=32, initial="total")
    effective_from = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Basis (order, decision)"), max_length=500)


class QuotaForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    intake_year = forms.IntegerField(label=_("Intake year"), min_value=2000, max_value=2100)
    percent = forms.DecimalField(label=_("Percent of the grants"), min_value=0, max_value=100, max_digits=5,
                                 decimal_places=2)
    reason = forms.CharField(label=_("Basis (ministerial order)"), max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.code, c.name) for c in QuotaCategory.objects.order_by("code")]


class PriorityOrderForm(forms.Form):
    order = forms.CharField(label=_("Order (codes, comma-separated, first ranks first)"), max_length=500)
    reason = forms.CharField(label=_("Basis (order, decision)"), max_length=500)

    def clean_order(self) -> list[str]:
        return [code.strip() for code in self.cleaned_data["order"].split(",") if code.strip()]


class StatusNumberForm(forms.Form):
    number = forms.CharField(label=_("Application number"), max_length=32)


class StatusCodeForm(forms.Form):
    number = forms.CharField(widget=forms.HiddenInput, max_length=32)
    code = forms.CharField(label=_("The code from the e-mail"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                         "autocomplete": "one-time-code"}))
