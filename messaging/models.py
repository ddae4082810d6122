"""Conversations, their members and messages, blocks and reports.

A message's ``seq`` orders it within its conversation (1, 2, 3 …, given under a lock on the
conversation by ``services.send_message``); read state and catch-up are counted in ``seq``.
Every write goes through ``messaging.services``.
"""

from typing import NamedTuple

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import connection, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from listings.models import CoordinatorDecision, Listing

MAX_MESSAGE_LENGTH = 4000


class ConversationKind(models.TextChoices):
    DIRECT = "direct", _("Between two people")
    GROUP = "group", _("Group")


class Conversation(models.Model):
    """Two people about a listing (``DIRECT``: one per pair and listing), or a group that a
    coordinator created."""

    kind = models.CharField(_("kind"), max_length=10, choices=ConversationKind.choices)
    listing = models.ForeignKey(
        Listing,
        verbose_name=_("listing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    # "smaller user id:larger user id" of a direct conversation, for its uniqueness.
    pair_key = models.CharField(max_length=40, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_seq = models.PositiveIntegerField(_("messages so far"), default=0)
    last_message_at = models.DateTimeField(_("last message at"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "pair_key"],
                condition=Q(kind="direct"),
                name="conversation_one_per_pair_and_listing",
            ),
            models.CheckConstraint(
                condition=Q(kind="group") | ~Q(pair_key=""),
                name="conversation_direct_has_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["-last_message_at"], name="conversation_activity"),
            models.Index(fields=["created_by", "created_at"], name="conversation_started_by"),
        ]

    def __str__(self) -> str:
        return self.title or (self.listing.title if self.listing_id else str(self.pk))

    @staticmethod
    def pair_key_for(first_user_id: int, second_user_id: int) -> str:
        low, high = sorted((first_user_id, second_user_id))
        return f"{low}:{high}"

    @classmethod
    def take_next_seq(cls, conversation_id: int, sent_at) -> tuple[int, str]:
        """Count one more message in the conversation, sent at ``sent_at``; returns its seq and
        the conversation's kind. Call it inside a transaction: the row stays locked until the
        transaction ends, so concurrent senders get successive seqs, and a rollback takes the
        count back. One ``UPDATE … RETURNING`` (PostgreSQL and SQLite 3.35+): sending is the
        hot path of real-time messaging, and this replaces a locking read and a save."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET last_seq = last_seq + 1, last_message_at = %s "  # noqa: S608
                "WHERE id = %s RETURNING last_seq, kind",
                [connection.ops.adapt_datetimefield_value(sent_at), conversation_id],
            )
            row = cursor.fetchone()
        if row is None:
            raise cls.DoesNotExist
        return row[0], row[1]


class Member(NamedTuple):
    """A membership as sending a message needs it (``Membership.for_sending``)."""

    user_id: int
    on_behalf_of_id: int | None
    active: bool
    shares_contact: bool


class Membership(models.Model):
    """A person in a conversation: what they have read, whether they agreed to share contact
    details, and whether they left. A coordinator answering for a proxy resident has
    ``on_behalf_of`` set."""

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    on_behalf_of = models.ForeignKey(
        "accounts.ProxyResident",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_read_seq = models.PositiveIntegerField(_("read up to"), default=0)
    contact_shared_at = models.DateTimeField(_("agreed to share contact details"), null=True)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("last e-mailed about unread messages"), null=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="membership_once_per_conversation"
            )
        ]
        indexes = [models.Index(fields=["user", "left_at"], name="membership_of_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None

    @classmethod
    def mark_read_by_sender(cls, conversation_id: int, user_id: int, seq: int) -> None:
        """Sending reads the conversation: the sender has read up to their own message. One
        hand-written ``UPDATE``, for the same reason as ``for_sending``."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET last_read_seq = %s "  # noqa: S608
                "WHERE conversation_id = %s AND user_id = %s",
                [seq, conversation_id, user_id],
            )

    @classmethod
    def for_sending(cls, conversation_id: int, sender_id: int, since) -> tuple[list[Member], int]:
        """Everyone who is or was in the conversation, and how many messages ``sender_id`` sent
        from ``since`` on (the rate limit, from the ``message_sent_by`` index): one
        hand-written query, as ``Conversation.take_next_seq`` is. Every message sent over a
        socket starts here, and the ORM's two queries cost several times this one."""
        memberships = connection.ops.quote_name(cls._meta.db_table)
        messages = connection.ops.quote_name(Message._meta.db_table)
        # Only table names are formatted in; the values are parameters.
        sql = (
            "SELECT user_id, on_behalf_of_id, left_at IS NULL, contact_shared_at IS NOT NULL, "  # noqa: S608
            f"(SELECT COUNT(*) FROM {messages} WHERE sender_id = %s AND created_at >= %s) "
            f"FROM {memberships} WHERE conversation_id = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [sender_id, connection.ops.adapt_datetimefield_value(since), conversation_id]
            )
            rows = cursor.fetchall()
        members = [
            Member(user_id, behalf, bool(active), bool(shares))
            for user_id, behalf, active, shares, _sent in rows
        ]
        return members, (rows[0][4] if rows else 0)


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    seq = models.PositiveIntegerField(_("number in the conversation"))
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        "accounts.ProxyResident",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(
        _("message"), blank=True, validators=[MaxLengthValidator(MAX_MESSAGE_LENGTH)]
    )
    photo = models.ImageField(_("photo"), upload_to="messages/", blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to="messages/thumbnails/", blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["conversation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="message_seq_unique"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="message_seq_positive"),
        ]
        indexes = [models.Index(fields=["sender", "created_at"], name="message_sent_by")]

    def __str__(self) -> str:
        return f"{self.conversation_id}#{self.seq}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def insert_new(self) -> None:
        """Save this new message (not yet saved) with one hand-written ``INSERT … RETURNING``
        (PostgreSQL and SQLite 3.35+), as ``Conversation.take_next_seq`` counts it: every
        message sent goes through here, and ``save()`` costs several times the query."""
        self.created_at = timezone.now()
        table = connection.ops.quote_name(self._meta.db_table)
        sql = (
            f"INSERT INTO {table} (conversation_id, seq, sender_id, on_behalf_of_id, body, "  # noqa: S608
            "photo, thumbnail, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"
        )
        values = [
            self.conversation_id,
            self.seq,
            self.sender_id,
            self.on_behalf_of_id,
            self.body,
            self.photo.name or "",
            self.thumbnail.name or "",
            connection.ops.adapt_datetimefield_value(self.created_at),
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            self.pk = cursor.fetchone()[0]
        self._state.adding = False


class Block(models.Model):
    """``blocker`` wants nothing more from ``blocked``: no messages either way, no new
    conversations, and each other's listings left out of their suggestions."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blocked by"),
        on_delete=models.CASCADE,
        related_name="blocks_made",
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blocked person"),
        on_delete=models.CASCADE,
        related_name="blocks_received",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class MessageReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    SCAM = "scam", _("A scam or asking for money")
    HARASSMENT = "harassment", _("Harassment or threats")
    UNSAFE = "unsafe", _("Something that could be dangerous")
    OTHER = "other", _("Something else")


class MessageReport(CoordinatorDecision):
    """A member's report of a message, or of a whole conversation (``message`` empty), for
    the coordinators' queue; they see the reported messages and a little context only."""

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=MessageReportReason.choices)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message report")
        verbose_name_plural = _("message reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.reason}"
