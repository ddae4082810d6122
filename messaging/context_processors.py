"""The total of unread messages in the header, on every page.

It is cached per user for a short while (``UNREAD_CACHE_SECONDS``), as the notifications bell
is, and forgotten when the views send or mark messages read (``forget_unread_counts``); between
pages, the realtime script keeps the badge up to date.
"""

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

UNREAD_CACHE_SECONDS = 30


def _cache_key(user_id: int) -> str:
    return f"messaging:unread:{user_id}"


def total_unread(user) -> int:
    from .services import unread_counts

    return sum(unread_counts(user).values())


def cached_total_unread(user) -> int:
    if not user.is_authenticated:
        return 0
    key = _cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = total_unread(user)
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def forget_unread_counts(user_ids: Iterable[int]) -> None:
    """Drop the cached totals now and again after the commit (so that a request in between
    cannot cache a total that is about to change)."""
    keys = [_cache_key(user_id) for user_id in set(user_ids)]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def messaging(request):
    """``messaging_unread_count``: a callable, counted (or read from the cache) only where a
    template uses it, at most once per request."""

    def count() -> int:
        cached = getattr(request, "_messaging_unread_count", None)
        if cached is None:
            cached = cached_total_unread(request.user)
            request._messaging_unread_count = cached
        return cached

    return {"messaging_unread_count": count}
