"""Writing the audit log. Every service that changes a grade, plan or decision calls this."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from ektu_portal.audit.models import AuditRecord


@dataclass(frozen=True)
class Change:
    """One audited change, for writing many at once (a loaded file, a posted sheet)."""

    obj: models.Model
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    # How the object reads in the log; given by callers that know it, to spare str(obj)'s queries.
    label: str | None = None


def _record(actor: Any, action: str, change: Change, reason: str, basis: str) -> AuditRecord:
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditRecord(
        actor=actor if signed_in else None,
        actor_username=actor.get_username() if signed_in else "",
        action=action,
        object_type=change.obj._meta.label_lower,
        object_id=str(change.obj.pk),
        object_repr=(change.label if change.label is not None else str(change.obj))[:300],
        before=change.before,
        after=change.after,
        reason=reason,
        basis=basis,
    )


def audit_record(*, actor: Any, action: str, obj: models.Model, before: dict[str, Any] | None,
                 after: dict[str, Any] | None, reason: str = "", basis: str = "") -> AuditRecord:
    record = _record(actor, action, Change(obj, before, after), reason, basis)
    record.save()
    return record


def audit_many(*, actor: Any, action: str, changes: Iterable[Change], reason: str = "",
               basis: str = "") -> int:
    records = [_record(actor, action, change, reason, basis) for change in changes]
    AuditRecord.objects.bulk_create(records, batch_size=2000)
    return len(records)
