"""One form per action of the mobility pages. The forms only shape the input; the services decide.
A refusal comes back as a domain error whose reasons land beside the field they concern, and nothing
is written (the service's transaction is rolled back)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ektu_portal.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from mobility import labels
from mobility.models import Application, Kind
from mobility.policy.eligibility import CEFR_LEVELS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(forms.Form):
    """A form whose service refusals land on its fields: a problem's path (``scale[2].letter`` →
    ``scale``) names the field; anything else is the form's own error."""

    def path_to_field(self, path: str) -> str | None:
        name = path.split(".", 1)[0].split("[", 1)[0]
        return name if name in self.fields else None

    def add_domain_error(self, error: DomainError) -> None:
        if isinstance(error, ValidationFailed):
            for problem in error.problems:
                self.add_error(self.path_to_field(problem.path), problem.message)
            return
        if isinstance(error, (NotFound, PermissionDenied)):
            raise error  # a record the person may not see (404), or may see but not act on (403)
        message = labels.label(labels.REFUSALS, error.code)
        self.add_error(None, str(error.title) if message == error.code else message)


class PartnerForm(ActionForm):
    name = forms.CharField(label=_("University"), max_length=300)
    country = forms.CharField(label=_("Country"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of mobility"), choices=Kind.choices)


class PartnerRuleForm(ActionForm):
    """MO-6, MO-6a: the partner's grading scale and credit conversion from a date."""

    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE, required=False)
    hours_per_credit = forms.DecimalField(label=_("Hours per ECTS credit"), required=False, max_digits=5,
                                          decimal_places=2, help_text=_("30 when left empty (MO-6)"))
    coefficient = forms.DecimalField(label=_("Order 152 coefficient (ECTS ÷ coefficient)"), required=False,
                                     max_digits=4, decimal_places=2)
    level = forms.ChoiceField(label=_("Level of study (for the coefficient)"), required=False,
                              choices=[("", "—"), ("bachelor", _("Bachelor")),
                                       ("master_profile", _("Master (profile)")),
                                       ("master_scientific", _("Master (scientific and pedagogical)")),
                                       ("doctorate_phd", _("Doctorate"))])
    scale = forms.CharField(label=_("Grading scale"), widget=forms.Textarea(attrs={"rows": 6}),
                            help_text=_('One host grade a line with its letter, e.g. "1,0 = A".'))
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=300)

    def clean_scale(self) -> list[dict[str, str]]:
        bands = []
        for line in str(self.cleaned_data["scale"]).splitlines():
            if line.strip():
                grade, _sep, letter = line.partition("=")
                bands.append({"grade": grade.strip(), "letter": letter.strip().upper()})
        return bands


