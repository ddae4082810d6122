""" "I'd like this" through the services: every transition, every refusal, and who is told."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from accounts.models import Notification, NotificationKind
from accounts.notifications import present
from listings.item_requests.services import (
    choose_item_request,
    fulfil_item_request,
    request_item,
    undo_item_request_choice,
    withdraw_item_request,
)
from listings.models import FulfilledExchange, ItemRequest, ItemRequestStatus, Listing
from listings.services import close_listing, post_listing_for_proxy_resident, submit_listing
from messaging.services import block_user
from tests.factories import ListingFactory, ProxyResidentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The services' messages are checked in English (the site's default is Japanese)."""
    with translation.override("en"):
        yield


def offer(kind="item", **fields) -> Listing:
    listing = ListingFactory(kind=kind, **fields)
    return submit_listing(listing=listing, by=listing.owner)


def notes(user, event=None):
    found = Notification.objects.filter(recipient=user, kind=NotificationKind.ITEM_REQUEST)
    return [n for n in found if event is None or n.data.get("event") == event]


@pytest.fixture
def stroller():
    return offer(title="ベビーカーを譲ります", area="駅前")


def test_a_resident_asks_and_the_owner_is_told(
    stroller, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item_request = request_item(listing=stroller, by=resident, message=" 土曜に取りに行けます ")

    assert item_request.status == ItemRequestStatus.WAITING
    assert item_request.message == "土曜に取りに行けます"
    (note,) = notes(stroller.owner, "received")
    assert note.listing_id == stroller.pk
    assert note.data["name"] == "はなこ"
    text = present(note)
    assert "はなこ" in text.sentence and stroller.title in text.sentence
    assert text.url.endswith(f"/listings/{stroller.pk}/requests/")
    (email,) = mail.outbox
    assert email.to == [stroller.owner.email]
    assert stroller.title in email.subject
    assert f"/listings/{stroller.pk}/requests/" in email.body
    assert "List-Unsubscribe" in email.extra_headers


@pytest.mark.parametrize("frequency, emailed", [("immediately", 1), ("daily", 1), ("never", 0)])
def test_the_email_follows_the_owners_message_preference(
    stroller, resident, django_capture_on_commit_callbacks, frequency, emailed
):
    stroller.owner.profile.email_on_message = frequency
    stroller.owner.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        request_item(listing=stroller, by=resident)
    assert len(mail.outbox) == emailed
    assert len(notes(stroller.owner, "received")) == 1  # in-app whatever the preference


def test_the_email_is_in_the_owners_language(
    stroller, resident, django_capture_on_commit_callbacks
):
    stroller.owner.profile.language = "ja"
    stroller.owner.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        request_item(listing=stroller, by=resident)
    (email,) = mail.outbox
    assert "/ja/listings/" in email.body


def test_a_skill_offer_takes_requests_too(resident):
    lesson = offer(kind="skill")
    assert request_item(listing=lesson, by=resident).status == ItemRequestStatus.WAITING


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "space"},
        {"kind": "activity"},
        {"kind": "item", "direction": "request"},
    ],
)
def test_other_kinds_and_requests_take_no_requests(resident, fields):
    listing = offer(**fields)
    with pytest.raises(ValidationError):
        request_item(listing=listing, by=resident)
    assert not ItemRequest.objects.exists()


def test_a_draft_or_closed_listing_takes_no_requests(resident):
    draft = ListingFactory(kind="item")
    with pytest.raises(ValidationError):
        request_item(listing=draft, by=resident)
    listing = offer()
    close_listing(listing=listing, by=listing.owner, reason="withdrawn")
    with pytest.raises(ValidationError):
        request_item(listing=listing, by=resident)
    assert not ItemRequest.objects.exists()


def test_nobody_asks_for_their_own_listing(stroller):
    with pytest.raises(ValidationError):
        request_item(listing=stroller, by=stroller.owner)


def test_anonymous_users_cannot_ask(stroller):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        request_item(listing=stroller, by=AnonymousUser())


def test_one_open_request_per_person(stroller, resident):
    request_item(listing=stroller, by=resident)
    with pytest.raises(ValidationError) as error:
        request_item(listing=stroller, by=resident)
    assert error.value.code == "duplicate"
    assert ItemRequest.objects.count() == 1


