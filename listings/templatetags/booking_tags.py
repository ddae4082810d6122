"""Template helpers of the booking calendars: a slot's symbol and words (never colour alone),
its booking link, and the space a listing page's booking panel shows."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from listings.bookings.availability import SlotState, local_tz

register = template.Library()


def _labels() -> dict[str, tuple[str, str]]:
    return {
        SlotState.FREE: ("○", _("Free")),
        SlotState.BOOKED: ("×", _("Booked")),
        SlotState.REQUESTED: ("△", _("Held")),
        SlotState.MINE: ("★", _("Yours")),
        SlotState.CLOSED: ("—", _("Closed")),
        SlotState.PAST: ("·", _("Past")),
        SlotState.UNAVAILABLE: ("—", _("Not yet")),
    }


@register.simple_tag
def slot_symbol(state) -> str:
    return _labels().get(state or SlotState.CLOSED)[0]


@register.simple_tag
def slot_label(state) -> str:
    return _labels().get(state or SlotState.CLOSED)[1]


def _local_iso(moment) -> str:
    return timezone.localtime(moment, local_tz()).strftime("%Y-%m-%dT%H:%M")


@register.simple_tag
def slot_local_iso(moment) -> str:
    return _local_iso(moment)


@register.simple_tag
def book_slot_url(listing, slot) -> str:
    """The booking form with ``slot`` filled in."""
    query = urlencode(
        {"room": slot.room.pk, "start": _local_iso(slot.starts_at), "end": _local_iso(slot.ends_at)}
    )
    return f"{reverse('listings:book_space', args=[listing.pk])}?{query}"


@register.simple_tag
def bookable_space_of(listing):
    """The listing's booking settings, or None (one query; only for spaces)."""
    if getattr(listing, "kind", None) != "space":
        return None
    from listings.models import BookableSpace

    return BookableSpace.objects.filter(listing=listing).prefetch_related("rooms").first()
