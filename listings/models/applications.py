"""Applications to activities: the organiser's settings (seats, deadline, cutoff, approval,
questions) and each resident's application with its status.

Every change of status goes through ``listings/applications/services.py``, which locks the
activity's settings row first: that lock is what keeps the confirmed seats within capacity
when many people apply at once. The database itself allows one active application per person
and activity.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .listings import Listing

MAX_CAPACITY = 10_000
MAX_CUTOFF_HOURS = 24 * 30


class ApprovalMode(models.TextChoices):
    FIRST_COME = "first_come", _("First come, first served: seats are confirmed at once")
    APPROVAL = "approval", _("I approve each application")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied: waiting for the organiser")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


# An application in one of these holds (or waits for) a seat; one per person and activity.
ACTIVE_STATUSES = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.CONFIRMED,
    ApplicationStatus.WAITLISTED,
)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Short answer")
    CHOICE = "choice", _("Choice from options")


class ApplicationSettings(models.Model):
    """How an activity takes applications; one row per activity listing, locked (``SELECT …
    FOR UPDATE``) by every service that changes a seat."""

    listing = models.OneToOneField(
        Listing,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="application_settings",
    )
    is_open = models.BooleanField(
        _("taking applications"),
        default=True,
        help_text=_("Untick to stop new applications. Those already made stay."),
    )
    capacity = models.PositiveIntegerField(
        _("seats"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("How many people can take part."),
    )
    deadline = models.DateTimeField(
        _("application deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take applications until the activity starts."),
    )
    cancellation_cutoff_hours = models.PositiveIntegerField(
        _("cancellation possible until (hours before the start)"),
        default=24,
        validators=[MaxValueValidator(MAX_CUTOFF_HOURS)],
        help_text=_("Participants can cancel online until this many hours before the start."),
    )
    approval_mode = models.CharField(
        _("how seats are given"),
        max_length=12,
        choices=ApprovalMode.choices,
        default=ApprovalMode.FIRST_COME,
    )
    group_conversation = models.ForeignKey(
        "messaging.Conversation",
        verbose_name=_("group conversation of the confirmed participants"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("application settings")
        verbose_name_plural = _("application settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="application_settings_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.listing)

    @property
    def cancellation_cutoff(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.cancellation_cutoff_hours)

    def cancel_until(self) -> datetime.datetime | None:
        """The last moment a participant may cancel online; None when the activity has no
        date (then until the organiser closes it)."""
        starts_at = self.listing.activity_starts_at
        return starts_at - self.cancellation_cutoff if starts_at else None

    def closing_reason(self, now: datetime.datetime | None = None) -> str:
        """Why no new application can be made now, in the active language; empty when one
        can. The listing must be loaded (it usually is: ``select_related``)."""
        now = now or timezone.now()
        listing = self.listing
        if not listing.is_public:
            return str(_("This activity is not published, so it does not take applications."))
        if not self.is_open:
            return str(_("The organiser has closed applications."))
        if self.deadline is not None and now >= self.deadline:
            return str(_("The application deadline has passed."))
        if listing.activity_starts_at is not None and now >= listing.activity_starts_at:
            return str(_("This activity has already started."))
        return ""


class ApplicationQuestion(models.Model):
    """A question the organiser asks everyone who applies, in ``position`` order."""

    settings = models.ForeignKey(
        ApplicationSettings,
        verbose_name=_("application settings"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(
        _("kind of answer"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    options = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)

    class Meta:
        verbose_name = _("application question")
        verbose_name_plural = _("application questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        super().clean()
        if self.kind == QuestionKind.CHOICE and len(self.options) < 2:
            raise ValidationError({"options": _("Give at least two options, one per line.")})
        if self.kind == QuestionKind.TEXT:
            self.options = []


class ApplicationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=ApplicationStatus.CONFIRMED)

    def waitlist(self):
        """The waiting list, first in line first."""
        return self.filter(status=ApplicationStatus.WAITLISTED).order_by("applied_at", "pk")


class Application(models.Model):
    """One resident's application to one activity.

    ``answers`` keeps each answer with the question's text as it was asked, so an edited or
    removed question does not change what the applicant said:
    ``[{"question": <id>, "text": "…", "answer": "…"}, …]``.
    """

    listing = models.ForeignKey(
        Listing, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="activity_applications",
    )
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices)
    answers = models.JSONField(_("answers"), default=list, blank=True)
    message = models.TextField(
        _("message from the organiser"),
        max_length=1000,
        blank=True,
        help_text=_("Why the application was declined, for the applicant."),
    )
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_for = models.DateTimeField(
        _("reminder sent for the start at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The start time the day-before reminder was sent for (never twice)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["applied_at", "pk"]
        indexes = [
            models.Index(fields=["listing", "status", "applied_at"], name="application_queue"),
            models.Index(fields=["applicant", "-applied_at"], name="application_mine"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "applicant"],
                condition=Q(status__in=["applied", "confirmed", "waitlisted"]),
                name="application_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id} → {self.listing_id}: {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def answer_for(self, question_id: int) -> str:
        for answer in self.answers:
            if answer.get("question") == question_id:
                return answer.get("answer", "")
        return ""
