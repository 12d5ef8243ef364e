"""A small cache for the hottest paths (issue 15): the same Redis server and database as Django's cache
(so the tests' ``cache.clear()`` empties it too), through one client per process.

It was written when Django's ``RedisCache`` built a new ``redis.Redis`` for every operation (≈ 0.1–0.3 ms
of CPU each); the portal's cache backend (``ektu_portal.core.cache``) no longer does, but this one still
skips the key versioning and the backend's layers on registration day's few reads and writes per
request. Values are pickled as Django's cache pickles them; keys carry their own prefix.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Iterable
from typing import Any

import redis
from django.conf import settings

PREFIX = "ektu:hot:"
_client: redis.Redis | None = None
_lock = threading.Lock()


def client() -> redis.Redis:
    global _client
    if _client is None:
        with _lock:
            if _client is None:
                _client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    return _client


def get(key: str) -> Any:
    raw = client().get(PREFIX + key)
    return None if raw is None else pickle.loads(raw)  # noqa: S301 - our own values, in our own Redis


def set(key: str, value: Any, ttl: int) -> None:  # noqa: A001 - the cache's own verb
    client().set(PREFIX + key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), ex=ttl)


def delete(*keys: str) -> None:
    if keys:
        client().delete(*(PREFIX + key for key in keys))


def delete_many(keys: Iterable[str]) -> None:
    delete(*keys)
