"""Every write of messaging, with its permission checks; the WebSocket consumer and the HTML
views call the same functions. Real-time events are sent after commit (``events``)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from listings.models import Listing

from . import events, payloads
from .models import (
    MAX_MESSAGE_LENGTH,
    Block,
    Conversation,
    ConversationKind,
    Membership,
    Message,
    MessageReport,
    MessageReportReason,
)
from .unread import forget_unread_counts

EDIT_WINDOW = datetime.timedelta(minutes=15)
MESSAGES_PER_MINUTE = 20
NEW_ACCOUNT_AGE = datetime.timedelta(days=7)
NEW_CONVERSATIONS_PER_DAY_FOR_NEW_ACCOUNTS = 10


class RateLimited(ValidationError):
    """Over a rate limit: nothing was saved, and the message says when to try again."""


def access_conversation(user, conversation_id) -> Membership:
    """The user's active membership of the conversation; 404 for anyone else (so that
    outsiders cannot tell which conversations exist)."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("conversation", "conversation__listing")
        .filter(conversation_id=conversation_id, user=user, left_at__isnull=True)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def is_blocked_between(first_id: int, second_id: int) -> bool:
    return Block.objects.filter(
        Q(blocker_id=first_id, blocked_id=second_id) | Q(blocker_id=second_id, blocked_id=first_id)
    ).exists()


def blocked_user_ids(user) -> set[int]:
    """Everyone ``user`` blocked or was blocked by."""
    pairs = Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values_list(
        "blocker_id", "blocked_id"
    )
    return {other for pair in pairs for other in pair} - {user.pk}


def listing_contact(listing: Listing):
    """Who answers messages about ``listing``: its owner, or for a proxy resident's listing
    their contact coordinator (with the proxy resident); (None, None) if nobody can."""
    if listing.owner_id:
        return listing.owner, None
    proxy = listing.proxy_owner
    if proxy is not None and proxy.coordinator_id and proxy.has_consent:
        return proxy.coordinator, proxy
    return None, None


@transaction.atomic
def start_conversation(*, listing: Listing, by) -> Conversation:
    """The conversation between ``by`` and whoever answers for ``listing``: the existing one
    if there is one (a second click returns to it), else a new one."""
    if not by.is_authenticated:
        raise PermissionDenied
    if not Listing.objects.visible_to(by).filter(pk=listing.pk).exists():
        raise Http404
    contact, proxy = listing_contact(listing)
    if contact is None:
        raise ValidationError(_("Nobody can answer messages about this listing."))
    if contact.pk == by.pk:
        raise ValidationError(_("This is your own listing."))
    if is_blocked_between(by.pk, contact.pk):
        raise PermissionDenied(_("You cannot send messages to this person."))
    return open_conversation_about(
        listing, asker=by, answerer=contact, on_behalf_of=proxy, opened_by=by
    )


@transaction.atomic
def open_conversation_about(
    listing: Listing, *, asker, answerer, on_behalf_of=None, opened_by
) -> Conversation:
    """The direct conversation about ``listing`` between ``asker`` and ``answerer`` (who
    answers for it, for the proxy resident ``on_behalf_of`` if any): the existing one, with
    ``opened_by`` back in it if they had left, else a new one, within the new-account limit when
    the asker opens it. The caller has checked that these two may talk (see
    ``start_conversation``)."""
    pair_key = Conversation.pair_key_for(asker.pk, answerer.pk)
    existing = Conversation.objects.filter(
        kind=ConversationKind.DIRECT, listing=listing, pair_key=pair_key
    ).first()
    if existing is not None:
        Membership.objects.filter(conversation=existing, user=opened_by).update(left_at=None)
        return existing
    if opened_by.pk == asker.pk:
        _check_new_conversation_limit(asker)
    conversation = Conversation.objects.create(
        kind=ConversationKind.DIRECT, listing=listing, pair_key=pair_key, created_by=opened_by
    )
    Membership.objects.bulk_create(
        [
            Membership(conversation=conversation, user=asker),
            Membership(conversation=conversation, user=answerer, on_behalf_of=on_behalf_of),
        ]
    )
    return conversation


