"""Listings and their categories. Import the public names from here."""

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
from .search import LatinWordTrigram, ListingSearchDocument
from .settings import ListingSettings

__all__ = [
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
