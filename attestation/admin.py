"""The admin: the honours criteria are the university's data (FA-9, configurable); the attestation's
records are read here and changed only through the pages and the API (services audit every change)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from attestation.models import (
    AdmissionOrder,
    Commission,
    CommissionMember,
    Defence,
    HonoursRule,
    Session,
    Thesis,
)


@admin.register(HonoursRule)
class HonoursRuleAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "min_gpa", "letters", "final_work_letters", "basis")


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class MemberInline(admin.TabularInline):
    model = CommissionMember
    extra = 0
    fields = ("position", "name", "role", "external", "qualification")


@admin.register(Commission)
class CommissionAdmin(ReadOnly):
    list_display = ("code", "program", "year", "proposed_on", "approved_on")
    list_filter = ("year",)
    search_fields = ("code", "program__code")
    inlines = [MemberInline]


@admin.register(Session)
class SessionAdmin(ReadOnly):
    list_display = ("commission", "date", "starts_at", "room", "opened_at", "published_at")
    list_filter = ("date",)


@admin.register(Thesis)
class ThesisAdmin(ReadOnly):
    list_display = ("student", "year", "topic", "supervisor", "session")
    search_fields = ("student__user__username", "student__user__full_name", "topic")


@admin.register(Defence)
class DefenceAdmin(ReadOnly):
    list_display = ("session", "number", "thesis", "score", "letter", "degree_awarded", "honours")


@admin.register(AdmissionOrder)
class AdmissionOrderAdmin(ReadOnly):
    list_display = ("program", "year", "basis", "issued_on", "issued_by")
