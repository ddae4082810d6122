"""Listings and their categories. Import the public names from here."""

from .categories import Category, CategoryQuerySet
from .listings import (
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
from .settings import ListingSettings

__all__ = [
    "Category",
    "CategoryQuerySet",
    "ClosedReason",
    "Direction",
    "ItemCondition",
    "ItemTransfer",
    "Kind",
    "Listing",
    "ListingQuerySet",
    "ListingSettings",
    "SkillMode",
    "Status",
    "Terms",
]
