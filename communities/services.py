"""Every write of communities: create and edit, join and leave, requests, roles, the board and
its reports. Each checks who may do it, keeps the group chat's membership equal to the active
members (``messaging.services.sync_group_members``) and notifies (``NotificationKind.COMMUNITY``,
``data["event"]`` saying what happened). Views, the admin and the demo all call these.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import NotificationKind
from accounts.notifications import build_notification, notify_many
from listings.models import ReportReason, ReportStatus
from listings.photos import ProcessedPhoto, process_photo
from messaging.notification_emails import email_on_commit
from messaging.services import open_group, sync_group_members

from .models import (
    BoardPost,
    Community,
    CommunityMember,
    MemberRole,
    MemberStatus,
    PostReport,
)
from .search import community_search_text

EDITABLE_FIELDS = (
    "name",
    "description",
    "kind",
    "category",
    "area",
    "languages",
    "join_policy",
    "photo_alt_text",
)


# Looking things up with permission checks


def access_community(user, community_id) -> Community:
    """The community ``community_id`` if ``user`` may see it (``visible_to``), else 404."""
    community = (
        Community.objects.visible_to(user).select_related("category").filter(pk=community_id)
    ).first()
    if community is None:
        raise Http404
    return community


def membership_of(user, community: Community) -> CommunityMember | None:
    if not user.is_authenticated:
        return None
    return CommunityMember.objects.filter(community=community, user=user).first()


def is_member(user, community: Community) -> bool:
    membership = membership_of(user, community)
    return membership is not None and membership.is_active


def can_manage(user, community: Community, membership: CommunityMember | None = None) -> bool:
    """Organisers and coordinators manage a community (edit, requests, members)."""
    if not user.is_authenticated:
        return False
    if user.is_coordinator:
        return True
    membership = membership if membership is not None else membership_of(user, community)
    return membership is not None and membership.is_organiser


def _require_manager(user, community: Community) -> None:
    if not can_manage(user, community):
        raise PermissionDenied(_("Only the community's organisers can do this."))


def active_member_ids(community: Community) -> list[int]:
    return list(
        community.members.filter(status=MemberStatus.ACTIVE).values_list("user_id", flat=True)
    )


def organiser_ids(community: Community) -> list[int]:
    return list(
        community.members.filter(status=MemberStatus.ACTIVE, role=MemberRole.ORGANISER).values_list(
            "user_id", flat=True
        )
    )


def _sync_chat(community: Community) -> None:
    if community.conversation_id is not None:
        sync_group_members(
            conversation=community.conversation, member_ids=active_member_ids(community)
        )


# What waits for someone's answer, or answers them, is e-mailed too; the rest is in-app only.
EMAILED_EVENTS = {"join_request", "request_approved", "request_declined"}


def _notify(recipient_ids, community: Community, event: str, *, by=None, **extra) -> None:
    data = {"event": event, "community": community.pk, "name": community.name, **extra}
    if by is not None:
        data["by"] = by.display_name
    created = notify_many(
        [
            build_notification(recipient=uid, kind=NotificationKind.COMMUNITY, data=data)
            for uid in recipient_ids
        ]
    )
    if event in EMAILED_EVENTS:
        email_on_commit(created)


def _store_photo(instance, processed: ProcessedPhoto) -> None:
    instance.photo.save("photo.jpg", processed.image_file(), save=False)
    instance.thumbnail.save("photo.jpg", processed.thumbnail_file(), save=False)


def _processed(photo) -> ProcessedPhoto | None:
    if photo is None or isinstance(photo, ProcessedPhoto):
        return photo
    try:
        return process_photo(photo)
    except ValidationError as error:
        raise ValidationError({"photo": error.error_list}) from None


# Creating and editing


@transaction.atomic
def create_community(*, by, photo=None, **fields) -> Community:
    """A community made by ``by`` (a resident or a coordinator), who becomes its first
    organiser and the first member of its group chat. ``fields``: ``EDITABLE_FIELDS``."""
    if not by.is_authenticated:
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not community fields: {sorted(unknown)}")
    community = Community(created_by=by, **fields)
    community.full_clean(exclude=["photo", "thumbnail"])
    processed = _processed(photo)
    if processed is not None:
        _store_photo(community, processed)
    community.search_text = community_search_text(community)
    community.conversation = open_group(created_by=by, title=community.name, members=[by])
    community.save()
    CommunityMember.objects.create(
        community=community,
        user=by,
        role=MemberRole.ORGANISER,
        status=MemberStatus.ACTIVE,
        joined_at=timezone.now(),
    )
    log(instance=community, action="yui.community.create", user=by)
    return community


@transaction.atomic
def update_community(
    *, by, community: Community, photo=None, remove_photo: bool = False, **fields
) -> Community:
    """Change a community's description fields (organisers and coordinators); the chat's
    title follows its name."""
    _require_manager(by, community)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not community fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(community, name, value)
    community.full_clean(exclude=["photo", "thumbnail"])
    changed = [*fields, "search_text", "updated_at"]
    processed = _processed(photo)
    if processed is not None:
        _store_photo(community, processed)
        changed += ["photo", "thumbnail", "photo_width", "photo_height"]
    elif remove_photo and community.photo:
        community.photo.delete(save=False)
        community.thumbnail.delete(save=False)
        community.photo_width = community.photo_height = 0
        changed += ["photo", "thumbnail", "photo_width", "photo_height"]
    community.search_text = community_search_text(community)
    community.save(update_fields=changed)
    if "name" in fields and community.conversation_id is not None:
        conversation = community.conversation
        conversation.title = community.name
        conversation.save(update_fields=["title"])
    log(instance=community, action="wagtail.edit", user=by, data={"fields": sorted(fields)})
    return community


# Joining and leaving


@transaction.atomic
def join_community(*, user, community: Community, message: str = "") -> CommunityMember:
    """Join an open community at once, or ask to join one that approves its members (the
    organisers are told). Someone an organiser removed can only ask, even where it is open."""
    if not user.is_authenticated:
        raise PermissionDenied
    Community.objects.select_for_update().filter(pk=community.pk).exists()  # one at a time
    membership, created = CommunityMember.objects.get_or_create(community=community, user=user)
    if membership.status == MemberStatus.ACTIVE:
        return membership
    if membership.status == MemberStatus.PENDING and not created:
        raise ValidationError(_("You have already asked to join. An organiser will answer."))
    was_removed = membership.status == MemberStatus.REMOVED
    membership.request_message = message.strip()[:500]
    membership.role = MemberRole.MEMBER
    if community.is_open and not was_removed:
        membership.status = MemberStatus.ACTIVE
        membership.joined_at = timezone.now()
        membership.save()
        _sync_chat(community)
        log(instance=community, action="yui.community.join", user=user)
    else:
        membership.status = MemberStatus.PENDING
        membership.save()
        _notify(organiser_ids(community), community, "join_request", by=user)
        log(instance=community, action="yui.community.request", user=user)
    return membership


def _pending_request(member_id, community: Community) -> CommunityMember:
    membership = (
        CommunityMember.objects.select_for_update()
        .filter(pk=member_id, community=community)
        .first()
    )
    if membership is None or membership.status != MemberStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    return membership


@transaction.atomic
def approve_request(*, by, community: Community, member_id) -> CommunityMember:
    """An organiser accepts a request to join: the person becomes a member and joins the chat."""
    _require_manager(by, community)
    membership = _pending_request(member_id, community)
    membership.status = MemberStatus.ACTIVE
    membership.joined_at = timezone.now()
    membership.save(update_fields=["status", "joined_at", "updated_at"])
    _sync_chat(community)
    _notify([membership.user_id], community, "request_approved", by=by)
    log(
        instance=community,
        action="yui.community.approve",
        user=by,
        data={"user": membership.user_id},
    )
    return membership


@transaction.atomic
def decline_request(*, by, community: Community, member_id) -> CommunityMember:
    """An organiser declines a request to join; the person is told, and may ask again."""
    _require_manager(by, community)
    membership = _pending_request(member_id, community)
    membership.status = MemberStatus.DECLINED
    membership.save(update_fields=["status", "updated_at"])
    _notify([membership.user_id], community, "request_declined", by=by)
    log(
        instance=community,
        action="yui.community.decline",
        user=by,
        data={"user": membership.user_id},
    )
    return membership


@transaction.atomic
def leave_community(*, user, community: Community) -> CommunityMember:
    """Leave a community (or withdraw a request). The last organiser of a community that
    still has other members must first make someone else an organiser."""
    membership = (
        CommunityMember.objects.select_for_update().filter(community=community, user=user).first()
    )
    if membership is None or membership.status not in (MemberStatus.ACTIVE, MemberStatus.PENDING):
        raise ValidationError(_("You are not a member of this community."))
    if membership.is_organiser:
        others = community.members.filter(status=MemberStatus.ACTIVE).exclude(pk=membership.pk)
        if others.exists() and not others.filter(role=MemberRole.ORGANISER).exists():
            raise ValidationError(
                _("You are the only organiser. Make another member an organiser before you leave.")
            )
    membership.status = MemberStatus.LEFT
    membership.role = MemberRole.MEMBER
    membership.save(update_fields=["status", "role", "updated_at"])
    _sync_chat(community)
    log(instance=community, action="yui.community.leave", user=user)
    return membership


def _active_member(member_id, community: Community) -> CommunityMember:
    membership = (
        CommunityMember.objects.select_for_update()
        .filter(pk=member_id, community=community, status=MemberStatus.ACTIVE)
        .first()
    )
    if membership is None:
        raise ValidationError(_("This person is not a member of the community."))
    return membership


@transaction.atomic
def remove_member(*, by, community: Community, member_id) -> CommunityMember:
    """An organiser removes a member (not another organiser): they leave the board and the
    chat at once, and can only ask to join again."""
    _require_manager(by, community)
    membership = _active_member(member_id, community)
    if membership.role == MemberRole.ORGANISER:
        raise ValidationError(_("An organiser cannot be removed. They can leave themselves."))
    membership.status = MemberStatus.REMOVED
    membership.save(update_fields=["status", "updated_at"])
    _sync_chat(community)
    _notify([membership.user_id], community, "removed")
    log(
        instance=community,
        action="yui.community.remove",
        user=by,
        data={"user": membership.user_id},
    )
    return membership


@transaction.atomic
def hand_over_communities(*, leaving) -> list[Community]:
    """Before ``leaving``'s account is deleted: in each community where they are the only
    organiser and others remain, the longest-standing member becomes an organiser (and is
    told), so that requests to join are still answered. Returns those communities."""
    organised = CommunityMember.objects.filter(
        user=leaving, role=MemberRole.ORGANISER, status=MemberStatus.ACTIVE
    ).values("community_id")
    handed_over = []
    for community in Community.objects.filter(pk__in=organised).order_by("pk"):
        others = community.members.filter(status=MemberStatus.ACTIVE).exclude(user=leaving)
        if others.filter(role=MemberRole.ORGANISER).exists():
            continue
        successor = others.order_by("joined_at", "pk").first()
        if successor is None:
            continue
        successor.role = MemberRole.ORGANISER
        successor.save(update_fields=["role", "updated_at"])
        _notify([successor.user_id], community, "made_organiser_on_leaving")
        handed_over.append(community)
    return handed_over


@transaction.atomic
def make_organiser(*, by, community: Community, member_id) -> CommunityMember:
    """An organiser makes another member an organiser too."""
    _require_manager(by, community)
    membership = _active_member(member_id, community)
    if membership.role != MemberRole.ORGANISER:
        membership.role = MemberRole.ORGANISER
        membership.save(update_fields=["role", "updated_at"])
        _notify([membership.user_id], community, "made_organiser", by=by)
        log(
            instance=community,
            action="yui.community.organiser",
            user=by,
            data={"user": membership.user_id},
        )
    return membership


# The board


def _require_member(user, community: Community) -> None:
    """Only members use the board; to anyone else it does not exist (404)."""
    if not (user.is_authenticated and (is_member(user, community) or user.is_coordinator)):
        raise Http404


def clean_post_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something to post.")})
    if len(body) > BoardPost._meta.get_field("body").max_length:
        raise ValidationError({"body": _("A post can be at most 4000 characters long.")})
    return body


@transaction.atomic
def post_to_board(*, author, community: Community, body: str, photo=None) -> BoardPost:
    """A member's post on the board, with an optional photo (checked, without EXIF)."""
    _require_member(author, community)
    post = BoardPost(community=community, author=author, body=clean_post_body(body))
    processed = _processed(photo)
    if processed is not None:
        _store_photo(post, processed)
    post.save()
    return post


