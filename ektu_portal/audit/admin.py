from django.contrib import admin

from ektu_portal.audit.models import AuditRecord
from ektu_portal.core.admin import ReadOnlyAdmin


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    """Read-only: the audit log can be searched, never edited (GR-20)."""

    list_display = ("at", "actor_username", "action", "object_type", "object_repr", "reason")
    list_filter = ("action", "object_type")
    search_fields = ("actor_username", "object_repr", "object_id", "reason")
    date_hierarchy = "at"
