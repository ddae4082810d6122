from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .listings import Listing


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    SCAM = "scam", _("Looks like a scam or fraud")
    OFFENSIVE = "offensive", _("Offensive or discriminatory")
    PERSONAL_INFO = "personal_info", _("Shows someone's personal information")
    DANGEROUS = "dangerous", _("Dangerous or illegal")
    WRONG = "wrong", _("Wrong category or misleading")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


RESOLUTION_NOTE_MAX_LENGTH = 2000


class CoordinatorDecision(models.Model):
    """What the coordinators did about a report: shared by the reports of listings, messages
    and board posts, each of which adds what was reported and by whom."""

    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    resolution_note = models.TextField(_("what the coordinators did"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        abstract = True

    def close(self, *, by, note: str, status: str) -> None:
        """Record ``by``'s decision (resolved or dismissed) with a note saying what was done
        and why; refused for a report already handled or without a note."""
        if self.status != ReportStatus.OPEN:
            raise ValidationError(_("This report has already been handled."), code="handled")
        note = (note or "").strip()
        if not note:
            raise ValidationError(_("Write a note saying what was done and why."))
        self.status = status
        self.handled_by = by
        self.handled_at = timezone.now()
        self.resolution_note = note[:RESOLUTION_NOTE_MAX_LENGTH]
        self.save(update_fields=["status", "handled_by", "handled_at", "resolution_note"])


class ListingReport(CoordinatorDecision):
    """Someone's report that a listing breaks the rules; coordinators work through the open ones."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("listing report")
        verbose_name_plural = _("listing reports")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="listing_report_queue")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.listing_id}"
