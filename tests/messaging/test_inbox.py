"""The inbox: conversations newest activity first, with the listing, the other person (or the
group's name), the last message masked and shortened, and the unread count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from messaging import services
from messaging.views import CONVERSATIONS_PER_PAGE
from tests.accounts.markup import parse
from tests.factories import UserFactory
from tests.messaging.test_start_conversation import conversation_about, published, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _resident_of_long_standing(resident):
    """Past the new accounts' limit of conversations a day."""
    resident.date_joined = timezone.now() - datetime.timedelta(days=30)
    resident.save(update_fields=["date_joined"])


def rows(response):
    return parse(response).select("[data-conversation-list] > li")


def test_conversations_are_listed_newest_activity_first_with_what_matters(
    client, resident, other_resident, coordinator
):
    ladder = published(owner=other_resident, title="Lend a ladder")
    bag = published(owner=other_resident, title="School bag")
    older = conversation_about(ladder, resident)
    newer = conversation_about(bag, resident)
    group = services.create_group(by=coordinator, title="日本語教室", members=[resident])
    services.send_message(sender=other_resident, conversation_id=older.pk, body="ladder?")
    services.send_message(sender=resident, conversation_id=newer.pk, body="The bag, please")
    services.send_message(sender=other_resident, conversation_id=newer.pk, body="x" * 200)
    services.send_message(
        sender=other_resident, conversation_id=older.pk, body="Call 090-1234-5678"
    )
    client.force_login(resident)

    items = rows(client.get(url("inbox")))

    assert [item["data-conversation-item"] for item in items] == [
        str(older.pk),
        str(newer.pk),
        str(group.pk),
    ]
    first, second, third = items
    assert first.find("a", href=url("conversation", older.pk))
    assert "Minh" in first.select_one(".conversation-list__title").text
    assert "Lend a ladder" in first.text
    assert first.find("a", href=f"/en/listings/{ladder.pk}/")
    preview = first.select_one("[data-last-message]").text
    assert "090-****-**78" in preview and "1234" not in preview
    assert first.select_one("[data-unread-count]").text.strip() == "2 unread"
    assert len(second.select_one("[data-last-message]").text) <= 80
    assert second.select_one("[data-unread-count]").text.strip() == "1 unread"
    assert "日本語教室" in third.select_one(".conversation-list__title").text
    assert third.select_one("[data-unread-count]") is None


def test_own_last_message_is_marked_and_deleted_ones_are_not_shown(
    client, resident, other_resident
):
    conversation = conversation_about(published(owner=other_resident), resident)
    message = services.send_message(sender=resident, conversation_id=conversation.pk, body="hi")
    client.force_login(resident)
    assert rows(client.get(url("inbox")))[0].select_one("[data-last-message]").text == "You: hi"
    services.delete_message(user=resident, message_id=message.pk)
    preview = rows(client.get(url("inbox")))[0].select_one("[data-last-message]").text
    assert preview == "You: Message deleted"


def test_the_inbox_makes_a_constant_number_of_queries(
    client, resident, other_resident, django_assert_max_num_queries
):
    def add_conversations(count):
        for _ in range(count):
            conversation = conversation_about(published(owner=UserFactory()), resident)
            services.send_message(
                sender=conversation.memberships.exclude(user=resident).get().user,
                conversation_id=conversation.pk,
                body="hello 090-1111-2222",
            )

    client.force_login(resident)
    add_conversations(2)
    client.get(url("inbox"))
    with CaptureQueriesContext(connection) as few:
        client.get(url("inbox"))
    limit = len(few)  # read now: the next request empties the connection's query log
    add_conversations(12)
    client.get(url("inbox"))  # the header's unread total, forgotten by the new messages
    with django_assert_max_num_queries(limit):
        response = client.get(url("inbox"))
    assert len(rows(response)) == 14


def test_the_inbox_is_paginated(client, resident):
    for _ in range(CONVERSATIONS_PER_PAGE + 1):
        conversation_about(published(owner=UserFactory()), resident)
    client.force_login(resident)

    first = client.get(url("inbox"))
    assert len(rows(first)) == CONVERSATIONS_PER_PAGE
    assert parse(first).select_one(".pagination a[rel=next]")["href"] == "?page=2"
    assert len(rows(client.get(url("inbox") + "?page=2"))) == 1


def test_a_group_left_is_no_longer_listed_and_others_see_nothing_of_mine(
    client, resident, coordinator
):
    group = services.create_group(by=coordinator, title="Circle", members=[resident])
    services.leave_conversation(user=resident, conversation_id=group.pk)
    client.force_login(resident)
    assert rows(client.get(url("inbox"))) == []
    client.force_login(UserFactory())
    assert rows(client.get(url("inbox"))) == []


def test_the_header_links_to_the_inbox_with_the_unread_total_on_every_page(
    client, resident, other_resident
):
    conversation = conversation_about(published(owner=other_resident), resident)
    services.send_message(sender=other_resident, conversation_id=conversation.pk, body="hi")
    client.force_login(resident)

    page = parse(client.get("/en/listings/"))

    link = page.select_one(".site-header a[href='/en/messages/']")
    assert "Messages" in link.text
    assert link.select_one("[data-messaging-unread]").text == "1"


def test_visitors_are_sent_to_log_in(client):
    response = client.get(url("inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
