"""Failed sign-ins limited without locking out a campus (issue 16; OWASP ASVS 5.0 6.3).

The same rules on the sign-in page (allauth's adapter), the API's token view and ``/admin/login/``:

- **Per address and account** (the pair): the first ``SIGNIN_FREE_FAILURES`` failures are free (typos);
  each further one makes the pair wait ``SIGNIN_FIRST_WAIT`` seconds, doubled per further failure, at most
  ``SIGNIN_MAX_WAIT``. While it waits, the pair is refused *without checking the password*, so guessing
  one student's password from one address costs the guesser time, not the portal PBKDF2 runs. A success
  forgets the pair's failures. A classmate guessing from another address never touches this pair, and
  the students behind the guesser's address (a campus NAT) are pairs of their own.
- **Per address across accounts** (password spraying): over ``SIGNIN_ADDRESS_FAILURES`` failures in a
  window of ``SIGNIN_ADDRESS_WINDOW`` seconds, *wrong* passwords from that address are answered "too
  many" (and the address is logged); a correct password from it is still accepted, so a campus behind
  one address is never locked out.
- While a pair has used up its free failures, one password check at a time: a burst of simultaneous
  guesses cannot slip past the wait before the first failure is counted.

Counters live in Django's cache, i.e. Redis, shared by every web worker. Every lockout is logged on
``ektu_portal.security`` (address, username as typed, failures, wait) — never the password.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from allauth.core.internal.ratelimit import get_ip
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext

logger = logging.getLogger("ektu_portal.security")
T = TypeVar("T")

# A password check in flight is forgotten after this long even if its process died mid-check.
CHECK_SECONDS = 30


def clock() -> float:
    """Seconds since the epoch; the tests move it instead of sleeping through a wait."""
    return time.time()


class SignInRefused(ValidationError):
    """A sign-in refused for the limits: a form shows the message; the API answers 429 with
    ``Retry-After: retry_after``."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, code="too_many_login_attempts")
        self.retry_after = retry_after


def wait_words(seconds: int) -> str:
    if seconds < 120:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _pair_refusal(seconds: int) -> SignInRefused:
    return SignInRefused(gettext("Too many failed sign-ins to this account from your address. "
                                 "Try again in %(wait)s.") % {"wait": wait_words(seconds)},
                         retry_after=seconds)


def _address_refusal(seconds: int) -> SignInRefused:
    message = gettext("The username or password is wrong, and there have been too many failed sign-ins from "
                      "your address: wrong passwords from it are refused for %(wait)s. A correct password "
                      "is still accepted.")
    return SignInRefused(message % {"wait": wait_words(seconds)}, retry_after=seconds)


def _account(login: str) -> str:
    """Who the typed login names: one person's account whether typed as username or e-mail, in any case
    (a guesser cannot double the free failures by switching spelling); as typed when it names nobody."""
    from ektu_portal.accounts.models import User

    login = login.strip()
    found = list(User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
                 .values_list("pk", flat=True)[:2]) if login else []
    return f"person:{found[0]}" if len(found) == 1 else "login:" + login.casefold()


def _count(key: str, ttl: int) -> int:
    """Add one to a counter in Redis (atomic across workers) and keep it ``ttl`` seconds."""
    cache.add(key, 0, ttl)
    try:
        count = int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, ttl)
        count = 1
    return count


def _uncount(key: str) -> None:
    with contextlib.suppress(ValueError):  # already expired
        cache.decr(key)


@dataclass
class Attempt:
    address: str
    username: str
    pair: str  # the cache keys' stem for this (address, account)
    now: float

    @property
    def _failures(self) -> str:
        return self.pair + ":failures"

    @property
    def _until(self) -> str:
        return self.pair + ":until"

    @property
    def _checking(self) -> str:
        return self.pair + ":checking"

    def succeeded(self) -> None:
        cache.delete_many([self._failures, self._until])
        _uncount(self._checking)

    def abandoned(self) -> None:
        _uncount(self._checking)

    def failed(self) -> None:
        """Count a wrong password; raise ``SignInRefused`` if its address is over the spraying limit."""
        free = settings.SIGNIN_FREE_FAILURES
        memory = settings.SIGNIN_FAILURE_MEMORY
        failures = _count(self._failures, memory)
        cache.touch(self._failures, memory)  # forgotten a while after the *last* failure
        if failures >= free:
            wait = min(settings.SIGNIN_FIRST_WAIT * 2 ** min(failures - free, 32), settings.SIGNIN_MAX_WAIT)
            cache.set(self._until, self.now + wait, wait)
            logger.warning("sign-in locked: address %s, username %r, %d failures, wait %d s",
                           self.address, self.username, failures, wait,
                           extra={"address": self.address, "username": self.username, "failures": failures,
                                  "wait": wait, "limit": "address+username"})
        _uncount(self._checking)

        window = settings.SIGNIN_ADDRESS_WINDOW
        started = int(self.now // window) * window
        from_address = _count(f"signin:address:{self.address}:{started}", window)
        if from_address > settings.SIGNIN_ADDRESS_FAILURES:
            wait = max(1, math.ceil(started + window - self.now))
            if from_address == settings.SIGNIN_ADDRESS_FAILURES + 1:  # the lockout begins: logged once
                logger.warning("sign-in failures over the address limit: address %s, username %r, "
                               "%d failures, wrong passwords refused for %d s",
                               self.address, self.username, from_address, wait,
                               extra={"address": self.address, "username": self.username,
                                      "failures": from_address, "wait": wait, "limit": "address"})
            raise _address_refusal(wait)


def begin(request: HttpRequest, login: str) -> Attempt:
    """Start a sign-in attempt of ``login`` from the request's address, or raise ``SignInRefused``
    while the pair waits (the password is not checked)."""
    address = get_ip(request)  # allauth's: honours its trusted-proxy settings, an IPv6 /64 as one address
    account = _account(login)
    pair = "signin:pair:" + hashlib.sha256(f"{address}\n{account}".encode()).hexdigest()
    attempt = Attempt(address=address, username=login.strip()[:150], pair=pair, now=clock())
    held = cache.get_many([attempt._until, attempt._failures])
    until = held.get(attempt._until)
    if until is not None and until > attempt.now:
        raise _pair_refusal(math.ceil(until - attempt.now))
    checking = _count(attempt._checking, CHECK_SECONDS)
    if checking > 1 and int(held.get(attempt._failures) or 0) + checking > settings.SIGNIN_FREE_FAILURES:
        _uncount(attempt._checking)  # another check of this pair is running, and would use the last free one
        raise _pair_refusal(1)
    return attempt


def limited(request: HttpRequest, login: str, check: Callable[[], T | None]) -> T | None:
    """Run ``check`` (the password check: a user, or None) within the limits of ``login`` from the
    request's address; raise ``SignInRefused`` instead when they say so."""
    attempt = begin(request, login)
    try:
        user = check()
    except BaseException:
        attempt.abandoned()
        raise
    if user is None:
        attempt.failed()
    else:
        attempt.succeeded()
    return user


def login_of(credentials: dict[str, Any]) -> str:
    """The login a person typed, from allauth's credentials (username, e-mail or phone)."""
    return str(credentials.get("username") or credentials.get("email") or credentials.get("phone") or "")
