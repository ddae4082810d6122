"""How this package's notifications read (`accounts.notifications.presents`); imported from
ListingsConfig.ready.

ITEM_REQUEST notifications carry ``data["event"]`` (see ``services.Event``), the listing's
title when it was written and, for the owner's side, the requester's display name. The
sentence is written at display time in the reader's language; a link is given only where
the reader can follow it.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import NotificationKind
from accounts.notifications import NotificationText, presents

from .services import Event


def _title(notification) -> str:
    listing = notification.listing
    if listing is not None:
        return listing.title
    return (notification.data or {}).get("title", "")


def _listing_link(notification) -> tuple[str | None, str]:
    listing = notification.listing
    if listing is None or not listing.is_public:
        return None, ""
    return reverse("listings:detail", args=[listing.pk]), _("See the listing")


@presents(NotificationKind.ITEM_REQUEST)
def present_item_request(notification) -> NotificationText:
    data = notification.data or {}
    event = data.get("event")
    title = _title(notification)
    name = data.get("name") or _("Someone")
    listing = notification.listing
    requests_url = (
        reverse("listings:item_requests", args=[listing.pk]) if listing is not None else None
    )
    my_requests = reverse("listings:my_item_requests")
    if event == Event.RECEIVED:
        return NotificationText(
            _("%(name)s would like “%(title)s”.") % {"name": name, "title": title},
            url=requests_url,
            link_text=_("See who asked"),
            link_context=title,
        )
    if event == Event.CHOSEN_WITHDRAWN:
        return NotificationText(
            _(
                "%(name)s no longer needs “%(title)s”. It is open again: you can choose "
                "someone else."
            )
            % {"name": name, "title": title},
            url=requests_url,
            link_text=_("See who asked"),
            link_context=title,
        )
    if event == Event.CHOSEN:
        return NotificationText(
            _(
                "Good news: the owner chose you for “%(title)s”. Send them a message to "
                "arrange the hand-over."
            )
            % {"title": title},
            url=my_requests,
            link_text=_("My requests"),
            link_context=title,
        )
    if event == Event.NOT_CHOSEN:
        return NotificationText(
            _(
                "“%(title)s” went to someone else this time. Thank you for asking — "
                "something else may come up soon."
            )
            % {"title": title},
            url=my_requests,
            link_text=_("My requests"),
            link_context=title,
        )
    if event == Event.REOPENED:
        url, link_text = _listing_link(notification)
        return NotificationText(
            _("“%(title)s” is open again. Your request is waiting for the owner's answer.")
            % {"title": title},
            url=url or my_requests,
            link_text=link_text or _("My requests"),
            link_context=title,
        )
    if event == Event.FULFILLED:
        return NotificationText(
            _("“%(title)s” has been marked as handed over to you. We hope it helps!")
            % {"title": title},
            url=my_requests,
            link_text=_("My requests"),
            link_context=title,
        )
    return NotificationText(notification.get_kind_display())
