"""The owner's booking settings page, the coordinators' admin (snippet and utilisation), the
.ics file."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from listings.bookings.availability import local_datetime, monday_of
from listings.bookings.ics import booking_calendar
from listings.bookings.utilisation import utilisation_by_week
from listings.models import BookableSpace, Booking, BookingStatus, ClosedDate, Room
from tests.factories import ListingFactory, UserFactory, make_bookable_space

pytestmark = pytest.mark.django_db


def settings_data(**extra):
    data = {
        "is_open": "on",
        "slot_minutes": "30",
        "max_booking_minutes": "120",
        "book_ahead_days": "30",
        "cancel_cutoff_hours": "48",
        "requires_approval": "on",
    }
    for prefix, count in (("rooms", 0), ("hours", 0), ("closed", 0)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": str(count),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(extra)
    return data


def test_owner_makes_a_space_bookable(client, resident):
    listing = ListingFactory(
        owner=resident,
        kind="space",
        status="published",
        published_at=timezone.now(),
        space_capacity=8,
    )
    url = reverse("listings:space_booking_settings", args=[listing.pk])
    client.force_login(resident)
    assert url in client.get(reverse("listings:detail", args=[listing.pk])).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        settings_data(
            **{
                "hours-TOTAL_FORMS": "2",
                "hours-0-weekday": "5",
                "hours-0-opens_at": "09:00",
                "hours-0-closes_at": "12:00",
                "hours-1-weekday": "5",
                "hours-1-opens_at": "13:00",
                "hours-1-closes_at": "17:00",
                "closed-TOTAL_FORMS": "1",
                "closed-0-date": "2026-12-31",
                "closed-0-reason": "年末年始",
            }
        ),
    )
    assert response.status_code == 302
    space = BookableSpace.objects.get(listing=listing)
    assert (space.slot_minutes, space.requires_approval, space.cancel_cutoff_hours) == (
        30,
        True,
        48,
    )
    assert space.opening_hours.count() == 2
    assert space.closed_dates.get().reason == "年末年始"
    (room,) = space.rooms.all()  # one room for the whole space
    assert room.capacity == 8


def test_settings_errors_are_shown_and_nothing_saved(client, resident):
    listing = ListingFactory(
        owner=resident, kind="space", status="published", published_at=timezone.now()
    )
    client.force_login(resident)
    response = client.post(
        reverse("listings:space_booking_settings", args=[listing.pk]),
        settings_data(
            **{
                "hours-TOTAL_FORMS": "1",
                "hours-0-weekday": "1",
                "hours-0-opens_at": "18:00",
                "hours-0-closes_at": "09:00",
                "max_booking_minutes": "45",
            }
        ),
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not BookableSpace.objects.exists()


def test_another_resident_cannot_edit_settings(client, resident, other_resident):
    space = make_bookable_space(owner=resident)
    url = reverse("listings:space_booking_settings", args=[space.listing.pk])
    client.force_login(other_resident)
    assert client.get(url).status_code == 403
    assert client.post(url, settings_data(slot_minutes="15")).status_code == 403
    space.refresh_from_db()
    assert space.slot_minutes == 60


def test_ics_follows_rfc_5545(client, resident):
    space = make_bookable_space()
    start = local_datetime(datetime.date(2026, 7, 1), datetime.time(9, 30))
    booking = Booking.objects.create(
        room=space.rooms.first(),
        booker=resident,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        purpose="会議; 準備, その他\n持ち物あり",
        people=3,
    )
    text = booking_calendar(booking, now=start)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line endings
    unfolded = text.replace("\r\n ", "")
    assert f"UID:booking-{booking.pk}@" in unfolded
    assert "DTSTAMP:20260701T003000Z" in unfolded
    assert "DTSTART:20260701T003000Z" in unfolded and "DTEND:20260701T023000Z" in unfolded
    assert "SUMMARY:和室: 会議\\; 準備\\, その他\\n持ち物あり" in unfolded
    assert "LOCATION:ふれあいセンター 和室" in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))

    client.force_login(resident)
    response = client.get(reverse("listings:booking_ics", args=[booking.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]


def test_utilisation_counts_confirmed_hours_over_open_hours(resident):
    # Open Monday–Friday 9–12: 15 hours a week; a closed Wednesday takes 3 away.
    space = make_bookable_space(hours=((0, 1, 2, 3, 4), "09:00", "12:00"))
    washitsu, kitchen = space.rooms.all()
    today = datetime.date(2026, 6, 3)
    monday = monday_of(today)
    ClosedDate.objects.create(space=space, date=monday + datetime.timedelta(days=2))

    def book(room, day, hours, status=BookingStatus.CONFIRMED):
        start = local_datetime(monday + datetime.timedelta(days=day), datetime.time(9))
        Booking.objects.create(
            room=room,
            booker=resident,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
            purpose="x",
            people=1,
            status=status,
        )

    book(washitsu, 0, 3)
    book(washitsu, 1, 3)
    book(washitsu, 3, 1, status=BookingStatus.CANCELLED)
    book(washitsu, 4, 1, status=BookingStatus.REQUESTED)
    weeks, (result,) = utilisation_by_week(today=today, weeks_before=1, weeks_after=1)
    assert weeks == [
        monday - datetime.timedelta(days=7),
        monday,
        monday + datetime.timedelta(days=7),
    ]
    rooms = {row.room: row.weeks for row in result.rooms}
    this_week = rooms[washitsu][1]
    assert (this_week.open_hours, this_week.booked_hours, this_week.percent) == (12, 6, 50)
    assert rooms[kitchen][1].percent == 0
    assert rooms[washitsu][0].open_hours == 15 and rooms[washitsu][0].percent == 0


def test_utilisation_admin_page_for_coordinators_only(client, coordinator, resident):
    space = make_bookable_space()
    url = reverse("bookings_utilisation")
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert f'data-utilisation="{space.pk}"' in response.content.decode()
    client.force_login(resident)
    assert client.get(url).status_code in (302, 403)


def test_admin_snippet_creates_a_space_with_one_room(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    listing = ListingFactory(kind="space", status="published", published_at=timezone.now())
    client.force_login(admin)
    url = reverse("wagtailsnippets_listings_bookablespace:add")
    assert client.get(url).status_code == 200
    data = {
        "listing": listing.pk,
        "is_open": "on",
        "slot_minutes": 60,
        "max_booking_minutes": 120,
        "book_ahead_days": 30,
        "cancel_cutoff_hours": 24,
    }
    for prefix in ("rooms", "opening_hours", "closed_dates"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    space = BookableSpace.objects.get(listing=listing)
    assert Room.objects.filter(space=space).count() == 1


def admin_form_data(page) -> dict:
    """What the admin's edit form would post as it is: every field with its current value."""
    data = {}
    for control in page.select("form input[name], form textarea[name], form select[name]"):
        name = control["name"]
        if control.name == "select":
            chosen = control.select_one("option[selected]") or control.select_one("option")
            data[name] = chosen["value"] if chosen else ""
        elif control.get("type") == "checkbox":
            if control.has_attr("checked"):
                data[name] = control.get("value", "on")
        elif control.name == "textarea":
            data[name] = control.text.strip()
        else:
            data[name] = control.get("value", "")
    return data


