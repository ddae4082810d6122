"""Sorting the search page: relevance with keywords, newest without, nearest from a point; the
order stays in the URL, and an order that does not apply falls back to the default."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from listings.models import Area, Listing
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

INDEX = "/en/listings/"
STATION = (35.3797, 136.9446)
POINT = {"lat": STATION[0], "lon": STATION[1]}


def publish(title: str, *, days_ago: int, km_north: float | None = None, **fields) -> Listing:
    if km_north is not None:
        fields |= {"latitude": STATION[0] + km_north / 111.32, "longitude": STATION[1]}
    listing = ListingFactory(title=title, **fields)
    listing = submit_listing(listing=listing, by=listing.owner)
    Listing.objects.filter(pk=listing.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return listing


@pytest.fixture
def board():
    publish("書道教室", description="筆と墨を用意します。", days_ago=20, km_north=6)
    publish("公民館のつどい", description="書道もします。", days_ago=1, km_north=0.5)
    publish("書道と茶道の会", description="季節の会です。", days_ago=10)
    publish("茶道の体験", description="どなたでも。", days_ago=0, km_north=2)


def titles(response) -> list[str]:
    return [listing.title for listing in response.context["listings"]]


def sort_options(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [option["value"] for option in soup.select('select[name="sort"] option')]


def test_without_keywords_the_newest_come_first_and_relevance_is_not_offered(client, board):
    response = client.get(INDEX)

    assert titles(response) == ["茶道の体験", "公民館のつどい", "書道と茶道の会", "書道教室"]
    assert sort_options(response) == ["newest"]


def test_with_keywords_the_most_relevant_come_first(client, board):
    response = client.get(INDEX, {"q": "書道"})

    assert set(titles(response)[:2]) == {"書道教室", "書道と茶道の会"}  # title matches first
    assert titles(response)[2] == "公民館のつどい"
    assert sort_options(response) == ["relevance", "newest"]


def test_newest_with_keywords_keeps_every_word_matches_above_some(client, board):
    response = client.get(INDEX, {"q": "書道 茶道", "sort": "newest"})

    # Only 書道と茶道の会 has both words; the others follow, newest first.
    assert titles(response) == ["書道と茶道の会", "茶道の体験", "公民館のつどい", "書道教室"]
    next_links = BeautifulSoup(response.content, "html.parser").select('a[href*="sort=newest"]')
    assert next_links  # facet links keep the order


def test_nearest_orders_by_distance_and_puts_listings_without_a_place_last(client, board):
    response = client.get(INDEX, {**POINT, "sort": "nearest"})

    assert titles(response) == ["公民館のつどい", "茶道の体験", "書道教室", "書道と茶道の会"]
    assert sort_options(response) == ["newest", "nearest"]
    distances = [listing.distance_label for listing in response.context["listings"]]
    assert distances == ["Less than 1 km away", "About 2 km away", "About 6 km away", ""]


def test_the_public_sees_rounded_distances_not_places(client, board):
    content = client.get(INDEX, {**POINT, "sort": "nearest"}).content.decode()

    assert "About 2 km away" in content
    exact = Listing.objects.get(title="茶道の体験")
    assert f"{exact.latitude:.4f}" not in content


def test_nearest_with_keywords_and_an_area(client, board):
    Area.objects.create(name="犬山駅", latitude=STATION[0], longitude=STATION[1])

    response = client.get(INDEX, {"q": "書道", "near": "犬山駅", "sort": "nearest"})

    assert titles(response) == ["公民館のつどい", "書道教室", "書道と茶道の会"]


def test_nearest_without_a_point_falls_back_to_the_default(client, board):
    response = client.get(INDEX, {"sort": "nearest"})

    assert response.status_code == 200
    assert titles(response)[0] == "茶道の体験"
    assert not response.context["sort_form"].errors


def test_an_unknown_order_is_an_error_next_to_the_field(client, board):
    response = client.get(INDEX, {"sort": "cheapest"})

    assert response.status_code == 200
    assert "sort" in response.context["sort_form"].errors
    assert 'id="id_sort_error"' in response.content.decode()
    assert titles(response)[0] == "茶道の体験"
