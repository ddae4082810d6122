"""Communities: circles and newcomer communities, their members, board and group chat.

A community's writes (create, join, approve, leave, remove, post, report) live in
``communities.services``; the models hold the rows and the rules of one row.
"""

import json
import uuid

from django.conf import settings
from django.db import connections, models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import validate_spoken_languages
from listings.models import Category, CoordinatorDecision, ReportReason


class CommunityKind(models.TextChoices):
    CIRCLE = "circle", _("Circle")
    NEWCOMER = "newcomer", _("Newcomer community")
    OTHER = "other", _("Other community")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open to all: anyone can join")
    APPROVAL = "approval", _("Join by approval: an organiser accepts each request")


class MemberRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    MEMBER = "member", _("Member")


class MemberStatus(models.TextChoices):
    PENDING = "pending", _("Asked to join")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Request declined")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed by an organiser")


def _photo_path(instance, filename: str) -> str:
    # A random name: the uploaded file name may hold personal details.
    return f"communities/photos/{uuid.uuid4().hex}.jpg"


def _thumbnail_path(instance, filename: str) -> str:
    return f"communities/thumbnails/{uuid.uuid4().hex}.jpg"


class CommunityQuerySet(models.QuerySet):
    def visible(self):
        """What the directory and the API show: every community not hidden by a coordinator."""
        return self.filter(hidden=False)

    def visible_to(self, user):
        """Visible communities, plus the hidden ones ``user`` organises; coordinators see all."""
        if user.is_authenticated and user.is_coordinator:
            return self.all()
        if not user.is_authenticated:
            return self.visible()
        organised = CommunityMember.objects.filter(
            user=user, role=MemberRole.ORGANISER, status=MemberStatus.ACTIVE
        ).values("community_id")
        return self.filter(Q(hidden=False) | Q(pk__in=organised))

    def joined_by(self, user):
        """The communities ``user`` is an active member (or organiser) of."""
        return self.filter(
            pk__in=CommunityMember.objects.filter(user=user, status=MemberStatus.ACTIVE).values(
                "community_id"
            )
        )

    def in_language(self, code: str):
        """Communities that use the language ``code`` (as ``ListingQuerySet.in_language``)."""
        if connections[self.db].vendor == "postgresql":
            return self.filter(languages__contains=[code])  # jsonb @>
        # SQLite stores the JSON text; a quoted code is one whole element of the list.
        return self.filter(languages__icontains=json.dumps(code))

    def search(self, text: str):
        """Communities matching the keywords ``text``; see ``communities.search``."""
        from .search import search_communities

        return search_communities(self, text)

    def with_member_count(self):
        return self.annotate(
            member_count=Count("members", filter=Q(members__status=MemberStatus.ACTIVE))
        )


class Community(models.Model):
    """A circle (parenting, hobbies, welfare) or a newcomer community.

    Its members are ``CommunityMember`` rows; its group chat is a messaging group
    (``conversation``) whose membership ``services`` keeps equal to the active members.
    ``search_text`` holds the analysed text the directory searches (``communities.search``).
    """

    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), max_length=4000)
    kind = models.CharField(
        _("kind"), max_length=10, choices=CommunityKind.choices, default=CommunityKind.CIRCLE
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="communities"
    )
    area = models.CharField(_("area"), max_length=80, blank=True)
    languages = models.JSONField(
        _("languages used"), default=list, blank=True, validators=[validate_spoken_languages]
    )
    join_policy = models.CharField(
        _("who can join"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=_photo_path,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=_thumbnail_path, blank=True)
    photo_width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    photo_height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    photo_alt_text = models.CharField(_("what the photo shows"), max_length=200, blank=True)
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Featured communities come first.")
    )
    hidden = models.BooleanField(
        _("hidden by the coordinators"),
        default=False,
        help_text=_("A hidden community is shown to nobody but its organisers and coordinators."),
    )
    conversation = models.OneToOneField(
        "messaging.Conversation",
        verbose_name=_("group chat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community",
        editable=False,
    )
    search_text = models.TextField(_("search terms"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["-featured", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["hidden", "-featured", "-created_at"], name="community_directory")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.join_policy == JoinPolicy.OPEN


class CommunityMember(models.Model):
    """One person's place in a community: a request (pending), a member or organiser
    (active), or what ended it (declined, left, removed). One row per person and community,
    so a history stays; only active rows count as members."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="community_memberships",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.PENDING
    )
    request_message = models.TextField(_("message with the request"), max_length=500, blank=True)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("community member")
        verbose_name_plural = _("community members")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="community_member_once"),
            models.CheckConstraint(
                condition=Q(role=MemberRole.MEMBER) | Q(status=MemberStatus.ACTIVE),
                name="community_organiser_is_active",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"], name="community_member_of_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.community_id}: {self.role}/{self.status}"

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE

    @property
    def is_organiser(self) -> bool:
        return self.is_active and self.role == MemberRole.ORGANISER


class BoardPost(models.Model):
    """A post on a community's board, or a reply to one (``parent``, one level deep).

    Plain text, shown with links made clickable and line breaks kept (``messaging.text``);
    an optional photo checked and re-encoded like listing photos.
    """

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="posts"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("text"), max_length=4000)
    photo = models.ImageField(
        _("photo"),
        upload_to=_photo_path,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=_thumbnail_path, blank=True)
    photo_width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    photo_height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    hidden = models.BooleanField(_("hidden by the coordinators"), default=False)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("board post")
        verbose_name_plural = _("board posts")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "parent", "-created_at"], name="community_board")
        ]

    def __str__(self) -> str:
        return self.body[:60]


class PostReport(CoordinatorDecision):
    """Someone's report that a board post breaks the rules; coordinators hide the post or
    dismiss the report from their queue in the admin."""

    post = models.ForeignKey(
        BoardPost, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("board post report")
        verbose_name_plural = _("board post reports")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="community_report_queue")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.post_id}"
