"""Django's Redis cache with one client per connection pool (issue 15).

Django's ``RedisCache`` builds a new ``redis.Redis`` for every operation (``RedisCacheClient.get_client``),
and each one fills a table of about 1,300 response callbacks — ≈ 0.1–0.3 ms of CPU per get or set. Every
page reads its session through this cache (``cached_db`` sessions), so on registration day's opening
minute that is paid ten thousand times over. A ``redis.Redis`` is safe to share between threads (it takes
a connection from its pool for each command) and redis-py's pool starts afresh in a forked process, so one
client per pool is enough.
"""

from __future__ import annotations

from typing import Any

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, redis.Redis] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> redis.Redis:
        index = self._get_connection_pool_index(write)  # with replicas, a read picks one at random
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            # Two threads may both build one; the first stored is kept, the other is garbage.
            client = self._clients.setdefault(index, self._client(connection_pool=self._pools[index]))
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` whose client keeps one ``redis.Redis`` per pool."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
