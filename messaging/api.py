"""Catch-up: the messages of a conversation after a given ``seq``, for a client that was away
(phone asleep, train tunnel). Served as JSON at ``GET /messaging/api/conversations/<id>/
messages/?after=<seq>`` and over the WebSocket (the ``catch_up`` frame); both use
``messages_after``."""

import datetime

from django.db.models import Max, Q
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import payloads, services
from .models import Membership, Message

CATCH_UP_LIMIT = 200


def messages_after(
    user, conversation_id, after: int, *, changed_since=None, limit: int = CATCH_UP_LIMIT
) -> dict:
    """Up to ``limit`` messages after ``after``, oldest first, as payloads (deleted ones as
    "message deleted"), for an active member; Http404 for anyone else. At most six queries,
    whatever the number of messages.

    ``last_seq`` is the conversation's newest seq and ``has_more`` says whether another call
    (after the last returned seq) is needed; ``read_seq_others`` is the furthest any other
    member has read, for the "read" mark. With ``changed_since`` (a datetime, the
    ``server_time`` of an earlier answer), ``changed`` holds the messages up to ``after``
    edited or deleted since then, which a page that was away has not seen either."""
    now = timezone.now()  # before reading: a change made meanwhile is caught next time
    membership = services.access_conversation(user, conversation_id)
    conversation = membership.conversation
    masked = not services.contact_details_shared(conversation)
    rows = list(
        Message.objects.filter(conversation=conversation, seq__gt=max(int(after), 0))
        .select_related("sender__profile")
        .order_by("seq")[: limit + 1]
    )
    read_seq_others = (
        Membership.objects.filter(conversation=conversation, left_at__isnull=True)
        .exclude(user=user)
        .aggregate(seq=Max("last_read_seq"))["seq"]
    )
    changed = []
    if changed_since is not None:
        changed = list(
            Message.objects.filter(conversation=conversation, seq__lte=max(int(after), 0))
            .filter(Q(edited_at__gt=changed_since) | Q(deleted_at__gt=changed_since))
            .select_related("sender__profile")
            .order_by("seq")[:limit]
        )
    return {
        "conversation": conversation.pk,
        "server_time": now.isoformat(),
        "results": [payloads.message(row, conversation, masked=masked) for row in rows[:limit]],
        "changed": [payloads.message(row, conversation, masked=masked) for row in changed],
        "last_seq": conversation.last_seq,
        "has_more": len(rows) > limit,
        "read_seq_others": read_seq_others or 0,
    }


def parse_time(value) -> datetime.datetime | None:
    """An ISO 8601 time with its offset (as ``server_time`` gives it), or None."""
    try:
        moment = parse_datetime(str(value))
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


@never_cache
@require_GET
def conversation_messages(request, conversation_id: int):
    """JSON catch-up for members; 404 for everyone else, anonymous users included."""
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        return JsonResponse({"detail": _("“after” must be a whole number.")}, status=400)
    if after < 0:
        return JsonResponse({"detail": _("“after” must be a whole number.")}, status=400)
    changed_since = None
    if request.GET.get("changed_since"):
        changed_since = parse_time(request.GET["changed_since"])
        if changed_since is None:
            return JsonResponse(
                {"detail": _("“changed_since” must be a time as the server gave it.")}, status=400
            )
    try:
        data = messages_after(request.user, conversation_id, after, changed_since=changed_since)
    except Http404:
        # Outside i18n_patterns, LocaleMiddleware would redirect a 404 to /ja/… (which
        # Wagtail's catch-all makes look valid); under this URLconf it stays a JSON 404.
        request.urlconf = "messaging.api_urls"
        return JsonResponse({"detail": _("Conversation not found.")}, status=404)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
