"""The channel layer used with Redis: channels-redis' publish/subscribe layer, plus sending one
event to many groups in a single round trip.

Each open socket listens on its user's group (``events.user_group``), so a message in a group
conversation is one event sent to up to ten groups. The publish/subscribe layer sends to a
group with one ``PUBLISH``, but one at a time under a lock: under load, each waits for a reply
that comes back only when the busy event loop gets round to it, and sends queue up behind each
other. ``group_send_many`` pipelines the ``PUBLISH`` of every group (one per Redis host) instead.

Publish/subscribe keeps nothing for a socket that is not listening at that moment (neither does
the list-based layer once a socket falls 1,000 events behind): a message is saved before it is
sent, and a page that reconnects asks for what it missed (``catch_up``).
"""

from collections import defaultdict

from channels_redis.pubsub import RedisPubSubChannelLayer as _RedisPubSubChannelLayer


class RedisPubSubChannelLayer(_RedisPubSubChannelLayer):
    async def group_send_many(self, groups, message: dict) -> None:
        """``group_send(group, message)`` for every group, one pipelined round trip per Redis
        host. Relies on channels-redis 4.3's group channel names and shards (checked by
        tests/site/test_channel_layer.py)."""
        layer = self._get_layer()
        data = self.serialize(message)
        by_shard = defaultdict(list)
        for group in groups:
            channel = layer._get_group_channel_name(group)
            by_shard[layer._get_shard(channel)].append(channel)
        for shard, channels in by_shard.items():
            shard._ensure_redis()
            async with shard._redis.pipeline(transaction=False) as pipe:
                for channel in channels:
                    pipe.publish(channel, data)
                await pipe.execute()
