"""The coordinators' review queue: approve, or send back with a reason the owner sees."""

import pytest
from django.urls import reverse

from listings.models import Listing, ListingSettings, Status
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db
QUEUE = "listings_review_queue"


@pytest.fixture
def pending():
    settings = ListingSettings.load()
    settings.require_review = True
    settings.save()
    listing = ListingFactory(title="手作りジャムをおすそわけ")
    return submit_listing(listing=listing, by=listing.owner)


def test_queue_lists_pending_listings_for_coordinators(client, coordinator, pending):
    published = ListingFactory(title="もう公開された掲載", owner=coordinator)
    submit_listing(listing=published, by=coordinator)
    client.force_login(coordinator)

    page = client.get(reverse(QUEUE)).content.decode()

    assert "手作りジャムをおすそわけ" in page
    assert "もう公開された掲載" not in page


def test_coordinator_approves(client, coordinator, pending):
    client.force_login(coordinator)
    response = client.post(reverse(QUEUE), {"listing": pending.pk, "decision": "approve"})
    assert response.status_code == 302
    assert Listing.objects.get(pk=pending.pk).status == Status.PUBLISHED


def test_coordinator_sends_back_with_a_reason_and_needs_one(client, coordinator, pending):
    client.force_login(coordinator)

    client.post(reverse(QUEUE), {"listing": pending.pk, "decision": "reject", "reason": ""})
    assert Listing.objects.get(pk=pending.pk).status == Status.PENDING

    client.post(
        reverse(QUEUE),
        {"listing": pending.pk, "decision": "reject", "reason": "値段を書いてください。"},
    )
    listing = Listing.objects.get(pk=pending.pk)
    assert (listing.status, listing.review_note) == (Status.DRAFT, "値段を書いてください。")


def test_residents_cannot_open_or_use_the_queue(client, resident, pending):
    client.force_login(resident)
    assert client.get(reverse(QUEUE)).status_code in (302, 403)
    client.post(reverse(QUEUE), {"listing": pending.pk, "decision": "approve"})
    assert Listing.objects.get(pk=pending.pk).status == Status.PENDING
