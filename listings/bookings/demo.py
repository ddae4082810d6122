"""Demo bookings for `make run`: ふれあいセンター with three rooms (和室, 調理室, 会議室A), its
opening hours, a closed date, and bookings by the demo residents in the coming weeks (dates
relative to today). Idempotent: run it any number of times."""

import datetime

from django.utils import timezone

from accounts.models import User
from listings.models import (
    BookableSpace,
    Booking,
    BookingStatus,
    Category,
    ClosedDate,
    Listing,
    OpeningHours,
    Room,
)
from listings.services import submit_listing

from .availability import local_datetime

DEMO_REF = "demo-bookings-centre"
ROOMS = [
    ("和室", 20, "12畳。座卓・座布団あり。囲碁・将棋、茶話会に。"),
    ("調理室", 16, "ガスコンロ4台、冷蔵庫、食器。料理教室や子ども食堂の準備に。"),
    ("会議室A", 12, "ホワイトボード、プロジェクター。会議や語学教室に。"),
]
# (room, days from today, start hour, hours, booker e-mail, purpose, people)
BOOKINGS = [
    ("和室", 1, 10, 2, "hanako@yui.example", "囲碁クラブ", 8),
    ("調理室", 2, 13, 3, "minh@yui.example", "ベトナム料理教室", 10),
    ("会議室A", 3, 18, 2, "hanako@yui.example", "町内会の打ち合わせ", 6),
    ("和室", 6, 14, 2, "minh@yui.example", "日本語おしゃべり会", 12),
]


def _centre(coordinator) -> Listing:
    listing = Listing.objects.filter(ref=DEMO_REF).first()
    if listing is None:
        listing = Listing.objects.create(
            ref=DEMO_REF,
            kind="space",
            direction="offer",
            category=Category.objects.get(slug="hobbies"),
            title="ふれあいセンター（部屋の予約）",
            description=(
                "地域の集まりに使える部屋を時間単位で予約できます。和室・調理室・会議室Aの"
                "空き状況を見て、そのままオンラインで予約してください。"
            ),
            tags=["貸し部屋", "和室", "調理室", "会議室"],
            area="本町",
            language="ja",
            space_capacity=20,
            space_facilities="和室、調理室、会議室A、駐車場10台",
            space_address="本町1-2-3",
            posted_by=coordinator,
            owner=coordinator,
        )
        listing = submit_listing(listing=listing, by=coordinator)
    return listing


def create_demo_bookings() -> BookableSpace | None:
    """The demo centre and its bookings; None if the demo users are missing."""
    users = {user.email: user for user in User.objects.filter(email__endswith="@yui.example")}
    coordinator = users.get("coordinator@yui.example")
    if coordinator is None:
        return None
    listing = _centre(coordinator)
    space, created = BookableSpace.objects.get_or_create(
        listing=listing,
        defaults={"slot_minutes": 60, "max_booking_minutes": 240, "book_ahead_days": 60},
    )
    if created:
        for position, (name, capacity, description) in enumerate(ROOMS):
            Room.objects.create(
                space=space,
                name=name,
                capacity=capacity,
                description=description,
                position=position,
            )
        OpeningHours.objects.bulk_create(
            [
                OpeningHours(space=space, weekday=day, opens_at="09:00", closes_at="21:00")
                for day in range(6)
            ]
            + [OpeningHours(space=space, weekday=6, opens_at="09:00", closes_at="17:00")]
        )
    today = timezone.localdate()
    if not space.closed_dates.filter(date__gte=today).exists():
        ClosedDate.objects.create(
            space=space, date=today + datetime.timedelta(days=10), reason="館内点検"
        )
    rooms = {room.name: room for room in space.rooms.all()}
    for room_name, days, hour, hours, email, purpose, people in BOOKINGS:
        room, booker = rooms.get(room_name), users.get(email)
        if room is None or booker is None:
            continue
        start = local_datetime(today + datetime.timedelta(days=days), datetime.time(hour))
        end = start + datetime.timedelta(hours=hours)
        if Booking.objects.filter(room=room).active().overlapping(start, end).exists():
            continue
        Booking.objects.create(
            room=room,
            booker=booker,
            starts_at=start,
            ends_at=end,
            purpose=purpose,
            people=people,
            status=BookingStatus.CONFIRMED,
        )
    return space
