"""The messaging pages: the inbox, a conversation (which works as an ordinary form without
JavaScript), starting a conversation from a listing, and groups. Every write goes through
``messaging.services``; a conversation someone is not an active member of is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from listings.models import Listing

from . import payloads, services
from .forms import AddMembersForm, EditMessageForm, GroupForm, MessageForm, ReportForm
from .models import Block, ConversationKind, Membership, Message
from .text import mask

CONVERSATIONS_PER_PAGE = 20
MESSAGES_PER_PAGE = 100
PREVIEW_CHARACTERS = 80


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You cannot do this in this conversation.")


def _conversation_url(conversation_id: int, seq: int | None = None) -> str:
    url = reverse("messaging:conversation", args=[conversation_id])
    return f"{url}#message-{seq}" if seq else url


def _masked(memberships: list[Membership], conversation) -> bool:
    """Whether contact details are hidden, from the conversation's memberships (all of them,
    as ``services.contact_details_shared`` counts them)."""
    if conversation.kind != ConversationKind.DIRECT:
        return True
    return len(memberships) != 2 or any(m.contact_shared_at is None for m in memberships)


# Inbox ----------------------------------------------------------------------------------------


def _preview(message: Message | None, *, masked: bool, me) -> str:
    if message is None:
        return ""
    if message.is_deleted:
        text = _("Message deleted")
    else:
        text = mask(message.body) if masked else message.body
        text = Truncator(" ".join(text.split())).chars(PREVIEW_CHARACTERS)
        if not text and message.photo:
            text = _("Photo")
    if message.sender_id == me.pk:
        return _("You: %(text)s") % {"text": text}
    return text


@login_required
def inbox(request):
    """The user's conversations, newest activity first, in a constant number of queries."""
    last_message = Message.objects.filter(conversation=OuterRef("conversation")).order_by("-seq")
    memberships = (
        Membership.objects.filter(user=request.user, left_at__isnull=True)
        .select_related("conversation__listing")
        .annotate(last_message_id=Subquery(last_message.values("pk")[:1]))
        .order_by(
            F("conversation__last_message_at").desc(nulls_last=True),
            "-conversation__created_at",
            "-pk",
        )
    )
    page = Paginator(memberships, CONVERSATIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    members: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(
        conversation_id__in=[row.conversation_id for row in rows]
    ).select_related("user__profile"):
        members.setdefault(membership.conversation_id, []).append(membership)
    last_messages = Message.objects.filter(
        pk__in=[row.last_message_id for row in rows if row.last_message_id]
    ).in_bulk()
    conversations = []
    for row in rows:
        conversation = row.conversation
        everyone = members.get(conversation.pk, [])
        others = [m for m in everyone if m.user_id != request.user.pk and m.left_at is None]
        conversations.append(
            {
                "conversation": conversation,
                "listing": conversation.listing,
                "is_group": conversation.kind == ConversationKind.GROUP,
                "others": others,
                "preview": _preview(
                    last_messages.get(row.last_message_id),
                    masked=_masked(everyone, conversation),
                    me=request.user,
                ),
                "unread": max(conversation.last_seq - row.last_read_seq, 0),
            }
        )
    return render(
        request,
        "messaging/inbox.html",
        {
            "conversations": conversations,
            "page_obj": page,
            "can_create_groups": request.user.is_coordinator,
        },
    )


# A conversation -------------------------------------------------------------------------------


def _add_send_error(form: MessageForm, error: Exception, *, photo_given: bool) -> None:
    """Show a service's refusal next to the field it is about."""
    if isinstance(error, PermissionDenied):
        form.add_error("body", _error_text(error))
    elif hasattr(error, "error_dict"):
        form.add_error(None, error)
    elif photo_given and getattr(error, "code", None) != "rate_limited":
        form.add_error("photo", error)
    else:
        form.add_error("body", error)


def _page_of_messages(conversation, before: int | None) -> tuple[list[Message], bool]:
    """Up to ``MESSAGES_PER_PAGE`` messages before ``before`` (the latest if None), oldest
    first, and whether there are older ones."""
    queryset = Message.objects.filter(conversation=conversation).select_related("sender__profile")
    if before is not None:
        queryset = queryset.filter(seq__lt=before)
    newest_first = list(queryset.order_by("-seq")[: MESSAGES_PER_PAGE + 1])
    return newest_first[:MESSAGES_PER_PAGE][::-1], len(newest_first) > MESSAGES_PER_PAGE


def _before(request) -> int | None:
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        return None
    return before if before > 0 else None


@login_required
def conversation(request, pk: int):
    """GET shows the conversation and marks it read; POST sends a message and comes back here
    (or shows the form again, with what was typed, and why it was not sent)."""
    membership = services.access_conversation(request.user, pk)
    form = MessageForm()
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            photo = form.cleaned_data["photo"] or None
            try:
                message = services.send_message(
                    sender=request.user,
                    conversation_id=pk,
                    body=form.cleaned_data["body"],
                    photo=photo,
                )
            except (ValidationError, PermissionDenied) as error:
                _add_send_error(form, error, photo_given=photo is not None)
            else:
                return redirect(_conversation_url(pk, message.seq))
    return _render_conversation(request, membership, form)


def _render_conversation(request, membership: Membership, form: MessageForm):
    rendered_at = timezone.now()  # before reading: the script's catch-up starts from here
    me = request.user
    conversation = membership.conversation
    before = _before(request)
    shown, has_older = _page_of_messages(conversation, before)
    if before is None and conversation.last_seq > membership.last_read_seq:
        membership = services.mark_read(
            user=me, conversation_id=conversation.pk, seq=conversation.last_seq
        )
    everyone = list(
        Membership.objects.filter(conversation=conversation).select_related(
            "user__profile", "on_behalf_of"
        )
    )
    others = [m for m in everyone if m.user_id != me.pk and m.left_at is None]
    is_group = conversation.kind == ConversationKind.GROUP
    other = others[0] if others and not is_group else None
    masked = _masked(everyone, conversation)
    now = timezone.now()
    for message in shown:
        message.view = payloads.message(message, conversation, masked=masked)
        own = message.sender_id == me.pk and not message.is_deleted
        message.can_delete = own
        message.can_edit = own and now - message.created_at <= services.EDIT_WINDOW
    blocked_ids = services.blocked_user_ids(me) if other else set()
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": conversation,
            "membership": membership,
            "shown_messages": shown,
            "has_older": has_older,
            "older_before": shown[0].seq if shown else None,
            "showing_older": before is not None,
            "last_shown_seq": shown[-1].seq if shown else 0,
            "read_seq_others": max((m.last_read_seq for m in others), default=0),
            "server_time": rendered_at.isoformat(),
            "is_group": is_group,
            "others": others,
            "other": other,
            "masked": masked,
            "other_shared": bool(other and other.contact_shared_at),
            "blocked": bool(other and other.user_id in blocked_ids),
            "blocked_by_me": bool(
                other
                and other.user_id in blocked_ids
                and Block.objects.filter(blocker=me, blocked_id=other.user_id).exists()
            ),
            "can_add_members": is_group and me.is_coordinator,
            "form": form,
        },
    )


