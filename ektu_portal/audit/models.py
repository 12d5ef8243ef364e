"""The audit log: who changed what, when, from what, to what, and why (GR-20).

Rows are append-only on three levels: the model refuses ``save()`` of an existing row and
``delete()``; the queryset refuses ``update()`` and ``delete()``; and a PostgreSQL trigger
(migration 0002) refuses UPDATE and DELETE from any client, raw SQL included. The admin
shows the log read-only and the API only reads it.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditImmutable(Exception):
    """Raised on any attempt to change or remove an audit record."""


class AuditQuerySet(models.QuerySet["AuditRecord"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditImmutable("audit records cannot be changed")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AuditImmutable("audit records cannot be deleted")

    def for_object(self, obj: models.Model) -> AuditQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditRecord(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # PROTECT: a person with audit records cannot be deleted (the record names them).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("who"))
    actor_username = models.CharField(_("who (username)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=100)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("why"), blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True,
                             help_text=_("e.g. the appeal decision or order the change rests on"))

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username or 'system'} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditImmutable("audit records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditImmutable("audit records cannot be deleted")
