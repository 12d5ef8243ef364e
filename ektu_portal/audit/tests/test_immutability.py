"""GR-20: an audit record can never be edited or deleted — not by the ORM, the admin, or SQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from ektu_portal.academics.models import Result
from ektu_portal.audit.models import AuditImmutable, AuditRecord
from ektu_portal.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(university: Any, user: Any) -> AuditRecord:
    result = Result.objects.get(student__user__username="s25001")
    return audit_record(actor=user("reg.office"), action="result.update", obj=result,
                        before={"exam": 71}, after={"exam": 73}, reason="typo in the sheet",
                        basis="act No. 4")


def test_a_record_says_who_when_what_before_after_why(record: AuditRecord) -> None:
    stored = AuditRecord.objects.get(pk=record.pk)
    assert (stored.actor_username, stored.action, stored.object_type) == ("reg.office", "result.update",
                                                                          "academics.result")
    assert (stored.before, stored.after, stored.reason, stored.basis) == (
        {"exam": 71}, {"exam": 73}, "typo in the sheet", "act No. 4")
    assert stored.at is not None


def test_orm_refuses_changes(record: AuditRecord) -> None:
    record.reason = "nothing happened"
    with pytest.raises(AuditImmutable):
        record.save()
    with pytest.raises(AuditImmutable):
        record.delete()
    with pytest.raises(AuditImmutable):
        AuditRecord.objects.filter(pk=record.pk).update(reason="x")
    with pytest.raises(AuditImmutable):
        AuditRecord.objects.filter(pk=record.pk).delete()
    assert AuditRecord.objects.get(pk=record.pk).reason == "typo in the sheet"


@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditrecord SET reason = 'rewritten' WHERE id = %s",
    "DELETE FROM audit_auditrecord WHERE id = %s",
])
def test_database_refuses_raw_sql(record: AuditRecord, statement: str) -> None:
    with (pytest.raises(DatabaseError, match="append-only"), transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute(statement, [record.pk])
    assert AuditRecord.objects.get(pk=record.pk).reason == "typo in the sheet"


def test_the_person_named_in_a_record_cannot_be_deleted(record: AuditRecord, user: Any) -> None:
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        user("reg.office").delete()


def test_admin_shows_but_never_changes(record: AuditRecord, client: Any, django_user_model: Any) -> None:
    superuser = django_user_model.objects.create_superuser("root", "root@ektu.kz", "root-pass-1234",
                                                           full_name="Root")
    client.force_login(superuser)
    assert client.get("/admin/audit/auditrecord/").status_code == 200
    page = client.get(f"/admin/audit/auditrecord/{record.pk}/change/")
    assert page.status_code == 200 and b"typo in the sheet" in page.content
    assert b'name="_save"' not in page.content  # read-only: no save button
    client.post(f"/admin/audit/auditrecord/{record.pk}/change/", {"reason": "changed"})
    assert client.get(f"/admin/audit/auditrecord/{record.pk}/delete/").status_code == 403
    assert client.get("/admin/audit/auditrecord/add/").status_code == 403
    assert AuditRecord.objects.get(pk=record.pk).reason == "typo in the sheet"


def test_truncate_is_refused_on_an_ordinary_connection(record: AuditRecord) -> None:
    """Issue 16: TRUNCATE (a statement, not a row operation) empties nothing either."""
    with (pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own inserts leave no deferred checks
        cursor.execute("SET LOCAL ektu.audit_truncate_allowed = 'off'")  # as every production connection
        cursor.execute("TRUNCATE audit_auditrecord")
    assert AuditRecord.objects.filter(pk=record.pk).exists()
