"""The configured channel layer (Redis when REDIS_URL is set) carries a group message, and the
project's layer sends one event to many groups in one call."""

import os

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings


def test_channel_layer_backend_follows_redis_url():
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "messaging.channel_layer.RedisPubSubChannelLayer"
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    else:
        assert backend == "channels.layers.InMemoryChannelLayer"


def test_group_message_round_trip():
    layer = get_channel_layer()

    async def round_trip():
        channel = await layer.new_channel()
        await layer.group_add("yui.test", channel)
        await layer.group_send("yui.test", {"type": "test.ping", "text": "結"})
        message = await layer.receive(channel)
        await layer.group_discard("yui.test", channel)
        return message

    assert async_to_sync(round_trip)() == {"type": "test.ping", "text": "結"}


def test_group_send_many_reaches_every_group_and_no_other():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("group_send_many belongs to the Redis layer; REDIS_URL is not set")
    layer = get_channel_layer()

    async def send_to_two_of_three():
        channels = [await layer.new_channel() for _ in range(3)]
        for number, channel in enumerate(channels):
            await layer.group_add(f"yui.test.many.{number}", channel)
        await layer.group_send_many(
            ["yui.test.many.0", "yui.test.many.1"], {"type": "test.ping", "n": 1}
        )
        await layer.group_send("yui.test.many.2", {"type": "test.ping", "n": 2})
        received = [await layer.receive(channel) for channel in channels]
        for number, channel in enumerate(channels):
            await layer.group_discard(f"yui.test.many.{number}", channel)
        return received

    assert async_to_sync(send_to_two_of_three)() == [
        {"type": "test.ping", "n": 1},
        {"type": "test.ping", "n": 1},
        {"type": "test.ping", "n": 2},  # the third group got only its own event
    ]
