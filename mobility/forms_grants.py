"""TR-9: one form per action of the vacant-grants page. The forms only shape the input; the services
decide, and a refusal lands beside the field it concerns (nothing is written)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ektu_portal.academics.models import Student
from ektu_portal.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from mobility import labels
from mobility.forms import DATE, ActionForm


class VacantGrantActionForm(ActionForm):
    """A refusal of the vacant-grant services: its reason in the reader's words, as a form error."""

    def add_domain_error(self, error: DomainError) -> None:
        if isinstance(error, (ValidationFailed, NotFound, PermissionDenied)):
            super().add_domain_error(error)
            return
        message = labels.label(labels.VACANT_GRANT_REFUSALS, error.code)
        self.add_error(None, str(error.title) if message == error.code else message)


class VacantGrantForm(VacantGrantActionForm):
    """TR-9: vacant places of a group of programmes, study form and intake year, for one round.
    No bounds and nothing required here: the service names every bad field at once."""

    group_code = forms.CharField(label=_("Group of educational programmes"), max_length=64, required=False)
    study_form = forms.ChoiceField(label=_("Study form"), choices=Student.StudyForm.choices)
    intake_year = forms.IntegerField(label=_("Intake year"))
    places = forms.IntegerField(label=_("Vacant places"), max_value=32767)
    deadline = forms.DateField(label=_("List due to the ministry by"), widget=DATE,
                               help_text=_("25 January or 5 August"))
    basis = forms.CharField(label=_("Basis (order freeing the places)"), max_length=300, required=False)


class MakeListForm(VacantGrantActionForm):
    """TR-9: make the candidate list now, before the job does."""


class AwardForm(VacantGrantActionForm):
    """TR-9: the ministry's order awarding a candidate the vacant grant."""

    username = forms.CharField(widget=forms.HiddenInput, max_length=150)
    order_number = forms.CharField(label=_("Ministry's order number"), max_length=64)
    order_on = forms.DateField(label=_("Order dated"), widget=DATE)
