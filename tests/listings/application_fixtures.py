"""Shared helpers for the application tests: published activities that take applications, a
fixed clock, and the pages' URLs."""

import datetime

from django.utils import timezone

from listings.applications.services import configure_applications
from listings.models import ApplicationSettings, ApprovalMode, Category, Listing
from listings.services import submit_listing
from tests.factories import ListingFactory, UserFactory

# A fixed "now": Monday 1 June 2026, 09:00 in Tokyo.
NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC) - datetime.timedelta(hours=9)
IN_A_WEEK = datetime.timedelta(days=7)


def activity(
    *,
    owner=None,
    capacity: int = 10,
    approval_mode: str = ApprovalMode.FIRST_COME,
    starts_at: datetime.datetime | None | str = "in a week",
    questions=(),
    **settings,
) -> Listing:
    """A published activity owned by ``owner`` (a new resident by default) taking
    applications with these settings; it starts a week from (the clock's) now by default."""
    if starts_at == "in a week":
        starts_at = timezone.now() + IN_A_WEEK
    listing = ListingFactory(
        kind="activity",
        title="やさしい日本語教室",
        category=Category.objects.get(slug="languages"),
        activity_starts_at=starts_at,
        activity_place="ふれあいセンター 会議室A",
        activity_capacity=capacity,
        **({"owner": owner} if owner is not None else {}),
    )
    submit_listing(listing=listing, by=listing.owner)
    configure_applications(
        listing=listing,
        by=listing.owner,
        capacity=capacity,
        approval_mode=approval_mode,
        questions=list(questions),
        **settings,
    )
    return listing


def settings_of(listing: Listing) -> ApplicationSettings:
    return ApplicationSettings.objects.get(listing=listing)


def residents(count: int, **kwargs) -> list:
    return [UserFactory(**kwargs) for _ in range(count)]


def fixed_clock(monkeypatch):
    """A fixed clock at ``NOW`` for everything that asks ``timezone.now()``; move it with
    ``clock.set(moment)``. Each test file wraps it in its own ``clock`` fixture."""

    class Clock:
        moment = NOW

        def set(self, moment):
            self.moment = moment

    fixed = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fixed.moment)
    return fixed


def detail_url(listing) -> str:
    return f"/en/listings/{listing.pk}/"


def apply_url(listing) -> str:
    return f"/en/listings/{listing.pk}/apply/"


def applicants_url(listing) -> str:
    return f"/en/listings/{listing.pk}/applications/"


def settings_url(listing) -> str:
    return f"/en/listings/{listing.pk}/applications/settings/"


MY_APPLICATIONS_URL = "/en/listings/applications/"