def _own_message_in(request, pk: int, message_id: int) -> Message:
    services.access_conversation(request.user, pk)
    message = get_object_or_404(
        Message.objects.select_related("conversation"), pk=message_id, conversation_id=pk
    )
    if message.sender_id != request.user.pk:
        raise PermissionDenied(_("You can change only your own messages."))
    return message


@login_required
def edit_message(request, pk: int, message_id: int):
    """A page to change one's own message (the conversation page also has the form inline)."""
    message = _own_message_in(request, pk, message_id)
    if message.is_deleted:
        raise Http404
    form = EditMessageForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_message(
                user=request.user, message_id=message.pk, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None if hasattr(error, "error_dict") else "body", error)
        else:
            messages.success(request, _("Your message has been changed."))
            return redirect(_conversation_url(pk, message.seq))
    return render(
        request,
        "messaging/edit_message.html",
        {"conversation": message.conversation, "message": message, "form": form},
    )


@login_required
@require_POST
def delete_message(request, pk: int, message_id: int):
    message = _own_message_in(request, pk, message_id)
    try:
        services.delete_message(user=request.user, message_id=message.pk)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your message has been deleted."))
    return redirect(_conversation_url(pk, message.seq))


@login_required
@require_POST
def share_contact(request, pk: int):
    try:
        services.share_contact_details(user=request.user, conversation_id=pk)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        membership = services.access_conversation(request.user, pk)
        if services.contact_details_shared(membership.conversation):
            messages.success(request, _("You have both agreed: contact details are now shown."))
        else:
            messages.success(
                request,
                _(
                    "You agreed to share contact details. They stay hidden until the other "
                    "person agrees too."
                ),
            )
    return redirect(_conversation_url(pk) + "#contact-details")


