"""How booking notifications read (``accounts.notifications.presents``); imported from
ListingsConfig.ready. The sentence is written when it is shown, in the reader's language, from
the event stored in the notification's ``data``."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.models import NotificationKind
from accounts.notifications import NotificationText, presents


def format_start(value) -> str:
    """A stored ISO time as the reader's local date and time."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def event_sentence(event: str, *, space: str, room: str, when: str) -> str:
    """The sentence for a booking ``event`` (see ``services._tell``)."""
    names = {"space": space, "room": room, "when": when}
    sentences = {
        "confirmed": _("Your booking of %(room)s at %(space)s on %(when)s is confirmed."),
        "requested": _(
            "Your booking request for %(room)s at %(space)s on %(when)s was sent. "
            "The owner will approve or decline it."
        ),
        "approved": _("Your booking of %(room)s at %(space)s on %(when)s was approved."),
        "declined": _("Your booking request for %(room)s at %(space)s on %(when)s was declined."),
        "received_confirmed": _("New booking: %(room)s at %(space)s on %(when)s."),
        "received_requested": _(
            "New booking request for %(room)s at %(space)s on %(when)s. Please approve or "
            "decline it."
        ),
        "cancelled_by_booker": _("A booking of %(room)s at %(space)s on %(when)s was cancelled."),
    }
    return sentences.get(event, _("News about a booking")) % names


@presents(NotificationKind.BOOKING)
def present_booking(notification) -> NotificationText:
    data = notification.data or {}
    event = data.get("event", "")
    listing = notification.listing
    sentence = event_sentence(
        event,
        space=listing.title if listing is not None else "",
        room=data.get("room", ""),
        when=format_start(data.get("starts_at", "")),
    )
    if event.startswith("received_") and listing is not None:
        return NotificationText(
            sentence,
            url=reverse("listings:space_bookings", args=[listing.pk]),
            link_text=_("See the bookings"),
            link_context=listing.title,
        )
    return NotificationText(
        sentence, url=reverse("listings:my_bookings"), link_text=_("See my bookings")
    )
