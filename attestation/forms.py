"""One form per action of the attestation pages. The forms only shape the input; the services decide
(the same checks as the API). A refusal comes back as a domain error whose reasons land beside the
field they concern, and nothing is written (the service's transaction is rolled back)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from attestation import labels
from attestation.models import CommissionMember, Defence, Publication, Thesis
from attestation.policy import voting
from ektu_portal.core.errors import DomainError, NotFound, ValidationFailed

MEMBER_ROWS = 7  # room for a refused 6- or 7-member proposal to be shown back with its reasons
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ActionForm(forms.Form):
    """A form whose service refusals land on its fields: a problem's path names the field (its last
    part, or ``path_to_field`` for paths like ``members[2].role``); a refusal code goes to
    ``field_of[code]``; anything else is the form's own error."""

    field_of: ClassVar[Mapping[str, str]] = {}

    def path_to_field(self, path: str) -> str | None:
        name = path.rsplit(".", 1)[-1]
        return name if name in self.fields else None

    def add_domain_error(self, error: DomainError) -> None:
        if isinstance(error, ValidationFailed):
            for problem in error.problems:
                self.add_error(self.path_to_field(problem.path), problem.message)
            return
        if isinstance(error, NotFound) and error.code not in self.field_of:
            raise error  # a record the person may not see: the page is a 404
        message = labels.label(labels.REFUSALS, error.code)
        if message == error.code:
            message = error.title
        reasons = error.extra.get("reasons")
        if reasons:
            message += ": " + ", ".join(_reason(code) for code in reasons)
        self.add_error(self.field_of.get(error.code), message)


def _reason(code: str) -> str:
    for table in (labels.ADMISSION_REASONS, labels.BLOCKERS, labels.HONOURS_REASONS):
        if code in table:
            return str(table[code])
    return code


# --- FA-4: a commission -----------------------------------------------------------------------------

class CommissionForm(ActionForm):
    """FA-4: a programme's commission; its composition is checked as a whole, every broken rule at once."""

    code = forms.CharField(label=_("Code"), max_length=64)
    program = forms.ChoiceField(label=_("Educational programme"))
    year = forms.IntegerField(label=_("Year of attestation"), min_value=2000, max_value=2100)
    proposed_on = forms.DateField(label=_("Proposed by the dean on"), required=False, widget=DATE)
    approved_on = forms.DateField(label=_("Approved by the Scientific Council on"), required=False,
                                  widget=DATE)
    approval_basis = forms.CharField(label=_("Scientific Council's decision"), max_length=200, required=False)
    # Where the rules about the whole composition are shown (size, chair, EKTU staff).
    members = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, programs: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = list(programs)
        self.row_of: dict[int, int] = {}
        for i in range(MEMBER_ROWS):
            self.fields[f"member_{i}_name"] = forms.CharField(label=_("Full name"), max_length=200,
                                                              required=False)
            self.fields[f"member_{i}_role"] = forms.ChoiceField(label=_("Role"), required=False,
                                                                choices=CommissionMember.Role.choices)
            self.fields[f"member_{i}_external"] = forms.BooleanField(label=_("External to EKTU"),
                                                                     required=False)
            self.fields[f"member_{i}_qualification"] = forms.ChoiceField(
                label=_("Qualification"), required=False, choices=CommissionMember.Qualification.choices)

    def member_rows(self) -> list[dict[str, Any]]:
        return [{name: self[f"member_{i}_{name}"] for name in ("name", "role", "external", "qualification")}
                for i in range(MEMBER_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = []
        for i in range(MEMBER_ROWS):
            name = (data.get(f"member_{i}_name") or "").strip()
            if not name:
                continue
            self.row_of[len(chosen)] = i
            chosen.append({"name": name, "role": data.get(f"member_{i}_role") or "member",
                           "external": bool(data.get(f"member_{i}_external")),
                           "qualification": data.get(f"member_{i}_qualification") or "none"})
        data["member_list"] = chosen
        return data

    def path_to_field(self, path: str) -> str | None:
        # "members[2].external" → the third filled row's checkbox; "members" → the composition as a whole
        if path.startswith("members[") and "]." in path:
            index, field = path[len("members["):].split("].", 1)
            return f"member_{self.row_of.get(int(index), int(index))}_{field}"
        return "members" if path.startswith("members") else super().path_to_field(path)


class SessionForm(ActionForm):
    """FA-4: a day of defences on the approved schedule."""

    add_session = forms.BooleanField(widget=forms.HiddenInput, initial=True)
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TIME)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    schedule_approved_on = forms.DateField(label=_("Schedule approved on"), required=False, widget=DATE)


# --- FA-1 -------------------------------------------------------------------------------------------

class AdmissionOrderForm(ActionForm):
    """FA-1: the dean issues the admission list by an order."""

    year = forms.IntegerField(label=_("Year of attestation"), min_value=2000, max_value=2100)
    basis = forms.CharField(label=_("Dean's order"), max_length=200)

    field_of = {"order_missing": "basis"}


class PublicationForm(ActionForm):
    """FA-1: a master's publication or conference talk on the thesis topic."""

    add_publication = forms.BooleanField(widget=forms.HiddenInput, initial=True)
    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Publication.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100)


