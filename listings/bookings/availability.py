"""The slot grid of a bookable space: which slots of which room are free, booked or closed.

Slots are laid out in local time (``TIME_ZONE``, Asia/Tokyo) from each opening range's start,
one ``slot_minutes`` after another; a booking covers whole slots. ``SpaceCalendar`` reads
everything it needs in a fixed number of queries, whatever the range and the bookings: the
space with its rooms, opening hours and closed dates (``load_space``), then the range's
bookings in one query.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from ..models import ACTIVE_BOOKING_STATUSES, BookableSpace, Booking, BookingStatus, Room


class SlotState:
    FREE = "free"
    BOOKED = "booked"  # confirmed
    REQUESTED = "requested"  # waiting for the owner's approval; holds the slot
    MINE = "mine"  # the viewer's own active booking
    CLOSED = "closed"  # outside opening hours, or a closed date
    PAST = "past"
    UNAVAILABLE = "unavailable"  # too far ahead, or the space is not taking bookings


def local_tz():
    return timezone.get_default_timezone()


def local_datetime(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(date, time, tzinfo=local_tz())


def load_space(**lookup) -> BookableSpace:
    """The bookable space matching ``lookup`` with its listing, rooms, opening hours and closed
    dates (four queries); DoesNotExist if there is none."""
    return (
        BookableSpace.objects.select_related("listing")
        .prefetch_related(
            Prefetch("rooms", queryset=Room.objects.order_by("position", "pk")),
            "opening_hours",
            "closed_dates",
        )
        .get(**lookup)
    )


@dataclass
class Slot:
    room: Room
    starts_at: datetime.datetime  # local time
    ends_at: datetime.datetime
    state: str
    booking: Booking | None = None

    @property
    def is_free(self) -> bool:
        return self.state == SlotState.FREE


@dataclass
class OpeningRange:
    opens_at: datetime.datetime  # local
    closes_at: datetime.datetime


MOMENT = datetime.timedelta(microseconds=1)


@dataclass
class SpaceCalendar:
    """The slots of ``space``'s rooms from ``first_day`` to ``last_day`` (inclusive), as
    ``viewer`` sees them at ``now``."""

    space: BookableSpace
    first_day: datetime.date
    last_day: datetime.date
    now: datetime.datetime
    viewer: object = None
    rooms: list[Room] = field(init=False)
    bookings: dict[tuple[int, datetime.date], list[Booking]] = field(init=False)

    def __post_init__(self):
        self.rooms = list(self.space.rooms.all())
        self.hours_by_weekday = defaultdict(list)
        for hours in self.space.opening_hours.all():
            self.hours_by_weekday[hours.weekday].append(hours)
        self.closed = {closed.date: closed for closed in self.space.closed_dates.all()}
        self.today = timezone.localtime(self.now, local_tz()).date()
        self.last_bookable_day = self.today + datetime.timedelta(days=self.space.book_ahead_days)
        start = local_datetime(self.first_day, datetime.time.min)
        end = local_datetime(self.last_day + datetime.timedelta(days=1), datetime.time.min)
        # By room and local day, so that a slot looks only at its own day's bookings.
        self.bookings = defaultdict(list)
        rows = (
            Booking.objects.filter(room__in=self.rooms, status__in=ACTIVE_BOOKING_STATUSES)
            .overlapping(start, end)
            .select_related("booker__profile")
            .order_by("starts_at")
        )
        tz = local_tz()
        for booking in rows:
            first = timezone.localtime(booking.starts_at, tz).date()
            last = timezone.localtime(booking.ends_at - MOMENT, tz).date()  # [start, end)
            for offset in range((last - first).days + 1):
                self.bookings[booking.room_id, first + datetime.timedelta(days=offset)].append(
                    booking
                )

    @property
    def days(self) -> list[datetime.date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + datetime.timedelta(days=n) for n in range(count)]

    def opening_ranges(self, day: datetime.date) -> list[OpeningRange]:
        return [
            OpeningRange(local_datetime(day, h.opens_at), local_datetime(day, h.closes_at))
            for h in sorted(self.hours_by_weekday.get(day.weekday(), []), key=lambda h: h.opens_at)
        ]

    def slot_starts(self, day: datetime.date) -> list[datetime.datetime]:
        """The local start of every slot of ``day`` (a closed date's too: they show as closed)."""
        starts = []
        step = self.space.slot
        for opening in self.opening_ranges(day):
            at = opening.opens_at
            while at + step <= opening.closes_at:
                starts.append(at)
                at += step
        return starts

    def slots(self, room: Room, day: datetime.date) -> list[Slot]:
        step = self.space.slot
        return [self._slot(room, day, at, at + step) for at in self.slot_starts(day)]

    def _slot(self, room, day, starts_at, ends_at) -> Slot:
        if day in self.closed:
            return Slot(room, starts_at, ends_at, SlotState.CLOSED)
        booking = next(
            (
                b
                for b in self.bookings.get((room.pk, day), ())
                if b.starts_at < ends_at and b.ends_at > starts_at
            ),
            None,
        )
        if booking is not None:
            viewer_id = getattr(self.viewer, "pk", None)
            if viewer_id is not None and booking.booker_id == viewer_id:
                state = SlotState.MINE
            elif booking.status == BookingStatus.REQUESTED:
                state = SlotState.REQUESTED
            else:
                state = SlotState.BOOKED
            return Slot(room, starts_at, ends_at, state, booking)
        if starts_at < self.now:
            return Slot(room, starts_at, ends_at, SlotState.PAST)
        if day > self.last_bookable_day or not self.space.is_open:
            return Slot(room, starts_at, ends_at, SlotState.UNAVAILABLE)
        return Slot(room, starts_at, ends_at, SlotState.FREE)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def check_slot_range(
    space: BookableSpace, starts_at: datetime.datetime, ends_at: datetime.datetime, *, now
) -> dict[str, str]:
    """Why ``[starts_at, ends_at)`` cannot be booked in ``space`` by its rules (opening hours,
    closed dates, slot grid, how far ahead, longest booking, the past), as {field: message}
    for the booking form's ``start_time`` / ``end_time``; empty if the rules allow it. Room,
    capacity and overlap are checked by the service."""
    from django.utils.translation import gettext as _

    tz = local_tz()
    start = timezone.localtime(starts_at, tz)
    end = timezone.localtime(ends_at, tz)
    today = timezone.localtime(now, tz).date()
    if end <= start:
        return {"end_time": _("The end must be after the start.")}
    if start < now:
        return {"start_time": _("This time has already passed. Choose a later time.")}
    if not space.is_open:
        return {"start_time": _("This space is not taking bookings at the moment.")}
    if start.date() > today + datetime.timedelta(days=space.book_ahead_days):
        return {
            "start_time": _("Bookings open %(days)s days ahead. Choose an earlier date.")
            % {"days": space.book_ahead_days}
        }
    closed = next((c for c in space.closed_dates.all() if c.date == start.date()), None)
    if closed is not None:
        if closed.reason:
            return {
                "start_time": _("The space is closed on this day (%(reason)s).")
                % {"reason": closed.reason}
            }
        return {"start_time": _("The space is closed on this day.")}
    ranges = [
        (local_datetime(start.date(), h.opens_at), local_datetime(start.date(), h.closes_at))
        for h in space.opening_hours.all()
        if h.weekday == start.weekday()
    ]
    opening = next((r for r in ranges if r[0] <= start < r[1]), None)
    if opening is None:
        return {"start_time": _("The space is not open at this time.")}
    if end > opening[1]:
        return {
            "end_time": _("The space closes at %(time)s. Choose an earlier end.")
            % {"time": opening[1].strftime("%H:%M")}
        }
    step = space.slot
    if (start - opening[0]) % step or (end - opening[0]) % step:
        return {
            "start_time": _(
                "Bookings start and end on the %(minutes)s-minute slots shown in the calendar."
            )
            % {"minutes": space.slot_minutes}
        }
    if end - start > datetime.timedelta(minutes=space.max_booking_minutes):
        return {
            "end_time": _("A booking can be at most %(minutes)s minutes long.")
            % {"minutes": space.max_booking_minutes}
        }
    return {}
