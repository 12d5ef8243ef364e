from django.contrib import admin

from diploma_supplement.models import Accreditation, Batch, IssuedSupplement


class ReadOnly(admin.ModelAdmin):
    """Issued supplements, batches and accreditations change only through the services (audited):
    revoke on the verification page, accreditations on the registrar's page, or through the API."""

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


@admin.register(Accreditation)
class AccreditationAdmin(ReadOnly):
    list_display = ("program", "accreditor", "eqar_registered", "enqa_member", "valid_from", "valid_until")