def _check_new_conversation_limit(user) -> None:
    if timezone.now() - user.date_joined >= NEW_ACCOUNT_AGE:
        return
    since = timezone.now() - datetime.timedelta(days=1)
    started = Conversation.objects.filter(created_by=user, created_at__gte=since).count()
    if started >= NEW_CONVERSATIONS_PER_DAY_FOR_NEW_ACCOUNTS:
        raise RateLimited(
            _(
                "New accounts can start at most %(count)s conversations a day. Please try "
                "again tomorrow, or ask a coordinator for help."
            )
            % {"count": NEW_CONVERSATIONS_PER_DAY_FOR_NEW_ACCOUNTS},
            code="rate_limited",
        )


@transaction.atomic
def create_group(*, by, title: str, members) -> Conversation:
    """A coordinator opens a group conversation with ``members`` (and themselves)."""
    if not by.is_authenticated or not by.is_coordinator:
        raise PermissionDenied
    return open_group(created_by=by, title=title, members=[by, *members])


@transaction.atomic
def open_group(*, created_by, title: str, members) -> Conversation:
    """A group conversation with exactly ``members``, for a feature that has checked who may
    open it (a community's chat, an activity's confirmed participants): no permission check
    here. ``created_by`` is recorded (and audited) but not made a member unless listed."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the group a name.")})
    conversation = Conversation.objects.create(
        kind=ConversationKind.GROUP, title=title[:200], created_by=created_by
    )
    people = {member.pk: member for member in members}
    Membership.objects.bulk_create(
        Membership(conversation=conversation, user=user) for user in people.values()
    )
    log(instance=conversation, action="yui.conversation.create", user=created_by)
    return conversation


@transaction.atomic
def sync_group_members(*, conversation: Conversation, member_ids) -> tuple[int, int]:
    """Make the group's active members exactly ``member_ids``: add (or bring back) the missing,
    and remove the others, who stop receiving at once (their sockets are told after the
    commit). For features that own a group's membership, such as a community's chat; they check
    permissions. Returns (added, removed)."""
    if conversation.kind != ConversationKind.GROUP:
        raise ValidationError(_("Only a group can have members added."))
    wanted = set(member_ids)
    memberships = {
        membership.user_id: membership
        for membership in Membership.objects.select_for_update().filter(conversation=conversation)
    }
    now = timezone.now()
    back = [uid for uid, m in memberships.items() if uid in wanted and m.left_at is not None]
    new = [uid for uid in wanted if uid not in memberships]
    gone = [uid for uid, m in memberships.items() if uid not in wanted and m.left_at is None]
    if back:
        Membership.objects.filter(conversation=conversation, user_id__in=back).update(left_at=None)
    Membership.objects.bulk_create(
        Membership(conversation=conversation, user_id=uid) for uid in new
    )
    if gone:
        Membership.objects.filter(conversation=conversation, user_id__in=gone).update(left_at=now)
        events.send_on_commit(gone, {"type": "messaging.left", "conversation": conversation.pk})
    forget_unread_counts([*back, *new, *gone])
    return len(back) + len(new), len(gone)


@transaction.atomic
def add_members(*, by, conversation: Conversation, members) -> int:
    """A coordinator adds people to a group (back, if they had left)."""
    if not by.is_authenticated or not by.is_coordinator:
        raise PermissionDenied
    if conversation.kind != ConversationKind.GROUP:
        raise ValidationError(_("Only a group can have members added."))
    added = 0
    for member in members:
        membership, created = Membership.objects.get_or_create(
            conversation=conversation, user=member
        )
        if not created and membership.left_at is not None:
            membership.left_at = None
            membership.save(update_fields=["left_at"])
            created = True
        added += created
    return added


@transaction.atomic
def leave_conversation(*, user, conversation_id) -> Membership:
    """A member leaves a group; from now on they receive nothing from it."""
    membership = access_conversation(user, conversation_id)
    if membership.conversation.kind != ConversationKind.GROUP:
        raise ValidationError(_("You can leave group conversations only."))
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    forget_unread_counts([user.pk])
    events.send_on_commit(
        [user.pk], {"type": "messaging.left", "conversation": membership.conversation_id}
    )
    return membership


def active_member_ids(conversation_id: int) -> list[int]:
    return list(
        Membership.objects.filter(conversation_id=conversation_id, left_at__isnull=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def _check_can_write(sender, member_ids: list[int]) -> None:
    """In a two-person conversation, nobody writes to someone they blocked or who blocked
    them (a group has no such check: its coordinator moderates it)."""
    others = [uid for uid in member_ids if uid != sender.pk]
    if Block.objects.filter(
        Q(blocker_id=sender.pk, blocked_id__in=others)
        | Q(blocked_id=sender.pk, blocker_id__in=others)
    ).exists():
        raise PermissionDenied(_("You cannot send messages in this conversation."))


def _check_message_rate(sent_last_minute: int) -> None:
    if sent_last_minute >= MESSAGES_PER_MINUTE:
        raise RateLimited(
            _(
                "You have sent %(count)s messages in the last minute, the most allowed. "
                "Please wait a minute; your message has been kept."
            )
            % {"count": MESSAGES_PER_MINUTE},
            code="rate_limited",
        )


def clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {
                "body": _("A message can have at most %(limit)s characters (this one has %(n)s).")
                % {"limit": MAX_MESSAGE_LENGTH, "n": len(body)}
            }
        )
    return body


def send_message(*, sender, conversation_id, body: str, photo=None) -> Message:
    """Store a message, then tell the members once it is committed. ``photo``: an uploaded
    file, checked and stripped as listing photos are. Every message sent over a WebSocket comes
    through here, so it keeps to two hand-written queries on PostgreSQL (the models say why):
    what sending checks (the memberships, the rate limit, the conversation's kind), read, and
    the message counted, inserted and read by its sender, written in one statement. A
    two-person conversation adds the block check."""
    if not sender.is_authenticated:
        raise Http404
    sending = Membership.for_sending(
        conversation_id, sender.pk, timezone.now() - datetime.timedelta(minutes=1)
    )
    members = sending.members
    me = next((m for m in members if m.user_id == sender.pk and m.active), None)
    if me is None:
        raise Http404
    body = clean_body(body)
    processed = None
    if photo is not None:
        from listings.photos import process_photo  # the same checks as listing photos

        processed = process_photo(photo)
    if not body and processed is None:
        raise ValidationError({"body": _("Write a message or add a photo.")})
    _check_message_rate(sending.sent_last_minute)
    member_ids = sorted(m.user_id for m in members if m.active)
    direct = sending.kind == ConversationKind.DIRECT
    if direct:
        _check_can_write(sender, member_ids)
    message = Message(
        conversation_id=conversation_id,
        sender=sender,
        on_behalf_of_id=me.on_behalf_of_id,
        body=body,
    )
    if processed is not None:
        message.photo.save("photo.jpg", processed.image_file(), save=False)
        message.thumbnail.save("photo.jpg", processed.thumbnail_file(), save=False)
    message.insert_counted()
    shared = direct and len(members) == 2 and all(m.shares_contact for m in members)
    payload = payloads.message(message, masked=not shared)
    events.send_on_commit(member_ids, {"type": "messaging.message", "message": payload})
    forget_unread_counts(member_ids)
    return message


def _own_message(user, message_id) -> Message:
    message = Message.objects.select_related("conversation").filter(pk=message_id).first()
    if message is None:
        raise Http404
    access_conversation(user, message.conversation_id)
    if message.sender_id != user.pk:
        raise PermissionDenied(_("You can change only your own messages."))
    if message.is_deleted:
        raise ValidationError(_("This message has been deleted."))
    return message


@transaction.atomic
def edit_message(*, user, message_id, body: str) -> Message:
    """Change one's own message within ``EDIT_WINDOW`` of sending it."""
    message = _own_message(user, message_id)
    if timezone.now() - message.created_at > EDIT_WINDOW:
        raise ValidationError(_("A message can be edited for 15 minutes after it is sent."))
    body = clean_body(body)
    if not body and not message.photo:
        raise ValidationError({"body": _("Write a message or add a photo.")})
    message.body = body
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "edited_at"])
    events.send_on_commit(
        active_member_ids(message.conversation_id),
        {"type": "messaging.edited", "message": payloads.message(message, message.conversation)},
    )
    return message


