"""The Redis cache, forgiving when Redis does not answer.

What the site keeps in the cache (unread and notification totals, who has a socket open, search
statistics, allauth's rate counters) is a shortcut, never the only copy. So when Redis is down,
a read is a miss and a write is skipped, with a warning in the log, and the site goes on from the
database: a resident can still open pages and send messages (the issue's "if Redis is down"),
and it all comes back when Redis does. Short socket timeouts (settings) keep a hung Redis from
holding up every request.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


def _forgiving(method, *, when_down):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNAVAILABLE:
            logger.warning("Cache unavailable: %s skipped", method.__name__, exc_info=True)
            return when_down(*args, **kwargs)

    return wrapper


def _missing_key(*args, **kwargs):
    raise ValueError("the cache is unavailable")  # what incr/decr raise for a missing key


def _default(key, default=None, *args, **kwargs):
    return default


class ReusedClients(RedisCacheClient):
    """Django's client builds a ``redis.Redis`` (and its table of a hundred reply parsers) for
    every cache operation; one per connection pool does, since it takes a connection from its
    pool for each command (and so can be shared by threads)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients

    get = _forgiving(RedisCache.get, when_down=_default)
    get_many = _forgiving(RedisCache.get_many, when_down=lambda *a, **k: {})
    has_key = _forgiving(RedisCache.has_key, when_down=lambda *a, **k: False)
    set = _forgiving(RedisCache.set, when_down=lambda *a, **k: None)
    set_many = _forgiving(RedisCache.set_many, when_down=lambda keys, *a, **k: list(keys))
    add = _forgiving(RedisCache.add, when_down=lambda *a, **k: False)
    touch = _forgiving(RedisCache.touch, when_down=lambda *a, **k: False)
    delete = _forgiving(RedisCache.delete, when_down=lambda *a, **k: False)
    delete_many = _forgiving(RedisCache.delete_many, when_down=lambda *a, **k: None)
    incr = _forgiving(RedisCache.incr, when_down=_missing_key)
    clear = _forgiving(RedisCache.clear, when_down=lambda *a, **k: False)
