"""The WebSocket at ``/ws/messaging/``: one per browser tab, carrying all the user's
conversations. It authenticates, joins the user's group, relays events and calls the same
services as the HTML views; every frame is checked against the user's membership again.
The frames are documented in messaging/README.md."""

import asyncio
import contextlib
import functools
import logging
import random
import time

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.db import DatabaseSyncToAsync, database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, Q
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from . import events, presence, services
from .api import messages_after, parse_time
from .models import Block, Membership

logger = logging.getLogger(__name__)

CLOSE_ANONYMOUS = 4401
CLOSE_UNAVAILABLE = 1011
MAX_FRAME_CHARS = 32_000  # a 4,000-character message escaped as JSON fits several times over
TYPING_INTERVAL = 2.0  # seconds: a client that sends typing more often is ignored
# Seconds a confirmed membership is trusted without a query: between this and twice this, drawn
# for each socket, so that sockets opened together (after a restart) do not all query at once.
MEMBERSHIP_RECHECK = 30.0


# Services run in a thread pool, each thread with its own database connection, rather than on
# the one thread Channels gives all of a process's database work: under load, one client's
# send must not wait behind every other client's. They share nothing but the database, which
# orders what must be ordered (the conversation's row lock gives each message its seq).
parallel_database = functools.partial(DatabaseSyncToAsync, thread_sensitive=False)


class FrameError(Exception):
    """A frame the client should hear about as ``{"type": "error", ...}``."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def _language(scope) -> str:
    """The language the page is in: the language cookie, else the browser's preference."""
    candidates = [scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME, "")]
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            accepted = parse_accept_lang_header(value.decode("latin-1"))
            candidates += [code for code, _quality in accepted if code != "*"]
    for code in candidates:
        if not code:
            continue
        with contextlib.suppress(LookupError):
            return translation.get_supported_language_variant(code)
    return settings.LANGUAGE_CODE


def _error_from_service(error: Exception) -> FrameError:
    if isinstance(error, Http404):
        return FrameError("not_found", _("Conversation not found."))
    if isinstance(error, PermissionDenied):
        detail = str(error) or _("You cannot send messages in this conversation.")
        return FrameError("forbidden", detail)
    if isinstance(error, services.RateLimited):
        return FrameError("rate_limited", " ".join(error.messages))
    return FrameError("invalid", " ".join(error.messages))


def may_receive(user_id: int, conversation_id: int, sender_id: int | None = None) -> bool:
    """Whether an event about the conversation may still go to ``user_id``: they are an active
    member and (for a message) neither blocked the sender nor were blocked by them. One query."""
    memberships = Membership.objects.filter(
        conversation_id=conversation_id, user_id=user_id, left_at__isnull=True
    )
    if sender_id is not None and sender_id != user_id:
        memberships = memberships.exclude(
            Exists(
                Block.objects.filter(
                    Q(blocker_id=user_id, blocked_id=sender_id)
                    | Q(blocker_id=sender_id, blocked_id=user_id)
                )
            )
        )
    return memberships.exists()


