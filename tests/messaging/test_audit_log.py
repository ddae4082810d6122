"""Every staff view of a reported conversation is written to Wagtail's audit log."""

import pytest
from django.utils import translation
from wagtail.models import ModelLogEntry

from listings.services import submit_listing
from messaging import services
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db
QUEUE = "/admin/messaging/reports/"
STAFF_VIEW = "yui.conversation.staff_view"


def conversation_between(first, second):
    listing = ListingFactory(owner=second)
    submit_listing(listing=listing, by=second)
    return services.start_conversation(listing=listing, by=first)


def test_each_view_of_the_queue_logs_each_conversation_shown(client, coordinator, resident):
    one = conversation_between(resident, UserFactory())
    two = conversation_between(resident, UserFactory())
    message = services.send_message(sender=resident, conversation_id=one.pk, body="こんにちは")
    first = services.report(
        reporter=resident, conversation_id=one.pk, reason="spam", message_id=message.pk
    )
    second = services.report(reporter=resident, conversation_id=one.pk, reason="other")
    third = services.report(reporter=resident, conversation_id=two.pk, reason="scam")
    client.force_login(coordinator)

    client.get(QUEUE)
    client.get(QUEUE)

    entries = ModelLogEntry.objects.filter(action=STAFF_VIEW).order_by("pk")
    assert [(e.object_id, e.user_id) for e in entries] == [
        (str(one.pk), coordinator.pk),
        (str(two.pk), coordinator.pk),
    ] * 2
    assert entries[0].data == {"reports": [first.pk, second.pk], "messages": [1]}
    assert entries[1].data == {"reports": [third.pk], "messages": []}


def test_an_empty_queue_logs_nothing(client, coordinator):
    client.force_login(coordinator)
    client.get(QUEUE)
    assert not ModelLogEntry.objects.filter(action=STAFF_VIEW).exists()


def test_the_staff_view_is_labelled_in_the_audit_log(client, coordinator, resident):
    conversation = conversation_between(resident, UserFactory())
    services.report(reporter=resident, conversation_id=conversation.pk, reason="spam")
    client.force_login(coordinator)
    client.get(QUEUE)

    entry = ModelLogEntry.objects.get(action=STAFF_VIEW)

    with translation.override("en"):
        assert str(entry.message) == "Reported messages viewed by staff"
    with translation.override("ja"):
        assert str(entry.message) == "職員が通報されたメッセージを閲覧しました"
