"""Every write of bookings: the space's settings, booking, cancelling, approving, declining.

The views, the Wagtail admin and the demo call these; each checks who may do it, writes in one
transaction and tells the people concerned (in-app now, e-mail through django-tasks after the
commit). ``now`` may be given for a fixed clock (tests); it defaults to the current time.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import NotificationKind
from accounts.notifications import notify

from ..models import (
    ACTIVE_BOOKING_STATUSES,
    BookableSpace,
    Booking,
    BookingStatus,
    Kind,
    Listing,
    Room,
)
from ..models.bookings import NO_OVERLAP_CONSTRAINT
from .availability import check_slot_range


def just_taken_error() -> ValidationError:
    return ValidationError(
        {
            "start_time": _(
                "Sorry, someone has just taken this time. Please choose another free slot."
            )
        },
        code="just_taken",
    )


def can_manage_space(user, listing: Listing) -> bool:
    """The space's owner and the coordinators set its rules and decide on its bookings."""
    return listing.can_be_edited_by(user)


def access_space_for_management(user, listing_id: int) -> Listing:
    """The space listing ``listing_id`` if ``user`` may manage its bookings; PermissionDenied
    otherwise (Listing.DoesNotExist if there is no such space)."""
    listing = Listing.objects.get(pk=listing_id, kind=Kind.SPACE)
    if not can_manage_space(user, listing):
        raise PermissionDenied
    return listing


def ensure_bookable(*, user, listing: Listing) -> BookableSpace:
    """Make ``listing`` (a space) bookable with the default rules, if it is not yet; a space
    gets one room for the whole space until named rooms are added."""
    if listing.kind != Kind.SPACE:
        raise ValidationError(_("Only spaces can be booked."))
    if not can_manage_space(user, listing):
        raise PermissionDenied
    with transaction.atomic():
        space, _created = BookableSpace.objects.get_or_create(listing=listing)
        ensure_one_room(space)
    return space


def ensure_one_room(space: BookableSpace) -> None:
    """A space without named rooms has one room for the whole space."""
    if not space.rooms.exists():
        Room.objects.create(
            space=space,
            name=_("Whole space"),
            capacity=space.listing.space_capacity or 10,
        )


def save_space_settings(*, user, listing: Listing, forms) -> BookableSpace:
    """Save the owner's settings page: the rules form, then the rooms, opening hours and
    closed dates formsets (all already valid), in one transaction."""
    if not can_manage_space(user, listing):
        raise PermissionDenied
    rules, *formsets = forms
    with transaction.atomic():
        space = rules.save(commit=False)
        space.listing = listing
        space.save()
        for formset in formsets:
            formset.instance = space
            formset.save()
        ensure_one_room(space)
    return space


def _lock_for_sqlite(room: Room) -> None:
    """SQLite: take the database's write lock before re-checking for an overlap, so that no
    other booking can be written between the check and the insert. (PostgreSQL relies on the
    exclusion constraint instead.)"""
    if connections[Booking.objects.db].vendor != "postgresql":
        Room.objects.filter(pk=room.pk).update(position=F("position"))


def book_space(
    *,
    user,
    room_id: int,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    purpose: str,
    people: int,
    now: datetime.datetime | None = None,
) -> Booking:
    """Book ``[starts_at, ends_at)`` of a room for ``user``: confirmed at once, or requested
    (holding the slot) when the owner approves bookings. ValidationError, with the field to
    blame, when the space's rules refuse it or the time was just taken; nothing is written."""
    now = now or timezone.now()
    room = Room.objects.select_related("space__listing").get(pk=room_id)
    space = room.space
    listing = space.listing
    if not listing.is_public:
        raise ValidationError(_("This space cannot be booked at the moment."))
    errors = check_slot_range(space, starts_at, ends_at, now=now)
    if not purpose.strip():
        errors["purpose"] = _("Say what you will use the room for.")
    if people < 1:
        errors["people"] = _("At least one person.")
    elif people > room.capacity:
        errors["people"] = _("%(room)s holds at most %(capacity)s people.") % {
            "room": room.name,
            "capacity": room.capacity,
        }
    if errors:
        raise ValidationError(errors)
    approved_now = not space.requires_approval or can_manage_space(user, listing)
    status = BookingStatus.CONFIRMED if approved_now else BookingStatus.REQUESTED
    try:
        with transaction.atomic():
            _lock_for_sqlite(room)
            taken = Booking.objects.filter(room=room).active().overlapping(starts_at, ends_at)
            if taken.exists():
                raise just_taken_error()
            booking = Booking.objects.create(
                room=room,
                booker=user,
                starts_at=starts_at,
                ends_at=ends_at,
                purpose=purpose.strip(),
                people=people,
                status=status,
            )
    except IntegrityError as exc:
        if NO_OVERLAP_CONSTRAINT in str(exc):
            raise just_taken_error() from exc
        raise
    booking.room = room
    event = "confirmed" if status == BookingStatus.CONFIRMED else "requested"
    _tell(booking, user, event)
    if listing.owner_id and listing.owner_id != user.pk:
        _tell(booking, listing.owner, "received_" + event)
    return booking


