"""A listing's life: draft → (review) → published → closed or expired, and who may move it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from listings.models import Category, Listing, ListingSettings, Status
from listings.services import (
    approve_listing,
    close_listing,
    expire_listings,
    moderate_listing,
    reject_listing,
    renew_listing,
    submit_listing,
    update_listing,
)
from tests.factories import ListingFactory
from tests.listings.test_post_listing import listing_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_required():
    settings = ListingSettings.load()
    settings.require_review = True
    settings.save()
    return settings


def actions_logged(listing) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(listing).order_by("pk").values_list("action", flat=True)
    )


def test_owner_submits_and_it_is_published_for_the_configured_period():
    listing = ListingFactory()

    submit_listing(listing=listing, by=listing.owner)

    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert listing.is_public
    assert listing.expires_at - listing.published_at == datetime.timedelta(days=60)
    assert actions_logged(listing) == ["yui.listing.publish"]
    assert Listing.objects.published().get() == listing


def test_with_review_required_a_residents_listing_waits_for_a_coordinator(
    review_required, coordinator
):
    listing = ListingFactory()

    submit_listing(listing=listing, by=listing.owner)
    assert listing.status == Status.PENDING
    assert not Listing.objects.published().exists()

    approve_listing(listing=listing, by=coordinator)
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert actions_logged(listing) == ["yui.listing.submit", "yui.listing.approve"]
    assert ModelLogEntry.objects.for_instance(listing).order_by("pk").last().user == coordinator


def test_a_coordinators_own_listing_skips_review(review_required, coordinator):
    listing = ListingFactory(owner=coordinator)
    submit_listing(listing=listing, by=coordinator)
    assert listing.status == Status.PUBLISHED


def test_rejected_listing_goes_back_to_the_owner_with_the_reason(review_required, coordinator):
    listing = ListingFactory()
    submit_listing(listing=listing, by=listing.owner)

    with pytest.raises(ValidationError):
        reject_listing(listing=listing, by=coordinator, reason="  ")
    reject_listing(listing=listing, by=coordinator, reason="電話番号は本文に書かないでください。")

    listing.refresh_from_db()
    assert listing.status == Status.DRAFT
    assert listing.review_note == "電話番号は本文に書かないでください。"
    resubmitted = submit_listing(listing=listing, by=listing.owner)
    assert resubmitted.status == Status.PENDING


def test_residents_cannot_review(review_required, other_resident):
    listing = ListingFactory()
    submit_listing(listing=listing, by=listing.owner)
    with pytest.raises(PermissionDenied):
        approve_listing(listing=listing, by=listing.owner)
    with pytest.raises(PermissionDenied):
        reject_listing(listing=listing, by=other_resident, reason="no")
    assert Listing.objects.get().status == Status.PENDING


def test_another_resident_cannot_submit_close_or_renew(other_resident):
    listing = ListingFactory()
    with pytest.raises(PermissionDenied):
        submit_listing(listing=listing, by=other_resident)
    submit_listing(listing=listing, by=listing.owner)
    with pytest.raises(PermissionDenied):
        close_listing(listing=listing, by=other_resident, reason="withdrawn")
    with pytest.raises(PermissionDenied):
        renew_listing(listing=listing, by=other_resident)
    with pytest.raises(PermissionDenied):
        moderate_listing(listing=listing, by=other_resident, hidden=True, featured=False)
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED and not listing.hidden


def test_owner_closes_as_fulfilled_and_only_with_a_known_reason():
    listing = ListingFactory()
    submit_listing(listing=listing, by=listing.owner)

    with pytest.raises(ValidationError):
        close_listing(listing=listing, by=listing.owner, reason="bored")
    close_listing(listing=listing, by=listing.owner, reason="fulfilled")

    listing.refresh_from_db()
    assert (listing.status, listing.closed_reason) == (Status.CLOSED, "fulfilled")
    assert not listing.is_public
    with pytest.raises(ValidationError):
        renew_listing(listing=listing, by=listing.owner)


def test_expired_listings_leave_the_public_list_and_renew_in_one_step():
    listing = ListingFactory()
    submit_listing(listing=listing, by=listing.owner)
    later = listing.expires_at + datetime.timedelta(minutes=1)

    assert expire_listings(now=later) == 1

    listing.refresh_from_db()
    assert listing.status == Status.EXPIRED
    assert not Listing.objects.published().exists()
    renew_listing(listing=listing, by=listing.owner)
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert listing.expires_at > timezone.now() + datetime.timedelta(days=59)


def test_a_listing_past_its_expiry_is_not_public_even_before_the_expiry_run():
    listing = ListingFactory()
    submit_listing(listing=listing, by=listing.owner)
    Listing.objects.filter(pk=listing.pk).update(expires_at=timezone.now())
    assert not Listing.objects.published().exists()


def test_hidden_listings_are_seen_only_by_their_owner_and_coordinators(coordinator, other_resident):
    from django.contrib.auth.models import AnonymousUser

    listing = ListingFactory()
    submit_listing(listing=listing, by=listing.owner)
    moderate_listing(listing=listing, by=coordinator, hidden=True, featured=False)

    assert not Listing.objects.visible_to(AnonymousUser()).exists()
    assert not Listing.objects.visible_to(other_resident).exists()
    assert Listing.objects.visible_to(listing.owner).get() == listing
    assert Listing.objects.visible_to(coordinator).get() == listing


def test_drafts_are_seen_only_by_their_owner_and_coordinators(coordinator, other_resident):
    listing = ListingFactory()
    assert not Listing.objects.visible_to(other_resident).exists()
    assert Listing.objects.visible_to(listing.owner).exists()
    assert Listing.objects.visible_to(coordinator).exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"terms": "fee", "fee_amount": None},
        {"terms": "free", "fee_amount": 500},
        {"status": "closed", "closed_reason": ""},
        {"status": "published", "closed_reason": "fulfilled"},
        {"latitude": 35.0, "longitude": None},
        {"latitude": 95.0, "longitude": 136.9},
    ],
)
def test_the_database_refuses_inconsistent_listings(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ListingFactory(**fields)


def test_clean_explains_a_missing_fee_next_to_the_field():
    listing = ListingFactory.build(terms="fee", fee_amount=None)
    with pytest.raises(ValidationError) as error:
        listing.clean()
    assert "fee_amount" in error.value.message_dict


# Editing: a resident's edit of a published listing is checked again when review is required.


def edit(listing, by, **changes):
    for name, value in changes.items():
        setattr(listing, name, value)
    return update_listing(listing=listing, by=by, fields=list(changes))


def test_with_review_required_a_residents_edit_sends_the_listing_back_to_review(
    review_required, coordinator
):
    listing = ListingFactory()
    submit_listing(listing=listing, by=listing.owner)
    approve_listing(listing=listing, by=coordinator)

    edit(listing, listing.owner, title="電話番号はこちら 090-0000-0000")

    listing.refresh_from_db()
    assert listing.title == "電話番号はこちら 090-0000-0000"
    assert listing.status == Status.PENDING
    assert not Listing.objects.published().exists()
    assert actions_logged(listing)[-2:] == ["wagtail.edit", "yui.listing.submit"]

    approve_listing(listing=listing, by=coordinator)
    assert Listing.objects.published().get() == listing


def test_a_coordinators_edit_and_an_edit_without_review_keep_it_published(
    review_required, coordinator
):
    listing = ListingFactory()
    submit_listing(listing=listing, by=listing.owner)
    approve_listing(listing=listing, by=coordinator)

    edit(listing, coordinator, title="直しました")
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert actions_logged(listing)[-1] == "wagtail.edit"

    review_required.require_review = False
    review_required.save()
    edit(listing, listing.owner, title="もう一度直しました")
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED


def test_editing_a_draft_or_a_pending_listing_does_not_change_its_status(review_required):
    draft = ListingFactory()
    edit(draft, draft.owner, title="下書き")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT

    pending = ListingFactory()
    submit_listing(listing=pending, by=pending.owner)
    pending.refresh_from_db()
    edit(pending, pending.owner, title="確認待ち")
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_an_edit_writes_only_its_fields_and_keeps_a_status_change_made_meanwhile(coordinator):
    listing = ListingFactory()
    stale = Listing.objects.get(pk=listing.pk)
    submit_listing(listing=listing, by=listing.owner)

    edit(stale, stale.owner, title="古い画面から")

    listing.refresh_from_db()
    assert listing.title == "古い画面から"
    assert listing.status == Status.PUBLISHED


def test_another_resident_cannot_edit(other_resident):
    listing = ListingFactory(title="元のタイトル")

    with pytest.raises(PermissionDenied):
        edit(listing, other_resident, title="乗っ取り")

    listing.refresh_from_db()
    assert listing.title == "元のタイトル"


def test_the_edit_page_says_the_change_goes_back_to_review(client, review_required, coordinator):
    listing = ListingFactory(category=Category.objects.get(slug="digital"))
    submit_listing(listing=listing, by=listing.owner)
    approve_listing(listing=listing, by=coordinator)
    client.force_login(listing.owner)
    edit_url = f"/en/listings/{listing.pk}/edit/"
    assert "The coordinators check changes before the listing is shown again." in (
        client.get(edit_url).content.decode()
    )

    response = client.post(
        edit_url,
        listing_form(Category.objects.get(slug="digital"), title="新しいタイトル", action="save"),
        follow=True,
    )

    listing.refresh_from_db()
    assert listing.status == Status.PENDING
    assert "The coordinators will check them before “新しいタイトル” is shown again." in (
        response.content.decode()
    )