@transaction.atomic
def delete_post(*, by, community: Community, post_id) -> None:
    """Its author takes back a post or a reply (a post's replies go with it); organisers and
    coordinators may remove any, which is written to the audit log. The photos' files are
    deleted once the transaction commits."""
    _require_member(by, community)
    post = community.posts.filter(pk=post_id).first()
    if post is None:
        raise Http404
    if post.author_id != by.pk and not can_manage(by, community):
        raise PermissionDenied
    removed = [post, *post.replies.all()]
    files = [file.name for item in removed for file in (item.photo, item.thumbnail) if file]
    post.delete()
    if files:
        storage = BoardPost._meta.get_field("photo").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
    if post.author_id != by.pk:
        log(
            instance=community,
            action="yui.community.post.remove",
            user=by,
            data={"post": post_id, "author": post.author_id},
        )


@transaction.atomic
def reply_to_post(*, author, community: Community, post_id, body: str) -> BoardPost:
    """A member's reply to a post; the post's author is told."""
    _require_member(author, community)
    parent = BoardPost.objects.filter(
        pk=post_id, community=community, parent__isnull=True, hidden=False
    ).first()
    if parent is None:
        raise Http404
    reply = BoardPost.objects.create(
        community=community, parent=parent, author=author, body=clean_post_body(body)
    )
    if parent.author_id is not None and parent.author_id != author.pk:
        _notify([parent.author_id], community, "reply", by=author, post=parent.pk)
    return reply


