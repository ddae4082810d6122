"""The only module that talks to the channel layer.

Every user with the page open listens on their own group (``user_group``): one WebSocket per
tab carries all their conversations, and an event is sent to the groups of the conversation's
members as they are when it is sent, so someone who left or was blocked gets nothing more.
Events go out after commit (``send_on_commit``): a message that is rolled back never shows.
If the channel layer (Redis) is down, the error is logged and swallowed: the message is saved,
and clients catch up when they reconnect.

A service called by the WebSocket consumer runs in a worker thread; the consumer names its
event loop (``sending_from``), and the events are handed to that loop to send while the thread
goes on, rather than the thread waiting for Redis. Anywhere else (a page's form post, a
command) ``send_now`` waits until the events are sent.
"""

import asyncio
import contextvars
import logging
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

_consumer_loop: contextvars.ContextVar = contextvars.ContextVar("messaging_loop", default=None)
_sending: set[asyncio.Task] = set()  # the loop keeps only weak references to its tasks


def sending_from(loop: asyncio.AbstractEventLoop) -> None:
    """Called by the consumer in its own task: events its services send go to ``loop``."""
    _consumer_loop.set(loop)


def user_group(user_id: int) -> str:
    return f"messaging.user.{user_id}"


def send_on_commit(user_ids: Iterable[int], event: dict) -> None:
    """Send ``event`` (a dict with an app-prefixed ``type``, e.g. ``messaging.message``) to
    each user's group once the current transaction commits (at once outside a transaction,
    where what was written is committed already: a message on PostgreSQL, see
    ``Message.insert_counted``)."""
    user_ids = sorted(set(user_ids))
    transaction.on_commit(lambda: send_now(user_ids, event))


async def _send_to_groups(layer, groups: list[str], event: dict) -> None:
    """One trip into the event loop for all the groups: one round trip to Redis with the
    project's layer (``messaging.channel_layer``), else each group in turn."""
    if hasattr(layer, "group_send_many"):
        await layer.group_send_many(groups, event)
    else:
        for group in groups:
            await layer.group_send(group, event)


def _sent(task: asyncio.Task) -> None:
    _sending.discard(task)
    # Redis down: the data is saved, and clients catch up when they reconnect.
    if not task.cancelled() and task.exception() is not None:
        logger.warning("Could not deliver an event in real time", exc_info=task.exception())


def _start_sending(layer, groups: list[str], event: dict) -> None:
    task = asyncio.ensure_future(_send_to_groups(layer, groups, event))
    _sending.add(task)
    task.add_done_callback(_sent)


def send_now(user_ids: Iterable[int], event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    groups = [user_group(user_id) for user_id in user_ids]
    loop = _consumer_loop.get()
    if loop is not None and loop.is_running():
        loop.call_soon_threadsafe(_start_sending, layer, groups, event)
        return
    try:
        async_to_sync(_send_to_groups)(layer, groups, event)
    except Exception:  # Redis down or full: the data is saved, clients catch up later
        logger.warning("Could not deliver %s in real time", event.get("type"), exc_info=True)


def send_typing(user_ids: Iterable[int], *, conversation_id: int, user_id: int, name: str) -> None:
    """Tell ``user_ids`` that ``user_id`` is typing in the conversation, at once (typing is not
    stored, so there is no transaction to wait for)."""
    send_now(
        sorted(set(user_ids)),
        {
            "type": "messaging.typing",
            "conversation": conversation_id,
            "user": user_id,
            "name": name,
        },
    )
