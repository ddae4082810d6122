"""Room bookings at the scale of a busy community centre, through the site and the API.

Writes one bookable centre with ROOMS rooms (default 10), open 09:00–21:00 every day in 30-minute
slots, and six one-hour bookings a room a day from 180 days ago to 60 days ahead (about 14,000
bookings with the defaults), then measures with Django's test client, in this process:

- a room's week view (HTML) for random rooms and weeks, and the centre's day view;
- ``GET /api/v1/spaces/{id}/availability/`` for 31 days;
- ``book_space`` one booking at a time in free slots (the exclusion constraint's check on
  PostgreSQL, the locked re-check on SQLite);

with p50/p95 and the number of SQL queries of each page, which must not vary. Everything it
wrote is removed afterwards. Usage:

    .venv/bin/python benchmarks/bench_bookings.py [ROOMS] [--calls N]
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from bench_search import percentile  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from listings.bookings import services  # noqa: E402
from listings.bookings.availability import local_datetime  # noqa: E402
from listings.models import (  # noqa: E402
    BookableSpace,
    Booking,
    BookingStatus,
    Category,
    Listing,
    OpeningHours,
    Room,
)

SEED = 11
DAYS_BACK, DAYS_AHEAD = 180, 60
BOOKED_HOURS = (9, 11, 13, 15, 17, 19)  # six one-hour bookings a room a day
TITLE = "bench_bookings centre"


def create_centre(rooms: int) -> tuple[BookableSpace, User]:
    booker, _created = User.objects.get_or_create(email="bench-bookings@yui.example")
    listing = Listing.objects.create(
        kind="space",
        direction="offer",
        title=TITLE,
        description="A generated community centre.",
        category=Category.objects.get(slug="hobbies"),
        status="published",
        published_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=365),
    )
    space = BookableSpace.objects.create(
        listing=listing, slot_minutes=30, max_booking_minutes=240, book_ahead_days=DAYS_AHEAD
    )
    Room.objects.bulk_create(
        Room(space=space, name=f"Room {n + 1}", capacity=20, position=n) for n in range(rooms)
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(space=space, weekday=day, opens_at="09:00", closes_at="21:00")
        for day in range(7)
    )
    today = timezone.localdate()
    bookings = [
        Booking(
            room=room,
            booker=booker,
            starts_at=local_datetime(day, datetime.time(hour)),
            ends_at=local_datetime(day, datetime.time(hour + 1)),
            purpose="bench",
            people=5,
            status=BookingStatus.CONFIRMED,
        )
        for room in space.rooms.all()
        for offset in range(-DAYS_BACK, DAYS_AHEAD)
        for day in [today + datetime.timedelta(days=offset)]
        for hour in BOOKED_HOURS
    ]
    Booking.objects.bulk_create(bookings, batch_size=2000)
    return space, booker


def delete_centre() -> None:
    spaces = BookableSpace.objects.filter(listing__title=TITLE)
    Booking.objects.filter(room__space__in=spaces).delete()
    Listing.objects.filter(title=TITLE).delete()
    User.objects.filter(email="bench-bookings@yui.example").delete()


def measure(client: Client, paths: list[str]) -> tuple[list[float], set[int]]:
    for path in paths[:5]:  # warm up
        client.get(path)
    samples, queries = [], set()
    for path in paths:
        reset_queries()
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        queries.add(len(connection.queries))
    return samples, queries


def report(label: str, samples: list[float], queries: set[int] | None = None) -> None:
    line = (
        f"{label}: p50 {percentile(samples, 0.5):.1f} ms, p95 {percentile(samples, 0.95):.1f} "
        f"ms (mean {statistics.fmean(samples):.1f}, n={len(samples)})"
    )
    if queries is not None:
        line += f"; SQL queries per call: {sorted(queries)}"
    print(line)


def book_one_at_a_time(space: BookableSpace, booker: User, calls: int) -> list[float]:
    """Book free slots (the half hours between the generated bookings) one by one."""
    rooms = list(space.rooms.all())
    today = timezone.localdate()
    free = [
        (room, today + datetime.timedelta(days=offset), datetime.time(hour, 0))
        for offset in range(1, DAYS_AHEAD)
        for room in rooms
        for hour in (10, 12, 14, 16, 18, 20)
    ]
    random.Random(SEED).shuffle(free)  # noqa: S311 -- repeatable choice of slots
    samples = []
    for room, day, start_time in free[:calls]:
        starts_at = local_datetime(day, start_time)
        start = time.perf_counter()
        services.book_space(
            user=booker,
            room_id=room.pk,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=1),
            purpose="bench",
            people=3,
        )
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rooms", nargs="?", type=int, default=10)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    settings.DEBUG = True  # connection.queries
    vendor = connection.vendor
    print(f"bench_bookings: {args.rooms} rooms on {vendor}")
    delete_centre()
    started = time.perf_counter()
    with transaction.atomic():
        space, booker = create_centre(args.rooms)
    count = Booking.objects.filter(room__space=space).count()
    print(f"  wrote {count:,} bookings in {time.perf_counter() - started:.1f} s")
    try:
        services._tell = lambda *args, **kwargs: None  # no e-mail or notice per benchmark booking
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "")
        client.force_login(booker)
        rng = random.Random(SEED)  # noqa: S311 -- repeatable choice of pages
        rooms = list(space.rooms.values_list("pk", flat=True))
        today = timezone.localdate()
        listing_id = space.listing_id

        def some_day() -> datetime.date:
            return today + datetime.timedelta(days=rng.randrange(-DAYS_BACK, DAYS_AHEAD - 7))

        weeks = [
            f"/ja/listings/{listing_id}/calendar/?room={rng.choice(rooms)}&week={some_day()}"
            for _ in range(args.calls)
        ]
        report("week view of a room", *measure(client, weeks))
        days = [
            f"/ja/listings/{listing_id}/calendar/day/?date={some_day()}" for _ in range(args.calls)
        ]
        report(f"day view of {args.rooms} rooms", *measure(client, days))
        ranges = []
        for _ in range(args.calls):
            first = some_day()
            last = first + datetime.timedelta(days=30)
            ranges.append(f"/api/v1/spaces/{listing_id}/availability/?from={first}&to={last}")
        report("availability API, 31 days", *measure(client, ranges))
        report("book_space, one at a time", book_one_at_a_time(space, booker, args.calls))
    finally:
        delete_centre()
        print("  cleaned up its centre, rooms and bookings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
