"""GR-20: the audit log can never be edited or deleted — enforced by PostgreSQL itself.

The ORM and the admin refuse too, but a trigger also stops raw SQL, a shell, a future bug.
TRUNCATE (used only by the test runner to reset tables) is not a row operation and is unaffected.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_record_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only (GR-20): % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_record_append_only
    BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION audit_record_is_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_record_append_only ON audit_auditrecord;
DROP FUNCTION IF EXISTS audit_record_is_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
