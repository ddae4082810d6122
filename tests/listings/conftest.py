"""Fixtures for the listings tests."""

import datetime

import pytest
from django.utils import timezone

from listings.models import Category, Listing
from tests.listings.search_cases import LISTINGS


@pytest.fixture
def indexed_listings(db) -> dict[int, str]:
    """The labelled listings, published and indexed by their post_save; pk → key."""
    categories = {c.slug: c for c in Category.objects.all()}
    start = timezone.now() - datetime.timedelta(days=30)
    keys = {}
    for i, (key, kind, direction, title, description, slug, tags, area, language) in enumerate(
        LISTINGS
    ):
        listing = Listing.objects.create(
            kind=kind,
            direction=direction,
            title=title,
            description=description,
            category=categories[slug],
            tags=tags,
            area=area,
            language=language,
            status="published",
            published_at=start + datetime.timedelta(hours=i),
            expires_at=timezone.now() + datetime.timedelta(days=30),
        )
        keys[listing.pk] = key
    return keys
