"""A conversation's page: members only, messages oldest to newest, a form that works without
JavaScript (POST, then back to the page), marked read when opened, and the markup the
realtime script relies on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging import services
from messaging.models import MAX_MESSAGE_LENGTH, Membership, Message
from tests.accounts.markup import field_errors, parse
from tests.factories import UserFactory
from tests.messaging.test_start_conversation import (
    conversation_about,
    proxy_listing,
    published,
    typed_message,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(resident, other_resident):
    return conversation_about(published(owner=other_resident), resident)


def send(user, conversation, body="こんにちは"):
    return services.send_message(sender=user, conversation_id=conversation.pk, body=body)


def test_members_see_the_messages_oldest_first_with_sender_and_time(
    client, resident, other_resident, conversation
):
    send(resident, conversation, "Hello, is the lesson still on?")
    send(other_resident, conversation, "Yes!\nSee https://example.org/map.")
    client.force_login(resident)

    response = client.get(url("conversation", conversation.pk))

    assert response.status_code == 200
    page = parse(response)
    items = page.select("ol[data-messages] > li[data-seq]")
    assert [item["data-seq"] for item in items] == ["1", "2"]
    assert items[0]["data-sender"] == str(resident.pk)
    assert items[1]["data-message"] == str(Message.objects.get(seq=2).pk)
    assert "You" in items[0].select_one(".message-item__sender").text
    assert items[1].select_one(".message-item__sender").text.strip() == "Minh"
    assert items[1].find("time")["datetime"]
    body = items[1].select_one(".message-item__body")
    assert "Yes!<br/>See" in str(body) or "Yes!<br>See" in str(body)
    link = body.find("a")
    assert link["href"] == "https://example.org/map"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]


def test_the_page_carries_the_data_the_realtime_script_needs(
    client, resident, other_resident, conversation
):
    send(resident, conversation)
    send(other_resident, conversation)
    services.mark_read(user=other_resident, conversation_id=conversation.pk, seq=2)
    client.force_login(resident)

    page = parse(client.get(url("conversation", conversation.pk)))

    section = page.select_one("section[data-conversation]")
    assert section["data-conversation"] == str(conversation.pk)
    assert section["data-last-seq"] == "2"
    assert section["data-user"] == str(resident.pk)
    assert section["data-read-seq-others"] == "2"
    form = section.select_one("form[data-message-form]")
    assert form["method"] == "post" and form["enctype"] == "multipart/form-data"
    assert form.find("textarea", attrs={"name": "body"})
    assert section.select_one("[data-typing]") is not None
    assert section.select_one("[data-connection]") is not None
    assert page.find("script", src="/static/js/messaging.js").has_attr("defer")


def test_every_input_has_a_label_and_the_page_has_headings(client, resident, conversation):
    client.force_login(resident)
    page = parse(client.get(url("conversation", conversation.pk)))
    assert page.h1 and page.find_all("h2")
    for control in page.select("main textarea, main input:not([type=hidden])"):
        assert page.find("label", attrs={"for": control["id"]}), control


def test_posting_sends_the_message_and_comes_back_to_the_page_showing_it(
    client, resident, conversation
):
    client.force_login(resident)

    response = client.post(url("conversation", conversation.pk), {"body": "火曜日はどうですか"})

    message = Message.objects.get()
    assert (message.sender, message.body, message.seq) == (resident, "火曜日はどうですか", 1)
    assert response.status_code == 302
    assert response["Location"] == url("conversation", conversation.pk) + "#message-1"
    page = parse(client.get(response["Location"]))
    assert "火曜日はどうですか" in page.select_one("li[data-seq='1']").text


def test_a_too_long_message_keeps_the_text_and_shows_the_error_next_to_the_field(
    client, resident, conversation
):
    client.force_login(resident)
    text = "あ" * (MAX_MESSAGE_LENGTH + 1)

    response = client.post(url("conversation", conversation.pk), {"body": text})

    assert response.status_code == 200
    assert not Message.objects.exists()
    assert typed_message(response) == text
    [error] = field_errors(response, "body")
    assert "at most 4000 characters" in error


def test_an_empty_message_is_refused_next_to_the_field(client, resident, conversation):
    client.force_login(resident)
    response = client.post(url("conversation", conversation.pk), {"body": "   "})
    assert field_errors(response, "body") == ["Write a message or add a photo."]
    assert not Message.objects.exists()


# Committed for real: the cached total is dropped when the read is committed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_opening_the_page_marks_it_read_and_the_header_shows_the_total(
    client, resident, other_resident, conversation
):
    send(other_resident, conversation, "one")
    send(other_resident, conversation, "two")
    client.force_login(resident)
    inbox = parse(client.get(url("inbox")))
    assert inbox.select_one("[data-messaging-unread]").text == "2"

    page = parse(client.get(url("conversation", conversation.pk)))

    membership = Membership.objects.get(conversation=conversation, user=resident)
    assert membership.last_read_seq == 2
    assert page.select_one("[data-messaging-unread]").text == ""
    assert services.unread_counts(resident) == {}


def test_the_last_100_messages_are_shown_with_a_link_to_older_ones(
    client, settings, resident, other_resident, conversation
):
    settings.DEBUG = False
    for number in range(1, 106):
        Message.objects.create(
            conversation=conversation, seq=number, sender=other_resident, body=f"m{number}"
        )
    conversation.last_seq = 105
    conversation.save(update_fields=["last_seq"])
    client.force_login(resident)

    page = parse(client.get(url("conversation", conversation.pk)))
    seqs = [int(item["data-seq"]) for item in page.select("li[data-seq]")]
    assert seqs == list(range(6, 106))
    older = page.select_one(".conversation__older a")
    assert older["href"] == "?before=6"

    older_page = parse(client.get(url("conversation", conversation.pk) + "?before=6"))
    assert [int(item["data-seq"]) for item in older_page.select("li[data-seq]")] == [1, 2, 3, 4, 5]


def test_the_page_makes_a_constant_number_of_queries(
    client, resident, other_resident, conversation
):
    client.force_login(resident)
    send(other_resident, conversation, "first")
    client.get(url("conversation", conversation.pk))
    with CaptureQueriesContext(connection) as few:
        client.get(url("conversation", conversation.pk))
    limit = len(few)  # read now: the next request empties the connection's query log
    for number in range(30):
        send(other_resident if number % 2 else resident, conversation, f"message {number}")
    services.mark_read(user=resident, conversation_id=conversation.pk, seq=31)
    client.get(url("conversation", conversation.pk))  # the header's total, forgotten by them
    with CaptureQueriesContext(connection) as many:
        client.get(url("conversation", conversation.pk))
    assert len(many) == limit


def test_a_coordinator_answering_for_a_resident_is_marked_so(client, resident, coordinator):
    listing = proxy_listing(coordinator)
    conversation = conversation_about(listing, resident)
    send(coordinator, conversation, "公民館で受け取れます")
    client.force_login(resident)

    page = parse(client.get(url("conversation", conversation.pk)))

    item = page.select_one("li[data-seq='1']")
    assert "for the resident" in item.select_one(".message-item__for-resident").text
    assert page.select_one("[data-proxy-conversation]")
    assert listing.proxy_owner.name not in page.text

    client.force_login(coordinator)
    page = parse(client.get(url("conversation", conversation.pk)))
    assert listing.proxy_owner.name in page.select_one("[data-answering-for]").text


def test_own_recent_messages_have_edit_and_delete_others_have_report(
    client, resident, other_resident, conversation
):
    mine = send(resident, conversation, "mine")
    theirs = send(other_resident, conversation, "theirs")
    client.force_login(resident)

    page = parse(client.get(url("conversation", conversation.pk)))

    own = page.select_one(f"li[data-message='{mine.pk}']")
    assert own.find("form", action=url("edit_message", conversation.pk, mine.pk))
    assert own.find("form", action=url("delete_message", conversation.pk, mine.pk))
    other = page.select_one(f"li[data-message='{theirs.pk}']")
    assert other.find("form") is None
    assert other.find("a", href=url("report", conversation.pk) + f"?message={theirs.pk}")


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_not_in_the_conversation_gets_404(client, conversation, method):
    send(conversation.memberships.first().user, conversation, "private")
    client.force_login(UserFactory())

    response = getattr(client, method)(url("conversation", conversation.pk), {"body": "hi"})

    assert response.status_code == 404
    assert Message.objects.count() == 1


def test_visitors_are_sent_to_log_in(client, conversation):
    response = client.get(url("conversation", conversation.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
