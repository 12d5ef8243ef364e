from django.contrib import admin

from diploma_supplement.models import Batch, Diploma, IssuedSupplement


@admin.register(Diploma)
class DiplomaAdmin(admin.ModelAdmin):
    """Where the dean's office records diplomas' numbers (field 6.1 of the supplement)."""

    list_display = ("number", "student", "awarded_on")
    search_fields = ("number", "student__user__username", "student__user__full_name")
    raw_id_fields = ("student",)


class ReadOnly(admin.ModelAdmin):
    """Issued supplements and batches change only through the services (audited): revoke on the
    verification page or through the API."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(IssuedSupplement)
class IssuedSupplementAdmin(ReadOnly):
    list_display = ("number", "holder_name", "qualification", "issued_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("number", "student__user__username", "holder_name")
    exclude = ("pdf",)


@admin.register(Batch)
class BatchAdmin(ReadOnly):
    list_display = ("program", "graduation_year", "status", "done", "total", "requested_by", "requested_at")
    list_filter = ("status", "graduation_year")
    exclude = ("zip_file", "merged_pdf")
