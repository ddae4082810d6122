"""The notifications page: a resident's own notifications, newest first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .notifications import (
    forget_unread_count,
    mark_read,
    notifications_for,
    present,
    request_unread_count,
)

NOTIFICATIONS_PER_PAGE = 20


@login_required
def notification_list(request):
    """Opening a page of notifications marks the ones shown read; those still unread (on
    other pages) can be marked read all at once. A fixed number of queries: the count, the
    page with its listings, the update and the unread count left."""
    paginator = Paginator(notifications_for(request.user), NOTIFICATIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    entries = [
        {
            "notification": notification,
            "text": present(notification),
            "is_new": notification.read_at is None,
        }
        for notification in page.object_list
    ]
    if any(entry["is_new"] for entry in entries):
        mark_read(
            user=request.user,
            notification_ids=[entry["notification"].pk for entry in entries if entry["is_new"]],
        )
        forget_unread_count(request)
    return render(
        request,
        "accounts/notifications.html",
        {
            "page_obj": page,
            "entries": entries,
            "unread_left": request_unread_count(request),
        },
    )


@login_required
@require_POST
def mark_all_read(request):
    if mark_read(user=request.user):
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("accounts:notifications")
