"""Reads of the audit log, shaped for the pages that show a record's history."""

from __future__ import annotations

from django.db import models

from ektu_portal.audit.models import AuditRecord


def history_of(obj: models.Model) -> list[AuditRecord]:
    """Every change of one object, oldest first (GR-20)."""
    return list(AuditRecord.objects.for_object(obj).order_by("at", "id"))