@transaction.atomic
def report_post(
    *, reporter, community: Community, post_id, reason: str, details: str = ""
) -> PostReport:
    """A member reports a post to the coordinators; one open report per person and post."""
    _require_member(reporter, community)
    post = BoardPost.objects.filter(pk=post_id, community=community, hidden=False).first()
    if post is None:
        raise Http404
    if reason not in ReportReason.values:
        raise ValidationError({"reason": _("Choose what is wrong with the post.")})
    report = PostReport.objects.filter(
        post=post, reporter=reporter, status=ReportStatus.OPEN
    ).first()
    if report is None:
        report = PostReport.objects.create(
            post=post, reporter=reporter, reason=reason, details=details.strip()[:1000]
        )
        log(
            instance=community, action="yui.community.report", user=reporter, data={"post": post.pk}
        )
    return report


def _open_report(report_id) -> PostReport:
    report = (
        PostReport.objects.select_for_update(of=("self",))
        .select_related("post__community")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.status != ReportStatus.OPEN:
        raise ValidationError(_("This report has already been handled."))
    return report


@transaction.atomic
def hide_reported_post(*, by, report_id, note: str) -> PostReport:
    """A coordinator hides a reported post (its replies with it) and resolves every open
    report of it."""
    if not by.is_coordinator:
        raise PermissionDenied
    report = _open_report(report_id)
    report.close(by=by, note=note, status=ReportStatus.RESOLVED)
    post = report.post
    post.hidden = True
    post.save(update_fields=["hidden"])
    PostReport.objects.filter(post=post, status=ReportStatus.OPEN).update(
        status=ReportStatus.RESOLVED,
        handled_by=by,
        handled_at=report.handled_at,
        resolution_note=report.resolution_note,
    )
    log(
        instance=post.community,
        action="yui.community.report.resolve",
        user=by,
        data={"report": report.pk, "post": post.pk},
    )
    return report


@transaction.atomic
def dismiss_post_report(*, by, report_id, note: str) -> PostReport:
    """A coordinator dismisses a report; the post stays."""
    if not by.is_coordinator:
        raise PermissionDenied
    report = _open_report(report_id)
    report.close(by=by, note=note, status=ReportStatus.DISMISSED)
    log(
        instance=report.post.community,
        action="yui.community.report.dismiss",
        user=by,
        data={"report": report.pk, "post": report.post_id},
    )
    return report
