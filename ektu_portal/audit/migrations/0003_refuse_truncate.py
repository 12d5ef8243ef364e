"""GR-20 (issue 16): TRUNCATE empties a table without touching a row, so the row trigger of 0002
never fires. A statement-level trigger refuses it too.

The test runner resets tables between transactional tests with TRUNCATE; it may — only in a test
database (named test_…, Django's convention) and only on a connection that says so
(``ektu.audit_truncate_allowed=on``, set by settings_test for its own connections). Production
connections never set it, and a production database is not named test_…. A role that owns the table
could still drop the trigger: deploy with the portal's runtime role separate from the owner
(docs/deployment.md).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_record_refuses_truncate() RETURNS trigger AS $$
BEGIN
    IF current_database() LIKE 'test\\_%' AND current_setting('ektu.audit_truncate_allowed', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit records are append-only (GR-20): TRUNCATE refused'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_record_no_truncate
    BEFORE TRUNCATE ON audit_auditrecord
    FOR EACH STATEMENT EXECUTE FUNCTION audit_record_refuses_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_record_no_truncate ON audit_auditrecord;
DROP FUNCTION IF EXISTS audit_record_refuses_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
