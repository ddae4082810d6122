"""Conversations, their members and messages, blocks and reports.

A message's ``seq`` orders it within its conversation (1, 2, 3 …, given under a lock on the
conversation by ``Message.insert_counted``); read state and catch-up are counted in ``seq``.
Every write goes through ``messaging.services``.
"""

from typing import NamedTuple

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import connection, models, transaction
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


class Member(NamedTuple):
    """A membership as sending a message needs it (``Membership.for_sending``)."""

    user_id: int
    on_behalf_of_id: int | None
    active: bool
    shares_contact: bool


class Sending(NamedTuple):
    """What sending a message checks first (``Membership.for_sending``)."""

    members: list[Member]  # everyone who is or was in the conversation
    sent_last_minute: int  # by the sender: the rate limit
    kind: str  # the conversation's ConversationKind


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
    def for_sending(cls, conversation_id: int, sender_id: int, since) -> Sending:
        """Everyone who is or was in the conversation, how many messages ``sender_id`` sent
        from ``since`` on (the rate limit, from the ``message_sent_by`` index) and the
        conversation's kind: one hand-written query. Every message sent over a socket starts
        here, and the ORM's three queries cost several times this one."""
        memberships = connection.ops.quote_name(cls._meta.db_table)
        messages = connection.ops.quote_name(Message._meta.db_table)
        conversations = connection.ops.quote_name(Conversation._meta.db_table)
        # Only table names are formatted in; the values are parameters.
        sql = (
            "SELECT user_id, on_behalf_of_id, left_at IS NULL, contact_shared_at IS NOT NULL, "  # noqa: S608
            f"(SELECT COUNT(*) FROM {messages} WHERE sender_id = %s AND created_at >= %s), "
            f"(SELECT kind FROM {conversations} WHERE id = %s) "
            f"FROM {memberships} WHERE conversation_id = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    sender_id,
                    connection.ops.adapt_datetimefield_value(since),
                    conversation_id,
                    conversation_id,
                ],
            )
            rows = cursor.fetchall()
        members = [
            Member(user_id, behalf, bool(active), bool(shares))
            for user_id, behalf, active, shares, _sent, _kind in rows
        ]
        if not rows:
            return Sending(members, 0, "")
        return Sending(members, rows[0][4], rows[0][5])


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

    def insert_counted(self) -> None:
        """Save this new message (not yet saved) as the next of its conversation: count it in
        the conversation (``last_seq``, ``last_message_at``), insert it with that ``seq``, and
        mark its sender as having read up to it (sending reads the conversation).

        Every message sent goes through here, so it is hand-written. On PostgreSQL it is one
        statement, atomic by itself, with no transaction around it: one round trip where
        ``save()`` and two updates in a transaction took six. The ``UPDATE`` locks the
        conversation's row until it commits, so concurrent senders get successive seqs.
        Elsewhere (SQLite 3.35+, which has no writable ``WITH``) three statements in a
        transaction do the same."""
        self.created_at = timezone.now()
        tables = {
            name: connection.ops.quote_name(model._meta.db_table)
            for name, model in [
                ("conversations", Conversation),
                ("messages", Message),
                ("memberships", Membership),
            ]
        }
        sent_at = connection.ops.adapt_datetimefield_value(self.created_at)
        fields = [
            self.sender_id,
            self.on_behalf_of_id,
            self.body,
            self.photo.name or "",
            self.thumbnail.name or "",
            sent_at,
        ]
        if connection.vendor == "postgresql":
            self.pk, self.seq = self._insert_counted_in_one_statement(tables, sent_at, fields)
        else:
            with transaction.atomic():
                self.pk, self.seq = self._insert_counted_in_three(tables, sent_at, fields)
        self._state.adding = False

    def _insert_counted_in_one_statement(self, tables, sent_at, fields) -> tuple[int, int]:
        # Only table names are formatted in; the values are parameters.
        sql = (
            f"WITH counted AS (UPDATE {tables['conversations']} "  # noqa: S608
            "SET last_seq = last_seq + 1, last_message_at = %s WHERE id = %s "
            "RETURNING id, last_seq), "
            f"inserted AS (INSERT INTO {tables['messages']} (conversation_id, seq, sender_id, "
            "on_behalf_of_id, body, photo, thumbnail, created_at) "
            "SELECT id, last_seq, %s, %s, %s, %s, %s, %s FROM counted RETURNING id, seq), "
            f"read AS (UPDATE {tables['memberships']} SET last_read_seq = inserted.seq "
            "FROM inserted WHERE conversation_id = %s AND user_id = %s) "
            "SELECT id, seq FROM inserted"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [sent_at, self.conversation_id, *fields, self.conversation_id, self.sender_id],
            )
            row = cursor.fetchone()
        if row is None:
            raise Conversation.DoesNotExist
        return row[0], row[1]

    def _insert_counted_in_three(self, tables, sent_at, fields) -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {tables['conversations']} SET last_seq = last_seq + 1, "  # noqa: S608
                "last_message_at = %s WHERE id = %s RETURNING last_seq",
                [sent_at, self.conversation_id],
            )
            row = cursor.fetchone()
            if row is None:
                raise Conversation.DoesNotExist
            seq = row[0]
            cursor.execute(
                f"INSERT INTO {tables['messages']} (conversation_id, seq, sender_id, "  # noqa: S608
                "on_behalf_of_id, body, photo, thumbnail, created_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                [self.conversation_id, seq, *fields],
            )
            pk = cursor.fetchone()[0]
            cursor.execute(
                f"UPDATE {tables['memberships']} SET last_read_seq = %s "  # noqa: S608
                "WHERE conversation_id = %s AND user_id = %s",
                [seq, self.conversation_id, self.sender_id],
            )
        return pk, seq


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
