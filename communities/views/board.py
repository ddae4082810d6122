"""A community's board: posts with replies, for members only. To anyone else the board, its
forms and its posts do not exist (404), whether the community is open or not: residents
write there for the people they chose to join, and joining an open community takes one tap.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from messaging.text import render as render_text

from .. import services
from ..forms import BoardPostForm, PostReportForm, ReplyForm, raise_as_form_errors
from ..models import BoardPost, Community

POSTS_PER_PAGE = 20
PREVIEW_POSTS = 5


def access_board(user, pk: int) -> Community:
    """The community ``pk`` if ``user`` may read its board (a member, or a coordinator)."""
    community = services.access_community(user, pk)
    if not (user.is_authenticated and (user.is_coordinator or services.is_member(user, community))):
        raise Http404
    return community


def board_posts(community: Community):
    """The board's visible posts, newest first, with their visible replies (oldest first)
    and every author: three queries for a page."""
    replies = (
        BoardPost.objects.filter(hidden=False)
        .select_related("author__profile")
        .order_by("created_at", "pk")
    )
    return (
        community.posts.filter(parent__isnull=True, hidden=False)
        .select_related("author__profile")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("-created_at", "-pk")
    )


def _prepare(posts, reply_forms: dict) -> list[BoardPost]:
    posts = list(posts)
    for post in posts:
        post.html = render_text(post.body, masked=False)
        post.reply_form = reply_forms.get(post.pk) or ReplyForm(auto_id=f"reply-{post.pk}-%s")
        for reply in post.replies.all():
            reply.html = render_text(reply.body, masked=False)
    return posts


def board_context(request, community, *, preview=False, post_form=None, reply_forms=None):
    if preview:
        posts, page = board_posts(community)[:PREVIEW_POSTS], None
    else:
        page = Paginator(board_posts(community), POSTS_PER_PAGE).get_page(request.GET.get("page"))
        posts = page.object_list
    return {
        "posts": _prepare(posts, reply_forms or {}),
        "posts_page": page,
        "post_form": post_form or BoardPostForm(),
    }


def _render_board(request, community, **forms):
    context = {
        "community": community,
        "can_manage": services.can_manage(request.user, community),
        **board_context(request, community, **forms),
    }
    return render(request, "communities/board.html", context)


@login_required
def board(request, pk: int):
    community = access_board(request.user, pk)
    return _render_board(request, community)


@login_required
@require_POST
def post(request, pk: int):
    community = access_board(request.user, pk)
    form = BoardPostForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.post_to_board(
                author=request.user,
                community=community,
                body=form.cleaned_data["body"],
                photo=form.cleaned_data["photo"],
            )
        except ValidationError as error:
            raise_as_form_errors(form, error)
        else:
            messages.success(request, _("Your post is on the board."))
            return redirect("communities:board", community.pk)
    return _render_board(request, community, post_form=form)


@login_required
@require_POST
def reply(request, pk: int, post_pk: int):
    community = access_board(request.user, pk)
    form = ReplyForm(request.POST, auto_id=f"reply-{post_pk}-%s")
    if form.is_valid():
        try:
            services.reply_to_post(
                author=request.user,
                community=community,
                post_id=post_pk,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            raise_as_form_errors(form, error)
        else:
            messages.success(request, _("Your reply is posted."))
            return redirect(f"{reverse('communities:board', args=[community.pk])}#post-{post_pk}")
    if not community.posts.filter(pk=post_pk, parent__isnull=True, hidden=False).exists():
        raise Http404
    return _render_board(request, community, reply_forms={post_pk: form})


@login_required
@require_POST
def delete_post(request, pk: int, post_pk: int):
    community = access_board(request.user, pk)
    services.delete_post(by=request.user, community=community, post_id=post_pk)
    messages.success(request, _("The post is deleted."))
    return redirect("communities:board", community.pk)


@login_required
def report_post(request, pk: int, post_pk: int):
    """Report a post to the coordinators: a page with the reasons, then back to the board."""
    community = access_board(request.user, pk)
    target = (
        community.posts.filter(pk=post_pk, hidden=False).select_related("author__profile").first()
    )
    if target is None:
        raise Http404
    form = PostReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_post(
            reporter=request.user,
            community=community,
            post_id=target.pk,
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
        )
        messages.success(request, _("Thank you. The coordinators will look at the post."))
        return redirect("communities:board", community.pk)
    target.html = render_text(target.body, masked=False)
    return render(
        request,
        "communities/report_post.html",
        {"community": community, "post": target, "form": form},
    )
