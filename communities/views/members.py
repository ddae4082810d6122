"""Joining and leaving, and the organisers' page of requests and members."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import services
from ..forms import JoinForm
from ..models import MemberStatus


@login_required
@require_POST
def join(request, pk: int):
    community = services.access_community(request.user, pk)
    form = JoinForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        membership = services.join_community(
            user=request.user, community=community, message=message
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        if membership.is_active:
            messages.success(request, _("Welcome! You are now a member."))
        else:
            messages.success(request, _("Your request is sent. An organiser will answer soon."))
    return redirect("communities:detail", community.pk)


@login_required
@require_POST
def leave(request, pk: int):
    community = services.access_community(request.user, pk)
    try:
        services.leave_community(user=request.user, community=community)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("You have left the community."))
    return redirect("communities:detail", community.pk)


def _managed_community(user, pk: int):
    community = services.access_community(user, pk)
    if not services.can_manage(user, community):
        raise PermissionDenied(_("Only the community's organisers can do this."))
    return community


@login_required
def members(request, pk: int):
    """Requests to answer and members to manage, for the organisers."""
    community = _managed_community(request.user, pk)
    rows = (
        community.members.filter(status__in=[MemberStatus.PENDING, MemberStatus.ACTIVE])
        .select_related("user__profile")
        .order_by("joined_at", "created_at", "pk")
    )
    rows = list(rows)
    return render(
        request,
        "communities/members.html",
        {
            "community": community,
            "requests": [row for row in rows if row.status == MemberStatus.PENDING],
            "members": [row for row in rows if row.status == MemberStatus.ACTIVE],
        },
    )


def member_action(success_message):
    """A POST by an organiser on one member or request; back to the members page."""

    def decorate(action):
        @login_required
        @require_POST
        @functools.wraps(action)
        def view(request, pk: int, member_pk: int):
            community = _managed_community(request.user, pk)
            try:
                action(by=request.user, community=community, member_id=member_pk)
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, text)
            else:
                messages.success(request, str(success_message))
            return redirect("communities:members", community.pk)

        return view

    return decorate


approve = member_action(gettext_lazy("The request is accepted."))(services.approve_request)
decline = member_action(gettext_lazy("The request is declined."))(services.decline_request)
remove = member_action(gettext_lazy("The member is removed."))(services.remove_member)
make_organiser = member_action(gettext_lazy("They are now an organiser."))(services.make_organiser)
