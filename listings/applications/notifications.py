"""How this package's notifications read (`accounts.notifications.presents`); imported from
ListingsConfig.ready.

The sentence is written when it is shown, in the reader's language, from what was stored:
``data["event"]`` (see ``services.Event``), the applicant's name for the organiser, and the
organiser's message for a declined applicant.
"""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Notification, NotificationKind
from accounts.notifications import NotificationText, presents

from .services import Event


def _title(notification: Notification) -> str:
    listing = notification.listing
    return listing.title if listing is not None else _("an activity")


@presents(NotificationKind.APPLICATION)
def present_application_news(notification: Notification) -> NotificationText:
    data = notification.data or {}
    title = _title(notification)
    sentences = {
        Event.CONFIRMED: _("Your place at “%(title)s” is confirmed."),
        Event.WAITLISTED: _(
            "You are on the waiting list for “%(title)s”. We will tell you if a seat frees up."
        ),
        Event.PROMOTED: _("A seat became free: your place at “%(title)s” is now confirmed."),
        Event.DECLINED: _("Your application to “%(title)s” was declined."),
        Event.CANCELLED_BY_ORGANISER: _("The organiser cancelled your place at “%(title)s”."),
    }
    sentence = sentences.get(data.get("event"), _("News about your application to “%(title)s”."))
    sentence = sentence % {"title": title}
    if data.get("message"):
        sentence += " " + _("Message from the organiser: %(message)s") % {
            "message": data["message"]
        }
    return NotificationText(
        sentence,
        url=reverse("listings:my_applications"),
        link_text=_("See my applications"),
    )


@presents(NotificationKind.APPLICATION_RECEIVED)
def present_application_received(notification: Notification) -> NotificationText:
    data = notification.data or {}
    values = {"title": _title(notification), "name": data.get("name") or _("Someone")}
    if data.get("event") == Event.CANCELLED:
        sentence = _("%(name)s cancelled their application to “%(title)s”.") % values
    elif data.get("status") == "applied":
        sentence = _("%(name)s applied to “%(title)s” and is waiting for your answer.") % values
    elif data.get("status") == "waitlisted":
        sentence = _("%(name)s applied to “%(title)s” and is on the waiting list.") % values
    else:
        sentence = _("%(name)s applied to “%(title)s”: their place is confirmed.") % values
    url = None
    if notification.listing_id:
        url = reverse("listings:applicants", args=[notification.listing_id])
    return NotificationText(
        sentence, url=url, link_text=_("See the applicants"), link_context=values["title"]
    )


@presents(NotificationKind.ACTIVITY_REMINDER)
def present_activity_reminder(notification: Notification) -> NotificationText:
    listing = notification.listing
    if listing is None:
        return NotificationText(_("An activity you joined is tomorrow."))
    values = {"title": listing.title}
    if listing.activity_starts_at:
        values["time"] = formats.date_format(
            timezone.localtime(listing.activity_starts_at), "DATETIME_FORMAT"
        )
        sentence = _("Reminder: “%(title)s” starts on %(time)s.") % values
    else:
        sentence = _("Reminder: “%(title)s” is coming soon.") % values
    if listing.activity_place:
        sentence += " " + _("Place: %(place)s") % {"place": listing.activity_place}
    return NotificationText(
        sentence,
        url=reverse("listings:detail", args=[listing.pk]),
        link_text=_("See the activity"),
        link_context=listing.title,
    )
