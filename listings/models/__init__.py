"""Listings and their categories. Import the public names from here."""

from .applications import (
    ACTIVE_STATUSES,
    Application,
    ApplicationQuerySet,
    ApplicationQuestion,
    ApplicationSettings,
    ApplicationStatus,
    ApprovalMode,
    QuestionKind,
)
from .areas import Area
from .bookings import (
    ACTIVE_BOOKING_STATUSES,
    BookableSpace,
    Booking,
    BookingStatus,
    ClosedDate,
    OpeningHours,
    Room,
    SlotLength,
    Weekday,
)
from .categories import Category, CategoryQuerySet
from .item_requests import (
    FulfilledExchange,
    ItemRequest,
    ItemRequestQuerySet,
    ItemRequestStatus,
)
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
from .reports import CoordinatorDecision, ListingReport, ReportReason, ReportStatus
from .search import LatinWordTrigram, ListingSearchDocument, SynonymGroup
from .settings import ListingSettings

__all__ = [
    "FulfilledExchange",
    "ItemRequest",
    "ItemRequestQuerySet",
    "ItemRequestStatus",
    "ACTIVE_BOOKING_STATUSES",
    "BookableSpace",
    "Booking",
    "BookingStatus",
    "ClosedDate",
    "OpeningHours",
    "Room",
    "SlotLength",
    "Weekday",
    "ACTIVE_STATUSES",
    "Application",
    "ApplicationQuerySet",
    "ApplicationQuestion",
    "ApplicationSettings",
    "ApplicationStatus",
    "ApprovalMode",
    "QuestionKind",
    "MAX_PHOTOS_PER_LISTING",
    "Area",
    "ListingPhoto",
    "CoordinatorDecision",
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
