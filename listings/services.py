"""Every change of a listing's status: who may make it, what it does, and the audit log.

Views, the admin, the API, imports and management commands all call these functions.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import ClosedReason, Listing, ListingSettings, Status
from .tasks import send_expiry_reminder


def _require_editor(listing: Listing, user) -> None:
    if not listing.can_be_edited_by(user):
        raise PermissionDenied(_("Only the listing's owner or a coordinator can do this."))


def _require_coordinator(user) -> None:
    if not (user.is_authenticated and user.is_coordinator):
        raise PermissionDenied(_("Only coordinators can do this."))


def _require_status(listing: Listing, *allowed: str) -> None:
    if listing.status not in allowed:
        raise ValidationError(
            _("This listing is %(status)s, so this cannot be done now.")
            % {"status": listing.get_status_display()},
            code="wrong_status",
        )


def _publish(listing: Listing, *, now: datetime.datetime) -> None:
    listing.status = Status.PUBLISHED
    listing.published_at = listing.published_at or now
    listing.expires_at = now + datetime.timedelta(days=ListingSettings.load().expiry_days)
    listing.review_note = ""
    listing.reminder_sent_at = None


@transaction.atomic
def submit_listing(*, listing: Listing, by) -> Listing:
    """Send a draft out: published at once, or to the review queue when coordinators require
    review. A coordinator's own submissions never wait for review."""
    _require_editor(listing, by)
    _require_status(listing, Status.DRAFT)
    now = timezone.now()
    if ListingSettings.load().require_review and not by.is_coordinator:
        listing.status = Status.PENDING
        action = "yui.listing.submit"
    else:
        _publish(listing, now=now)
        action = "yui.listing.publish"
    listing.save()
    log(instance=listing, action=action, user=by)
    return listing


@transaction.atomic
def approve_listing(*, listing: Listing, by) -> Listing:
    """A coordinator publishes a listing from the review queue."""
    _require_coordinator(by)
    _require_status(listing, Status.PENDING)
    _publish(listing, now=timezone.now())
    listing.save()
    log(instance=listing, action="yui.listing.approve", user=by)
    return listing


@transaction.atomic
def reject_listing(*, listing: Listing, by, reason: str) -> Listing:
    """A coordinator sends a listing back to its owner as a draft, saying why."""
    _require_coordinator(by)
    _require_status(listing, Status.PENDING)
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the owner why the listing was sent back.")})
    listing.status = Status.DRAFT
    listing.review_note = reason.strip()
    listing.save(update_fields=["status", "review_note", "updated_at"])
    log(instance=listing, action="yui.listing.reject", user=by, data={"reason": reason.strip()})
    return listing


@transaction.atomic
def close_listing(*, listing: Listing, by, reason: str) -> Listing:
    """Close a listing as fulfilled or withdrawn."""
    _require_editor(listing, by)
    _require_status(listing, Status.DRAFT, Status.PENDING, Status.PUBLISHED, Status.EXPIRED)
    if reason not in ClosedReason.values:
        raise ValidationError({"reason": _("Choose why the listing is closed.")})
    listing.status = Status.CLOSED
    listing.closed_reason = reason
    listing.save(update_fields=["status", "closed_reason", "updated_at"])
    log(instance=listing, action="yui.listing.close", user=by, data={"reason": reason})
    return listing


@transaction.atomic
def renew_listing(*, listing: Listing, by) -> Listing:
    """Keep a published or expired listing up for another period, counted from now."""
    _require_editor(listing, by)
    _require_status(listing, Status.PUBLISHED, Status.EXPIRED)
    _publish(listing, now=timezone.now())
    listing.save()
    log(instance=listing, action="yui.listing.renew", user=by)
    return listing


@transaction.atomic
def moderate_listing(*, listing: Listing, by, hidden: bool, featured: bool) -> Listing:
    """A coordinator hides a listing from everyone else, or features it."""
    _require_coordinator(by)
    changes = {"hidden": hidden, "featured": featured}
    for name, value in changes.items():
        setattr(listing, name, value)
    listing.save(update_fields=[*changes, "updated_at"])
    log(instance=listing, action="yui.listing.moderate", user=by, data=changes)
    return listing


def send_expiry_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind owners, once per publication period, that their listing expires soon.

    The e-mails go out through django-tasks after the reminders are recorded; returns how many.
    """
    now = now or timezone.now()
    window = datetime.timedelta(days=ListingSettings.load().reminder_days)
    due = Listing.objects.filter(
        status=Status.PUBLISHED,
        owner__isnull=False,
        reminder_sent_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + window,
    )
    listing_ids = list(due.values_list("pk", flat=True))
    with transaction.atomic():
        Listing.objects.filter(pk__in=listing_ids).update(reminder_sent_at=now)
        for listing_id in listing_ids:
            transaction.on_commit(
                lambda listing_id=listing_id: send_expiry_reminder.enqueue(listing_id=listing_id)
            )
    return len(listing_ids)


def expire_listings(*, now: datetime.datetime | None = None) -> int:
    """Mark every published listing past its expiry as expired; returns how many."""
    return Listing.objects.due_to_expire(now).update(
        status=Status.EXPIRED, updated_at=timezone.now()
    )
