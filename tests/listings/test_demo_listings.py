"""`make run` shows a living board: the demo listings cover every kind, both directions,
many categories and areas, and the languages residents write in."""

import pytest
from django.core.management import call_command

from listings.models import Listing

pytestmark = pytest.mark.django_db


def test_demo_listings_cover_the_board_and_load_once(demo_site):
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)

    published = Listing.objects.published()
    # Every demo listing is published but the bookshelf handed over in the demo exchange.
    assert published.count() == Listing.objects.exclude(status="closed").count() >= 40
    assert set(published.values_list("kind", flat=True)) == {"skill", "item", "space", "activity"}
    assert set(published.values_list("direction", flat=True)) == {"offer", "request"}
    assert published.values("category").distinct().count() >= 15
    assert published.values("area").distinct().count() >= 5
    assert {"ja", "en", "vi", "pt", "zh", "tl"} <= set(published.values_list("language", flat=True))
    assert published.filter(language="ja").count() > published.count() / 2
    assert published.filter(latitude__isnull=False).exists()
    assert published.filter(owner__isnull=True, posted_by__email="coordinator@yui.example").exists()
