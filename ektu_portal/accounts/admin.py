from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ektu_portal.accounts.models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "email", "is_staff", "is_active")
    search_fields = ("username", "full_name", "full_name_latin", "email")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("EKTU", {"fields": ("full_name", "full_name_latin")}),
    )
