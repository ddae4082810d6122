"""The daily digest (``manage.py send_match_digests``): one e-mail per resident who chose it,
with the alerts not yet e-mailed; running it again sends nothing new."""

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import EmailFrequency
from listings.services import close_listing, submit_listing
from matching.models import MatchAlert
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db


def publish(**fields):
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def phone_help(direction, **fields):
    return publish(
        **{
            "direction": direction,
            "title": "スマホとLINEの使い方"
            + ("を教えてほしい" if direction == "request" else "を教えます"),
            "description": "LINEの登録や写真の送り方など、スマホの使い方。",
            "tags": ["スマホ", "LINE"],
            "area": "城東",
            **fields,
        }
    )


def resident(frequency, language="en"):
    return UserFactory(
        profile__display_name="Minh", profile__email_on_match=frequency, profile__language=language
    )


def digest() -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_match_digests", stdout=out)
    return out.getvalue()


@pytest.fixture
def alerted(django_capture_on_commit_callbacks):
    """A daily-digest resident's request, then two offers that answer it; an immediate and a
    never resident with requests too."""
    daily = resident(EmailFrequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        request = phone_help("request", owner=daily)
        phone_help("request", owner=resident(EmailFrequency.NEVER))
        phone_help("request", owner=resident(EmailFrequency.IMMEDIATELY))
    with django_capture_on_commit_callbacks(execute=True):
        first = phone_help("offer")
        second = phone_help("offer", title="スマホ相談会 LINEの使い方", area="本町")
    mail.outbox.clear()  # the immediate resident's e-mails
    return daily, request, [first, second]


def test_the_digest_lists_the_days_alerts_in_one_email(alerted):
    daily, request, offers = alerted
    assert MatchAlert.objects.filter(recipient=daily, emailed_at__isnull=True).count() == 2

    assert "Match digests queued: 1" in digest()

    (message,) = mail.outbox
    assert message.to == [daily.email]
    assert "2" in message.subject
    for offer in offers:
        assert offer.title in message.body
        assert f"/en/listings/{offer.pk}/" in message.body
    assert request.title in message.body
    assert "/en/matching/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not MatchAlert.objects.filter(recipient=daily, emailed_at__isnull=True).exists()


def test_running_it_twice_sends_nothing_new(alerted, django_capture_on_commit_callbacks):
    daily, _request, _offers = alerted
    digest()
    assert "Match digests queued: 0" in digest()
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        third = phone_help("offer", title="LINEとスマホ 教えます", area="駅前")
    mail.outbox.clear()  # the immediate resident's e-mail about it
    digest()

    (message,) = mail.outbox
    assert message.to == [daily.email]
    assert third.title in message.body
    assert "スマホ相談会" not in message.body


def test_never_and_immediate_residents_get_no_digest(alerted):
    digest()
    assert [message.to for message in mail.outbox] == [[alerted[0].email]]
    # The immediate resident's alerts were e-mailed at once; the never one's never are.
    never = MatchAlert.objects.filter(recipient__profile__email_on_match=EmailFrequency.NEVER)
    assert never.exists() and not never.filter(emailed_at__isnull=False).exists()


def test_listings_no_longer_public_are_left_out(alerted):
    daily, _request, (first, second) = alerted
    close_listing(listing=first, by=first.owner, reason="fulfilled")

    digest()

    (message,) = mail.outbox
    assert second.title in message.body
    assert first.title not in message.body


def test_the_digest_is_in_the_recipients_language(alerted):
    daily, _request, offers = alerted
    daily.profile.language = "ja"
    daily.profile.save()

    digest()

    (message,) = mail.outbox
    assert f"/ja/listings/{offers[0].pk}/" in message.body
    assert "/ja/matching/unsubscribe/" in message.body
