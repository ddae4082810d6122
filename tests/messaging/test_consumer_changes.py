"""What reaches an open socket besides new messages: edits, deletions, the contact details'
masking before and after both people agree, and delivery once Redis is back after being down.
Over the configured channel layer (Redis when REDIS_URL is set, as in CI)."""

import pytest
from channels.db import database_sync_to_async
from django.test import override_settings

from messaging import services
from messaging.models import Message
from tests.messaging.test_consumer import (
    TIMEOUT,
    communicator,
    direct_conversation,
    frame_of_type,
    open_socket,
    run,
    session_key,
)
from tests.messaging.test_redis_down import CLOSED_PORT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = "090-1234-5678"
MASKED_PHONE = "090-****-**78"


def test_edits_and_deletions_reach_the_other_member(resident, other_resident):
    conversation = direct_conversation(resident, other_resident)
    message = services.send_message(
        sender=other_resident, conversation_id=conversation.pk, body="10時に伺います"
    )
    key = session_key(resident)

    async def scenario():
        socket = await open_socket(key)
        await database_sync_to_async(services.edit_message)(
            user=other_resident, message_id=message.pk, body="11時に伺います"
        )
        edited = await frame_of_type(socket, "message.edited")
        assert edited["conversation"] == conversation.pk
        assert edited["message"]["id"] == message.pk
        assert edited["message"]["edited"] is True
        assert "11時に伺います" in edited["message"]["body_html"]

        await database_sync_to_async(services.delete_message)(
            user=other_resident, message_id=message.pk
        )
        deleted = await frame_of_type(socket, "message.deleted")
        assert deleted["message"]["id"] == message.pk
        assert deleted["message"]["deleted"] is True
        assert deleted["message"]["body_html"] == ""
        assert await socket.receive_nothing(timeout=0.2)
        await socket.disconnect()

    run(scenario)


def test_contact_details_are_masked_live_until_both_share(resident, other_resident):
    conversation = direct_conversation(resident, other_resident)
    reader_key = session_key(resident)

    async def send(body):
        return await database_sync_to_async(services.send_message)(
            sender=other_resident, conversation_id=conversation.pk, body=body
        )

    async def share(user):
        await database_sync_to_async(services.share_contact_details)(
            user=user, conversation_id=conversation.pk
        )

    async def scenario():
        socket = await open_socket(reader_key)
        sent = await send(f"電話は{PHONE}です")
        before = (await frame_of_type(socket, "message.new"))["message"]["body_html"]
        assert MASKED_PHONE in before
        assert PHONE not in before
        stored = await database_sync_to_async(Message.objects.get)(pk=sent.pk)
        assert stored.body == f"電話は{PHONE}です"  # masking is a display rule

        await share(other_resident)
        assert (await frame_of_type(socket, "contact_shared"))["conversation"] == conversation.pk
        await send(f"もう一度: {PHONE}")
        one_side = (await frame_of_type(socket, "message.new"))["message"]["body_html"]
        assert PHONE not in one_side  # one side agreeing is not enough

        await share(resident)
        await frame_of_type(socket, "contact_shared")
        await send(f"念のため: {PHONE}")
        after = (await frame_of_type(socket, "message.new"))["message"]["body_html"]
        assert PHONE in after
        await socket.disconnect()

    run(scenario)


def test_delivery_resumes_when_redis_returns(resident, other_resident):
    """While Redis is down the message is saved and nobody hears of it; when Redis is back,
    an opening page catches up on it and the next message arrives live."""
    conversation = direct_conversation(resident, other_resident)
    down = {
        "default": {
            "BACKEND": "messaging.channel_layer.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [CLOSED_PORT]},
        }
    }
    with override_settings(CHANNEL_LAYERS=down):
        services.send_message(
            sender=other_resident, conversation_id=conversation.pk, body="止まっている間に"
        )
    key = session_key(resident)

    async def scenario():
        socket = await open_socket(key)
        await socket.send_json_to({"type": "catch_up", "conversation": conversation.pk, "after": 0})
        caught_up = await frame_of_type(socket, "messages")
        assert [m["seq"] for m in caught_up["messages"]] == [1]
        assert "止まっている間に" in caught_up["messages"][0]["body_html"]

        await database_sync_to_async(services.send_message)(
            sender=other_resident, conversation_id=conversation.pk, body="戻りました"
        )
        live = await frame_of_type(socket, "message.new")
        assert live["message"]["seq"] == 2
        assert "戻りました" in live["message"]["body_html"]
        await socket.disconnect()

    run(scenario)


def test_an_allowed_origin_with_a_port_is_accepted(resident):
    """A page served on a port (``make run``'s http://127.0.0.1:8000) may open the socket:
    the origin's host is checked against ALLOWED_HOSTS, its port is not."""
    key = session_key(resident)

    async def scenario():
        socket = communicator(key, origin=b"http://127.0.0.1:8000")
        connected, _code = await socket.connect(timeout=TIMEOUT)
        assert connected
        await socket.send_json_to({"type": "ping"})
        assert await socket.receive_json_from(timeout=TIMEOUT) == {"type": "pong"}
        await socket.disconnect()

    run(scenario)
