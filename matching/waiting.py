"""Requests still waiting for an answer, for the coordinators' "Waiting requests" page."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from listings.models import Application, Direction, Listing
from messaging.models import Conversation

from .models import MatchingSettings


def waiting_requests(*, days: int | None = None, now: datetime.datetime | None = None) -> QuerySet:
    """Published requests first published more than ``days`` ago (by default the coordinators'
    ``MatchingSettings.waiting_days``) that nobody has answered yet, oldest first, with what
    the page shows of them (category, owner or proxy resident, search document) joined.

    This is the one place that decides what "answered" means: a request nobody has started a
    conversation about (a message sent or not) or applied to (an activity request, "we need
    helpers for the festival", can take applications).
    """
    if days is None:
        days = MatchingSettings.load().waiting_days
    now = now or timezone.now()
    return (
        Listing.objects.published()
        .filter(direction=Direction.REQUEST, published_at__lt=now - datetime.timedelta(days=days))
        .exclude(Exists(Conversation.objects.filter(listing=OuterRef("pk"))))
        .exclude(Exists(Application.objects.filter(listing=OuterRef("pk"))))
        .select_related("category", "owner__profile", "proxy_owner", "search_document")
        .order_by("published_at", "pk")
    )
