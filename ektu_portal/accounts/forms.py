"""The admin's sign-in form, within the same failed sign-in limits as the sign-in page and the API
(issue 16: ``/admin/login/`` had no limit at all)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate

from ektu_portal.accounts import signin_limits


class AdminSignInForm(AdminAuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            # SignInRefused (a ValidationError) shows above the form, as the page's other refusals.
            self.user_cache = signin_limits.limited(
                self.request, username,
                lambda: authenticate(self.request, username=username, password=password))
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)  # staff only, active only
        return self.cleaned_data
