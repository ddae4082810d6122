"""Reminders the day before an activity, to its confirmed participants: in the app
(ACTIVITY_REMINDER) and by e-mail as their profile allows (through django-tasks).

``manage.py send_activity_reminders`` runs this every hour (cron or a systemd timer). A
participant is due once the activity starts before the end of tomorrow (Tokyo time) and is
still ahead; each is reminded once per start time (``Application.reminded_for``), so running
it again, or twice at once, sends nothing twice; a moved activity is reminded again.
"""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import NotificationKind
from accounts.notifications import build_notification, notify_many
from messaging.notification_emails import email_on_commit

from ..models import Application, Status


def due_reminders(now: datetime.datetime):
    """Confirmed applications to published activities starting from now until the end of
    tomorrow (local time), not yet reminded for that start."""
    tomorrow_ends = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate(now) + datetime.timedelta(days=2), datetime.time.min
        )
    )
    return (
        Application.objects.confirmed()
        .filter(
            listing__status=Status.PUBLISHED,
            listing__activity_starts_at__gt=now,
            listing__activity_starts_at__lt=tomorrow_ends,
        )
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("listing__activity_starts_at")))
    )


def send_activity_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind every due participant; returns how many were reminded."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            due_reminders(now)
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", "applicant_id", "listing_id", "listing__activity_starts_at")
        )
        by_start = {}
        for pk, _applicant, _listing, starts_at in due:
            by_start.setdefault(starts_at, []).append(pk)
        for starts_at, ids in by_start.items():
            Application.objects.filter(pk__in=ids).update(reminded_for=starts_at)
        notifications = notify_many(
            build_notification(
                recipient=applicant_id,
                kind=NotificationKind.ACTIVITY_REMINDER,
                listing=listing_id,
                data={"application": pk},
            )
            for pk, applicant_id, listing_id, _starts in due
        )
        email_on_commit(notifications)
    return len(due)
