import datetime
import json
import math
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Floor, Sqrt
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .categories import Category


class Kind(models.TextChoices):
    SKILL = "skill", _("Skill")
    ITEM = "item", _("Item")
    SPACE = "space", _("Space")
    ACTIVITY = "activity", _("Activity")


class Direction(models.TextChoices):
    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")


class ClosedReason(models.TextChoices):
    FULFILLED = "fulfilled", _("Fulfilled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Terms(models.TextChoices):
    FREE = "free", _("Free")
    FEE = "fee", _("For a fee")
    EXCHANGE = "exchange", _("In exchange for something")


class ItemCondition(models.TextChoices):
    NEW = "new", pgettext_lazy("item condition", "New")
    GOOD = "good", _("Good")
    USED = "used", _("Used")
    WORN = "worn", _("Well used")


class ItemTransfer(models.TextChoices):
    GIVE = "give", _("Give away")
    LEND = "lend", _("Lend")


class SkillMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    EITHER = "either", _("In person or online")


# About 555 m of latitude, and about 455 m of longitude at 35° north (central Japan).
APPROXIMATE_CELL_DEGREES = 0.005


def _snap(degrees: float, cell: float) -> float:
    return round((math.floor(degrees / cell) + 0.5) * cell, 6)


# The fields that belong to one kind only, in the order they are asked for and shown.
KIND_FIELDS = {
    Kind.SKILL: ["skill_mode"],
    Kind.ITEM: ["item_condition", "item_quantity", "item_transfer"],
    Kind.SPACE: ["space_capacity", "space_facilities", "space_address"],
    Kind.ACTIVITY: [
        "activity_starts_at",
        "activity_recurrence",
        "activity_place",
        "activity_capacity",
    ],
}


KM_PER_DEGREE = 111.32  # of latitude everywhere, and of longitude at the equator


def _public_coordinate(name: str) -> ExpressionWrapper:
    """The listing's coordinate snapped to the centre of its grid cell, as
    ``Listing.approximate_location`` does: distances measured from it cannot be narrowed down
    to the exact place by moving the searched-from point in small steps."""
    cell = Value(APPROXIMATE_CELL_DEGREES)
    return ExpressionWrapper((Floor(F(name) / cell) + Value(0.5)) * cell, output_field=FloatField())


def _distance_squared(lat: float, lon: float) -> ExpressionWrapper:
    """The square of the distance in km from (lat, lon) to the listing's public place (its
    grid cell's centre), by the equirectangular approximation (within 0.1% at a city's
    scale); plain arithmetic, so SQLite and PostgreSQL agree."""
    north = (_public_coordinate("latitude") - Value(float(lat))) * Value(KM_PER_DEGREE)
    east = (_public_coordinate("longitude") - Value(float(lon))) * Value(
        KM_PER_DEGREE * math.cos(math.radians(lat))
    )
    return ExpressionWrapper(north * north + east * east, output_field=FloatField())


class ListingQuerySet(models.QuerySet):
    def with_promised(self):
        """Annotate ``is_promised``: promised to someone who asked for it ("I'd like this"),
        read by the cards' "promised" badge without a query of its own."""
        from .item_requests import ItemRequest, ItemRequestStatus

        chosen = ItemRequest.objects.filter(listing=OuterRef("pk"), status=ItemRequestStatus.CHOSEN)
        return self.annotate(is_promised=Exists(chosen))

    def published(self):
        """What anyone may see: published, not hidden by a coordinator, not past its expiry."""
        now = timezone.now()
        return self.filter(status=Status.PUBLISHED, hidden=False).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def visible_to(self, user):
        """Published listings, plus the user's own; coordinators see every listing."""
        if user.is_authenticated and user.is_coordinator:
            return self.all()
        published = Q(pk__in=self.published().values("pk"))
        if user.is_authenticated:
            return self.filter(published | Q(owner=user))
        return self.filter(published)

    def search(self, text: str, *, synonyms=None, bounded: bool = False):
        """Listings matching the keywords ``text``, most relevant first, in one SQL query
        (plus one for the typo vocabulary when ``text`` has Latin words); see
        ``listings.search.index``. ``synonyms``: a ``listings.search.Synonyms``;
        ``bounded``: a very common search ranks the newest matches only."""
        from listings.search.index import search_listings  # it imports these models

        return search_listings(self, text, synonyms=synonyms, bounded=bounded)

    def is_partial_search(self) -> bool:
        """Whether this is a bounded ``search`` that matched so many listings that it ranks
        only the matches among the newest (``listings.search.window``)."""
        partial = self.query.annotations.get("search_partial")
        return bool(getattr(partial, "value", False))

    def in_language(self, code: str):
        """Listings written in the language ``code`` (a BCP 47 primary code such as ``vi``) or
        whose poster says they can use it (``spoken_languages``)."""
        if connections[self.db].vendor == "postgresql":
            spoken = Q(spoken_languages__contains=[code])  # jsonb @>
        else:
            # SQLite stores the JSON text; a quoted code is one whole element of the list.
            spoken = Q(spoken_languages__icontains=json.dumps(code))
        return self.filter(Q(language=code) | spoken)

    def annotate_distance(self, lat: float, lon: float):
        """Annotate ``distance_km`` from (lat, lon) to each listing's public place (None where
        it has none); within about 400 m of the true distance."""
        return self.annotate(distance_km=Sqrt(_distance_squared(lat, lon)))

    def within_km(self, lat: float, lon: float, km: float):
        """Listings whose public place lies within ``km`` of (lat, lon): a latitude/longitude
        box first (widened by a grid cell), then the distance itself."""
        dlat = km / KM_PER_DEGREE + APPROXIMATE_CELL_DEGREES
        dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
        dlon += APPROXIMATE_CELL_DEGREES
        return (
            self.filter(
                latitude__range=(lat - dlat, lat + dlat),
                longitude__range=(lon - dlon, lon + dlon),
            )
            .alias(distance_squared=_distance_squared(lat, lon))
            .filter(distance_squared__lte=km * km)
        )

    def annotate_distance_band(self, lat: float, lon: float, radii: Sequence[float]):
        """Annotate ``distance_band``: the index in ``radii`` (ascending, km) of the smallest
        circle round (lat, lon) that holds the listing, or None (too far, or no place); for
        counting listings by distance in a grouped query."""
        return self.alias(distance_squared=_distance_squared(lat, lon)).annotate(
            distance_band=Case(
                *(
                    When(distance_squared__lte=km * km, then=Value(index))
                    for index, km in enumerate(radii)
                ),
                default=None,
                output_field=IntegerField(),
            )
        )

    def ending_soon(self, *, within: datetime.timedelta, now=None):
        """Public listings whose publication ends within ``within`` from now, soonest first."""
        now = now or timezone.now()
        return (
            self.published()
            .filter(expires_at__isnull=False, expires_at__lte=now + within)
            .order_by("expires_at", "pk")
        )

    def due_to_expire(self, now=None):
        return self.filter(status=Status.PUBLISHED, expires_at__lte=now or timezone.now())


class Listing(models.Model):
    """A skill, item, space or activity that someone offers or asks for.

    Status moves draft → (pending, when review is required) → published → closed or expired;
    listings/services.py holds every transition. Where a listing is shown, its exact place is
    not: `latitude`/`longitude` are stored exactly and shown only approximately.
    """

    ref = models.CharField(
        _("register reference"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The listing's id in the city's own register, for imports."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    direction = models.CharField(_("offer or request"), max_length=10, choices=Direction.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="listings"
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    language = models.CharField(
        _("language of the text"), max_length=16, default="ja", help_text=_("A BCP 47 code.")
    )
    area = models.CharField(_("area"), max_length=80, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    spoken_languages = models.JSONField(_("languages you can use"), default=list, blank=True)
    terms = models.CharField(_("terms"), max_length=10, choices=Terms.choices, default=Terms.FREE)
    fee_amount = models.PositiveIntegerField(_("fee (yen)"), null=True, blank=True)
    exchange_note = models.CharField(
        _("what you would like in exchange"), max_length=200, blank=True
    )
    availability = models.CharField(_("when"), max_length=200, blank=True)

    item_condition = models.CharField(
        _("condition"), max_length=10, choices=ItemCondition.choices, blank=True
    )
    item_quantity = models.PositiveSmallIntegerField(_("quantity"), null=True, blank=True)
    item_transfer = models.CharField(
        _("give away or lend"), max_length=10, choices=ItemTransfer.choices, blank=True
    )
    space_capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    space_facilities = models.TextField(_("facilities"), max_length=1000, blank=True)
    space_address = models.CharField(_("address"), max_length=200, blank=True)
    activity_starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    activity_recurrence = models.CharField(
        _("repeats"), max_length=200, blank=True, help_text=_("e.g. every Wednesday at 10:00")
    )
    activity_place = models.CharField(_("place"), max_length=200, blank=True)
    activity_capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    skill_mode = models.CharField(_("how"), max_length=10, choices=SkillMode.choices, blank=True)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listings",
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The coordinator who posted it on someone's behalf."),
    )
    proxy_owner = models.ForeignKey(
        "accounts.ProxyResident",
        verbose_name=_("posted on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="listings",
        help_text=_("A resident without an account; their coordinator is the contact."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    closed_reason = models.CharField(
        _("closed because"), max_length=10, choices=ClosedReason.choices, blank=True
    )
    review_note = models.TextField(
        _("note from the coordinators"),
        blank=True,
        help_text=_("Why the listing was sent back; the owner sees it."),
    )
    featured = models.BooleanField(_("featured"), default=False)
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listings",
        help_text=_("The community this listing belongs to, if any."),
    )
    hidden = models.BooleanField(
        _("hidden by the coordinators"),
        default=False,
        help_text=_("Hidden listings are shown to nobody but their owner and the coordinators."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("expiry reminder sent at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "kind", "direction"], name="listing_facets"),
            models.Index(fields=["status", "expires_at"], name="listing_expiry"),
            models.Index(fields=["-published_at"], name="listing_newest"),
            # Matching's candidates: the newest published listings of a category or an area.
            models.Index(
                fields=["category", "direction", "-published_at"],
                condition=Q(status="published"),
                name="listing_published_in_category",
            ),
            models.Index(
                fields=["area", "direction", "-published_at"],
                condition=Q(status="published"),
                name="listing_published_in_area",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(terms=Terms.FEE, fee_amount__isnull=False)
                | (~Q(terms=Terms.FEE) & Q(fee_amount__isnull=True)),
                name="listing_fee_amount_with_fee_terms",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_reason__in=ClosedReason.values)
                | (~Q(status=Status.CLOSED) & Q(closed_reason="")),
                name="listing_closed_reason_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="listing_location_complete_and_in_range",
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(proxy_owner__isnull=True),
                name="listing_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.terms == Terms.FEE and self.fee_amount is None:
            errors["fee_amount"] = _("Say how much the fee is.")
        if self.terms != Terms.FEE:
            self.fee_amount = None
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if errors:
            raise ValidationError(errors)

    @property
    def approximate_location(self) -> tuple[float, float] | None:
        """Where to show the listing to the public: the centre of the ~500 m grid cell that
        holds its place. Snapping (not random jitter) gives the same answer every time, so
        repeated looks cannot be averaged back to the exact place."""
        if self.latitude is None or self.longitude is None:
            return None
        return (
            _snap(self.latitude, APPROXIMATE_CELL_DEGREES),
            _snap(self.longitude, APPROXIMATE_CELL_DEGREES),
        )

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and not self.hidden
            and (self.expires_at is None or self.expires_at > timezone.now())
        )

    def can_be_edited_by(self, user) -> bool:
        if not user.is_authenticated:
            return False
        return user.is_coordinator or (self.owner_id is not None and self.owner_id == user.pk)
