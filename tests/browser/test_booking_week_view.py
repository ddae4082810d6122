"""A resident opens a room's week on a phone, taps a free slot (and the next one to make it
longer), books it in place and sees the slots turn booked."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from listings.bookings.availability import local_datetime, monday_of
from listings.models import Booking, BookingStatus
from tests.factories import make_bookable_space

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_resident_books_a_free_slot_in_the_week_view(resident, browser_page, log_in_as):
    space = make_bookable_space()
    room = space.rooms.first()
    wednesday = monday_of(timezone.localdate()) + datetime.timedelta(days=9)
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    log_in_as(resident)

    page.goto(f"/ja/listings/{space.listing.pk}/calendar/?room={room.pk}&week={wednesday}")
    # WCAG 1.4.10 reflow: the grid scrolls inside its own region, the page never sideways.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the week view scrolls sideways by {overflow}px on a phone"
    ten = page.locator(f'a[data-start="{wednesday}T10:00"]')
    eleven = page.locator(f'a[data-start="{wednesday}T11:00"]')
    ten.click()
    expect(page.locator("[data-inline-booking]")).to_be_visible()
    eleven.click()
    expect(page.locator("[data-inline-booking-summary]")).to_contain_text("10:00–12:00")
    page.locator("#inline_purpose").fill("囲碁クラブの練習")
    page.locator("#inline_people").fill("6")
    page.locator("[data-inline-booking] button[type=submit]").click()

    expect(page.locator("[data-booking-status]")).to_have_attribute(
        "data-booking-status", "confirmed"
    )
    booking = Booking.objects.get()
    assert booking.booker == resident and booking.status == BookingStatus.CONFIRMED
    assert booking.starts_at == local_datetime(wednesday, datetime.time(10))
    assert booking.ends_at == local_datetime(wednesday, datetime.time(12))

    page.goto(f"/ja/listings/{space.listing.pk}/calendar/?room={room.pk}&week={wednesday}")
    expect(page.locator('td[data-state="mine"]')).to_have_count(2)
    expect(page.locator(f'a[data-start="{wednesday}T10:00"]')).to_have_count(0)
