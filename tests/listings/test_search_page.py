"""Keyword search on the listings page: what residents type finds what neighbours wrote, the
facets count the found listings, and every link keeps the keywords."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
