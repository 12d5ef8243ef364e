"""Registration's settings in the admin: credit limits and summer prices are data (GR-18).

Plans, personal windows and sections under minimum size change only through the services (so
every change is audited); the admin shows them read-only.
"""

from __future__ import annotations

from django.contrib import admin

from ektu_portal.core.admin import ReadOnlyAdmin
from registration.models import CreditLimit, CreditPrice, PersonalWindow, SmallSection, StudyPlan


@admin.register(CreditLimit)
class CreditLimitAdmin(admin.ModelAdmin):
    list_display = ("period", "max_credits")


@admin.register(CreditPrice)
class CreditPriceAdmin(admin.ModelAdmin):
    list_display = ("period", "price")


@admin.register(StudyPlan)
class StudyPlanAdmin(ReadOnlyAdmin):
    list_display = ("student", "period", "status", "version", "credits", "submitted_at")
    list_filter = ("status", "period")
    search_fields = ("student__user__username", "student__user__full_name")


@admin.register(PersonalWindow)
class PersonalWindowAdmin(ReadOnlyAdmin):
    list_display = ("student", "period", "reason", "opens", "closes", "basis")
    list_filter = ("reason",)


@admin.register(SmallSection)
class SmallSectionAdmin(ReadOnlyAdmin):
    list_display = ("section", "registered", "min_size", "decision", "found_at")
    list_filter = ("decision",)
