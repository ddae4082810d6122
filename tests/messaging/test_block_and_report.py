"""Blocking a person and reporting a conversation or a message, through the pages."""

import pytest

from messaging import services
from messaging.models import Block, Message, MessageReport
from tests.accounts.markup import field_errors, parse
from tests.factories import UserFactory
from tests.messaging.test_start_conversation import conversation_about, published, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(resident, other_resident):
    return conversation_about(published(owner=other_resident), resident)


def test_block_asks_for_confirmation_then_stops_messages_both_ways(
    client, resident, other_resident, conversation
):
    client.force_login(resident)
    page = parse(client.get(url("conversation", conversation.pk)))
    assert page.find("a", href=url("block", conversation.pk)).text.strip() == "Block Minh"

    confirm = client.get(url("block", conversation.pk))
    assert confirm.status_code == 200 and not Block.objects.exists()
    assert parse(confirm).find("form", action=url("block", conversation.pk))

    response = client.post(url("block", conversation.pk), follow=True)
    assert Block.objects.filter(blocker=resident, blocked=other_resident).exists()
    page = parse(response)
    assert "You have blocked Minh" in page.text
    assert page.select_one("form[data-message-form]") is None
    assert page.find("form", action=url("unblock", conversation.pk))

    client.force_login(other_resident)
    page = parse(client.get(url("conversation", conversation.pk)))
    assert (
        "You cannot send messages in this conversation." in page.select_one("[data-blocked]").text
    )
    assert page.find("form", action=url("unblock", conversation.pk)) is None
    response = client.post(url("conversation", conversation.pk), {"body": "hello?"})
    alert = parse(response).select_one("[data-blocked] [role=alert]")
    assert alert.text.strip() == "You cannot send messages in this conversation."
    assert not Message.objects.exists()


def test_unblocking_lets_them_write_again(client, resident, other_resident, conversation):
    services.block_user(blocker=resident, blocked=other_resident)
    client.force_login(resident)
    client.post(url("unblock", conversation.pk))
    assert not Block.objects.exists()
    assert parse(client.get(url("conversation", conversation.pk))).select_one(
        "form[data-message-form]"
    )


def test_a_group_has_no_block_page(client, coordinator, resident):
    group = services.create_group(by=coordinator, title="Circle", members=[resident])
    client.force_login(resident)
    assert client.get(url("block", group.pk)).status_code == 404


def test_the_conversation_is_reported_with_a_reason(client, resident, conversation):
    client.force_login(resident)
    page = parse(client.get(url("report", conversation.pk)))
    reasons = page.select("input[name=reason]")
    assert {radio["value"] for radio in reasons} >= {"spam", "scam", "harassment"}
    for control in reasons:
        assert page.find("label", attrs={"for": control["id"]})

    missing = client.post(url("report", conversation.pk), {"details": "?"})
    assert field_errors(missing, "reason") == ["Choose a reason."]

    response = client.post(
        url("report", conversation.pk), {"reason": "scam", "details": "お金を要求された"}
    )

    assert response["Location"] == url("conversation", conversation.pk)
    report = MessageReport.objects.get()
    assert (report.reporter, report.reason, report.details, report.message) == (
        resident,
        "scam",
        "お金を要求された",
        None,
    )


def test_a_message_is_reported_from_its_link(client, resident, other_resident, conversation):
    message = services.send_message(
        sender=other_resident, conversation_id=conversation.pk, body="Send ¥10,000 first"
    )
    client.force_login(resident)
    page = parse(client.get(url("report", conversation.pk) + f"?message={message.pk}"))
    assert "Send ¥10,000 first" in page.select_one("[data-reported-message]").text
    assert page.find("input", attrs={"name": "message", "value": str(message.pk)})

    client.post(url("report", conversation.pk), {"reason": "scam", "message": message.pk})

    assert MessageReport.objects.get().message == message


def test_a_message_of_another_conversation_cannot_be_reported_through_this_one(
    client, resident, other_resident, conversation
):
    elsewhere = conversation_about(published(owner=other_resident), UserFactory())
    message = services.send_message(
        sender=other_resident, conversation_id=elsewhere.pk, body="private"
    )
    client.force_login(resident)
    response = client.get(url("report", conversation.pk) + f"?message={message.pk}")
    assert response.status_code == 404
    assert b"private" not in response.content


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("block", "get"),
        ("block", "post"),
        ("unblock", "post"),
        ("report", "get"),
        ("report", "post"),
    ],
)
def test_someone_not_in_the_conversation_gets_404(client, conversation, name, method):
    client.force_login(UserFactory())
    response = getattr(client, method)(url(name, conversation.pk), {"reason": "spam"})
    assert response.status_code == 404
    assert not Block.objects.exists() and not MessageReport.objects.exists()
