"""iCalendar (RFC 5545) files for bookings: one VEVENT, times in UTC, CRLF line endings, text
escaped and long lines folded at 75 octets."""

import datetime

from django.conf import settings
from django.utils import timezone

from ..models import Booking

PRODID = "-//Yui//Space bookings//JA"


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a character."""
    pieces, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not pieces else 74  # continuation lines start with a space
        if len(current) + len(encoded) > limit:
            pieces.append(current.decode())
            current = b""
        current += encoded
    pieces.append(current.decode())
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def booking_uid(booking: Booking) -> str:
    host = settings.WAGTAILADMIN_BASE_URL.split("://")[-1].split("/")[0].split(":")[0]
    return f"booking-{booking.pk}@{host or 'yui'}"


def booking_calendar(booking: Booking, *, now: datetime.datetime | None = None) -> str:
    """The .ics text of ``booking`` (with its room, space and listing loaded)."""
    room = booking.room
    listing = room.space.listing
    location = f"{listing.title} {room.name}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{booking_uid(booking)}",
        f"DTSTAMP:{utc_stamp(now or timezone.now())}",
        f"DTSTART:{utc_stamp(booking.starts_at)}",
        f"DTEND:{utc_stamp(booking.ends_at)}",
        f"SUMMARY:{escape_text(f'{room.name}: {booking.purpose}')}",
        f"LOCATION:{escape_text(location)}",
        f"STATUS:{'TENTATIVE' if booking.status == 'requested' else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
