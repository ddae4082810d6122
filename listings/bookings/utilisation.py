"""Per-room utilisation for the coordinators: confirmed booked hours / open hours, by week
(Monday to Sunday, local time). Open hours are the weekly opening hours less closed dates;
bookings count only for the part inside the week. Three queries, whatever the number of
spaces, rooms and bookings."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..models import BookableSpace, Booking, BookingStatus, Room
from .availability import local_datetime, monday_of

HOUR = datetime.timedelta(hours=1)


@dataclass
class WeekFigure:
    week: datetime.date  # its Monday
    open_hours: float
    booked_hours: float

    @property
    def percent(self) -> int | None:
        if not self.open_hours:
            return None
        return round(100 * self.booked_hours / self.open_hours)


@dataclass
class RoomUtilisation:
    room: Room
    weeks: list[WeekFigure] = field(default_factory=list)


@dataclass
class SpaceUtilisation:
    space: BookableSpace
    rooms: list[RoomUtilisation] = field(default_factory=list)


def _open_hours(space: BookableSpace, monday: datetime.date) -> float:
    closed = {c.date for c in space.closed_dates.all()}
    total = datetime.timedelta()
    for hours in space.opening_hours.all():
        day = monday + datetime.timedelta(days=hours.weekday)
        if day not in closed:
            total += local_datetime(day, hours.closes_at) - local_datetime(day, hours.opens_at)
    return total / HOUR


def utilisation_by_week(
    *, today: datetime.date, weeks_before: int = 8, weeks_after: int = 4, spaces=None
) -> tuple[list[datetime.date], list[SpaceUtilisation]]:
    """The weeks shown (Mondays, oldest first) and, for every bookable space (or ``spaces``),
    each room's figure for each of them."""
    first = monday_of(today) - datetime.timedelta(weeks=weeks_before)
    weeks = [first + datetime.timedelta(weeks=n) for n in range(weeks_before + 1 + weeks_after)]
    period_start = local_datetime(weeks[0], datetime.time.min)
    period_end = local_datetime(weeks[-1] + datetime.timedelta(days=7), datetime.time.min)
    queryset = spaces if spaces is not None else BookableSpace.objects.all()
    spaces = list(
        queryset.select_related("listing")
        .prefetch_related(
            Prefetch("rooms", queryset=Room.objects.order_by("position", "pk")),
            "opening_hours",
            "closed_dates",
        )
        .order_by("listing__title", "pk")
    )
    booked = defaultdict(lambda: defaultdict(datetime.timedelta))
    bookings = Booking.objects.filter(
        room__space__in=spaces, status=BookingStatus.CONFIRMED
    ).overlapping(period_start, period_end)
    for room_id, starts_at, ends_at in bookings.values_list("room_id", "starts_at", "ends_at"):
        for monday in weeks:
            week_start = local_datetime(monday, datetime.time.min)
            week_end = week_start + datetime.timedelta(days=7)
            overlap = min(ends_at, week_end) - max(starts_at, week_start)
            if overlap > datetime.timedelta():
                booked[room_id][monday] += overlap
    result = []
    for space in spaces:
        open_by_week = {monday: _open_hours(space, monday) for monday in weeks}
        result.append(
            SpaceUtilisation(
                space,
                [
                    RoomUtilisation(
                        room,
                        [
                            WeekFigure(monday, open_by_week[monday], booked[room.pk][monday] / HOUR)
                            for monday in weeks
                        ],
                    )
                    for room in space.rooms.all()
                ],
            )
        )
    return weeks, result
