"""Every change of a listing's status: who may make it, what it does, and the audit log.

Views, the admin, the API, imports and management commands all call these functions.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .lifecycle import listings_changed, listings_published
from .models import (
    ClosedReason,
    Listing,
    ListingReport,
    ListingSettings,
    ReportReason,
    ReportStatus,
    Status,
)
from .models.photos import MAX_PHOTOS_PER_LISTING, ListingPhoto
from .photos import ProcessedPhoto, process_photo
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


def mark_published(
    listing: Listing, *, now: datetime.datetime, expiry_days: int | None = None
) -> None:
    """Set what publishing sets (unsaved): the first publication date is kept, the expiry
    starts again. The import passes ``expiry_days``, read once for a whole file."""
    if expiry_days is None:
        expiry_days = ListingSettings.load().expiry_days
    listing.status = Status.PUBLISHED
    listing.published_at = listing.published_at or now
    listing.expires_at = now + datetime.timedelta(days=expiry_days)
    listing.review_note = ""
    listing.reminder_sent_at = None


def _publish(listing: Listing, *, now: datetime.datetime) -> None:
    mark_published(listing, now=now)


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
    if listing.status == Status.PUBLISHED:
        listings_published.send(sender=Listing, listing_ids=[listing.pk])
    return listing


@transaction.atomic
def approve_listing(*, listing: Listing, by) -> Listing:
    """A coordinator publishes a listing from the review queue."""
    _require_coordinator(by)
    _require_status(listing, Status.PENDING)
    _publish(listing, now=timezone.now())
    listing.save()
    log(instance=listing, action="yui.listing.approve", user=by)
    listings_published.send(sender=Listing, listing_ids=[listing.pk])
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
    listings_published.send(sender=Listing, listing_ids=[listing.pk])
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
    """Remind owners, once per publication period, that their listing expires soon; for a
    listing posted on behalf of a proxy resident, remind their contact coordinator.

    The e-mails go out through django-tasks after the reminders are recorded; returns how many.
    """
    now = now or timezone.now()
    window = datetime.timedelta(days=ListingSettings.load().reminder_days)
    due = Listing.objects.filter(
        Q(owner__isnull=False) | Q(proxy_owner__coordinator__isnull=False),
        status=Status.PUBLISHED,
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
    with transaction.atomic():
        due = Listing.objects.due_to_expire(now).select_for_update()
        listing_ids = list(due.values_list("pk", flat=True))
        Listing.objects.filter(pk__in=listing_ids).update(
            status=Status.EXPIRED, updated_at=timezone.now()
        )
        listings_changed.send(sender=Listing, listing_ids=listing_ids)
    return len(listing_ids)


# Reports of listings that break the rules.

MAX_REPORTS_PER_DAY = 10


@transaction.atomic
def report_listing(*, listing: Listing, by, reason: str, details: str = "") -> ListingReport:
    """Someone reports a listing they can see to the coordinators.

    One open report per person and listing; nobody reports their own listing; at most
    ``MAX_REPORTS_PER_DAY`` reports per person in 24 hours, so the queue cannot be flooded.
    """
    if not by.is_authenticated:
        raise PermissionDenied(_("Log in to report a listing."))
    if listing.owner_id is not None and listing.owner_id == by.pk:
        raise PermissionDenied(_("You cannot report your own listing."))
    if not Listing.objects.visible_to(by).filter(pk=listing.pk).exists():
        raise PermissionDenied(_("This listing cannot be reported."))
    if reason not in ReportReason.values:
        raise ValidationError({"reason": _("Choose what is wrong with the listing.")})
    details = details.strip()
    if len(details) > 1000:
        raise ValidationError({"details": _("Please keep the details under 1000 characters.")})
    # Lock the reporter's row so that two quick posts cannot both pass the checks below.
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    reports = ListingReport.objects.filter(reporter=by)
    if reports.filter(listing=listing, status=ReportStatus.OPEN).exists():
        raise ValidationError(
            _("You already reported this listing. The coordinators will look at it."),
            code="duplicate",
        )
    since = timezone.now() - datetime.timedelta(days=1)
    if reports.filter(created_at__gte=since).count() >= MAX_REPORTS_PER_DAY:
        raise ValidationError(
            _("You have sent many reports today. Please try again tomorrow."),
            code="rate_limited",
        )
    report = ListingReport.objects.create(
        listing=listing, reporter=by, reason=reason, details=details
    )
    log(instance=listing, action="yui.listing.report", user=by, data={"report": report.pk})
    return report


def _require_open(report: ListingReport) -> None:
    if report.status != ReportStatus.OPEN:
        raise ValidationError(_("This report has already been handled."), code="handled")


@transaction.atomic
def hide_reported_listing(*, report: ListingReport, by, note: str = "") -> int:
    """A coordinator hides a reported listing and resolves every open report of it.

    Returns how many reports were resolved. The listing stops being featured as well.
    """
    _require_coordinator(by)
    _require_open(report)
    listing = Listing.objects.select_for_update().get(pk=report.listing_id)
    moderate_listing(listing=listing, by=by, hidden=True, featured=False)
    resolved = ListingReport.objects.filter(listing=listing, status=ReportStatus.OPEN).update(
        status=ReportStatus.RESOLVED,
        resolution_note=note.strip(),
        handled_by=by,
        handled_at=timezone.now(),
    )
    log(
        instance=listing,
        action="yui.listing.report.resolve",
        user=by,
        data={"reports": resolved, "note": note.strip()},
    )
    return resolved


@transaction.atomic
def dismiss_report(*, report: ListingReport, by, note: str) -> ListingReport:
    """A coordinator decides one report needs no action, and notes why."""
    _require_coordinator(by)
    _require_open(report)
    if not note.strip():
        raise ValidationError({"note": _("Note why the report is dismissed.")})
    report.status = ReportStatus.DISMISSED
    report.resolution_note = note.strip()
    report.handled_by = by
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "resolution_note", "handled_by", "handled_at"])
    log(
        instance=report.listing,
        action="yui.listing.report.dismiss",
        user=by,
        data={"report": report.pk, "note": report.resolution_note},
    )
    return report


# Editing a listing and its photos.


@transaction.atomic
def update_listing(*, listing: Listing, by, fields) -> Listing:
    """Save an edit: `fields` are the names of the fields already changed on `listing`.

    Only those fields are written, so an edit never undoes a status change made meanwhile (a
    review, an expiry). When coordinators require review, a resident's edit of a published
    listing sends it back to the review queue; a coordinator's edit never does.
    """
    _require_editor(listing, by)
    status = Listing.objects.select_for_update().values_list("status", flat=True).get(pk=listing.pk)
    fields = list(dict.fromkeys(fields))
    back_to_review = (
        status == Status.PUBLISHED
        and ListingSettings.load().require_review
        and not by.is_coordinator
    )
    listing.status = Status.PENDING if back_to_review else status
    listing.save(update_fields=[*fields, "updated_at", *(["status"] if back_to_review else [])])
    log(instance=listing, action="wagtail.edit", user=by, data={"fields": sorted(fields)})
    if back_to_review:
        log(instance=listing, action="yui.listing.submit", user=by)
    return listing


def _too_many_photos(count: int) -> ValidationError:
    return ValidationError(
        {
            "photos": _(
                "A listing can have at most %(max)d photos; this would make %(count)d. "
                "Remove some photos or choose fewer."
            )
            % {"max": MAX_PHOTOS_PER_LISTING, "count": count}
        },
        code="too_many_photos",
    )


def _delete_stored_files(names) -> None:
    storage = ListingPhoto._meta.get_field("image").storage
    for name in names:
        if name:
            storage.delete(name)


@transaction.atomic
def add_listing_photos(*, listing: Listing, by, files, alt_text: str = "") -> list[ListingPhoto]:
    """Check, re-encode and store photos after the listing's others, all described by
    `alt_text` (each can be described on its own later).

    `files` are uploaded files, or photos already checked by `listings.photos.process_photo`.
    A listing has at most MAX_PHOTOS_PER_LISTING photos: more raise ValidationError (keyed
    "photos") and nothing is stored; so does a file that is not an acceptable photo.
    """
    _require_editor(listing, by)
    files = list(files)
    if not files:
        return []
    Listing.objects.select_for_update().filter(pk=listing.pk).exists()  # one add at a time
    count = listing.photos.count() + len(files)
    if count > MAX_PHOTOS_PER_LISTING:
        raise _too_many_photos(count)
    try:
        processed = [f if isinstance(f, ProcessedPhoto) else process_photo(f) for f in files]
    except ValidationError as error:
        raise ValidationError({"photos": error.error_list}) from None
    position = max(listing.photos.values_list("position", flat=True), default=-1) + 1
    photos, stored = [], []
    try:
        for offset, item in enumerate(processed):
            photo = ListingPhoto(
                listing=listing, alt_text=alt_text.strip()[:200], position=position + offset
            )
            photo.image.save("photo.jpg", item.image_file(), save=False)
            stored.append(photo.image.name)
            photo.thumbnail.save("photo.jpg", item.thumbnail_file(), save=False)
            stored.append(photo.thumbnail.name)
            photo.save()
            photos.append(photo)
    except Exception:
        _delete_stored_files(stored)
        raise
    log(instance=listing, action="wagtail.edit", user=by, data={"photos_added": len(photos)})
    return photos


@transaction.atomic
def describe_listing_photos(*, listing: Listing, by, alt_texts: dict[int, str]) -> int:
    """Set the description (alt text) of the listing's photos by photo id; returns how many
    changed. Ids of other listings' photos are ignored."""
    _require_editor(listing, by)
    changed = []
    for photo in listing.photos.filter(pk__in=alt_texts):
        text = alt_texts[photo.pk].strip()[:200]
        if text != photo.alt_text:
            photo.alt_text = text
            changed.append(photo)
    ListingPhoto.objects.bulk_update(changed, ["alt_text"])
    return len(changed)


