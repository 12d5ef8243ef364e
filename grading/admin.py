from django.contrib import admin

from ektu_portal.core.admin import ReadOnlyAdmin
from grading.models import Appeal, GradeSheet, LetterBand


@admin.register(LetterBand)
class LetterBandAdmin(ReadOnlyAdmin):
    """Read-only: a scale decides grades, so it changes only through ``letter_scale_set`` — validated,
    from a date, audited (GR-6, GR-20). An edit here would silently change past letters and GPAs."""

    list_display = ("effective_from", "letter", "points", "min_score", "max_score", "traditional")
    list_filter = ("effective_from",)


@admin.register(GradeSheet)
class GradeSheetAdmin(admin.ModelAdmin):
    """Read-only: sheets change only through the grading services (audited)."""

    list_display = ("section", "sitting", "discipline", "period", "exam_date", "posted_at",
                    "appeal_window_closes_at", "closed_at", "printed_at")
    list_filter = ("sitting",)
    search_fields = ("section__code", "discipline__code")
    readonly_fields = ("sitting", "section", "discipline", "period", "exam_date", "posted_at", "posted_by",
                       "appeal_window_closes_at", "closed_at", "printed_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("result", "status", "filed_at", "decided_at", "points_added", "entered_at")
    list_filter = ("status",)
    readonly_fields = ("result", "reason", "filed_at", "status", "decided_by", "decided_at", "points_added",
                       "decision_reason", "entered_by", "entered_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
