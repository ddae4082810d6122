"""Keyword search on the listings page: what residents type finds what neighbours wrote, the
facets count the found listings, and every link keeps the keywords."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from listings.models import Area
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def publish(**fields):
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


@pytest.fixture
def board():
    return {
        "pc": publish(title="パソコンの使い方を教えます", kind="skill"),
        "veg": publish(title="採れたて野菜をおすそわけ", kind="item"),
        "pc_item": publish(title="古いノートパソコンを譲ります", kind="item"),
    }


def titles(response) -> list[str]:
    return [listing.title for listing in response.context["listings"]]


@pytest.mark.parametrize("typed", ["ﾊﾟｿｺﾝ", "ぱそこん", "パソコン"])
def test_half_width_and_hiragana_find_the_katakana_word(client, board, typed):
    response = client.get("/ja/listings/", {"q": typed})

    assert response.status_code == 200
    assert set(titles(response)) == {board["pc"].title, board["pc_item"].title}
    assert "採れたて野菜をおすそわけ" not in response.content.decode()


def test_facets_count_the_found_listings_and_links_keep_the_keywords(client, board):
    response = client.get("/en/listings/", {"q": "パソコン"})

    kinds = {f.value: f.count for f in response.context["kind_facets"] if f.count}
    assert kinds == {"skill": 1, "item": 1}
    assert response.context["page_obj"].paginator.count == 2
    assert "q=%E3%83%91%E3%82%BD%E3%82%B3%E3%83%B3" in response.content.decode()


def test_keywords_combine_with_filters(client, board):
    response = client.get("/en/listings/", {"q": "パソコン", "kind": "item"})
    assert titles(response) == [board["pc_item"].title]


def test_too_long_keywords_are_refused_next_to_the_field_not_with_an_error_page(client, board):
    response = client.get("/en/listings/", {"q": "あ" * 101})
    assert response.status_code == 200
    assert 'id="id_q_error"' in response.content.decode()
    assert len(titles(response)) == 3


def test_search_page_queries_do_not_grow_with_the_results(client, board):
    def queries_for(query) -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get("/en/listings/", {"q": query})
        return len(queries)

    queries_for("パソコン")  # the first page view creates the site settings row
    few = queries_for("パソコン")
    for number in range(15):
        publish(title=f"パソコン相談 {number}")
    assert queries_for("パソコン") == few


def test_results_come_before_the_filters_and_every_input_has_a_label(client, board):
    soup = BeautifulSoup(client.get("/en/listings/", {"q": "パソコン"}).content, "html.parser")

    results, refine = soup.select_one(".search-results"), soup.select_one("#refine")
    assert results.sourceline < refine.sourceline  # on a phone the results are not pushed down
    assert soup.select_one('.search-jump a[href="#refine"]')
    for field in soup.select("input:not([type=hidden]), select"):
        label = soup.find("label", attrs={"for": field["id"]}) if field.get("id") else None
        assert label is not None or field.get("aria-label"), field
    assert not soup.select("[style]") and not soup.select("script:not([src])")


def test_the_whole_search_is_in_the_url(client, board):
    Area.objects.create(name="楽田", latitude=35.35, longitude=136.95)
    query = {
        "q": "パソコン",
        "kind": "item",
        "language": "ja",
        "free": "1",
        "near": "楽田",
        "km": "10",
        "sort": "newest",
    }

    response = client.get("/en/listings/", query)

    assert response.context["filter_query"].dict() == query
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form.listing-filters")
    assert form.select_one('select[name="near"] option[selected]')["value"] == "楽田"
    assert form.select_one('select[name="km"] option[selected]')["value"] == "10"
    assert form.select_one('select[name="language"] option[selected]')["value"] == "ja"
    assert form.select_one('input[name="free"]').has_attr("checked")
    assert form.select_one('input[name="sort"]')["value"] == "newest"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "パソコン"},
        {"q": "パソコン 野菜", "language": "ja", "free": "1"},
        {"lat": "35.38", "lon": "136.94", "km": "5", "sort": "nearest"},
        {"q": "パソコン", "near": "楽田", "km": "5", "sort": "nearest"},
    ],
)
def test_the_search_page_makes_a_fixed_number_of_queries(
    client, board, django_assert_max_num_queries, params
):
    Area.objects.create(name="楽田", latitude=35.35, longitude=136.95)
    client.get("/en/listings/", params)  # the site settings row, the synonym dictionary
    for number in range(25):
        publish(title=f"パソコンと野菜 {number}", latitude=35.38, longitude=136.94, terms="free")

    # Areas, categories, facet groups, the page, its photos; 4 for the header and footer.
    with django_assert_max_num_queries(9):
        response = client.get("/en/listings/", params)
    assert response.status_code == 200
    assert len(response.context["listings"]) == 20


def test_bad_coordinates_and_an_unknown_area_are_errors_not_server_errors(client, board):
    for params, field in [
        ({"lat": "91", "lon": "0"}, "lat"),
        ({"lat": "abc", "lon": "136"}, "lat"),
        ({"near": "atlantis"}, "near"),
        ({"km": "7", "lat": "35", "lon": "136"}, "km"),
    ]:
        response = client.get("/en/listings/", params)
        assert response.status_code == 200
        assert field in response.context["distance_form"].errors, params
        assert len(titles(response)) == 3  # the bad place is left out
    response = client.get("/en/listings/", {"lat": "35"})
    assert response.context["distance_form"].non_field_errors()