def _other_person(request, pk: int) -> Membership:
    """The other member of a two-person conversation the user is in (404 otherwise)."""
    membership = services.access_conversation(request.user, pk)
    if membership.conversation.kind != ConversationKind.DIRECT:
        raise Http404
    other = (
        Membership.objects.filter(conversation_id=pk)
        .exclude(user=request.user)
        .select_related("user__profile")
        .first()
    )
    if other is None:
        raise Http404
    return other


@login_required
def block(request, pk: int):
    """GET asks for confirmation; POST blocks the other person of the conversation."""
    other = _other_person(request, pk)
    if request.method == "POST":
        services.block_user(blocker=request.user, blocked=other.user)
        messages.success(
            request,
            _("You have blocked %(name)s. Neither of you can send the other messages.")
            % {"name": other.user.display_name},
        )
        return redirect(_conversation_url(pk))
    return render(
        request,
        "messaging/block_confirm.html",
        {"conversation": other.conversation, "other": other},
    )


@login_required
@require_POST
def unblock(request, pk: int):
    other = _other_person(request, pk)
    services.unblock_user(blocker=request.user, blocked=other.user)
    messages.success(request, _("You have unblocked %(name)s.") % {"name": other.user.display_name})
    return redirect(_conversation_url(pk))


def _message_id(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        raise Http404 from None


@login_required
def report(request, pk: int):
    """Report the conversation, or one message of it (``?message=<id>``), to the coordinators."""
    membership = services.access_conversation(request.user, pk)
    message_id = _message_id(request.POST.get("message") or request.GET.get("message"))
    message = None
    if message_id is not None:
        message = get_object_or_404(
            Message.objects.select_related("sender__profile"), pk=message_id, conversation_id=pk
        )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(
                reporter=request.user,
                conversation_id=pk,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                message_id=message_id,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The coordinators will look at this."))
            return redirect(_conversation_url(pk))
    preview = None
    if message is not None and not message.is_deleted:
        preview = payloads.message(message, membership.conversation)["body_html"]
    return render(
        request,
        "messaging/report.html",
        {
            "conversation": membership.conversation,
            "reported_message": message,
            "preview": preview,
            "form": form,
        },
    )


@login_required
@require_POST
def leave(request, pk: int):
    try:
        services.leave_conversation(user=request.user, conversation_id=pk)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(_conversation_url(pk))
    messages.success(request, _("You have left the group."))
    return redirect("messaging:inbox")


# Starting conversations and groups -------------------------------------------------------------


@require_POST
def start(request, listing_id: int):
    """ "Send a message" on a listing's page: the conversation with whoever answers for it,
    new or the existing one. A refusal is shown on the listing's page."""
    listing_url = reverse("listings:detail", args=[listing_id])
    if not request.user.is_authenticated:
        return redirect_to_login(listing_url)
    listing = get_object_or_404(Listing.objects.visible_to(request.user), pk=listing_id)
    try:
        started = services.start_conversation(listing=listing, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        return redirect(listing_url + "#contact-heading")
    return redirect(_conversation_url(started.pk))


def _coordinator(request):
    if not request.user.is_coordinator:
        raise PermissionDenied(_("Only coordinators can manage groups."))


@login_required
def new_group(request):
    _coordinator(request)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(
                by=request.user,
                title=form.cleaned_data["title"],
                members=form.cleaned_data["members"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The group has been created."))
            return redirect(_conversation_url(group.pk))
    return render(request, "messaging/group_form.html", {"form": form})


@login_required
def add_members(request, pk: int):
    membership = services.access_conversation(request.user, pk)
    if membership.conversation.kind != ConversationKind.GROUP:
        raise Http404
    _coordinator(request)
    form = AddMembersForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_members(
                by=request.user,
                conversation=membership.conversation,
                members=form.cleaned_data["members"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("People added to the group: %(count)s.") % {"count": added})
            return redirect(_conversation_url(pk))
    return render(
        request,
        "messaging/add_members.html",
        {"conversation": membership.conversation, "form": form},
    )