def booked(room, resident):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    return Booking.objects.create(
        room=room,
        booker=resident,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        purpose="練習",
        people=3,
    )


def test_the_admin_refuses_to_remove_a_room_with_bookings(client, coordinator, resident):
    from tests.accounts.markup import parse

    space = make_bookable_space()
    room, other_room = space.rooms.order_by("position")
    booked(room, resident)
    client.force_login(coordinator)
    url = reverse("wagtailsnippets_listings_bookablespace:edit", args=[space.pk])
    data = admin_form_data(parse(client.get(url)))
    data["rooms-0-DELETE"] = "1"

    response = client.post(url, data)

    assert response.status_code == 200
    refusal = gettext(
        "A room that has bookings cannot be removed. Add closed dates instead, so that "
        "nobody can book it any more."
    )
    assert escape(refusal) in response.content.decode()
    assert set(space.rooms.values_list("pk", flat=True)) == {room.pk, other_room.pk}

    data["rooms-0-DELETE"], data["rooms-1-DELETE"] = "", "1"
    assert client.post(url, data).status_code == 302
    assert list(space.rooms.values_list("pk", flat=True)) == [room.pk]


def test_the_admin_refuses_to_delete_a_space_with_bookings(client, coordinator, resident):
    space = make_bookable_space()
    booked(space.rooms.first(), resident)
    client.force_login(coordinator)
    url = reverse("wagtailsnippets_listings_bookablespace:delete", args=[space.pk])

    response = client.post(url, follow=True)

    assert response.status_code == 200
    refusal = ngettext(
        "This space cannot be deleted: %(count)d booking was made in its rooms. Untick "
        "“taking bookings” to stop new bookings instead.",
        "This space cannot be deleted: %(count)d bookings were made in its rooms. Untick "
        "“taking bookings” to stop new bookings instead.",
        1,
    ) % {"count": 1}
    assert escape(refusal) in response.content.decode()
    assert BookableSpace.objects.filter(pk=space.pk).exists()
