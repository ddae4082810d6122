"""Over the WebSocket, only active members hear about a conversation: typing goes to the
other members only, and someone who left or is blocked stops receiving at once, even an event
that was already on its way. Refusals come back as error frames and save nothing."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from messaging import events, payloads, services
from messaging.models import MAX_MESSAGE_LENGTH, Message
from tests.factories import UserFactory
from tests.messaging.test_consumer import (
    TIMEOUT,
    direct_conversation,
    frame_of_type,
    open_socket,
    run,
    session_key,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def group(coordinator, resident, other_resident):
    return services.create_group(
        by=coordinator, title="子育てサークル", members=[resident, other_resident]
    )


def test_typing_is_relayed_to_the_other_members_only(group, coordinator, resident, other_resident):
    outsider = UserFactory()
    keys = [session_key(user) for user in (resident, other_resident, coordinator, outsider)]

    async def scenario():
        typist, member, other_member, stranger = [await open_socket(key) for key in keys]
        await typist.send_json_to({"type": "typing", "conversation": group.pk})
        for socket in (member, other_member):
            assert await socket.receive_json_from(timeout=TIMEOUT) == {
                "type": "typing",
                "conversation": group.pk,
                "user": resident.pk,
                "name": "はなこ",
            }
        assert await typist.receive_nothing(timeout=0.3)
        assert await stranger.receive_nothing(timeout=0.1)

        # An outsider cannot pretend to type in it.
        await stranger.send_json_to({"type": "typing", "conversation": group.pk})
        assert (await stranger.receive_json_from(timeout=TIMEOUT))["code"] == "not_found"
        assert await member.receive_nothing(timeout=0.3)
        for socket in (typist, member, other_member, stranger):
            await socket.disconnect()

    run(scenario)


def test_leaving_a_group_stops_delivery_at_once(group, coordinator, resident, other_resident):
    leaver_key, sender_key = session_key(other_resident), session_key(resident)

    async def scenario():
        leaver = await open_socket(leaver_key)
        sender = await open_socket(sender_key)
        stale = await database_sync_to_async(services.send_message)(
            sender=resident, conversation_id=group.pk, body="みなさん、こんにちは"
        )
        assert (await frame_of_type(leaver, "message.new"))["message"]["id"] == stale.pk
        stale_payload = await database_sync_to_async(payloads.message)(stale, group)

        await database_sync_to_async(services.leave_conversation)(
            user=other_resident, conversation_id=group.pk
        )
        assert await frame_of_type(leaver, "left") == {"type": "left", "conversation": group.pk}

        await sender.send_json_to({"type": "message.send", "conversation": group.pk, "body": "次"})
        await frame_of_type(sender, "message.sent", skip=("message.new",))
        # An event computed before the member left, arriving late, is not passed on either.
        await database_sync_to_async(events.send_now)(
            [other_resident.pk], {"type": "messaging.message", "message": stale_payload}
        )
        assert await leaver.receive_nothing(timeout=0.5)

        await leaver.send_json_to({"type": "message.send", "conversation": group.pk, "body": "x"})
        assert (await leaver.receive_json_from(timeout=TIMEOUT))["code"] == "not_found"
        await leaver.send_json_to({"type": "catch_up", "conversation": group.pk, "after": 0})
        assert (await leaver.receive_json_from(timeout=TIMEOUT))["code"] == "not_found"
        await leaver.disconnect()
        await sender.disconnect()

    run(scenario)
    assert Message.objects.filter(conversation=group).count() == 2


def test_a_membership_ended_without_an_event_is_found_by_the_background_recheck(
    monkeypatch, group, resident, other_resident
):
    """Leaving and removal send ``left``; should that event be lost (or the membership end
    some other way), the consumer's re-check, run in the background once its confirmation is
    older than MEMBERSHIP_RECHECK, stops delivery all the same."""
    from messaging import consumers
    from messaging.models import Membership

    monkeypatch.setattr(consumers, "MEMBERSHIP_RECHECK", 0.0)
    member_key = session_key(other_resident)

    async def send(body):
        return await database_sync_to_async(services.send_message)(
            sender=resident, conversation_id=group.pk, body=body
        )

    async def scenario():
        member = await open_socket(member_key)
        await send("一通目")
        assert (await frame_of_type(member, "message.new"))["message"]["seq"] == 1
        await database_sync_to_async(
            Membership.objects.filter(conversation=group, user=other_resident).update
        )(left_at=timezone.now())
        # The services now send to members only, so events reach the socket as a late one
        # would: the first starts a re-check (it may be passed on meanwhile), which finds the
        # membership gone; from then on nothing is passed on.
        late = await send("二通目")
        late_payload = await database_sync_to_async(payloads.message)(late, group)
        late_event = {"type": "messaging.message", "message": late_payload}
        await database_sync_to_async(events.send_now)([other_resident.pk], late_event)
        await asyncio.sleep(0.3)  # the re-check's query
        while not await member.receive_nothing(timeout=0.2):
            await member.receive_json_from()
        await database_sync_to_async(events.send_now)([other_resident.pk], late_event)
        assert await member.receive_nothing(timeout=0.5)
        await member.disconnect()

    run(scenario)


def test_blocking_stops_delivery_both_ways(resident, other_resident):
    conversation = direct_conversation(resident, other_resident)
    earlier = services.send_message(
        sender=other_resident, conversation_id=conversation.pk, body="また連絡します"
    )
    stale_payload = payloads.message(earlier, conversation)
    blocker_key, blocked_key = session_key(resident), session_key(other_resident)

    async def scenario():
        blocker = await open_socket(blocker_key)
        blocked = await open_socket(blocked_key)
        await database_sync_to_async(services.block_user)(blocker=resident, blocked=other_resident)
        assert await blocker.receive_json_from(timeout=TIMEOUT) == {"type": "blocked"}
        assert await blocked.receive_json_from(timeout=TIMEOUT) == {"type": "blocked"}

        await blocked.send_json_to(
            {
                "type": "message.send",
                "conversation": conversation.pk,
                "body": "なぜ？",
                "client_id": "late",
            }
        )
        error = await blocked.receive_json_from(timeout=TIMEOUT)
        assert error["type"] == "error"
        assert error["code"] == "forbidden"
        assert error["client_id"] == "late"
        assert error["detail"]

        # A message event from before the block, delivered late, does not reach the blocker;
        # nor do typing frames go either way.
        await database_sync_to_async(events.send_now)(
            [resident.pk], {"type": "messaging.edited", "message": stale_payload}
        )
        await blocked.send_json_to({"type": "typing", "conversation": conversation.pk})
        assert await blocker.receive_nothing(timeout=0.5)
        await blocker.send_json_to({"type": "typing", "conversation": conversation.pk})
        assert await blocked.receive_nothing(timeout=0.5)
        await blocker.disconnect()
        await blocked.disconnect()

    run(scenario)
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_rate_limit_gives_an_error_frame_and_saves_nothing(resident, other_resident):
    conversation = direct_conversation(resident, other_resident)
    for number in range(services.MESSAGES_PER_MINUTE):
        services.send_message(sender=resident, conversation_id=conversation.pk, body=f"{number}")
    key = session_key(resident)

    async def scenario():
        socket = await open_socket(key)
        await socket.send_json_to(
            {
                "type": "message.send",
                "conversation": conversation.pk,
                "body": "もう一通",
                "client_id": "over",
            }
        )
        error = await socket.receive_json_from(timeout=TIMEOUT)
        assert error["type"] == "error"
        assert error["code"] == "rate_limited"
        assert error["client_id"] == "over"
        assert "20" in error["detail"]
        await socket.disconnect()

    run(scenario)
    assert Message.objects.filter(conversation=conversation).count() == 20


def test_too_long_message_gives_an_error_frame_in_the_pages_language(resident, other_resident):
    conversation = direct_conversation(resident, other_resident)
    key = session_key(resident)

    async def scenario():
        from channels.testing import WebsocketCommunicator
        from django.conf import settings

        from config.asgi import application

        socket = WebsocketCommunicator(
            application,
            "/ws/messaging/",
            headers=[
                (b"origin", b"http://localhost"),
                (b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}; django_language=en".encode()),
            ],
        )
        assert (await socket.connect(timeout=TIMEOUT))[0]
        await socket.send_json_to(
            {
                "type": "message.send",
                "conversation": conversation.pk,
                "body": "あ" * (MAX_MESSAGE_LENGTH + 1),
                "client_id": "long",
            }
        )
        error = await socket.receive_json_from(timeout=TIMEOUT)
        assert error["code"] == "invalid"
        assert "4000" in error["detail"].replace(",", "")
        assert "characters" in error["detail"]
        await socket.disconnect()

    run(scenario)
    assert not Message.objects.filter(conversation=conversation).exists()
