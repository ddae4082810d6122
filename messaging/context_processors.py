"""The total of unread messages in the header, on every page (``messaging.unread``)."""

from .unread import cached_total_unread


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
