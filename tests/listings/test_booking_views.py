"""The week and day views without JavaScript, booking through the form, the confirmation page,
"my bookings", and who may see what."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.bookings.availability import local_datetime, monday_of
from listings.models import Booking, BookingStatus, ClosedDate
from tests.factories import UserFactory, make_bookable_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return UserFactory(profile__display_name="センター長")


@pytest.fixture
def space(owner):
    return make_bookable_space(owner=owner)


@pytest.fixture
def next_week():
    return monday_of(timezone.localdate()) + datetime.timedelta(days=7)


def week_url(space, week, room=None):
    room = room or space.rooms.first()
    return f"{reverse('listings:space_week', args=[space.listing.pk])}?room={room.pk}&week={week}"


def booking(space, user, day, hour, hours=1, status=BookingStatus.CONFIRMED, room=None):
    start = local_datetime(day, datetime.time(hour))
    return Booking.objects.create(
        room=room or space.rooms.first(),
        booker=user,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours),
        purpose="秘密の会合",
        people=3,
        status=status,
    )


def cell(html: str, start: str) -> str:
    """The <td> of the slot starting at local ``start`` (YYYY-MM-DDTHH:MM), or of the booked
    slot in the row/column found by the test."""
    at = html.index(f'data-start="{start}"')
    return html[html.rindex("<td", 0, at) : html.index("</td>", at)]


def test_week_view_shows_free_booked_closed_and_past_without_javascript(
    client, space, resident, next_week
):
    wednesday = next_week + datetime.timedelta(days=2)
    booking(space, resident, wednesday, 10, hours=2)
    ClosedDate.objects.create(
        space=space, date=next_week + datetime.timedelta(days=4), reason="館内点検"
    )
    response = client.get(week_url(space, next_week))
    html = response.content.decode()
    assert response.status_code == 200
    # A free slot is a link to the booking form with the slot filled in.
    free = f"{wednesday:%Y-%m-%d}T09:00"
    assert (
        f'href="/ja/listings/{space.listing.pk}/book/?room={space.rooms.first().pk}'
        f"&amp;start={free.replace(':', '%3A')}" in html
    )
    assert "空き" in html or "Free" in html
    assert html.count('data-state="booked"') == 2  # 10:00 and 11:00
    assert 'data-state="closed"' in html and "館内点検" in html
    assert "秘密の会合" not in html and "はなこ" not in html  # who booked stays private
    # A week in the past: every slot is past, none bookable.
    past = client.get(week_url(space, next_week - datetime.timedelta(days=14))).content.decode()
    assert 'data-state="past"' in past and 'data-state="free"' not in past
    # Previous and next week links.
    assert f"week={next_week - datetime.timedelta(days=7)}" in html
    assert f"week={next_week + datetime.timedelta(days=7)}" in html


def test_owner_and_coordinators_see_who_booked(client, space, owner, coordinator, next_week):
    booker = UserFactory(profile__display_name="囲碁の田中")
    booking(space, booker, next_week, 10)
    for viewer in (owner, coordinator):
        client.force_login(viewer)
        assert "囲碁の田中" in client.get(week_url(space, next_week)).content.decode()
    client.force_login(UserFactory())
    assert "囲碁の田中" not in client.get(week_url(space, next_week)).content.decode()


def test_own_booking_shows_as_yours(client, space, resident, next_week):
    booking(space, resident, next_week, 10)
    client.force_login(resident)
    html = client.get(week_url(space, next_week)).content.decode()
    assert html.count('data-state="mine"') == 1


def test_week_view_query_count_is_constant(client, space, django_assert_max_num_queries, next_week):
    booking(space, UserFactory(), next_week, 9)
    client.get(week_url(space, next_week))  # warm caches (site, settings)
    with django_assert_max_num_queries(11) as one:
        client.get(week_url(space, next_week))
    few = len(one.captured_queries)
    for day in range(7):
        for hour in (11, 13, 15, 17, 19):
            booking(space, UserFactory(), next_week + datetime.timedelta(days=day), hour)
    with django_assert_max_num_queries(few) as many:
        response = client.get(week_url(space, next_week))
    assert response.content.decode().count('data-state="booked"') == 36
    assert len(many.captured_queries) <= few


def test_day_view_has_every_room(client, space, resident, next_week):
    kitchen = space.rooms.last()
    booking(space, resident, next_week, 13, room=kitchen)
    url = reverse("listings:space_day", args=[space.listing.pk])
    html = client.get(f"{url}?date={next_week}").content.decode()
    assert "和室" in html and "調理室" in html
    assert html.count('data-state="booked"') == 1
    assert f'data-start="{next_week:%Y-%m-%d}T13:00"' in html  # the 和室 is free then
    assert client.get(f"{url}?date=2026-02-31").status_code == 200  # a bad date: today


def test_unpublished_or_not_bookable_space_is_404(client, space):
    listing = space.listing
    listing.status = "draft"
    listing.save()
    assert client.get(reverse("listings:space_week", args=[listing.pk])).status_code == 404
    from tests.factories import ListingFactory

    plain = ListingFactory(kind="space", status="published", published_at=timezone.now())
    assert client.get(reverse("listings:space_week", args=[plain.pk])).status_code == 404


def test_booking_form_prefilled_then_booked(client, space, resident, next_week):
    client.force_login(resident)
    room = space.rooms.first()
    url = reverse("listings:book_space", args=[space.listing.pk])
    form_page = client.get(f"{url}?room={room.pk}&start={next_week}T14:00").content.decode()
    assert 'value="14:00"' in form_page and 'value="15:00"' in form_page
    response = client.post(
        url,
        {
            "room": room.pk,
            "date": next_week.isoformat(),
            "start_time": "14:00",
            "end_time": "16:00",
            "purpose": "コーラスの練習",
            "people": 8,
        },
    )
    created = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("listings:booking_detail", args=[created.pk])
    assert created.starts_at == local_datetime(next_week, datetime.time(14))
    page = client.get(response["Location"]).content.decode()
    assert "コーラスの練習" in page and 'data-booking-status="confirmed"' in page
    assert reverse("listings:booking_ics", args=[created.pk]) in page


def test_bad_booking_shows_the_error_next_to_the_field_and_keeps_the_input(
    client, space, resident, next_week
):
    client.force_login(resident)
    response = client.post(
        reverse("listings:book_space", args=[space.listing.pk]),
        {
            "room": space.rooms.first().pk,
            "date": next_week.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "purpose": "大人数の集まり",
            "people": 99,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_people_error"' in html and "20" in html
    assert 'value="大人数の集まり"' in html and 'value="99"' in html
    assert not Booking.objects.exists()


def test_taken_slot_gets_the_just_taken_message(client, space, resident, other_resident, next_week):
    booking(space, other_resident, next_week, 10)
    client.force_login(resident)
    response = client.post(
        reverse("listings:book_space", args=[space.listing.pk]),
        {
            "room": space.rooms.first().pk,
            "date": next_week.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "purpose": "練習",
            "people": 2,
        },
    )
    assert response.status_code == 400
    assert 'id="id_start_time_error"' in response.content.decode()
    assert Booking.objects.count() == 1


def test_booking_needs_login(client, space):
    url = reverse("listings:book_space", args=[space.listing.pk])
    assert client.get(url).status_code == 302


def test_my_bookings_and_cancel(client, space, resident, other_resident, next_week):
    mine = booking(space, resident, next_week, 10)
    theirs = booking(space, other_resident, next_week, 12)
    client.force_login(resident)
    html = client.get(reverse("listings:my_bookings")).content.decode()
    assert f'id="booking-{mine.pk}"' in html and f'id="booking-{theirs.pk}"' not in html

    # Another resident's booking: refused, as if it did not exist.
    cancel = reverse("listings:cancel_booking", args=[theirs.pk])
    assert client.post(cancel).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.CONFIRMED
    assert client.get(reverse("listings:booking_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("listings:booking_ics", args=[theirs.pk])).status_code == 404

    response = client.post(reverse("listings:cancel_booking", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == BookingStatus.CANCELLED


def test_space_bookings_page_approve_and_decline(
    client, space, owner, resident, other_resident, next_week
):
    space.requires_approval = True
    space.save()
    first = booking(space, resident, next_week, 10, status=BookingStatus.REQUESTED)
    second = booking(space, other_resident, next_week, 14, status=BookingStatus.REQUESTED)
    page = reverse("listings:space_bookings", args=[space.listing.pk])

    client.force_login(resident)
    assert client.get(page).status_code == 403
    decide = reverse("listings:decide_booking", args=[first.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    first.refresh_from_db()
    assert first.status == BookingStatus.REQUESTED

    client.force_login(owner)
    html = client.get(page).content.decode()
    assert resident.display_name in html and f'id="booking-{second.pk}"' in html
    client.post(decide, {"decision": "approve", "note": "どうぞ"})
    client.post(reverse("listings:decide_booking", args=[second.pk]), {"decision": "decline"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.decision_note, second.status) == (
        BookingStatus.CONFIRMED,
        "どうぞ",
        BookingStatus.DECLINED,
    )


def test_listing_page_links_to_the_calendar(client, space):
    html = client.get(reverse("listings:detail", args=[space.listing.pk])).content.decode()
    assert reverse("listings:space_week", args=[space.listing.pk]) in html
    assert reverse("listings:space_booking_settings", args=[space.listing.pk]) not in html
