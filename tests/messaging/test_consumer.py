"""The WebSocket at /ws/messaging/ through the real ASGI application (config.asgi), over the
configured channel layer (Redis when REDIS_URL is set, as in CI): handshake, sending, receiving,
order, catch-up and read state. The helpers here are shared with the other consumer tests."""

import time

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from listings.models import Status
from messaging import presence, services
from messaging.models import Message
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TIMEOUT = 3


def session_key(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def communicator(key: str | None = None, origin: bytes | None = b"http://localhost"):
    from config.asgi import application

    headers = [(b"origin", origin)] if origin else []
    if key:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode()))
    return WebsocketCommunicator(application, "/ws/messaging/", headers=headers)


async def open_socket(key: str) -> WebsocketCommunicator:
    socket = communicator(key)
    connected, _code = await socket.connect(timeout=TIMEOUT)
    assert connected
    return socket


async def frame_of_type(socket, frame_type: str, *, skip=("unread", "read", "typing")) -> dict:
    """The next frame of ``frame_type``, passing over frames of the ``skip`` types."""
    while True:
        frame = await socket.receive_json_from(timeout=TIMEOUT)
        if frame["type"] == frame_type:
            return frame
        assert frame["type"] in skip, frame


def direct_conversation(owner, asker):
    listing = ListingFactory(owner=owner, status=Status.PUBLISHED)
    return services.start_conversation(listing=listing, by=asker)


def run(scenario):
    async_to_sync(scenario)()


def test_anonymous_is_refused():
    async def scenario():
        socket = communicator()
        connected, _code = await socket.connect(timeout=TIMEOUT)
        if connected:  # accepted, then closed with 4401 as the first frame
            closing = await socket.receive_output(timeout=1)
            assert closing == {"type": "websocket.close", "code": 4401}
        await socket.disconnect()

    run(scenario)


def test_foreign_origin_is_refused(resident):
    key = session_key(resident)

    async def scenario():
        socket = communicator(key, origin=b"http://evil.example")
        connected, _code = await socket.connect(timeout=TIMEOUT)
        assert not connected
        await socket.disconnect()

    run(scenario)


def test_member_connects_answers_ping_and_is_present_while_connected(resident):
    key = session_key(resident)

    async def scenario():
        socket = await open_socket(key)
        await socket.send_json_to({"type": "ping"})
        assert await socket.receive_json_from(timeout=TIMEOUT) == {"type": "pong"}
        assert presence.is_connected(resident.pk)
        await socket.disconnect()
        assert not presence.is_connected(resident.pk)

    assert not presence.is_connected(resident.pk)
    run(scenario)


def test_bad_frames_get_errors_not_a_crash(resident):
    key = session_key(resident)

    async def scenario():
        socket = await open_socket(key)
        await socket.send_to(text_data="not json")
        assert (await socket.receive_json_from(timeout=TIMEOUT))["code"] == "invalid"
        await socket.send_json_to({"type": "launch.rockets"})
        assert (await socket.receive_json_from(timeout=TIMEOUT))["code"] == "unknown_type"
        await socket.send_json_to({"type": "message.send", "conversation": "x", "body": "a"})
        assert (await socket.receive_json_from(timeout=TIMEOUT))["code"] == "invalid"
        await socket.send_json_to({"type": "ping"})
        assert await socket.receive_json_from(timeout=TIMEOUT) == {"type": "pong"}
        await socket.disconnect()

    run(scenario)


def test_non_member_can_neither_send_nor_catch_up(resident, other_resident):
    conversation = direct_conversation(resident, other_resident)
    services.send_message(sender=resident, conversation_id=conversation.pk, body="秘密")
    from tests.factories import UserFactory

    outsider_key = session_key(UserFactory())

    async def scenario():
        socket = await open_socket(outsider_key)
        await socket.send_json_to(
            {
                "type": "message.send",
                "conversation": conversation.pk,
                "body": "こんにちは",
                "client_id": "c1",
            }
        )
        error = await socket.receive_json_from(timeout=TIMEOUT)
        assert error["type"] == "error"
        assert error["code"] == "not_found"
        assert error["client_id"] == "c1"
        await socket.send_json_to({"type": "catch_up", "conversation": conversation.pk, "after": 0})
        error = await socket.receive_json_from(timeout=TIMEOUT)
        assert error["type"] == "error"
        assert error["code"] == "not_found"
        await socket.send_json_to(
            {"type": "message.read", "conversation": conversation.pk, "seq": 1}
        )
        assert (await socket.receive_json_from(timeout=TIMEOUT))["code"] == "not_found"
        assert await socket.receive_nothing(timeout=0.2)
        await socket.disconnect()

    run(scenario)
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_member_receives_a_message_sent_over_http_service_and_it_is_saved(resident, other_resident):
    conversation = direct_conversation(resident, other_resident)
    key = session_key(other_resident)

    async def scenario():
        socket = await open_socket(key)
        await database_sync_to_async(services.send_message)(
            sender=resident, conversation_id=conversation.pk, body="明日の10時はどうですか"
        )
        frame = await socket.receive_json_from(timeout=TIMEOUT)
        assert frame["type"] == "message.new"
        assert frame["conversation"] == conversation.pk
        message = frame["message"]
        assert message["seq"] == 1
        assert message["sender"] == resident.pk
        assert message["sender_name"] == "はなこ"
        assert "明日の10時" in message["body_html"]
        saved = await database_sync_to_async(
            Message.objects.filter(pk=message["id"], conversation=conversation).exists
        )()
        assert saved
        # The new unread counts come with the message, not in a frame of their own.
        assert frame["unread"] == {"total": 1, "conversations": {str(conversation.pk): 1}}
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    run(scenario)


