"""One form per action of registration's pages (issue 8).

The forms only shape the input; the services decide (the same checks for a page and the API).
A refusal comes back as a domain error whose codes land on the field they concern — every
reason beside its field, and nothing written (the service's transaction is rolled back).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ektu_portal.core.errors import DomainError, NotFound, ValidationFailed
from registration import labels
from registration.models import PersonalWindow


class ActionForm(forms.Form):
    """A form whose service refusals are mapped onto its fields.

    ``field_of`` names the field a refusal code concerns (others are the form's own errors);
    ``messages`` gives the reader's words for a code (else the error's own title)."""

    field_of: ClassVar[Mapping[str, str]] = {}
    messages: ClassVar[Mapping[str, Promise]] = {}

    def add_domain_error(self, error: DomainError) -> None:
        """Put every reason of a refusal beside its field. A not-found that no field explains (a
        record the person may not see) is not a form error: it is raised on, and the page is a 404."""
        if isinstance(error, ValidationFailed):
            for problem in error.problems:
                name = problem.path.rsplit(".", 1)[-1]
                self.add_error(name if name in self.fields else None, problem.message)
            return
        codes = [str(code) for code in error.extra.get("reasons") or [error.code]]
        explained = any(code in self.field_of or code in self.messages for code in codes)
        if isinstance(error, NotFound) and not explained:
            raise error
        for code in codes:
            message = self.messages.get(code) or labels.COMMON_REFUSALS.get(code)
            self.add_error(self.field_of.get(code), str(message) if message is not None else error.title)


# --- the student's registration page (contract §3, RG-2, RG-6) ---------------------------------------

class ChooseSectionForm(ActionForm):
    """Choose a section — or join its wait list when it is full (RG-9)."""

    section = forms.CharField(label=_("Section"), max_length=64)

    field_of = dict.fromkeys(labels.REFUSALS, "section")
    messages = labels.REFUSALS


class DropForm(ActionForm):
    """Drop a registration while the calendar allows it (RG-2); the field is the enrolment's id."""

    drop = forms.IntegerField(label=_("Registration"), min_value=1, widget=forms.HiddenInput)

    field_of = dict.fromkeys(labels.REFUSALS, "drop")
    messages = labels.REFUSALS


class SubmitPlanForm(ActionForm):
    """RG-6: hand in the plan formed from the registrations; what is missing stays on the form."""

    submit_plan = forms.BooleanField(widget=forms.HiddenInput, initial=True)

    messages = labels.PLAN_REFUSALS


# The registration page's actions, told apart by the field only that action's form has.
PAGE_ACTIONS: tuple[type[ActionForm], ...] = (SubmitPlanForm, DropForm, ChooseSectionForm)


def page_action(data: Mapping[str, Any], actions: tuple[type[ActionForm], ...] = PAGE_ACTIONS) -> ActionForm:
    """The bound form of the action posted: the first whose own field is in the data (the last
    one otherwise, so an empty post is that form's "this field is required")."""
    for form_class in actions:
        if any(name in data for name in form_class.base_fields):
            return form_class(data)
    return actions[-1](data)


# --- the adviser's and the dean's decision on a plan (RG-6) --------------------------------------------

class PlanDecisionForm(ActionForm):
    """Approve the plan, or return it with a comment the student acts on."""

    decision = forms.ChoiceField(label=_("Decision"),
                                 choices=[("approve", _("Approve")), ("return", _("Return"))])
    comment = forms.CharField(label=_("Comment (needed to return)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    field_of = {"comment_required": "comment"}
    messages = labels.PLAN_REFUSALS


# --- the registrar's office (RG-5, RG-7, RG-2) -------------------------------------------------------

class SmallSectionDecisionForm(ActionForm):
    """RG-5: cancel a section under its minimum size (its students are dropped and told) or keep it."""

    small_section = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=[("keep", _("Keep")),
                                                               ("cancel", _("Cancel the section"))])

    field_of = {"small_section_not_found": "small_section", "already_decided": "decision",
                "invalid_decision": "decision"}
    messages = labels.OFFICE_REFUSALS


class OrientationWeekForm(ActionForm):
    """RG-2: a one-week window for every active first-year student at once."""

    orientation_week = forms.BooleanField(widget=forms.HiddenInput, initial=True)

    messages = labels.OFFICE_REFUSALS


class PersonalWindowForm(ActionForm):
    """RG-7: a transferred or readmitted student (or one first-year student) gets a week of their own."""

    student = forms.CharField(label=_("Student (username)"), max_length=150)
    reason = forms.ChoiceField(label=_("Reason"), choices=[  # a re-choice window is the RG-5 job's own
        (value, label) for value, label in PersonalWindow.Reason.choices
        if value != PersonalWindow.Reason.RECHOICE])
    basis = forms.CharField(label=_("Order (basis)"), max_length=200, required=False,
                            widget=forms.TextInput(attrs={"placeholder": "№ 123-с, 20.11.2026"}))

    field_of = {"student_not_found": "student", "invalid_reason": "reason", "basis_required": "basis"}
    messages = labels.OFFICE_REFUSALS


OFFICE_ACTIONS: tuple[type[ActionForm], ...] = (SmallSectionDecisionForm, OrientationWeekForm,
                                                PersonalWindowForm)