def test_the_database_refuses_a_second_open_request(stroller, resident):
    ItemRequest.objects.create(listing=stroller, requester=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemRequest.objects.create(listing=stroller, requester=resident)


def test_the_database_refuses_two_chosen_requests(stroller, resident, other_resident):
    ItemRequest.objects.create(listing=stroller, requester=resident, status="chosen")
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemRequest.objects.create(listing=stroller, requester=other_resident, status="chosen")


def test_asking_again_after_withdrawing(stroller, resident):
    first = request_item(listing=stroller, by=resident)
    withdraw_item_request(item_request=first, by=resident)
    again = request_item(listing=stroller, by=resident)
    assert again.pk != first.pk
    first.refresh_from_db()
    assert first.status == ItemRequestStatus.WITHDRAWN and first.closed_at is not None


def test_a_blocked_person_cannot_ask(stroller, resident):
    block_user(blocker=stroller.owner, blocked=resident)
    with pytest.raises(PermissionDenied):
        request_item(listing=stroller, by=resident)


def test_a_message_too_long_is_refused(stroller, resident):
    with pytest.raises(ValidationError) as error:
        request_item(listing=stroller, by=resident, message="あ" * 501)
    assert "message" in error.value.message_dict
    assert not ItemRequest.objects.exists()


def test_only_the_requester_withdraws(stroller, resident, other_resident):
    item_request = request_item(listing=stroller, by=resident)
    for someone in (other_resident, stroller.owner):
        with pytest.raises(PermissionDenied):
            withdraw_item_request(item_request=item_request, by=someone)
    item_request.refresh_from_db()
    assert item_request.status == ItemRequestStatus.WAITING


def test_the_owner_chooses_one_and_the_others_are_told(
    stroller, resident, other_resident, django_capture_on_commit_callbacks
):
    chosen = request_item(listing=stroller, by=resident)
    other = request_item(listing=stroller, by=other_resident)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        choose_item_request(item_request=chosen, by=stroller.owner)

    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.status == ItemRequestStatus.CHOSEN and chosen.decided_at is not None
    assert other.status == ItemRequestStatus.NOT_CHOSEN
    (good_news,) = notes(resident, "chosen")
    assert "chose you" in present(good_news).sentence
    (sorry,) = notes(other_resident, "not_chosen")
    assert "someone else" in present(sorry).sentence
    # The chosen person is e-mailed; the others are told in the app only.
    assert [email.to for email in mail.outbox] == [[resident.email]]


def test_a_promised_listing_takes_no_new_requests(stroller, resident, other_resident):
    choose_item_request(item_request=request_item(listing=stroller, by=resident), by=stroller.owner)
    newcomer = UserFactory()
    with pytest.raises(ValidationError):
        request_item(listing=stroller, by=newcomer)
    assert not ItemRequest.objects.filter(requester=newcomer).exists()


def test_only_one_can_be_chosen(stroller, resident, other_resident):
    first = request_item(listing=stroller, by=resident)
    second = request_item(listing=stroller, by=other_resident)
    choose_item_request(item_request=first, by=stroller.owner)
    with pytest.raises(ValidationError):
        choose_item_request(item_request=second, by=stroller.owner)


def test_only_the_owner_or_a_coordinator_chooses(stroller, resident, other_resident, coordinator):
    item_request = request_item(listing=stroller, by=resident)
    for someone in (resident, other_resident):
        with pytest.raises(PermissionDenied):
            choose_item_request(item_request=item_request, by=someone)
    choose_item_request(item_request=item_request, by=coordinator)
    item_request.refresh_from_db()
    assert item_request.status == ItemRequestStatus.CHOSEN


def test_undo_reopens_everyone(stroller, resident, other_resident):
    chosen = request_item(listing=stroller, by=resident)
    other = request_item(listing=stroller, by=other_resident)
    choose_item_request(item_request=chosen, by=stroller.owner)

    undo_item_request_choice(listing=stroller, by=stroller.owner)

    statuses = set(ItemRequest.objects.values_list("status", flat=True))
    assert statuses == {ItemRequestStatus.WAITING}
    assert len(notes(resident, "reopened")) == 1
    assert len(notes(other_resident, "reopened")) == 1
    choose_item_request(item_request=other, by=stroller.owner)  # a new choice is possible


def test_undo_needs_a_choice_and_the_owner(stroller, resident):
    item_request = request_item(listing=stroller, by=resident)
    with pytest.raises(ValidationError):
        undo_item_request_choice(listing=stroller, by=stroller.owner)
    choose_item_request(item_request=item_request, by=stroller.owner)
    with pytest.raises(PermissionDenied):
        undo_item_request_choice(listing=stroller, by=resident)


def test_the_chosen_person_withdraws_and_the_listing_opens_again(
    stroller, resident, other_resident, django_capture_on_commit_callbacks
):
    chosen = request_item(listing=stroller, by=resident)
    other = request_item(listing=stroller, by=other_resident)
    choose_item_request(item_request=chosen, by=stroller.owner)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_item_request(item_request=chosen, by=resident)

    other.refresh_from_db()
    assert other.status == ItemRequestStatus.WAITING
    assert len(notes(stroller.owner, "chosen_withdrawn")) == 1
    assert len(notes(other_resident, "reopened")) == 1
    assert [email.to for email in mail.outbox] == [[stroller.owner.email]]
    assert not ItemRequest.objects.chosen().exists()


def test_withdrawing_a_closed_request_is_refused(stroller, resident, other_resident):
    first = request_item(listing=stroller, by=resident)
    second = request_item(listing=stroller, by=other_resident)
    choose_item_request(item_request=first, by=stroller.owner)
    second.refresh_from_db()
    with pytest.raises(ValidationError):
        withdraw_item_request(item_request=second, by=other_resident)


def test_handed_over_closes_the_listing_and_records_the_exchange(
    stroller, resident, other_resident
):
    chosen = request_item(listing=stroller, by=resident)
    request_item(listing=stroller, by=other_resident)
    choose_item_request(item_request=chosen, by=stroller.owner)

    exchange = fulfil_item_request(listing=stroller, by=stroller.owner)

    stroller.refresh_from_db()
    chosen.refresh_from_db()
    assert (stroller.status, stroller.closed_reason) == ("closed", "fulfilled")
    assert chosen.status == ItemRequestStatus.FULFILLED and chosen.closed_at is not None
    assert exchange.listing_id == stroller.pk
    assert (exchange.giver_id, exchange.receiver_id) == (stroller.owner_id, resident.pk)
    assert (exchange.category_id, exchange.area, exchange.kind) == (
        stroller.category_id,
        "駅前",
        "item",
    )
    assert exchange.item_request_id == chosen.pk
    assert FulfilledExchange.objects.count() == 1
    assert len(notes(resident, "fulfilled")) == 1


def test_handed_over_needs_a_choice_and_the_owner(stroller, resident):
    item_request = request_item(listing=stroller, by=resident)
    with pytest.raises(ValidationError):
        fulfil_item_request(listing=stroller, by=stroller.owner)
    choose_item_request(item_request=item_request, by=stroller.owner)
    with pytest.raises(PermissionDenied):
        fulfil_item_request(listing=stroller, by=resident)
    assert not FulfilledExchange.objects.exists()


def test_closing_as_fulfilled_on_my_listings_also_counts(stroller, resident):
    """A listing closed as fulfilled without the requests page counts as an exchange too, with
    the chosen requester (if any) as receiver."""
    choose_item_request(item_request=request_item(listing=stroller, by=resident), by=stroller.owner)
    close_listing(listing=stroller, by=stroller.owner, reason="fulfilled")
    exchange = FulfilledExchange.objects.get()
    assert exchange.receiver_id == resident.pk
    assert ItemRequest.objects.get().status == ItemRequestStatus.FULFILLED

    no_request = offer(kind="skill")
    close_listing(listing=no_request, by=no_request.owner, reason="fulfilled")
    assert FulfilledExchange.objects.get(listing=no_request).receiver_id is None


def test_request_listings_count_with_the_owner_as_receiver():
    wanted = offer(kind="item", direction="request")
    close_listing(listing=wanted, by=wanted.owner, reason="fulfilled")
    exchange = FulfilledExchange.objects.get()
    assert (exchange.giver_id, exchange.receiver_id) == (None, wanted.owner_id)


def test_withdrawn_spaces_and_activities_do_not_count():
    withdrawn = offer()
    close_listing(listing=withdrawn, by=withdrawn.owner, reason="withdrawn")
    activity = offer(kind="activity")
    close_listing(listing=activity, by=activity.owner, reason="fulfilled")
    assert not FulfilledExchange.objects.exists()


def test_a_proxy_listing_tells_its_coordinators(coordinator, resident):
    proxy = ProxyResidentFactory()
    listing = post_listing_for_proxy_resident(
        proxy_resident=proxy,
        by=coordinator,
        listing=ListingFactory.build(kind="item", owner=None, category=ListingFactory().category),
    )
    item_request = request_item(listing=listing, by=resident)
    assert len(notes(coordinator, "received")) == 1
    assert len(notes(proxy.coordinator, "received")) == 1
    with pytest.raises(ValidationError):
        request_item(listing=listing, by=proxy.coordinator)  # they answer for it
    choose_item_request(item_request=item_request, by=coordinator)
    exchange = fulfil_item_request(listing=listing, by=coordinator)
    assert (exchange.giver_id, exchange.receiver_id) == (None, resident.pk)