@transaction.atomic
def delete_message(*, user, message_id) -> Message:
    """Delete one's own message: it shows as "message deleted" from now on. The text is kept
    for the coordinators while a report about it is open, and cleared otherwise."""
    message = _own_message(user, message_id)
    message.deleted_at = timezone.now()
    fields = ["deleted_at"]
    if not message.reports.exists():
        message.body = ""
        message.photo = message.thumbnail = ""
        fields += ["body", "photo", "thumbnail"]
    message.save(update_fields=fields)
    events.send_on_commit(
        active_member_ids(message.conversation_id),
        {"type": "messaging.deleted", "message": payloads.message(message, message.conversation)},
    )
    return message


@transaction.atomic
def mark_read(*, user, conversation_id, seq: int) -> Membership:
    """The user has read the conversation up to ``seq`` (never moves back); the other
    members see "read"."""
    membership = access_conversation(user, conversation_id)
    seq = min(int(seq), membership.conversation.last_seq)
    if seq > membership.last_read_seq:
        Membership.objects.filter(pk=membership.pk, last_read_seq__lt=seq).update(last_read_seq=seq)
        membership.last_read_seq = seq
        forget_unread_counts([user.pk])
        events.send_on_commit(
            active_member_ids(conversation_id),
            {
                "type": "messaging.read",
                "conversation": membership.conversation_id,
                "user": user.pk,
                "seq": seq,
            },
        )
    return membership


