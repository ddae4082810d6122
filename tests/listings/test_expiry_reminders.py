"""Owners are reminded once, a week before their listing expires, and a renewal resets that."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from listings.models import Listing, Status
from listings.services import renew_listing, send_expiry_reminders, submit_listing
from tests.factories import ListingFactory, ProxyResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    listing = ListingFactory(title="子ども用の絵本を譲ります")
    listing.owner.profile.language = "ja"
    listing.owner.profile.save()
    return submit_listing(listing=listing, by=listing.owner)


def test_owner_is_reminded_once_within_the_reminder_window(
    published, django_capture_on_commit_callbacks
):
    eight_days_before = published.expires_at - datetime.timedelta(days=8)
    six_days_before = published.expires_at - datetime.timedelta(days=6)

    assert send_expiry_reminders(now=eight_days_before) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_reminders(now=six_days_before) == 1
        assert send_expiry_reminders(now=six_days_before) == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [published.owner.email]
    assert "子ども用の絵本を譲ります" in message.subject
    assert "/ja/listings/mine/" in message.body
    assert "更新" in message.body or "延長" in message.body


def test_renewing_resets_the_reminder(published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_expiry_reminders(now=published.expires_at - datetime.timedelta(days=1))
    renew_listing(listing=published, by=published.owner)
    published.refresh_from_db()
    assert published.reminder_sent_at is None
    later = published.expires_at - datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_reminders(now=later) == 1
    assert len(mail.outbox) == 2


def test_listings_without_an_owner_are_not_reminded(coordinator):
    listing = ListingFactory(owner=None, posted_by=coordinator)
    submit_listing(listing=listing, by=coordinator)
    assert send_expiry_reminders(now=listing.expires_at - datetime.timedelta(days=1)) == 0


def test_a_proxy_residents_listing_reminds_their_contact_coordinator(
    django_capture_on_commit_callbacks,
):
    proxy = ProxyResidentFactory(name="山田 トメ")
    listing = ListingFactory(owner=None, proxy_owner=proxy, posted_by=proxy.coordinator)
    submit_listing(listing=listing, by=proxy.coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_reminders(now=listing.expires_at - datetime.timedelta(days=1)) == 1

    (message,) = mail.outbox
    assert message.to == [proxy.coordinator.email]
    assert "山田 トメ" in message.body
    assert f"/listings/{listing.pk}/" in message.body


def test_the_daily_command_expires_and_reminds(published, django_capture_on_commit_callbacks):
    overdue = ListingFactory()
    submit_listing(listing=overdue, by=overdue.owner)
    Listing.objects.filter(pk=overdue.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    Listing.objects.filter(pk=published.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=3)
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_listings", stdout=None)

    assert Listing.objects.get(pk=overdue.pk).status == Status.EXPIRED
    assert Listing.objects.get(pk=published.pk).reminder_sent_at is not None
    assert [message.to for message in mail.outbox] == [[published.owner.email]]
