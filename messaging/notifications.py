"""The e-mail about unread messages.

``manage.py send_message_notifications`` (run every few minutes, e.g. from cron) calls
``queue_unread_message_emails``, which finds the memberships due for an e-mail and queues them
(``tasks.send_unread_message_emails``, through django-tasks); ``email_unread_messages`` then
writes one e-mail per membership. A membership is due when:

- the member has messages from others unread for ``UNREAD_FOR`` or longer that arrived after
  the last such e-mail (so the same messages are never e-mailed twice),
- the member was not e-mailed about this conversation in the last ``EMAIL_INTERVAL`` — or, for
  a resident whose profile says "once a day", in the last ``DAILY_INTERVAL``
  (``Membership.emailed_at``); "never" gets none,
- and they have no open connection (``presence.is_connected``), checked just before sending.

The e-mail names who wrote and the listing (or the group), links to the conversation, and shows
the latest message only in a two-person conversation, masked unless both people agreed to share
contact details; never in a group. It carries a one-click unsubscribe link (topic "message")
in the text and in the ``List-Unsubscribe`` headers.
"""

import datetime
import logging
from collections.abc import Iterable

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import EmailFrequency
from matching.emails import absolute_url, localized_url, recipient_language
from matching.unsubscribe import make_token

from . import text
from .models import ConversationKind, Membership, Message

logger = logging.getLogger(__name__)

UNREAD_FOR = datetime.timedelta(minutes=10)
EMAIL_INTERVAL = datetime.timedelta(hours=1)
DAILY_INTERVAL = datetime.timedelta(days=1)
UNSUBSCRIBE_TOPIC = "message"
BATCH_SIZE = 100
MAX_SENDERS_NAMED = 3


def due_memberships(now=None):
    """Memberships due for an e-mail, all but the presence check (see the module)."""
    now = now or timezone.now()
    unread = Message.objects.filter(
        conversation_id=OuterRef("conversation_id"),
        seq__gt=OuterRef("last_read_seq"),
        deleted_at__isnull=True,
        created_at__lte=now - UNREAD_FOR,
    ).exclude(sender_id=OuterRef("user_id"))
    return (
        Membership.objects.filter(
            left_at__isnull=True,
            conversation__last_seq__gt=F("last_read_seq"),
            user__is_active=True,
            user__profile__email_on_message__in=[EmailFrequency.IMMEDIATELY, EmailFrequency.DAILY],
        )
        .exclude(user__email="")
        .alias(
            unread_waiting=Exists(unread),
            unread_since_email=Exists(unread.filter(created_at__gt=OuterRef("emailed_at"))),
        )
        .filter(
            Q(emailed_at__isnull=True, unread_waiting=True)
            | Q(
                user__profile__email_on_message=EmailFrequency.IMMEDIATELY,
                emailed_at__lt=now - EMAIL_INTERVAL,
                unread_since_email=True,
            )
            | Q(
                user__profile__email_on_message=EmailFrequency.DAILY,
                emailed_at__lt=now - DAILY_INTERVAL,
                unread_since_email=True,
            )
        )
    )


def queue_unread_message_emails(now=None) -> int:
    """Queue the due e-mails (``tasks.send_unread_message_emails``, in batches); returns how
    many memberships were queued. Running it again before they are sent queues them again,
    harmlessly: each is claimed before it is sent."""
    from .tasks import send_unread_message_emails

    ids = list(due_memberships(now).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        send_unread_message_emails.enqueue(membership_ids=ids[start : start + BATCH_SIZE])
    return len(ids)


def _is_connected(user_id: int) -> bool:
    from .presence import is_connected

    return is_connected(user_id)


def _claim(membership_id: int, now) -> Membership | None:
    """Mark the membership e-mailed now if it is still due; None if it is not (read since,
    e-mailed by a concurrent run, or the member left)."""
    with transaction.atomic():
        claimed = due_memberships(now).filter(pk=membership_id).update(emailed_at=now)
    if not claimed:
        return None
    return (
        Membership.objects.select_related("user__profile", "conversation__listing", "on_behalf_of")
        .filter(pk=membership_id)
        .first()
    )


def email_unread_messages(*, membership_ids: Iterable[int], now=None) -> int:
    """One e-mail per membership still due and whose member has no open connection; returns
    how many were sent. A failed send is logged and left due for the next run."""
    now = now or timezone.now()
    sent = 0
    with get_connection() as connection:
        for membership_id in membership_ids:
            user_id = (
                Membership.objects.filter(pk=membership_id)
                .values_list("user_id", flat=True)
                .first()
            )
            if user_id is None or _is_connected(user_id):
                continue
            previous = (
                Membership.objects.filter(pk=membership_id)
                .values_list("emailed_at", flat=True)
                .first()
            )
            membership = _claim(membership_id, now)
            if membership is None:
                continue
            try:
                connection.send_messages([unread_messages_email(membership, now=now)])
            except Exception:
                Membership.objects.filter(pk=membership_id, emailed_at=now).update(
                    emailed_at=previous
                )
                logger.exception(
                    "Could not e-mail membership %s about unread messages", membership_id
                )
                continue
            sent += 1
    return sent


def unsubscribe_url(user) -> str:
    return absolute_url(reverse("matching:unsubscribe", args=[make_token(user, UNSUBSCRIBE_TOPIC)]))


def unread_messages_email(membership: Membership, *, now=None) -> EmailMessage:
    """The e-mail for one membership (with its user's profile, conversation and listing)."""
    from .services import contact_details_shared

    now = now or timezone.now()
    user = membership.user
    conversation = membership.conversation
    unread = list(
        Message.objects.filter(
            conversation=conversation,
            seq__gt=membership.last_read_seq,
            deleted_at__isnull=True,
            created_at__lte=now,
        )
        .exclude(sender_id=user.pk)
        .select_related("sender__profile")
        .order_by("seq")
    )
    senders = []
    for message in unread:
        name = message.sender.display_name if message.sender is not None else ""
        if name and name not in senders:
            senders.append(name)
    is_direct = conversation.kind == ConversationKind.DIRECT
    latest = unread[-1] if unread else None
    body, masked = "", False
    if is_direct and latest is not None and latest.body:
        masked = not contact_details_shared(conversation)
        body = text.mask(latest.body) if masked else latest.body
    with translation.override(recipient_language(user)):
        unsubscribe = unsubscribe_url(user)
        context = {
            "recipient": user,
            "conversation": conversation,
            "listing": conversation.listing,
            "is_direct": is_direct,
            "on_behalf_of": membership.on_behalf_of,
            "senders": ", ".join(senders[:MAX_SENDERS_NAMED]),
            "more_senders": max(0, len(senders) - MAX_SENDERS_NAMED),
            "count": len(unread),
            "body": body,
            "masked": masked,
            "photo": is_direct and latest is not None and bool(latest.photo),
            "conversation_url": localized_url("messaging:conversation", conversation.pk),
            "listing_url": (
                localized_url("listings:detail", conversation.listing_id)
                if conversation.listing_id
                else ""
            ),
            "unsubscribe_url": unsubscribe,
            "settings_url": localized_url("accounts:profile"),
        }
        subject = render_to_string("messaging/email/unread_subject.txt", context)
        message_text = render_to_string("messaging/email/unread_message.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=message_text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