class MessagingConsumer(AsyncJsonWebsocketConsumer):
    user = None
    heartbeat = None

    async def dispatch(self, message):
        """Call the handler for ``message`` at once. Channels' own ``dispatch`` first closes
        old database connections on its one sync thread, a hop there and back for every event
        and frame (at 200 messages a second, over a thousand a second, queued behind each
        other). This consumer touches the database only through ``database_sync_to_async``
        and ``parallel_database``, which close old connections in the thread that uses them."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Accept, then close with a code the page understands (it stops reconnecting).
            await self.accept()
            await self.close(code=CLOSE_ANONYMOUS)
            return
        try:
            await self.channel_layer.group_add(events.user_group(user.pk), self.channel_name)
        except Exception:  # Redis down: refuse now, the page retries and catches up later
            logger.warning("Could not join the user's group", exc_info=True)
            await self.close(code=CLOSE_UNAVAILABLE)
            return
        self.user = user
        self.rechecks: set[asyncio.Task] = set()  # membership re-checks (the loop holds weakly)
        self.recheck_after = MEMBERSHIP_RECHECK * random.uniform(1, 2)  # noqa: S311 - not secret
        events.sending_from(asyncio.get_running_loop())
        self.language = _language(self.scope)
        self.last_typing: dict[int, float] = {}
        await self._load_state()
        await self.accept()
        await self._presence(presence.connected)
        self.heartbeat = asyncio.create_task(self._beat())

    async def disconnect(self, code):
        if self.user is None:
            return
        if self.heartbeat is not None:
            self.heartbeat.cancel()
        for recheck in list(self.rechecks):
            recheck.cancel()
        await self._presence(presence.disconnected)
        try:
            await self.channel_layer.group_discard(
                events.user_group(self.user.pk), self.channel_name
            )
        except Exception:  # Redis down: the group entry expires by itself
            logger.warning("Could not leave the user's group", exc_info=True)

    async def _presence(self, update):
        try:
            await sync_to_async(update, thread_sensitive=False)(self.user.pk)
        except Exception:  # the cache is down: presence is a hint, the socket still works
            logger.warning("Could not update presence", exc_info=True)

    async def _beat(self):
        while True:
            await asyncio.sleep(presence.HEARTBEAT_SECONDS)
            await self._presence(presence.refresh)

    # Frames from the client -------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if self.user is None:
            return
        if text_data is None or len(text_data) > MAX_FRAME_CHARS:
            await self._send_error(None, "invalid", "Send JSON text frames.")
            return
        try:
            content = await self.decode_json(text_data)
        except ValueError:
            await self._send_error(None, "invalid", "Send JSON text frames.")
            return
        if not isinstance(content, dict):
            await self._send_error(None, "invalid", "Send a JSON object with a type.")
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        handler = self.frame_handlers.get(content.get("type"))
        client_id = content.get("client_id")
        if handler is None:
            await self._send_error(client_id, "unknown_type", "Unknown frame type.")
            return
        try:
            await handler(self, content)
        except FrameError as error:
            await self._send_error(client_id, error.code, error.detail)

    async def _send_error(self, client_id, code: str, detail: str):
        await self.send_json(
            {"type": "error", "client_id": client_id, "code": code, "detail": detail}
        )

    async def frame_message_send(self, content):
        client_id = content.get("client_id")
        body = content.get("body")
        if not isinstance(body, str):
            raise FrameError("invalid", await self._gettext("Write a message."))
        message = await self._call(
            self._send_message, conversation_id=await self._conversation_id(content), body=body
        )
        await self.send_json(
            {
                "type": "message.sent",
                "client_id": client_id,
                "conversation": message.conversation_id,
                "id": message.pk,
                "seq": message.seq,
            }
        )

    async def frame_message_read(self, content):
        try:
            seq = int(content.get("seq"))
        except (TypeError, ValueError):
            raise FrameError("invalid", "seq must be a whole number.") from None
        await self._call(
            self._mark_read, conversation_id=await self._conversation_id(content), seq=seq
        )

    def _send_message(self, *, conversation_id: int, body: str):
        return services.send_message(sender=self.user, conversation_id=conversation_id, body=body)

    def _mark_read(self, *, conversation_id: int, seq: int):
        services.mark_read(user=self.user, conversation_id=conversation_id, seq=seq)

    async def frame_typing(self, content):
        conversation_id = await self._conversation_id(content)
        now = time.monotonic()
        if now - self.last_typing.get(conversation_id, 0.0) < TYPING_INTERVAL:
            return
        self.last_typing[conversation_id] = now
        await self._call(self._relay_typing, conversation_id=conversation_id)

    def _relay_typing(self, *, conversation_id: int) -> None:
        services.access_conversation(self.user, conversation_id)
        blocked = services.blocked_user_ids(self.user)
        others = [
            user_id
            for user_id in services.active_member_ids(conversation_id)
            if user_id != self.user.pk and user_id not in blocked
        ]
        events.send_typing(
            others,
            conversation_id=conversation_id,
            user_id=self.user.pk,
            name=self.user.display_name,
        )

    async def frame_catch_up(self, content):
        conversation_id = await self._conversation_id(content)
        try:
            after = int(content.get("after") or 0)
        except (TypeError, ValueError):
            raise FrameError("invalid", "after must be a whole number.") from None
        changed_since = None
        if content.get("changed_since"):
            changed_since = parse_time(content["changed_since"])
            if changed_since is None:
                raise FrameError("invalid", "changed_since must be a server_time.")
        data = await self._call(
            messages_after, self.user, conversation_id, after, changed_since=changed_since
        )
        await self.send_json(
            {
                "type": "messages",
                "conversation": conversation_id,
                "messages": data["results"],
                "changed": data["changed"],
                "server_time": data["server_time"],
                "last_seq": data["last_seq"],
                "has_more": data["has_more"],
                "read_seq_others": data["read_seq_others"],
            }
        )

    async def frame_ping(self, content):
        await self.send_json({"type": "pong"})

    frame_handlers = {
        "message.send": frame_message_send,
        "message.read": frame_message_read,
        "typing": frame_typing,
        "catch_up": frame_catch_up,
        "ping": frame_ping,
    }

    async def _conversation_id(self, content) -> int:
        try:
            return int(content["conversation"])
        except (KeyError, TypeError, ValueError):
            raise FrameError("invalid", await self._gettext("Say which conversation.")) from None

    async def _gettext(self, text: str) -> str:
        with translation.override(self.language):
            return _(text)

    @parallel_database
    def _call(self, function, *args, **kwargs):
        """Run a service in the user's language; its refusals become FrameErrors."""
        with translation.override(self.language):
            try:
                return function(*args, **kwargs)
            except (Http404, PermissionDenied, ValidationError) as error:
                raise _error_from_service(error) from None

    # Events from the channel layer (sent by messaging.events) ----------------------------
    #
    # The services send an event only to the members of that moment; the consumer checks
    # again before forwarding, from what it holds rather than with a query per event (at 200
    # messages a second, a query per recipient is what limits delivery): the conversations it
    # knows the user is an active member of (checked with one query the first time; after
    # MEMBERSHIP_RECHECK seconds checked again in the background, so that no event waits on the
    # database, while leaving and removal are told at once by a ``left`` event), the people
    # blocked either way (loaded on connect and
    # whenever a block is made), and the unread counts, loaded on connect and kept up to date
    # from the events themselves.

    @database_sync_to_async
    def _load_state(self):
        self.user.display_name  # noqa: B018 - loads the profile once, not on the first send
        self.blocked_ids = services.blocked_user_ids(self.user)
        self.reading = {
            conversation_id: [last_seq, read_seq]
            for conversation_id, last_seq, read_seq in Membership.objects.filter(
                user=self.user, left_at__isnull=True
            ).values_list("conversation_id", "conversation__last_seq", "last_read_seq")
        }
        now = time.monotonic()
        self.member_of = dict.fromkeys(self.reading, now)

    @parallel_database  # not on Channels' one sync thread, where every socket's checks queue
    def _check_membership(self, conversation_id) -> bool:
        return may_receive(self.user.pk, conversation_id)

    async def _confirm_membership(self, conversation_id) -> bool:
        if not await self._check_membership(conversation_id):
            self.member_of.pop(conversation_id, None)
            self.reading.pop(conversation_id, None)
            return False
        self.member_of[conversation_id] = time.monotonic()
        return True

    async def _is_member(self, conversation_id) -> bool:
        checked = self.member_of.get(conversation_id)
        if checked is None:
            return await self._confirm_membership(conversation_id)
        if time.monotonic() - checked >= self.recheck_after:
            self.member_of[conversation_id] = time.monotonic()  # one re-check at a time
            recheck = asyncio.create_task(self._confirm_membership(conversation_id))
            self.rechecks.add(recheck)
            recheck.add_done_callback(self.rechecks.discard)
        return True

    def _unread(self) -> dict:
        counts = {
            conversation_id: last - read
            for conversation_id, (last, read) in self.reading.items()
            if last > read
        }
        return {"total": sum(counts.values()), "conversations": counts}

    async def _forward_message(self, frame_type: str, message: dict, *, new=False):
        conversation_id, sender = message["conversation"], message.get("sender")
        if sender in self.blocked_ids or not await self._is_member(conversation_id):
            return
        frame = {"type": frame_type, "conversation": conversation_id, "message": message}
        if new:
            reading = self.reading.setdefault(conversation_id, [0, 0])
            reading[0] = max(reading[0], message["seq"])
            if sender == self.user.pk:
                reading[1] = max(reading[1], message["seq"])  # sending reads the conversation
            else:
                # The new counts ride along: one frame per delivery, not two.
                frame["unread"] = self._unread()
        await self.send_json(frame)

    async def messaging_message(self, event):
        await self._forward_message("message.new", event["message"], new=True)

    async def messaging_edited(self, event):
        await self._forward_message("message.edited", event["message"])

    async def messaging_deleted(self, event):
        await self._forward_message("message.deleted", event["message"])

    async def messaging_read(self, event):
        conversation_id = event["conversation"]
        if not await self._is_member(conversation_id):
            return
        await self.send_json(
            {
                "type": "read",
                "conversation": conversation_id,
                "user": event["user"],
                "seq": event["seq"],
            }
        )
        if event["user"] == self.user.pk:
            reading = self.reading.setdefault(conversation_id, [event["seq"], 0])
            reading[1] = max(reading[1], event["seq"])
            await self.send_json({"type": "unread", **self._unread()})

    async def messaging_typing(self, event):
        # Sent at once to the members of that moment (never stored); no query here, since
        # typing frames are many and say nothing but a name.
        await self.send_json(
            {
                "type": "typing",
                "conversation": event["conversation"],
                "user": event["user"],
                "name": event["name"],
            }
        )

    async def messaging_contact_shared(self, event):
        if await self._is_member(event["conversation"]):
            await self.send_json({"type": "contact_shared", "conversation": event["conversation"]})

    async def messaging_left(self, event):
        self.member_of.pop(event["conversation"], None)
        self.reading.pop(event["conversation"], None)
        await self.send_json({"type": "left", "conversation": event["conversation"]})

    async def messaging_logout(self, event):
        session = self.scope.get("session")
        if session is not None and session.session_key == event["session"]:
            await self.close(code=CLOSE_ANONYMOUS)  # the page stops reconnecting

    async def messaging_blocked(self, event):
        await self._load_state()  # whom this user blocked or is blocked by, from now on
        await self.send_json({"type": "blocked"})