def share_contact_details(*, user, conversation_id) -> Membership:
    """The user agrees to show contact details in this (two-person) conversation; once both
    have, phone numbers, addresses and LINE IDs in it are no longer masked."""
    membership = access_conversation(user, conversation_id)
    if membership.conversation.kind != ConversationKind.DIRECT:
        raise ValidationError(_("Contact details can be shared in two-person conversations."))
    if membership.contact_shared_at is None:
        membership.contact_shared_at = timezone.now()
        membership.save(update_fields=["contact_shared_at"])
        events.send_on_commit(
            active_member_ids(conversation_id),
            {"type": "messaging.contact_shared", "conversation": membership.conversation_id},
        )
    return membership


def contact_details_shared(conversation: Conversation) -> bool:
    """Whether both people of a two-person conversation agreed (never in a group)."""
    if conversation.kind != ConversationKind.DIRECT:
        return False
    shared = list(
        Membership.objects.filter(conversation=conversation).values_list(
            "contact_shared_at", flat=True
        )
    )
    return len(shared) == 2 and None not in shared


@transaction.atomic
def block_user(*, blocker, blocked) -> Block:
    if not blocker.is_authenticated or blocker.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    forget_unread_counts([blocker.pk, blocked.pk])
    events.send_on_commit([blocker.pk, blocked.pk], {"type": "messaging.blocked"})
    return block


def unblock_user(*, blocker, blocked) -> int:
    return Block.objects.filter(blocker=blocker, blocked=blocked).delete()[0]


@transaction.atomic
def report(*, reporter, conversation_id, reason: str, details: str = "", message_id=None):
    """A member reports a message (or the whole conversation) to the coordinators."""
    membership = access_conversation(reporter, conversation_id)
    if reason not in MessageReportReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    message = None
    if message_id is not None:
        message = Message.objects.filter(
            pk=message_id, conversation_id=membership.conversation_id
        ).first()
        if message is None:
            raise Http404
    created = MessageReport.objects.create(
        conversation_id=membership.conversation_id,
        message=message,
        reporter=reporter,
        reason=reason,
        details=details.strip(),
    )
    log(
        instance=membership.conversation,
        action="yui.conversation.report",
        user=reporter,
        data={"report": created.pk, "message": message_id, "reason": reason},
    )
    return created


def unread_counts(user) -> dict[int, int]:
    """Unread messages per conversation (others' messages after the user's last read)."""
    if not user.is_authenticated:
        return {}
    rows = (
        Membership.objects.filter(user=user, left_at__isnull=True)
        .filter(conversation__last_seq__gt=F("last_read_seq"))
        .values_list("conversation_id", "conversation__last_seq", "last_read_seq")
    )
    return {conversation: last - read for conversation, last, read in rows}
