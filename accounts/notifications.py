"""In-app notifications: writing them, counting the unread ones for the bell in the header,
marking them read, and the sentence each one shows.

Only what happened is stored (``Notification``); the sentence is written when it is shown,
in the reader's language (``describe``).

The bell is on every page, so its count is cached per resident (``UNREAD_CACHE_SECONDS``)
and forgotten whenever notifications are written or read here, at once and again after the
commit (so that a request in between cannot cache a count that is about to change).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification, NotificationKind


def notify(*, recipient, kind: str, listing=None, about_listing=None, data=None) -> Notification:
    """Tell ``recipient`` in the app that something happened (``kind``, one of
    ``NotificationKind``), about ``listing`` and, where it applies, their ``about_listing``."""
    (notification,) = notify_many(
        [
            build_notification(
                recipient=recipient,
                kind=kind,
                listing=listing,
                about_listing=about_listing,
                data=data,
            )
        ]
    )
    return notification


def build_notification(
    *, recipient, kind: str, listing=None, about_listing=None, data=None
) -> Notification:
    """An unsaved notification, for ``notify_many``. ``recipient`` and the listings may be
    given as objects or as primary keys."""
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    return Notification(
        recipient_id=getattr(recipient, "pk", recipient),
        kind=kind,
        listing_id=getattr(listing, "pk", listing),
        about_listing_id=getattr(about_listing, "pk", about_listing),
        data=data or {},
    )


def notify_many(notifications: Iterable[Notification]) -> list[Notification]:
    """Store many notifications in one insert (the alert run writes thousands at once)."""
    created = Notification.objects.bulk_create(list(notifications), batch_size=500)
    _forget_cached_counts({notification.recipient_id for notification in created})
    return created


def notifications_for(user) -> QuerySet:
    """``user``'s notifications, newest first, with the listings they name."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("listing", "about_listing")
        .order_by("-created_at", "-pk")
    )


UNREAD_CACHE_SECONDS = 60


def _cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def _forget_cached_counts(user_ids: Iterable[int]) -> None:
    keys = [_cache_key(user_id) for user_id in user_ids]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def unread_count(user) -> int:
    """How many of ``user``'s notifications are unread (one indexed count)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def cached_unread_count(user) -> int:
    """``unread_count``, from the cache when it is there (no query on most pages)."""
    if not user.is_authenticated:
        return 0
    key = _cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = unread_count(user)
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def request_unread_count(request) -> int:
    """``unread_count`` for the request's user, counted at most once per request (the bell
    and the notifications page share it); ``forget_unread_count`` after marking some read."""
    cached = getattr(request, "_unread_notification_count", None)
    if cached is None:
        cached = cached_unread_count(request.user)
        request._unread_notification_count = cached
    return cached


def forget_unread_count(request) -> None:
    request.__dict__.pop("_unread_notification_count", None)


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s unread notifications read: those of ``notification_ids``, or all of
    them. Another user's notifications are never touched. Returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        ids = list(notification_ids)
        if not ids:
            return 0
        unread = unread.filter(pk__in=ids)
    changed = unread.update(read_at=timezone.now())
    if changed:
        _forget_cached_counts([user.pk])
    return changed


@dataclass(frozen=True)
class NotificationText:
    """What a notification shows: its sentence and, where there is one, a link to follow
    (``link_context`` is read out to screen readers after the link text)."""

    sentence: str
    url: str | None = None
    link_text: str = ""
    link_context: str = ""


_PRESENTERS: dict[str, Callable[[Notification], NotificationText]] = {}


def presents(kind: str):
    """Register the function that writes the ``NotificationText`` of notifications of
    ``kind``; the app that sends them owns it (registered when its module is imported from
    its ``AppConfig.ready``)."""

    def register(function: Callable[[Notification], NotificationText]):
        _PRESENTERS[kind] = function
        return function

    return register


def present(notification: Notification) -> NotificationText:
    """The sentence and link a notification shows, in the active language."""
    presenter = _PRESENTERS.get(notification.kind)
    if presenter is not None:
        return presenter(notification)
    listing = notification.listing
    if listing is None or not listing.is_public:
        return NotificationText(describe(notification))
    return NotificationText(
        describe(notification),
        url=reverse("listings:detail", args=[listing.pk]),
        link_text=_("See the listing"),
        link_context=listing.title,
    )


def describe(notification: Notification) -> str:
    """The sentence a notification shows, in the active language. A listing no longer public
    (closed, expired or hidden since) is not named."""
    listing = notification.listing
    if listing is None or not listing.is_public:
        return _("A listing you were told about is no longer available.")
    if notification.kind == NotificationKind.MATCH:
        about = notification.about_listing
        if about is None:
            return _("A new listing, “%(title)s”, may answer one of your listings.") % {
                "title": listing.title
            }
        return _("A new listing, “%(title)s”, may answer “%(mine)s”.") % {
            "title": listing.title,
            "mine": about.title,
        }
    if notification.kind == NotificationKind.SAVED_SEARCH:
        search = (notification.data or {}).get("search", "")
        if not search:
            return _("A new listing, “%(title)s”, matches a search you saved.") % {
                "title": listing.title
            }
        return _("A new listing, “%(title)s”, matches your saved search: %(search)s.") % {
            "title": listing.title,
            "search": search,
        }
    return notification.get_kind_display()
