"""A listing's page: everything about it but the owner's contact details."""

import math
from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.languages import spoken_language_choices
from matching.suggestions import suggestions_for_listing

from ..models import KIND_FIELDS, Listing, Status
from ..models.listings import APPROXIMATE_CELL_DEGREES
from ..photos import thumbnail_size

RELATED_LISTINGS = 4
# Shown only to the owner and the coordinators: it may be someone's home address.
PRIVATE_FIELDS = {"space_address"}

# The map is one OpenStreetMap tile, loaded only when someone asks for it: the most detailed
# of these zoom levels on which the circle around the approximate place fits in one tile.
MAP_ZOOMS = (15, 14, 13)
MAP_TILE_SIZE = 256
MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
EARTH_CIRCUMFERENCE_M = 40_075_016.686


@dataclass(frozen=True)
class ApproximateMap:
    """One map tile around a listing's approximate place, with the circle to draw on it in
    the tile's pixels (0–256), the circle covering the ~500 m grid cell the place is in."""

    tile_url: str
    x: float
    y: float
    radius: float

    @property
    def fits(self) -> bool:
        return all(self.radius <= at <= MAP_TILE_SIZE - self.radius for at in (self.x, self.y))

    @classmethod
    def around(cls, latitude: float, longitude: float) -> "ApproximateMap":
        maps = [cls.at_zoom(latitude, longitude, zoom) for zoom in MAP_ZOOMS]
        return next((map_ for map_ in maps if map_.fits), maps[-1])

    @classmethod
    def at_zoom(cls, latitude: float, longitude: float, zoom: int) -> "ApproximateMap":
        tiles = 2**zoom
        lat = math.radians(latitude)
        world_x = (longitude + 180) / 360 * tiles
        world_y = (1 - math.asinh(math.tan(lat)) / math.pi) / 2 * tiles
        tile_x, tile_y = int(world_x), int(world_y)
        metres_per_pixel = EARTH_CIRCUMFERENCE_M * math.cos(lat) / (tiles * MAP_TILE_SIZE)
        half_cell_m = APPROXIMATE_CELL_DEGREES / 2 * 111_320
        cell_radius_m = math.hypot(half_cell_m, half_cell_m * math.cos(lat))
        return cls(
            tile_url=MAP_TILE_URL.format(z=zoom, x=tile_x, y=tile_y),
            x=round((world_x - tile_x) * MAP_TILE_SIZE, 1),
            y=round((world_y - tile_y) * MAP_TILE_SIZE, 1),
            radius=round(cell_radius_m / metres_per_pixel, 1),
        )


def _display(listing: Listing, name: str):
    field = listing._meta.get_field(name)
    value = getattr(listing, name)
    if value in (None, ""):
        return None
    if field.choices:
        return getattr(listing, f"get_{name}_display")()
    if hasattr(value, "tzinfo"):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return value


def _kind_details(listing: Listing, *, private: bool) -> list[tuple[str, object]]:
    """(label, value) of the listing's own kind's fields that are set; `private` adds those
    only the owner and the coordinators may see."""
    details = []
    for name in KIND_FIELDS.get(listing.kind, []):
        if name in PRIVATE_FIELDS and not private:
            continue
        value = _display(listing, name)
        if value is not None:
            details.append((listing._meta.get_field(name).verbose_name, value))
    return details


def _status_notice(listing: Listing) -> str:
    """Why a listing that its owner or a coordinator is looking at is not public."""
    if listing.hidden:
        return _("The coordinators have hidden this listing.")
    if listing.status == Status.PUBLISHED:  # published, but past its expiry date
        return _("This listing has expired. Renew it to show it again.")
    return {
        Status.DRAFT: _("This listing is a draft. Submit it when it is ready."),
        Status.PENDING: _("This listing is waiting for a coordinator's review."),
        Status.CLOSED: _("This listing is closed."),
        Status.EXPIRED: _("This listing has expired. Renew it to show it again."),
    }[listing.status]


def listing_detail(request, pk: int):
    """A listing's page for anyone allowed to see it; the owner's contact details stay out.

    The place is an approximate label; `?map=1` adds one map tile around the approximate
    place (never the exact one), the only thing on the page from another site.
    """
    listing = get_object_or_404(
        Listing.objects.visible_to(request.user)
        .select_related("category", "category__parent", "community")
        .prefetch_related("photos"),
        pk=pk,
    )
    photos = list(listing.photos.all())
    for photo in photos:
        photo.thumbnail_width, photo.thumbnail_height = thumbnail_size(photo.width, photo.height)
    languages = dict(spoken_language_choices())
    related = (
        Listing.objects.published()
        .filter(category_id=listing.category_id)
        .exclude(pk=listing.pk)
        .select_related("category")
        .prefetch_related("photos")
        .order_by("-published_at", "-pk")[:RELATED_LISTINGS]
    )
    can_edit = listing.can_be_edited_by(request.user)
    suggestions = suggestions_for_listing(listing, viewer=request.user)
    shown = {suggestion.listing.pk for suggestion in suggestions}
    related = [other for other in related if other.pk not in shown]
    approximate = listing.approximate_location
    show_map = approximate is not None and request.GET.get("map") == "1"
    return render(
        request,
        "listings/listing_detail.html",
        {
            "listing": listing,
            "photos": photos,
            "can_edit": can_edit,
            "is_owner": request.user.is_authenticated and listing.owner_id == request.user.pk,
            "is_proxy_listing": listing.proxy_owner_id is not None,
            "status_notice": None if listing.is_public else _status_notice(listing),
            "kind_details": _kind_details(listing, private=can_edit),
            "spoken_languages": [languages.get(code, code) for code in listing.spoken_languages],
            "suggestions": suggestions,
            "related_listings": related,
            "has_place": approximate is not None,
            "map": ApproximateMap.around(*approximate) if show_map else None,
        },
    )
