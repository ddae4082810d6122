"""The total of unread messages shown in the header on every page, cached per resident for a
short while (``UNREAD_CACHE_SECONDS``) as the notifications bell is. The services forget a
resident's total whenever it changes (a message sent, read, a block, leaving a group); between
pages, the realtime script keeps the badge up to date."""

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

UNREAD_CACHE_SECONDS = 30


def _cache_key(user_id: int) -> str:
    return f"messaging:unread:{user_id}"


def cached_total_unread(user) -> int:
    if not user.is_authenticated:
        return 0
    key = _cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        from .services import unread_counts  # the services forget totals through this module

        count = sum(unread_counts(user).values())
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def forget_unread_counts(user_ids: Iterable[int]) -> None:
    """Drop the cached totals once the change is committed: a page that counted before then
    counted what was committed, and its total is dropped now."""
    keys = [_cache_key(user_id) for user_id in set(user_ids)]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))
