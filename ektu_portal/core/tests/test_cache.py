"""The portal's Redis cache (issue 15): Django's, with one ``redis.Redis`` per pool instead of one per
operation — on the real Redis, through Django's own cache API and the sessions that use it."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache, caches
from django.test import Client

from ektu_portal.core.cache import RedisCache


def test_the_cache_keeps_one_client_and_still_stores() -> None:
    backend = caches["default"]
    assert isinstance(backend, RedisCache)
    client = backend._cache.get_client(write=True)  # noqa: SLF001 - the point of the class
    backend.set("issue-15:seats", {"seats": 3}, 30)
    assert backend.get("issue-15:seats") == {"seats": 3}
    assert backend.add("issue-15:count", 1, 30)
    assert backend.incr("issue-15:count") == 2
    backend.delete_many(["issue-15:seats", "issue-15:count"])
    assert backend.get("issue-15:seats") is None
    # Every operation above went through the one client (Django's own builds one per operation).
    assert backend._cache.get_client() is client  # noqa: SLF001


def test_a_session_lives_in_it(db: Any, django_user_model: Any) -> None:
    """``cached_db`` sessions read and write through this cache: a signed-in page stays signed in."""
    user = django_user_model.objects.create_user("cache-session", password="x-long-pass-2026")
    browser = Client()
    browser.force_login(user)
    key = browser.session.session_key
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is not None
    assert browser.get("/").wsgi_request.user == user
