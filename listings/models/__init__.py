"""Listings and their categories. Import the public names from here."""

from .areas import Area
from .categories import Category, CategoryQuerySet
from .listings import (
    KIND_FIELDS,
    ClosedReason,
    Direction,
    ItemCondition,
    ItemTransfer,
    Kind,
    Listing,
    ListingQuerySet,
    SkillMode,
    Status,
    Terms,
)
from .photos import MAX_PHOTOS_PER_LISTING, ListingPhoto
from .reports import ListingReport, ReportReason, ReportStatus
from .search import LatinWordTrigram, ListingSearchDocument, SynonymGroup
from .settings import ListingSettings

__all__ = [
    "MAX_PHOTOS_PER_LISTING",
    "Area",
    "ListingPhoto",
    "ListingReport",
    "ReportReason",
    "ReportStatus",
    "SynonymGroup",
    "KIND_FIELDS",
    "Category",
    "CategoryQuerySet",
    "ClosedReason",
    "Direction",
    "ItemCondition",
    "ItemTransfer",
    "Kind",
    "Listing",
    "LatinWordTrigram",
    "ListingQuerySet",
    "ListingSearchDocument",
    "ListingSettings",
    "SkillMode",
    "Status",
    "Terms",
]
