"""“Message all confirmed participants”: one group conversation, kept in step with who is
confirmed; the organiser is a member."""

import pytest

from listings.applications.services import (
    apply_to_activity,
    cancel_application,
    confirm_application,
    message_confirmed_participants,
)
from listings.models import ApplicationSettings, ApprovalMode
from messaging.services import active_member_ids
from tests.factories import CoordinatorFactory
from tests.listings.application_fixtures import activity, residents

pytestmark = pytest.mark.django_db


def message_url(listing) -> str:
    return f"/en/listings/{listing.pk}/applications/message/"


def test_the_group_holds_the_confirmed_and_the_organiser(client):
    listing = activity(capacity=2)
    first, second, waiting = residents(3)
    for person in (first, second, waiting):
        apply_to_activity(listing_id=listing.pk, applicant=person)
    client.force_login(listing.owner)

    response = client.post(message_url(listing))

    conversation = ApplicationSettings.objects.get(listing=listing).group_conversation
    assert response["Location"] == f"/en/messages/{conversation.pk}/"
    assert set(active_member_ids(conversation.pk)) == {listing.owner.pk, first.pk, second.pk}
    assert "やさしい日本語教室" in conversation.title


def test_the_same_group_is_used_again(client):
    listing = activity()
    client.force_login(listing.owner)

    first = client.post(message_url(listing))["Location"]
    again = client.post(message_url(listing))["Location"]

    assert first == again


def test_membership_follows_confirmations_and_cancellations():
    listing = activity(capacity=1)
    seated, waiting = residents(2)
    seat = apply_to_activity(listing_id=listing.pk, applicant=seated)
    apply_to_activity(listing_id=listing.pk, applicant=waiting)
    conversation = message_confirmed_participants(listing_id=listing.pk, by=listing.owner)

    cancel_application(application_id=seat.pk, by=seated)

    assert set(active_member_ids(conversation.pk)) == {listing.owner.pk, waiting.pk}


def test_a_confirmed_applicant_joins_and_a_coordinator_who_opened_it_stays():
    listing = activity(capacity=3, approval_mode=ApprovalMode.APPROVAL)
    coordinator = CoordinatorFactory()
    (person,) = residents(1)
    application = apply_to_activity(listing_id=listing.pk, applicant=person)
    conversation = message_confirmed_participants(listing_id=listing.pk, by=coordinator)

    confirm_application(application_id=application.pk, by=listing.owner)

    assert set(active_member_ids(conversation.pk)) == {listing.owner.pk, coordinator.pk, person.pk}


def test_a_get_is_not_allowed_and_others_are_refused(client, resident):
    listing = activity()
    client.force_login(listing.owner)
    assert client.get(message_url(listing)).status_code == 405
    client.force_login(resident)
    assert client.post(message_url(listing)).status_code == 403
    assert ApplicationSettings.objects.get(listing=listing).group_conversation is None
