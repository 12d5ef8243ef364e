from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ektu_portal.accounts.forms import AdminSignInForm
from ektu_portal.accounts.models import User

# /admin/login/ checks passwords within the same failed sign-in limits as the sign-in page (issue 16).
admin.site.login_form = AdminSignInForm


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "email", "is_staff", "is_active")
    search_fields = ("username", "full_name", "full_name_latin", "email")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("EKTU", {"fields": ("full_name", "full_name_latin")}),
    )