class CallForm(ActionForm):
    partner = forms.TypedChoiceField(label=_("Partner"), coerce=int)
    period = forms.ChoiceField(label=_("Period"))
    places = forms.IntegerField(label=_("Places"), min_value=1)
    closes_on = forms.DateField(label=_("Applications close on"), widget=DATE)

    def __init__(self, *args: Any, partners: list[tuple[int, str]], periods: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = partners  # type: ignore[attr-defined]
        self.fields["period"].choices = periods  # type: ignore[attr-defined]


class ApplyForm(ActionForm):
    """MO-1, MO-3: the student's application; English is asked by international mobility."""

    english = forms.ChoiceField(label=_("English level (CEFR)"), required=False,
                                choices=[("", _("not certified"))] + [(c, c) for c in CEFR_LEVELS])


class DecisionForm(ActionForm):
    """MO-2: the selection commission's decision on its protocol."""

    decision = forms.ChoiceField(label=_("Decision"), choices=[
        (Application.Status.SELECTED, _("selected")), (Application.Status.NOT_SELECTED, _("not selected"))])
    basis = forms.CharField(label=_("Commission protocol (number and date)"), max_length=200)


class AgreementForm(ActionForm):
    """MO-3, MO-4: Table A (host components) and Table B (home disciplines) of the learning agreement."""

    host = forms.CharField(label=_("Table A: components at the host"),
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_('One a line: "host code; title; ECTS credits".'))
    home = forms.CharField(label=_("Table B: home disciplines"), widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("One discipline code a line."))
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=300)

    def clean_host(self) -> list[dict[str, Any]]:
        lines = []
        for number, line in enumerate(str(self.cleaned_data["host"]).splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            if len(parts) != 3:
                raise forms.ValidationError(_("Line %(n)s: host code; title; ECTS credits.") % {"n": number})
            try:
                ects = Decimal(parts[2].replace(",", "."))
            except InvalidOperation:
                raise forms.ValidationError(
                    _("Line %(n)s: the ECTS credits are a number.") % {"n": number}) from None
            lines.append({"code": parts[0], "title": parts[1], "ects": ects})
        return lines

    def clean_home(self) -> list[str]:
        return [line.strip() for line in str(self.cleaned_data["home"]).splitlines() if line.strip()]


class ReturnForm(ActionForm):
    """MO-5: the host transcript on return, each line matched to a home discipline (RC-2)."""

    lines = forms.CharField(
        label=_("Host transcript"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
        help_text=_('One a line: "title; ECTS credits; host grade; home discipline code".'))
    transcript = forms.FileField(label=_("or an EMREX ELMO transcript (XML)"), required=False)
    matches = forms.CharField(label=_("ELMO courses matched to home disciplines"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_('One a line: "host code = home discipline code".'))
    basis = forms.CharField(label=_("QA commission protocol (number and date)"), max_length=200,
                            required=False)

    def clean_lines(self) -> list[dict[str, Any]]:
        lines = []
        for number, line in enumerate(str(self.cleaned_data["lines"]).splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            if len(parts) != 4:
                raise forms.ValidationError(
                    _("Line %(n)s: title; ECTS credits; host grade; home discipline code.") % {"n": number})
            try:
                ects = Decimal(parts[1].replace(",", "."))
            except InvalidOperation:
                raise forms.ValidationError(
                    _("Line %(n)s: the ECTS credits are a number.") % {"n": number}) from None
            lines.append({"title": parts[0], "ects": ects, "grade": parts[2], "discipline": parts[3]})
        return lines

    def path_to_field(self, path: str) -> str | None:
        # The ELMO file's problems ("xml.line 2.credit") belong beside the attached file.
        return "transcript" if path.startswith("xml") else super().path_to_field(path)

    def clean_matches(self) -> dict[str, str]:
        pairs = {}
        for line in str(self.cleaned_data.get("matches") or "").splitlines():
            host, _sep, home = line.partition("=")
            if host.strip():
                pairs[host.strip()] = home.strip()
        return pairs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("lines") and not data.get("transcript") and not self.errors:
            raise forms.ValidationError(_("Type the host transcript or attach its ELMO file."))
        return data


class NonFormalForm(ActionForm):
    """NF-1 … NF-4: the student's application — one whole discipline, the certificate that covers it."""

    period = forms.ChoiceField(label=_("Period"))
    discipline = forms.ChoiceField(label=_("Discipline of your curriculum"))
    certificate = forms.CharField(label=_("Certificate or course"), max_length=300)
    provider = forms.CharField(label=_("Provider"), max_length=300)
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal(0), max_digits=6, decimal_places=1,
                               help_text=_("30 hours cover one credit (NF-3)."))
    percent = forms.DecimalField(label=_("Score (percent)"), required=False, min_value=Decimal(0),
                                 max_value=Decimal(100), max_digits=5, decimal_places=2)
    topics = forms.CharField(label=_("Topics and learning outcomes"),
                             widget=forms.Textarea(attrs={"rows": 3}))
    assessment = forms.CharField(label=_("How it was assessed"), max_length=300)

    def __init__(self, *args: Any, periods: list[tuple[str, str]], disciplines: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods  # type: ignore[attr-defined]
        self.fields["discipline"].choices = disciplines  # type: ignore[attr-defined]


# RC-3: only A … D are recounted, so only these can be the commission's letter.
RECOUNTABLE_LETTERS = ("A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D")


class NonFormalDecisionForm(ActionForm):
    """NF-3, RC-1: the QA commission's decision on its protocol."""

    decision = forms.ChoiceField(label=_("Decision"), choices=[("recognized", _("recognize")),
                                                               ("refused", _("refuse"))])
    basis = forms.CharField(label=_("QA commission protocol (number and date)"), max_length=200)
    letter = forms.ChoiceField(label=_("Letter (when the certificate has no score)"), required=False,
                               choices=[("", "—")] + [(letter, letter) for letter in RECOUNTABLE_LETTERS])
    reason = forms.CharField(label=_("Reason for refusal"), max_length=300, required=False)


class SignForm(ActionForm):
    """MO-3: a signature of the learning agreement's current version."""

    party = forms.ChoiceField(label=_("Signs as"), choices=[("student", _("Student")),
                                                            ("home", _("Home coordinator")),
                                                            ("host", _("Host coordinator"))],
                              widget=forms.HiddenInput)
    host_signer = forms.CharField(label=_("Host coordinator's name"), max_length=200, required=False)