def test_message_sent_over_the_socket_reaches_the_other_member_in_order(resident, other_resident):
    conversation = direct_conversation(resident, other_resident)
    sender_key, receiver_key = session_key(other_resident), session_key(resident)

    async def scenario():
        sender = await open_socket(sender_key)
        receiver = await open_socket(receiver_key)
        for number in range(1, 6):
            await sender.send_json_to(
                {
                    "type": "message.send",
                    "conversation": conversation.pk,
                    "body": f"メッセージ {number}",
                    "client_id": f"c{number}",
                }
            )
        acknowledged = []
        for _number in range(5):
            frame = await frame_of_type(sender, "message.sent", skip=("message.new",))
            acknowledged.append((frame["client_id"], frame["seq"]))
        assert acknowledged == [(f"c{n}", n) for n in range(1, 6)]
        received = []
        for _number in range(5):
            frame = await frame_of_type(receiver, "message.new")
            received.append(frame["message"]["seq"])
            in_db = await database_sync_to_async(
                Message.objects.filter(pk=frame["message"]["id"]).exists
            )()
            assert in_db
        assert received == [1, 2, 3, 4, 5]
        await sender.disconnect()
        await receiver.disconnect()

    run(scenario)
    assert list(Message.objects.filter(conversation=conversation).values_list("seq", "body")) == [
        (n, f"メッセージ {n}") for n in range(1, 6)
    ]


def test_catch_up_after_reconnect_returns_what_was_missed_in_order(resident, other_resident):
    conversation = direct_conversation(resident, other_resident)
    key = session_key(resident)

    async def scenario():
        socket = await open_socket(key)
        await database_sync_to_async(services.send_message)(
            sender=other_resident, conversation_id=conversation.pk, body="一つ目"
        )
        first = await frame_of_type(socket, "message.new")
        last_seen = first["message"]["seq"]
        await socket.disconnect()  # the phone goes to sleep

        for body in ("二つ目", "三つ目", "四つ目"):
            await database_sync_to_async(services.send_message)(
                sender=other_resident, conversation_id=conversation.pk, body=body
            )

        socket = await open_socket(key)
        await socket.send_json_to(
            {"type": "catch_up", "conversation": conversation.pk, "after": last_seen}
        )
        frame = await socket.receive_json_from(timeout=TIMEOUT)
        assert frame["type"] == "messages"
        assert frame["conversation"] == conversation.pk
        assert [m["seq"] for m in frame["messages"]] == [2, 3, 4]
        assert ["二つ目" in frame["messages"][0]["body_html"]] == [True]
        assert frame["last_seq"] == 4
        assert frame["has_more"] is False
        assert await socket.receive_nothing(timeout=0.2)
        await socket.disconnect()

    run(scenario)


def test_read_frames_reach_the_sender_and_update_the_readers_unread_count(resident, other_resident):
    conversation = direct_conversation(resident, other_resident)
    sender_key, reader_key = session_key(other_resident), session_key(resident)

    async def scenario():
        sender = await open_socket(sender_key)
        reader = await open_socket(reader_key)
        await sender.send_json_to(
            {"type": "message.send", "conversation": conversation.pk, "body": "読んだ？"}
        )
        sent = await frame_of_type(sender, "message.sent", skip=("message.new",))
        new = await frame_of_type(reader, "message.new")
        assert new["unread"]["total"] == 1

        await reader.send_json_to(
            {"type": "message.read", "conversation": conversation.pk, "seq": new["message"]["seq"]}
        )
        read = await frame_of_type(sender, "read", skip=("message.new",))
        assert read == {
            "type": "read",
            "conversation": conversation.pk,
            "user": resident.pk,
            "seq": sent["seq"],
        }
        assert (await frame_of_type(reader, "read", skip=()))["user"] == resident.pk
        unread = await reader.receive_json_from(timeout=TIMEOUT)
        assert unread == {"type": "unread", "total": 0, "conversations": {}}
        await sender.disconnect()
        await reader.disconnect()

    run(scenario)
    assert services.unread_counts(resident) == {}


def test_presence_expires_when_a_worker_dies_without_disconnecting(monkeypatch, resident):
    monkeypatch.setattr(presence, "TTL", 1)
    presence.connected(resident.pk)
    presence.connected(resident.pk)
    presence.disconnected(resident.pk)
    assert presence.is_connected(resident.pk)  # one connection left
    presence.refresh(resident.pk)
    time.sleep(1.2)  # its worker crashed: no heartbeat, no disconnect
    assert not presence.is_connected(resident.pk)


def test_logging_out_closes_that_sessions_sockets_only(resident):
    """A shared computer: after logging out, its tab receives nothing more; the resident's
    phone (another session) stays connected."""
    shared_computer, phone = Client(), Client()
    shared_computer.force_login(resident)
    phone.force_login(resident)
    computer_key = shared_computer.cookies[settings.SESSION_COOKIE_NAME].value
    phone_key = phone.cookies[settings.SESSION_COOKIE_NAME].value

    async def scenario():
        computer_socket = await open_socket(computer_key)
        phone_socket = await open_socket(phone_key)
        await sync_to_async(shared_computer.post)("/ja/accounts/logout/")
        closing = await computer_socket.receive_output(timeout=TIMEOUT)
        assert closing == {"type": "websocket.close", "code": 4401}
        await phone_socket.send_json_to({"type": "ping"})
        assert (await phone_socket.receive_json_from(timeout=TIMEOUT))["type"] == "pong"
        await phone_socket.disconnect()

    run(scenario)
