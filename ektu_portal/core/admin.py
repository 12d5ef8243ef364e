"""Shared admin pieces: read-only registrations, and an audited admin for data administrators correct.

Every add, change and delete made through an ``AuditedAdmin`` writes an audit record — who, when,
the fields before and after, and why (GR-20; ASVS 16: a change nobody can account for is a hole).
The "why" is a required "reason for the change" on the form and on the delete confirmation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template import engines
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from ektu_portal.audit.services import audit_record

REASON_FIELD = "audit_reason"


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through audited services (or never): searchable, not editable."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditReasonForm(forms.ModelForm):
    """The admin's form with the reason every change must give (it goes to the audit record)."""

    audit_reason = forms.CharField(
        label=_("Reason for the change"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Written to the audit log with who made the change, when, and the values before and "
                    "after."))


def _natural_key(obj: models.Model | None) -> Any:
    """How a related record reads in the log: its code or username where it has one."""
    if obj is None:
        return None
    for name in ("code", "username"):
        if isinstance(value := getattr(obj, name, None), str):
            return value
    return obj.pk


def snapshot(obj: models.Model, related: Iterable[str] = (), skip: Sequence[str] = ()) -> dict[str, Any]:
    """The record's fields as the audit log keeps them (JSON), its related rows named by key.

    ``related`` names reverse relations edited inline (a curriculum's items), recorded as lists.
    """
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in skip or isinstance(field, models.GeneratedField):
            continue
        data[field.name] = _natural_key(getattr(obj, field.name)) if field.is_relation \
            else field.value_from_object(obj)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = sorted(str(_natural_key(other)) for other in getattr(obj, m2m.name).all())
        for name in related:
            manager = getattr(obj, name)
            back = manager.field.name  # the foreign key to ``obj``: the same on every row
            data[name] = [snapshot(row, skip=[back]) for row in manager.all()]
    loaded: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))  # dates and decimals as text
    return loaded


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only what the change changed, so the record reads as "from … to …"."""
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


# Django's own delete confirmation, with the reason field inside its form.
_DELETE_CONFIRMATION = """{% extends "admin/delete_confirmation.html" %}{% load i18n %}
{% block delete_confirm %}
<p>{% blocktranslate with escaped_object=object %}Are you sure you want to delete the {{ object_name }} \
"{{ escaped_object }}"? All of the following related items will be deleted:{% endblocktranslate %}</p>
{% include "admin/includes/object_delete_summary.html" %}
<h2>{% translate "Objects" %}</h2>
<ul id="deleted-objects">{{ deleted_objects|unordered_list }}</ul>
<form method="post">{% csrf_token %}
<div>
<input type="hidden" name="post" value="yes">
{% if is_popup %}<input type="hidden" name="{{ is_popup_var }}" value="1">{% endif %}
{% if to_field %}<input type="hidden" name="{{ to_field_var }}" value="{{ to_field }}">{% endif %}
<p>{% if audit_reason_missing %}<span class="errornote">{{ audit_reason_missing }}</span><br>{% endif %}
<label class="required" for="id_audit_reason">{{ audit_reason_label }}:</label><br>
<textarea name="audit_reason" id="id_audit_reason" rows="2" cols="60" maxlength="1000" required>\
</textarea></p>
<input type="submit" value="{% translate 'Yes, I’m sure' %}">
<a href="#" class="button cancel-link">{% translate "No, take me back" %}</a>
</div>
</form>
{% endblock %}
"""


class AuditedAdmin(admin.ModelAdmin):
    """An admin whose every add, change and delete is audited with a reason (GR-20).

    Subclasses list in ``audit_related`` the reverse relations they edit inline, so those rows are
    part of the before/after; a custom ``form`` must derive from ``AuditReasonForm``.
    """

    form = AuditReasonForm
    audit_related: Sequence[str] = ()
    delete_confirmation_template = SimpleLazyObject(  # type: ignore[assignment]
        lambda: engines["django"].from_string(_DELETE_CONFIRMATION))

    def _may_edit(self, request: HttpRequest, obj: Any) -> bool:
        return self.has_add_permission(request) if obj is None else self.has_change_permission(request, obj)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[tuple[Any, dict[str, Any]]]:
        fieldsets = [(name, {**options, "fields": [f for f in options["fields"] if f != REASON_FIELD]})
                     for name, options in super().get_fieldsets(request, obj)]
        if self._may_edit(request, obj):
            fieldsets.append((_("Why"), {"fields": [REASON_FIELD]}))
        return fieldsets

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Deleting a selection has no place for a reason; records are deleted one by one.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def _snapshot(self, obj: models.Model) -> dict[str, Any]:
        return snapshot(obj, self.audit_related)

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        # The form has already written its values onto the instance; the database still has the old ones.
        form._audit_before = (self._snapshot(self.model._default_manager.get(pk=form.instance.pk))
                              if change else None)
        return super().save_form(request, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        after = self._snapshot(self.model._default_manager.get(pk=form.instance.pk))
        before = getattr(form, "_audit_before", None)
        if before is not None:
            before, after = changed_fields(before, after)
            if not after:
                return  # saved without a change: nothing to account for
        audit_record(actor=request.user, action="admin.change" if change else "admin.add", obj=form.instance,
                     before=before, after=after, reason=form.cleaned_data[REASON_FIELD])

    def delete_view(self, request: HttpRequest, object_id: str,
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "audit_reason_label": AuditReasonForm.base_fields[
            REASON_FIELD].label}
        if request.method == "POST":
            reason = request.POST.get(REASON_FIELD, "").strip()
            if reason:
                request.audit_reason = reason  # type: ignore[attr-defined]  # read by delete_model
            else:
                # Without a reason nothing is deleted: the confirmation is shown again, asking why.
                request.POST = QueryDict()  # type: ignore[misc]
                extra_context["audit_reason_missing"] = _("Give the reason for the deletion.")
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        reason = getattr(request, "audit_reason", "")
        if not reason:
            # Only a code path that skipped delete_view gets here: refuse rather than delete unaccounted.
            raise PermissionError("an audited record is deleted only with a reason")
        before = self._snapshot(obj)
        audit_record(actor=request.user, action="admin.delete", obj=obj, before=before, after=None,
                     reason=reason)
        super().delete_model(request, obj)