def _access_booking(booking_id: int) -> Booking:
    return Booking.objects.select_related("room__space__listing", "booker").get(pk=booking_id)


def can_cancel(booking: Booking, user, *, now=None) -> bool:
    """The booker may cancel an active booking until the space's cutoff before it starts."""
    now = now or timezone.now()
    return (
        user.is_authenticated
        and booking.booker_id == user.pk
        and booking.is_active
        and now <= booking.starts_at - booking.room.space.cancel_cutoff
    )


def cancel_booking(*, user, booking_id: int, now=None) -> Booking:
    """The booker cancels their booking before the cutoff; the slot is free again at once.
    PermissionDenied for anyone else; ValidationError past the cutoff."""
    now = now or timezone.now()
    booking = _access_booking(booking_id)
    if booking.booker_id != user.pk:
        raise PermissionDenied
    if not booking.is_active:
        raise ValidationError(_("This booking is no longer active."))
    if not can_cancel(booking, user, now=now):
        raise ValidationError(
            _(
                "Bookings can be cancelled online until %(hours)s hours before they start. "
                "Please contact the space directly."
            )
            % {"hours": booking.room.space.cancel_cutoff_hours}
        )
    updated = Booking.objects.filter(pk=booking.pk, status__in=ACTIVE_BOOKING_STATUSES).update(
        status=BookingStatus.CANCELLED, cancelled_at=now, updated_at=now
    )
    if not updated:
        raise ValidationError(_("This booking is no longer active."))
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
    owner = booking.room.space.listing.owner
    if owner is not None and owner.pk != user.pk:
        _tell(booking, owner, "cancelled_by_booker")
    return booking


def _decide(*, user, booking_id: int, confirm: bool, note: str, now=None) -> Booking:
    now = now or timezone.now()
    booking = _access_booking(booking_id)
    if not can_manage_space(user, booking.room.space.listing):
        raise PermissionDenied
    status = BookingStatus.CONFIRMED if confirm else BookingStatus.DECLINED
    updated = Booking.objects.filter(pk=booking.pk, status=BookingStatus.REQUESTED).update(
        status=status,
        decided_by=user,
        decided_at=now,
        decision_note=note.strip(),
        updated_at=now,
    )
    if not updated:
        raise ValidationError(_("This request has already been answered."))
    booking.status, booking.decided_at, booking.decision_note = status, now, note.strip()
    _tell(booking, booking.booker, "approved" if confirm else "declined")
    return booking


def approve_booking(*, user, booking_id: int, note: str = "", now=None) -> Booking:
    """The owner or a coordinator confirms a requested booking."""
    return _decide(user=user, booking_id=booking_id, confirm=True, note=note, now=now)


def decline_booking(*, user, booking_id: int, note: str = "", now=None) -> Booking:
    """The owner or a coordinator declines a requested booking; its slots are free again."""
    return _decide(user=user, booking_id=booking_id, confirm=False, note=note, now=now)


# Events that also go out by e-mail: the booker's own bookings, and requests the owner must
# answer.
EMAILED_EVENTS = {"confirmed", "requested", "approved", "declined", "received_requested"}


def _tell(booking: Booking, recipient, event: str) -> None:
    """An in-app notification now, an e-mail (for ``EMAILED_EVENTS``) after the commit."""
    listing = booking.room.space.listing
    notify(
        recipient=recipient,
        kind=NotificationKind.BOOKING,
        listing=listing,
        data={
            "event": event,
            "booking": booking.pk,
            "room": booking.room.name,
            "starts_at": booking.starts_at.isoformat(),
        },
    )
    if event in EMAILED_EVENTS:
        from .tasks import send_booking_email

        booking_id, recipient_id = booking.pk, recipient.pk
        transaction.on_commit(
            lambda: send_booking_email.enqueue(
                booking_id=booking_id, recipient_id=recipient_id, event=event
            )
        )
