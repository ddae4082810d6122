"""The tables the week and day views draw: a column per day (week of one room) or per room
(one day of a centre), a row per slot start time, each cell a ``Slot`` or None (not open)."""

import datetime
from dataclasses import dataclass

from ..models import ClosedDate, Room
from .availability import Slot, SpaceCalendar


@dataclass
class Column:
    day: datetime.date
    room: Room
    closed: ClosedDate | None
    is_today: bool


@dataclass
class Row:
    time: datetime.time
    cells: list[Slot | None]


def _rows(columns: list[Column], slots_by_column: list[list[Slot]]) -> list[Row]:
    by_time = [{slot.starts_at.time(): slot for slot in slots} for slots in slots_by_column]
    times = sorted({time for slots in by_time for time in slots})
    return [Row(time, [slots.get(time) for slots in by_time]) for time in times]


def week_grid(calendar: SpaceCalendar, room: Room) -> tuple[list[Column], list[Row]]:
    columns = [
        Column(day, room, calendar.closed.get(day), day == calendar.today) for day in calendar.days
    ]
    return columns, _rows(columns, [calendar.slots(room, c.day) for c in columns])


def day_grid(calendar: SpaceCalendar, day: datetime.date) -> tuple[list[Column], list[Row]]:
    columns = [
        Column(day, room, calendar.closed.get(day), day == calendar.today)
        for room in calendar.rooms
    ]
    return columns, _rows(columns, [calendar.slots(c.room, day) for c in columns])
