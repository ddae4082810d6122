"""What matching stores: its term index, the residents' feedback and saved searches, the alerts
sent, and the coordinators' settings. Scoring itself stores nothing (``matching.scoring``)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from listings.models import Listing


class ListingTerm(models.Model):
    """One distinctive analysed term of a published listing (``matching.terms``), by direction.

    The primary key (direction, term, listing) is the index the candidates come from: the
    newest listings of one direction holding one term are a short backward index scan, however
    common the term. Rows exist only while their listing is published and not hidden
    (``matching.index.sync_listing_terms``); past-expiry listings are filtered at query time.
    """

    pk = models.CompositePrimaryKey("direction", "term", "listing")
    direction = models.CharField(_("direction"), max_length=10)
    term = models.CharField(_("term"), max_length=64)
    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("matching term")
        verbose_name_plural = _("matching terms")

    def __str__(self) -> str:
        return f"{self.direction} {self.term} {self.listing_id}"


class Verdict(models.TextChoices):
    HELPED = "helped", _("This helped")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class SuggestionFeedback(models.Model):
    """A resident's verdict on one suggestion: ``suggested`` shown for ``listing`` (their own
    or one they were viewing), or in "for you" when ``listing`` is empty. "Not relevant" hides
    the suggestion from that resident there; both are kept for tuning and the impact figures."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resident"), on_delete=models.CASCADE
    )
    listing = models.ForeignKey(
        Listing,
        verbose_name=_("suggested for"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    suggested = models.ForeignKey(
        Listing, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="+"
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    score = models.FloatField(_("score when shown"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("suggestion feedback")
        verbose_name_plural = _("suggestion feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "listing", "suggested"],
                condition=Q(listing__isnull=False),
                name="feedback_once_per_suggestion",
            ),
            models.UniqueConstraint(
                fields=["user", "suggested"],
                condition=Q(listing__isnull=True),
                name="feedback_once_per_for_you_suggestion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.suggested_id} {self.verdict}"


class SavedSearch(models.Model):
    """A search a resident asked to be told about ("notify me of new listings like this"):
    the search page's query string, in canonical order (``matching.saved_searches``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    query_string = models.CharField(_("search"), max_length=1000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "query_string"], name="saved_search_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.query_string


class MatchAlert(models.Model):
    """A new listing that a resident was told about, because it matches one of their open
    listings (``for_listing``) or a search they saved (``saved_search``). One per resident and
    listing, ever: the unique constraint makes a second alert run a no-op."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="match_alerts",
    )
    listing = models.ForeignKey(
        Listing, verbose_name=_("new listing"), on_delete=models.CASCADE, related_name="+"
    )
    for_listing = models.ForeignKey(
        Listing,
        verbose_name=_("matches their listing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_search = models.ForeignKey(
        SavedSearch,
        verbose_name=_("matches their saved search"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    score = models.FloatField(_("score"), default=0.0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("match alert")
        verbose_name_plural = _("match alerts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "listing"], name="alert_once_per_listing")
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.listing_id}"


@register_setting(icon="link")
class MatchingSettings(BaseGenericSetting):
    """Coordinators' matching settings, edited in the admin."""

    waiting_days = models.PositiveSmallIntegerField(
        _("days before a request counts as waiting"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "Requests published this many days ago with no conversation or application are "
            "listed for coordinators, oldest first, with their best candidates."
        ),
    )

    panels = [FieldPanel("waiting_days")]

    class Meta:
        verbose_name = _("matching settings")
