"""The bookings API: availability (anonymous, public spaces only) and my bookings."""

import datetime

import pytest
from django.utils import timezone

from listings.bookings.availability import local_datetime, monday_of
from listings.models import Booking, ClosedDate
from tests.factories import ListingFactory, UserFactory, make_bookable_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(db):
    return make_bookable_space(hours=((0, 1, 2, 3, 4), "09:00", "12:00"))


def test_availability_lists_rooms_and_slot_states(
    client, space, resident, django_assert_max_num_queries
):
    monday = monday_of(timezone.localdate()) + datetime.timedelta(days=7)
    room = space.rooms.first()
    start = local_datetime(monday, datetime.time(10))
    Booking.objects.create(
        room=room,
        booker=resident,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        purpose="秘密",
        people=2,
    )
    ClosedDate.objects.create(space=space, date=monday + datetime.timedelta(days=1), reason="点検")
    sunday = monday + datetime.timedelta(days=6)
    url = f"/api/v1/spaces/{space.listing.pk}/availability/?from={monday}&to={sunday}"
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    data = response.json()
    assert data["space"] == space.listing.pk and data["slot_minutes"] == 60
    assert [r["name"] for r in data["rooms"]] == ["和室", "調理室"]
    slots = data["rooms"][0]["slots"]
    assert len(slots) == 5 * 3  # weekdays only, 9–12
    assert slots[0] == {
        "starts_at": f"{monday}T09:00:00+09:00",
        "ends_at": f"{monday}T10:00:00+09:00",
        "state": "free",
    }
    assert slots[1]["state"] == "booked"
    assert {s["state"] for s in slots[3:6]} == {"closed"}
    assert data["closed_dates"] == [
        {"date": str(monday + datetime.timedelta(days=1)), "reason": "点検"}
    ]
    assert "秘密" not in response.content.decode()
    assert resident.email not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-13-01",
        "from=yesterday",
        "from=2026-06-10&to=2026-06-01",
        "from=2026-06-01&to=2026-08-01",
        "to=2026-02-31",
    ],
)
def test_bad_dates_are_400_json(client, space, query):
    response = client.get(f"/api/v1/spaces/{space.listing.pk}/availability/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and body["errors"]


def test_not_a_bookable_public_space_is_404_json(client, space):
    plain = ListingFactory(kind="space", status="published", published_at=timezone.now())
    for pk in (plain.pk, 999999):
        response = client.get(f"/api/v1/spaces/{pk}/availability/")
        assert response.status_code == 404 and "detail" in response.json()
    space.listing.status = "draft"
    space.listing.save()
    assert client.get(f"/api/v1/spaces/{space.listing.pk}/availability/").status_code == 404


def test_my_bookings_needs_login_and_shows_only_mine(
    client, space, resident, django_assert_max_num_queries
):
    response = client.get("/api/v1/bookings/")
    assert response.status_code in (401, 403) and "detail" in response.json()
    other = UserFactory()
    start = timezone.now() + datetime.timedelta(days=2)
    for user, hour in ((resident, 0), (resident, 2), (other, 4)):
        at = start + datetime.timedelta(hours=hour)
        Booking.objects.create(
            room=space.rooms.first(),
            booker=user,
            starts_at=at,
            ends_at=at + datetime.timedelta(hours=1),
            purpose="練習",
            people=1,
        )
    client.force_login(resident)
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/bookings/").json()
    assert data["count"] == 2
    assert {b["room"] for b in data["results"]} == {"和室"}
    assert data["results"][0]["status"] == "confirmed"
    assert client.get("/api/v1/bookings/?page_size=0").status_code == 400


def test_schema_documents_the_booking_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/spaces/{id}/availability/" in paths
    assert "/api/v1/bookings/" in paths
