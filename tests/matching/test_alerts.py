"""Match alerts: publishing a listing tells the residents whose open listing it answers, once,
in the app and by e-mail as they chose; never its own owner."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import EmailFrequency, Notification, NotificationKind
from listings.models import Category
from listings.services import close_listing, renew_listing, submit_listing
from matching.alerts import ALERT_MIN_SCORE, send_match_alerts
from matching.models import MatchAlert
from matching.saved_searches import save_search
from messaging.models import Block
from tests.factories import ListingFactory, ProxyResidentFactory, UserFactory

pytestmark = pytest.mark.django_db


def publish(listing, *, by=None):
    return submit_listing(listing=listing, by=by or listing.owner)


def phone_help_request(**fields):
    """An open request for smartphone help, as an elderly resident writes it."""
    return ListingFactory(
        **{
            "direction": "request",
            "title": "スマホでLINEの使い方を教えてほしい",
            "description": "孫と写真を送りあいたいのですが、LINEの使い方がわかりません。",
            "tags": ["スマホ", "LINE"],
            "area": "城東",
            **fields,
        }
    )


def phone_help_offer(**fields):
    return ListingFactory(
        **{
            "direction": "offer",
            "title": "スマホとLINEの使い方を教えます",
            "description": "LINEの登録や写真の送り方など、ゆっくりお教えします。",
            "tags": ["スマホ", "LINE"],
            "area": "城東",
            **fields,
        }
    )


def resident_who_wants(frequency, language="en"):
    return UserFactory(
        profile__display_name="はなこ",
        profile__email_on_match=frequency,
        profile__language=language,
    )


@pytest.fixture
def waiting(django_capture_on_commit_callbacks):
    """A resident's open request for smartphone help, published before any offer."""
    with django_capture_on_commit_callbacks(execute=True):
        request = publish(phone_help_request(owner=resident_who_wants(EmailFrequency.IMMEDIATELY)))
    mail.outbox.clear()
    return request


