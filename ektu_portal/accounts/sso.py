"""Signing in through the university's SSO (OpenID Connect; issue 16 hardening), so a registration-day
storm of sign-ins need not run the portal's password hashing.

The university's identity provider (IdP) says who signed in; the portal only lets in people the university
loaded (``load_university``), never a new account. The IdP's username claim (``OIDC_USERNAME_CLAIM``)
names the person, in any case; failing that, an e-mail address the IdP has verified that is the person's
e-mail in the portal. The first SSO sign-in links the IdP's account to that person; later ones find the
link. A deactivated person is refused, and so is anyone the records do not name: they land on the
sign-in page with a message saying why. Every SSO sign-in and refusal is logged on
``ektu_portal.security``, where the failed sign-in limits log their lockouts.
"""

from __future__ import annotations

from typing import Any, NoReturn

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.ratelimit import get_ip
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.base.constants import AuthError
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext

from ektu_portal.accounts.models import User
from ektu_portal.accounts.signin_limits import logger


def claims(sociallogin: SocialLogin) -> dict[str, Any]:
    """What the IdP said about the person: its userinfo answer, else the ID token's claims (allauth keeps
    both in the account's extra data)."""
    data = sociallogin.account.extra_data or {}
    picked = data.get("userinfo") or data.get("id_token") or data
    return picked if isinstance(picked, dict) else {}


def university_person(username: str, verified_emails: list[str]) -> User | None:
    """The one person the university loaded under this username (any case), else the one whose e-mail is
    one the IdP verified; None when the records name nobody, or more than one person."""
    if username:
        found = list(User.objects.filter(username__iexact=username)[:2])
        if len(found) == 1:
            return found[0]
    for email in verified_emails:
        found = list(User.objects.filter(email__iexact=email)[:2])
        if len(found) == 1:
            return found[0]
    return None


def _sign_in_page(request: HttpRequest, level: int, message: str) -> NoReturn:
    messages.add_message(request, level, message)
    raise ImmediateHttpResponse(HttpResponseRedirect(reverse("account_login")))


def _refuse(request: HttpRequest, message: str, *, reason: str, username: str) -> NoReturn:
    address = get_ip(request)
    logger.warning("SSO sign-in refused: address %s, username %r: %s", address, username, reason,
                   extra={"address": address, "username": username, "sso": "refused", "reason": reason})
    _sign_in_page(request, messages.ERROR, message)


class PortalSocialAccountAdapter(DefaultSocialAccountAdapter):
    """allauth's hooks for the university's SSO: no sign-up, only the university's people."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False  # accounts come from the university's records (load_university), never from the IdP

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        said = claims(sociallogin)
        username = str(said.get(settings.OIDC_USERNAME_CLAIM) or "").strip()[:150]
        name = sociallogin.provider.name
        if sociallogin.state.get("process", AuthProcess.LOGIN) != AuthProcess.LOGIN:
            # Linking an IdP account to a signed-in person by hand would let anyone's IdP account into
            # someone else's portal account: the link is made by the university's records alone.
            _refuse(request, gettext("Signing in with %(sso)s only signs you in; it cannot be linked to "
                                     "another account.") % {"sso": name},
                    reason="not a sign-in (linking refused)", username=username)
        if sociallogin.is_existing:  # linked at an earlier SSO sign-in
            person: User | None = sociallogin.user  # type: ignore[assignment]
        else:
            verified = [address.email for address in sociallogin.email_addresses if address.verified]
            person = university_person(username, verified)
        if person is None:
            _refuse(request, gettext(
                "You signed in to %(sso)s as “%(username)s”, but the portal has no account for you. Only "
                "people the university has registered in the portal can sign in; ask the registrar's "
                "office.") % {"sso": name, "username": username or "?"},
                reason="not in the university's records", username=username)
        if not person.is_active:
            _refuse(request, gettext("Your portal account is deactivated, so you cannot sign in. Ask the "
                                     "registrar's office if this is a mistake."),
                    reason=f"account {person.username!r} deactivated", username=username)
        linked = not sociallogin.is_existing
        if linked:
            sociallogin.connect(request, person)  # from now on the IdP's account finds this person
        address = get_ip(request)
        logger.info("SSO sign-in: address %s, username %r as %s%s", address, username, person.username,
                    " (first, linked)" if linked else "",
                    extra={"address": address, "username": username, "sso": "signed_in",
                           "user_id": person.pk})

    def on_authentication_error(self, request: HttpRequest, provider: Any, error: Any = None,
                                exception: Any = None, extra_context: Any = None) -> None:
        """The IdP refused or failed, the person cancelled, or the answer came back without our state (a
        stale or forged callback): back to the sign-in page with a word on it, and a line in the log."""
        address = get_ip(request)
        logger.warning("SSO sign-in failed: address %s, %s%s", address, error or AuthError.UNKNOWN,
                       f" ({type(exception).__name__}: {exception})" if exception else "",
                       extra={"address": address, "sso": "failed", "reason": str(error or AuthError.UNKNOWN)})
        if error == AuthError.CANCELLED:
            _sign_in_page(request, messages.INFO,
                          gettext("Signing in with %(sso)s was cancelled.") % {"sso": provider.name})
        _sign_in_page(request, messages.ERROR,
                      gettext("Signing in with %(sso)s did not succeed. Try again, or sign in with your "
                              "username and password.") % {"sso": provider.name})