@transaction.atomic
def remove_listing_photo(*, photo: ListingPhoto, by) -> None:
    """Delete a photo of a listing and, once that is committed, its files."""
    listing = photo.listing
    _require_editor(listing, by)
    names = [photo.image.name, photo.thumbnail.name]
    photo.delete()
    transaction.on_commit(lambda: _delete_stored_files(names))
    log(instance=listing, action="wagtail.edit", user=by, data={"photos_removed": 1})


# Proxy posting: coordinators post for residents without e-mail or smartphone.


@transaction.atomic
def post_listing_for_proxy_resident(*, proxy_resident, by, listing: Listing) -> Listing:
    """A coordinator posts `listing` (new and unsaved, e.g. from ListingForm) on behalf of a
    proxy resident: it belongs to no account, records who posted it, and is published at once,
    since a coordinator's post needs no review. Refused once their consent is withdrawn.

    Logged on the listing and on the proxy resident, each naming the other.
    """
    _require_coordinator(by)
    if listing.pk is not None:
        raise ValueError("post_listing_for_proxy_resident takes a new listing.")
    # The stored consent, locked, so that a withdrawal being saved meanwhile is respected.
    proxy_resident = type(proxy_resident).objects.select_for_update().get(pk=proxy_resident.pk)
    if not proxy_resident.has_consent:
        raise ValidationError(
            _("%(name)s has withdrawn their consent, so nothing can be posted for them.")
            % {"name": proxy_resident.name},
            code="consent_withdrawn",
        )
    listing.owner = None
    listing.proxy_owner = proxy_resident
    listing.posted_by = by
    _publish(listing, now=timezone.now())
    listing.save()
    log(
        instance=listing,
        action="yui.listing.post_for_proxy",
        user=by,
        data={"proxy_resident": proxy_resident.pk},
    )
    log(
        instance=proxy_resident,
        action="yui.proxy.listing_posted",
        user=by,
        data={"listing": listing.pk, "title": listing.title},
    )
    return listing
