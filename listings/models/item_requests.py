""" "I'd like this": a resident's request for an item or a skill someone offers, and the
exchanges that came of them (counted for the impact figures).

Every change goes through ``listings.item_requests.services``; the database keeps the two
rules that must hold under concurrency: one open request per person and listing, and at most
one chosen request per listing (the listing is then *promised*).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_REQUEST_MESSAGE_LENGTH = 500


class ItemRequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for an answer")
    CHOSEN = "chosen", _("Chosen")
    NOT_CHOSEN = "not_chosen", _("Went to someone else")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FULFILLED = "fulfilled", _("Handed over")


OPEN_STATUSES = (ItemRequestStatus.WAITING, ItemRequestStatus.CHOSEN)


class ItemRequestQuerySet(models.QuerySet):
    def open(self):
        """Requests still in play: waiting for the owner's choice, or chosen."""
        return self.filter(status__in=OPEN_STATUSES)

    def chosen(self):
        return self.filter(status=ItemRequestStatus.CHOSEN)


class ItemRequest(models.Model):
    """One person's "I'd like this" on an item or skill offer.

    waiting → chosen (the owner picked them; the others become not_chosen) → fulfilled (handed
    over, the listing closes as fulfilled). The owner can undo a choice (chosen → waiting, and
    the not_chosen ones wait again); the requester can withdraw while waiting or chosen.
    """

    listing = models.ForeignKey(
        "listings.Listing",
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="item_requests",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="item_requests",
    )
    message = models.CharField(_("message"), max_length=MAX_REQUEST_MESSAGE_LENGTH, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ItemRequestStatus.choices,
        default=ItemRequestStatus.WAITING,
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(
        _("decided at"),
        null=True,
        blank=True,
        help_text=_("When the owner chose this request, or someone else's."),
    )
    closed_at = models.DateTimeField(
        _("closed at"), null=True, blank=True, help_text=_("When it was withdrawn or handed over.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ItemRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request for an item or a skill")
        verbose_name_plural = _("requests for items and skills")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "requester"],
                condition=Q(status__in=OPEN_STATUSES),
                name="item_request_one_open_per_person",
            ),
            models.UniqueConstraint(
                fields=["listing"],
                condition=Q(status=ItemRequestStatus.CHOSEN),
                name="item_request_one_chosen_per_listing",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ItemRequestStatus.values),
                name="item_request_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["requester", "-created_at"], name="item_request_by_requester"),
            models.Index(fields=["listing", "status"], name="item_request_by_listing"),
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} → {self.listing_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class FulfilledExchange(models.Model):
    """One item or skill that changed hands, recorded when its listing closes as fulfilled.

    Category and area are copied from the listing at that moment, so later edits (or the
    listing's deletion) do not change what was counted. ``giver``/``receiver`` are whoever is
    known: for an offer, the owner gives and the chosen requester (if any) receives; for a
    request listing, the owner receives. A proxy resident's listing has no account on its side.
    """

    listing = models.OneToOneField(
        "listings.Listing",
        verbose_name=_("listing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fulfilled_exchange",
    )
    item_request = models.OneToOneField(
        ItemRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchange",
    )
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10)
    category = models.ForeignKey(
        "listings.Category",
        verbose_name=_("category"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    area = models.CharField(_("area"), max_length=80, blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled at"))

    class Meta:
        verbose_name = _("fulfilled exchange")
        verbose_name_plural = _("fulfilled exchanges")
        ordering = ["-fulfilled_at", "-pk"]
        indexes = [models.Index(fields=["fulfilled_at"], name="exchange_fulfilled_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.listing_id} ({self.fulfilled_at:%Y-%m-%d})"
