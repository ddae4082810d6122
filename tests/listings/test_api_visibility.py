"""Who sees which listing through the API, and how exactly its place is shown."""

import pytest
from django.utils import timezone

from listings.models import Listing, Status
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/listings/"

EXACT = (35.388123, 136.939876)
# The centre of the ~500 m grid cell that holds EXACT (Listing.approximate_location).
APPROXIMATE = (35.3875, 136.9375)


def published(**fields) -> Listing:
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def _hidden(owner):
    listing = published(owner=owner, title="Hidden")
    Listing.objects.filter(pk=listing.pk).update(hidden=True)
    return listing


def _pending(owner):
    return ListingFactory(owner=owner, title="Pending", status=Status.PENDING)


def _draft(owner):
    return ListingFactory(owner=owner, title="Draft")


def _expired(owner):
    listing = published(owner=owner, title="Expired")
    Listing.objects.filter(pk=listing.pk).update(status=Status.EXPIRED)
    return listing


def _past_its_expiry(owner):
    """Still marked published, but its expiry date has passed (the daily job has not run)."""
    listing = published(owner=owner, title="Past its expiry")
    Listing.objects.filter(pk=listing.pk).update(expires_at=timezone.now())
    return listing


def _closed(owner):
    listing = published(owner=owner, title="Closed")
    Listing.objects.filter(pk=listing.pk).update(status=Status.CLOSED, closed_reason="fulfilled")
    return listing


NOT_PUBLIC = [_hidden, _pending, _draft, _expired, _past_its_expiry, _closed]


@pytest.mark.parametrize("make", NOT_PUBLIC)
def test_a_listing_that_is_not_public_is_not_found_by_anyone_else(
    client, resident, other_resident, make
):
    listing = make(resident)
    url = f"{LIST}{listing.pk}/"

    anonymous = client.get(url)
    client.force_login(other_resident)
    another_resident = client.get(url)

    for response in (anonymous, another_resident):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["errors"] == {}
        assert listing.title not in response.content.decode()


@pytest.mark.parametrize("make", NOT_PUBLIC)
def test_its_owner_and_the_coordinators_see_it(client, resident, coordinator, make):
    listing = make(resident)
    url = f"{LIST}{listing.pk}/"

    client.force_login(resident)
    as_owner = client.get(url)
    client.force_login(coordinator)
    as_coordinator = client.get(url)

    for response in (as_owner, as_coordinator):
        assert response.status_code == 200
        assert response.json()["title"] == listing.title
        assert response.json()["is_public"] is False


def test_the_list_holds_published_listings_only_whoever_asks(client, resident, coordinator):
    public = published(owner=resident, title="Public")
    for make in NOT_PUBLIC:
        make(resident)

    for user in (None, resident, coordinator):
        if user:
            client.force_login(user)
        assert [item["id"] for item in client.get(LIST).json()["results"]] == [public.pk]


def test_the_public_sees_only_the_approximate_place(client, other_resident):
    listing = published(latitude=EXACT[0], longitude=EXACT[1])
    url = f"{LIST}{listing.pk}/"

    anonymous = client.get(url).json()
    listed = client.get(LIST).json()["results"][0]
    client.force_login(other_resident)
    another_resident = client.get(url).json()

    for data in (anonymous, listed, another_resident):
        assert (data["lat"], data["lon"]) == APPROXIMATE
        assert data["location_is_approximate"] is True
    assert "388123" not in client.get(url).content.decode()


def test_the_owner_and_the_coordinators_see_the_exact_place(client, resident, coordinator):
    listing = published(owner=resident, latitude=EXACT[0], longitude=EXACT[1])

    for user in (resident, coordinator):
        client.force_login(user)
        for data in (
            client.get(f"{LIST}{listing.pk}/").json(),
            client.get(LIST).json()["results"][0],
        ):
            assert (data["lat"], data["lon"]) == EXACT
            assert data["location_is_approximate"] is False
