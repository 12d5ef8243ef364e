from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from ektu_portal.accounts import signin_limits


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts come from the university's records (load_university), never from sign-up."""

    def is_open_for_signup(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """allauth's own failed sign-in limit (per address, and per username for everyone) is replaced by
        ``signin_limits`` (issue 16): a campus behind one address, or a classmate elsewhere, cannot lock
        a student out."""

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        """The sign-in page and the API's token view: the password is checked within the limits of the
        (address, account) pair and of the address; ``SignInRefused`` (a ``ValidationError``: the page
        shows it beside the form) when they refuse."""
        check = super().authenticate
        return signin_limits.limited(request, signin_limits.login_of(credentials),
                                     lambda: check(request, **credentials))