def test_publishing_an_answer_notifies_and_emails_the_owner_of_the_request(
    waiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = publish(phone_help_offer())

    alert = MatchAlert.objects.get()
    assert (alert.recipient, alert.listing, alert.for_listing) == (waiting.owner, offer, waiting)
    assert alert.score >= ALERT_MIN_SCORE
    assert alert.emailed_at is not None

    notification = Notification.objects.get()
    assert notification.recipient == waiting.owner
    assert notification.kind == NotificationKind.MATCH
    assert (notification.listing, notification.about_listing) == (offer, waiting)
    assert notification.read_at is None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [waiting.owner.email]
    assert offer.title in message.subject
    assert f"/en/listings/{offer.pk}/" in message.body
    assert waiting.title in message.body
    assert "/en/matching/unsubscribe/" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/en/matching/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_email_is_in_the_recipients_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = publish(
            phone_help_request(owner=resident_who_wants(EmailFrequency.IMMEDIATELY, "ja"))
        )
    with django_capture_on_commit_callbacks(execute=True):
        offer = publish(phone_help_offer())

    (message,) = mail.outbox
    assert f"/ja/listings/{offer.pk}/" in message.body
    assert "/ja/matching/unsubscribe/" in message.body
    assert request.title in message.body


def test_daily_and_never_get_the_notification_but_no_email_now(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        daily = publish(phone_help_request(owner=resident_who_wants(EmailFrequency.DAILY)))
        never = publish(
            phone_help_request(owner=resident_who_wants(EmailFrequency.NEVER), area="本町")
        )
    with django_capture_on_commit_callbacks(execute=True):
        publish(phone_help_offer(owner=resident_who_wants(EmailFrequency.NEVER)))

    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        daily.owner_id,
        never.owner_id,
    }
    assert mail.outbox == []
    assert not MatchAlert.objects.filter(emailed_at__isnull=False).exists()


def test_a_second_run_over_the_same_listings_sends_nothing(
    waiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = publish(phone_help_offer())
    assert (MatchAlert.objects.count(), Notification.objects.count(), len(mail.outbox)) == (1, 1, 1)

    with django_capture_on_commit_callbacks(execute=True):
        again = send_match_alerts(listing_ids=[offer.pk])
        renew_listing(listing=offer, by=offer.owner)  # published again: the signal is sent again

    assert (again.alerts, again.emails_queued) == (0, 0)
    assert (MatchAlert.objects.count(), Notification.objects.count(), len(mail.outbox)) == (1, 1, 1)


def test_the_owner_of_the_new_listing_is_not_alerted(django_capture_on_commit_callbacks):
    """Someone who both asks and offers is not told about their own offer, even by a saved
    search that it matches."""
    someone = resident_who_wants(EmailFrequency.IMMEDIATELY)
    save_search(user=someone, params={"q": "スマホ"})
    with django_capture_on_commit_callbacks(execute=True):
        publish(phone_help_request(owner=someone))
    with django_capture_on_commit_callbacks(execute=True):
        publish(phone_help_offer(owner=someone))

    assert not MatchAlert.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_proxy_residents_listing_alerts_their_contact_coordinator(
    django_capture_on_commit_callbacks,
):
    proxy = ProxyResidentFactory()
    coordinator = proxy.coordinator
    coordinator.profile.email_on_match = EmailFrequency.IMMEDIATELY
    coordinator.profile.language = "en"
    coordinator.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        request = publish(
            phone_help_request(owner=None, proxy_owner=proxy, posted_by=coordinator),
            by=coordinator,
        )
    with django_capture_on_commit_callbacks(execute=True):
        offer = publish(phone_help_offer())

    alert = MatchAlert.objects.get()
    assert (alert.recipient, alert.listing, alert.for_listing) == (coordinator, offer, request)
    notification = Notification.objects.get()
    assert (notification.recipient, notification.about_listing) == (coordinator, request)
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    assert proxy.name in message.body


def test_a_proxy_residents_new_listing_does_not_alert_their_own_coordinator(
    django_capture_on_commit_callbacks,
):
    """The coordinator who answers for the new listing is its owner for alerts, even about
    another of their proxy residents' listings (they find those with "find matches")."""
    first = ProxyResidentFactory()
    second = ProxyResidentFactory(coordinator=first.coordinator)
    coordinator = first.coordinator
    with django_capture_on_commit_callbacks(execute=True):
        publish(
            phone_help_request(owner=None, proxy_owner=first, posted_by=coordinator),
            by=coordinator,
        )
        publish(
            phone_help_offer(owner=None, proxy_owner=second, posted_by=coordinator),
            by=coordinator,
        )

    assert not MatchAlert.objects.exists()


def test_listings_without_owner_or_proxy_alert_nobody(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(phone_help_request(owner=None, posted_by=coordinator), by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        publish(phone_help_offer())

    assert not MatchAlert.objects.exists()


def test_closed_requests_and_unrelated_listings_are_not_alerted(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        closed = publish(phone_help_request(owner=resident_who_wants(EmailFrequency.IMMEDIATELY)))
        close_listing(listing=closed, by=closed.owner, reason="fulfilled")
        publish(
            ListingFactory(
                direction="request",
                kind="item",
                title="子ども用の自転車を探しています",
                description="小学生の娘が乗れる自転車を譲っていただけませんか。",
                category=Category.objects.get(slug="goods-children"),
                owner=resident_who_wants(EmailFrequency.IMMEDIATELY),
            )
        )
    with django_capture_on_commit_callbacks(execute=True):
        publish(phone_help_offer())

    assert not MatchAlert.objects.exists()
    assert mail.outbox == []


def test_an_inactive_account_is_not_alerted(waiting, django_capture_on_commit_callbacks):
    waiting.owner.is_active = False
    waiting.owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(phone_help_offer())

    assert not MatchAlert.objects.exists()


def test_a_rolled_back_publication_alerts_nobody(waiting, django_capture_on_commit_callbacks):
    offer = phone_help_offer()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(offer)
    # The run is queued for after the commit, not done inside the transaction.
    assert callbacks
    assert not MatchAlert.objects.exists()


def test_a_new_request_alerts_the_owners_of_matching_offers(django_capture_on_commit_callbacks):
    """Both ways: a request published after the offer tells the offer's owner."""
    with django_capture_on_commit_callbacks(execute=True):
        offer = publish(phone_help_offer(owner=resident_who_wants(EmailFrequency.DAILY)))
    with django_capture_on_commit_callbacks(execute=True):
        request = publish(phone_help_request())

    alert = MatchAlert.objects.get()
    assert (alert.recipient, alert.listing, alert.for_listing) == (offer.owner, request, offer)


def test_a_run_long_after_still_alerts_nobody_twice(waiting, django_capture_on_commit_callbacks):
    """Past the re-run window the listing is matched again, and the stored alerts still
    keep each resident from being told twice."""
    with django_capture_on_commit_callbacks(execute=True):
        offer = publish(phone_help_offer())
    MatchAlert.objects.update(created_at=timezone.now() - datetime.timedelta(days=3))

    with django_capture_on_commit_callbacks(execute=True):
        again = send_match_alerts(listing_ids=[offer.pk])

    assert again.alerts == 0
    assert (MatchAlert.objects.count(), Notification.objects.count(), len(mail.outbox)) == (1, 1, 1)


def test_nobody_is_alerted_about_a_listing_of_someone_they_blocked_or_who_blocked_them(
    waiting, django_capture_on_commit_callbacks
):
    blocked_neighbour, blocking_neighbour = UserFactory(), UserFactory()
    Block.objects.create(blocker=waiting.owner, blocked=blocked_neighbour)
    Block.objects.create(blocker=blocking_neighbour, blocked=waiting.owner)

    with django_capture_on_commit_callbacks(execute=True):
        publish(phone_help_offer(owner=blocked_neighbour))
        publish(phone_help_offer(owner=blocking_neighbour))
        allowed = publish(phone_help_offer())

    assert list(MatchAlert.objects.values_list("recipient", "listing")) == [
        (waiting.owner_id, allowed.pk)
    ]
