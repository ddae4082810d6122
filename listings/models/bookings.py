"""Bookable spaces: a space listing's booking rules, its rooms, opening hours, closed dates and
the bookings themselves.

No double booking is the database's job: on PostgreSQL an exclusion constraint
(``booking_no_overlap``, created by migration 0011 with btree_gist, not declared in ``Meta`` so
that the same models migrate on SQLite) refuses two active bookings of one room whose
``[starts_at, ends_at)`` ranges overlap. On SQLite ``listings.bookings.services.book_space``
takes the database's write lock before it re-checks for an overlap and inserts.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

NO_OVERLAP_CONSTRAINT = "booking_no_overlap"


class SlotLength(models.IntegerChoices):
    QUARTER = 15, _("15 minutes")
    HALF_HOUR = 30, _("30 minutes")
    HOUR = 60, _("1 hour")
    HOUR_AND_HALF = 90, _("1 hour 30 minutes")
    TWO_HOURS = 120, _("2 hours")


class Weekday(models.IntegerChoices):
    """Python's numbering (``date.weekday()``): Monday is 0."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class BookableSpace(ClusterableModel):
    """The booking rules of a space listing (kind ``space``). Its rooms are what is booked; a
    space without named rooms has one room for the whole space."""

    listing = models.OneToOneField(
        "listings.Listing",
        verbose_name=_("space"),
        on_delete=models.CASCADE,
        related_name="booking_settings",
        limit_choices_to={"kind": "space"},
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length"), choices=SlotLength.choices, default=SlotLength.HOUR
    )
    max_booking_minutes = models.PositiveSmallIntegerField(
        _("longest booking (minutes)"),
        default=180,
        validators=[MinValueValidator(15), MaxValueValidator(24 * 60)],
    )
    book_ahead_days = models.PositiveSmallIntegerField(
        _("bookable up to (days ahead)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    cancel_cutoff_hours = models.PositiveSmallIntegerField(
        _("cancellation cutoff (hours before)"),
        default=24,
        validators=[MaxValueValidator(24 * 30)],
        help_text=_("Bookings can be cancelled online until this many hours before they start."),
    )
    requires_approval = models.BooleanField(
        _("the owner approves each booking"),
        default=False,
        help_text=_("Bookings hold the slot as requests until the owner approves them."),
    )
    is_open = models.BooleanField(
        _("taking bookings"),
        default=True,
        help_text=_("Untick to stop new bookings for a while; existing bookings stay."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("bookable space")
        verbose_name_plural = _("bookable spaces")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_booking_minutes__gte=models.F("slot_minutes")),
                name="bookable_space_max_at_least_one_slot",
            )
        ]

    def __str__(self) -> str:
        return str(self.listing)

    def clean(self):
        super().clean()
        if self.max_booking_minutes and self.slot_minutes:
            if self.max_booking_minutes < self.slot_minutes:
                raise ValidationError(
                    {"max_booking_minutes": _("The longest booking must be at least one slot.")}
                )
            if self.max_booking_minutes % self.slot_minutes:
                raise ValidationError(
                    {
                        "max_booking_minutes": _(
                            "The longest booking must be a whole number of slots."
                        )
                    }
                )

    @property
    def slot(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.slot_minutes)

    @property
    def cancel_cutoff(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.cancel_cutoff_hours)


class Room(models.Model):
    """A part of a space booked on its own (和室, 調理室, 会議室A…), or the whole space."""

    space = ParentalKey(
        BookableSpace, verbose_name=_("space"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=80)
    capacity = models.PositiveSmallIntegerField(
        _("capacity (people)"), validators=[MinValueValidator(1)]
    )
    description = models.TextField(_("description and facilities"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["space", "name"], name="room_name_unique_in_space"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """One range of opening hours on a weekday (local time); a day may have several."""

    space = ParentalKey(
        BookableSpace,
        verbose_name=_("space"),
        on_delete=models.CASCADE,
        related_name="opening_hours",
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="opening_hours_close_after_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Closing time must be after opening time.")})


class ClosedDate(models.Model):
    """A day the whole space is closed (年末年始, maintenance…), with the reason shown."""

    space = ParentalKey(
        BookableSpace,
        verbose_name=_("space"),
        on_delete=models.CASCADE,
        related_name="closed_dates",
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("closed date")
        verbose_name_plural = _("closed dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["space", "date"], name="closed_date_unique_in_space")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}".strip()


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


# The statuses that hold a slot: two of these may not overlap in one room.
ACTIVE_BOOKING_STATUSES = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_BOOKING_STATUSES)

    def overlapping(self, starts_at: datetime.datetime, ends_at: datetime.datetime):
        """Bookings whose ``[starts_at, ends_at)`` meets the given range."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Booking(models.Model):
    """One or more consecutive slots of one room for one resident. Times are stored in UTC;
    ``listings.bookings.services`` holds every transition:
    requested → confirmed / declined, requested or confirmed → cancelled."""

    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="bookings"
    )
    booker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    purpose = models.CharField(_("purpose"), max_length=200)
    people = models.PositiveSmallIntegerField(_("number of people"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    decision_note = models.TextField(_("message from the owner"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["room", "starts_at"], name="booking_room_start"),
            models.Index(fields=["booker", "-starts_at"], name="booking_booker_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(people__gte=1), name="booking_people_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKING_STATUSES

    @property
    def duration(self) -> datetime.timedelta:
        return self.ends_at - self.starts_at