# --- FA-2, FA-3 -----------------------------------------------------------------------------------------

class ThesisForm(ActionForm):
    """FA-2: a student's topic and supervisor by the rector's order, and the session it is defended at."""

    student = forms.CharField(label=_("Student (username)"), max_length=150)
    year = forms.IntegerField(label=_("Year of attestation"), min_value=2000, max_value=2100)
    topic = forms.CharField(label=_("Topic"), max_length=500)
    supervisor = forms.CharField(label=_("Supervisor"), max_length=200)
    order_basis = forms.CharField(label=_("Rector's order"), max_length=200, required=False)
    session = forms.TypedChoiceField(label=_("Defence session"), required=False, coerce=int, empty_value=None)

    field_of = {"student_not_found": "student", "thesis_exists": "student",
                "no_final_attestation_discipline": "student", "not_on_this_session": "session",
                "session_published": "session"}

    def __init__(self, *args: Any, sessions: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "—"), *sessions]


class DocumentsForm(ActionForm):
    """FA-2, FA-3: the documents as they reach the commission, and the session."""

    save_documents = forms.BooleanField(widget=forms.HiddenInput, initial=True)
    session = forms.TypedChoiceField(label=_("Defence session"), required=False, coerce=int, empty_value=None)
    supervisor_review_on = forms.DateField(label=_("Supervisor's review handed in on"), required=False,
                                           widget=DATE)
    supervisor_verdict = forms.ChoiceField(label=_("Supervisor's verdict"), required=False,
                                           choices=[("", "—"), *Thesis.Verdict.choices])
    supervisor_reasons = forms.CharField(label=_("Supervisor's reasons"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    reviewer = forms.CharField(label=_("External reviewer"), max_length=200, required=False)
    reviewer_external = forms.BooleanField(label=_("Reviewer is external to EKTU"), required=False)
    reviewer_qualification = forms.ChoiceField(label=_("Reviewer's qualification"), required=False,
                                               choices=[("", "—"), *CommissionMember.Qualification.choices])
    external_review_on = forms.DateField(label=_("External review handed in on"), required=False, widget=DATE)
    review_letter = forms.ChoiceField(label=_("Reviewer's letter grade"), required=False, choices=[
        ("", "—"), *((x, x) for x in ("A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "FX", "F"))])
    review_recommends_degree = forms.NullBooleanField(label=_("Reviewer recommends the degree"),
                                                      required=False)
    plagiarism_certificate_on = forms.DateField(label=_("Plagiarism-check certificate handed in on"),
                                                required=False, widget=DATE)
    originality_percent = forms.DecimalField(label=_("Originality, %"), required=False, min_value=0,
                                             max_value=100, decimal_places=2)

    field_of = {"already_defending": "save_documents"}

    def __init__(self, *args: Any, sessions: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "—"), *sessions]

    @classmethod
    def initial_of(cls, thesis: Thesis) -> dict[str, Any]:
        return {name: getattr(thesis, name) for name in (
            "supervisor_review_on", "supervisor_verdict", "supervisor_reasons", "reviewer",
            "reviewer_external", "reviewer_qualification", "external_review_on", "review_letter",
            "review_recommends_degree",
            "plagiarism_certificate_on", "originality_percent")} | {"session": thesis.session_id}

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] if data[name] is not None else ("" if name in (
            "supervisor_verdict", "supervisor_reasons", "reviewer", "reviewer_qualification", "review_letter")
            else None) for name in self.fields if name not in ("save_documents", "session")}


# --- FA-5, FA-6: the session and its protocols -------------------------------------------------------

class AttendanceForm(ActionForm):
    """FA-5: who of the members is present; the session opens with at least half of them."""

    attendance = forms.BooleanField(widget=forms.HiddenInput, initial=True)
    present = forms.TypedMultipleChoiceField(label=_("Members present"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    field_of = {"quorum_not_met": "present", "not_member_present": "present"}

    def __init__(self, *args: Any, members: Iterable[CommissionMember] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(m.pk, f"{m.name} — {labels.label(labels.ROLES, m.role)}")
                                          for m in members]


class StartDefenceForm(ActionForm):
    """FA-5: the next student's defence begins with the talk."""

    start = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PublishForm(ActionForm):
    """FA-5: the results are announced the same day."""

    publish = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class TalkEndForm(ActionForm):
    end_talk = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class DefenceEndForm(ActionForm):
    end_defence = forms.BooleanField(widget=forms.HiddenInput, initial=True)
    questions = forms.CharField(label=_("Questions asked and the answers"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))


class MemberGradesForm(ActionForm):
    """FA-6: each member present grades the defence, 0–100."""

    member_grades = forms.BooleanField(widget=forms.HiddenInput, initial=True)

    field_of = {"grade_decided": "member_grades"}

    def __init__(self, *args: Any, present: Iterable[CommissionMember] = (),
                 grades: Mapping[int, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.present = list(present)
        for m in self.present:
            self.fields[f"grade_{m.pk}"] = forms.IntegerField(label=m.name, min_value=0, max_value=100,
                                                              initial=(grades or {}).get(m.pk))

    def grades(self) -> dict[int, int]:
        return {m.pk: self.cleaned_data[f"grade_{m.pk}"] for m in self.present}

    def grade_fields(self) -> list[Any]:
        return [self[f"grade_{m.pk}"] for m in self.present]


class VoteForm(ActionForm):
    """FA-6: the open vote of the closed session — every member present, for or against."""

    question = forms.ChoiceField(widget=forms.HiddenInput, choices=[(q, q) for q in ("grade", "degree",
                                                                                     "honours")])
    proposal = forms.IntegerField(label=_("Proposed grade (score)"), min_value=0, max_value=100,
                                  required=False)

    field_of = {"grades_missing": "proposal", "defence_not_ended": "question",
                "grade_not_decided": "question",
                "grade_unsatisfactory": "question", "degree_not_awarded": "question",
                "honours_criteria_not_met": "question"}

    def __init__(self, *args: Any, present: Iterable[CommissionMember] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.present = list(present)
        for m in self.present:
            self.fields[f"vote_{m.pk}"] = forms.ChoiceField(
                label=m.name, initial=voting.FOR, widget=forms.RadioSelect,
                choices=[(voting.FOR, labels.VOTES[voting.FOR]), (voting.AGAINST,
                                                                  labels.VOTES[voting.AGAINST])])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("question") == "grade" and data.get("proposal") is None:
            self.add_error("proposal", _("Propose the grade the commission votes on."))
        return data

    def ballots(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"vote_{m.pk}"] for m in self.present}

    def vote_fields(self) -> list[Any]:
        return [self[f"vote_{m.pk}"] for m in self.present]


class AfterFailureForm(ActionForm):
    """FA-7: after an unsatisfactory grade — the reworked thesis again, or a new topic."""

    after_failure = forms.ChoiceField(label=_("After an unsatisfactory grade"),
                                      choices=Defence.AfterFailure.choices, widget=forms.RadioSelect)

    field_of = {"not_unsatisfactory": "after_failure"}


class ReattestationForm(ActionForm):
    """FA-7: the student's application for re-attestation next year."""

    next_attestation_starts = forms.DateField(label=_("Next attestation starts"), widget=DATE)

    field_of = {"reattestation_too_late": "next_attestation_starts"}

