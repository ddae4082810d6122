"""The demo centre for `make run`: three bookable rooms with bookings, idempotent."""

import pytest

from accounts.demo import create_demo_users
from listings.bookings.demo import create_demo_bookings
from listings.models import Booking

pytestmark = pytest.mark.django_db


def test_demo_bookings_are_created_once(client):
    create_demo_users()
    space = create_demo_bookings()
    assert [room.name for room in space.rooms.all()] == ["和室", "調理室", "会議室A"]
    assert space.listing.is_public
    assert space.closed_dates.count() == 1
    count = Booking.objects.count()
    assert count == 4
    again = create_demo_bookings()
    assert again.pk == space.pk and Booking.objects.count() == count
    assert space.closed_dates.count() == 1
    response = client.get(f"/api/v1/spaces/{space.listing.pk}/availability/")
    assert response.status_code == 200
