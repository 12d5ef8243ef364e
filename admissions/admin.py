"""Admissions in the admin: the campaign's rules are corrected with a reason (audited); applicants and
runs are read here and changed only through the commission's pages and services."""

from __future__ import annotations

from django.contrib import admin

from admissions.models import (
    Applicant,
    CompetitionRun,
    ConversionRow,
    NationalPriority,
    Quota,
    QuotaCategory,
    Threshold,
)
from ektu_portal.core.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(Threshold)
class ThresholdAdmin(AuditedAdmin):
    list_display = ("track", "requirement", "value", "effective_from")
    list_filter = ("track", "requirement")


@admin.register(ConversionRow)
class ConversionRowAdmin(AuditedAdmin):
    list_display = ("certificate", "minimum", "points", "counts_as", "effective_from")
    list_filter = ("certificate",)


@admin.register(NationalPriority)
class NationalPriorityAdmin(AuditedAdmin):
    list_display = ("position", "code", "name_en")


@admin.register(QuotaCategory)
class QuotaCategoryAdmin(AuditedAdmin):
    list_display = ("code", "name_kk", "name_en")


@admin.register(Quota)
class QuotaAdmin(AuditedAdmin):
    list_display = ("intake_year", "category", "percent")
    list_filter = ("intake_year",)


@admin.register(Applicant)
class ApplicantAdmin(ReadOnlyAdmin):
    list_display = ("number", "full_name", "track", "program", "applied_on", "student")
    list_filter = ("track",)
    search_fields = ("number", "full_name", "iin")
    list_select_related = ("program", "student__user")


@admin.register(CompetitionRun)
class CompetitionRunAdmin(ReadOnlyAdmin):
    list_display = ("competition", "run", "status", "requested_at", "published_at")
    list_filter = ("status",)
    exclude = ("inputs", "ranking")
