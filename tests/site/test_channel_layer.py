"""The configured channel layer (Redis when REDIS_URL is set) carries a group message."""

import os

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings


def test_channel_layer_backend_follows_redis_url():
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "channels_redis.core.RedisChannelLayer"
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
