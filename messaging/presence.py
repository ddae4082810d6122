"""Who has the site open: a per-user count of open WebSocket connections in the shared cache
(Redis in production, so every ASGI worker sees the same numbers).

The consumer calls ``connected`` when a socket opens, ``disconnected`` when it closes and
``refresh`` on a heartbeat. The count expires ``TTL`` seconds after the last heartbeat of any of
the user's connections, so a worker that crashes (and never calls ``disconnected``) leaves the
user "online" for at most ``TTL`` seconds after their last live connection is gone. The count
can be off by one in rare races (a key expiring between two connections); ``is_connected``
treats anything below one as offline.
"""

from django.core.cache import cache

HEARTBEAT_SECONDS = 30
TTL = 3 * HEARTBEAT_SECONDS


def _key(user_id: int) -> str:
    return f"messaging.presence.{user_id}"


def connected(user_id: int) -> int:
    """One more open connection for the user; returns the new count."""
    key = _key(user_id)
    for _attempt in range(3):
        cache.add(key, 0, TTL)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            continue
        cache.touch(key, TTL)
        return count
    cache.set(key, 1, TTL)
    return 1


def disconnected(user_id: int) -> int:
    """One connection fewer; returns the new count (0 when the key had expired)."""
    key = _key(user_id)
    try:
        count = cache.decr(key)
    except ValueError:
        return 0
    if count <= 0:
        cache.delete(key)
        return 0
    return count


def refresh(user_id: int) -> None:
    """Heartbeat: keep the count alive while a connection is open."""
    if not cache.touch(_key(user_id), TTL):
        connected(user_id)


def is_connected(user_id: int) -> bool:
    """Whether the user has at least one open connection (within the last ``TTL`` seconds)."""
    return (cache.get(_key(user_id)) or 0) > 0
