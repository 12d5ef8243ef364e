"""Pages answer a domain "not found" (an ``access_*`` refusal) as 404, like Django's own Http404, and
a domain "permission denied" (the actor sees the object but may not do this) as 403.

The ``access_*`` permission functions raise ``NotFound`` for what does not exist and for what the
actor may not see, alike; the API turns it into problem details (core.problems), pages into the
ordinary 404 page — so no view repeats "look up, check, raise Http404".
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.defaults import page_not_found, permission_denied

from ektu_portal.core.errors import NotFound, PermissionDenied


class DomainNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):  # sees the object, may not do this: 403
            return permission_denied(request, DjangoPermissionDenied(str(exception)))
        return None


class ApiLanguageMiddleware:
    """The API speaks the language a client asks for (Accept-Language, or the page's language cookie
    when a page calls it) and English when it asks for none — a script that sends no header reads
    problem titles in the integration contract's language, not in the portal's default Kazakh.
    Runs after LocaleMiddleware, which has chosen the language from the cookie or the header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (request.path.startswith("/api/") and not request.META.get("HTTP_ACCEPT_LANGUAGE")
                and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES):
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        return self.get_response(request)


# Issue 16: no inline script runs on any page — a script injected into a name or a comment is inert. Pages
# load their scripts from /static/ (portal.js wires the few handlers); styles may still sit in attributes
# (the admin and Swagger UI use them), which cannot run code.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))


class ContentSecurityPolicyMiddleware:
    """Every answer carries the portal's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
