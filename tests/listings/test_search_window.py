"""A search that matches very many listings ranks the matches among the newest ones
(``listings.search.window``): the bound on what the statistics say, the window it gives, and
on PostgreSQL what the API and the search page answer when a search is bounded."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from listings.models import Category, Listing
from listings.search import window
from listings.search.index import index_listings
from listings.search.query import AnyOf, query_terms
from listings.search.window import SearchWindow, TermStatistics, newest_to_rank, search_window
from tests.factories import ListingFactory

LIST = "/api/v1/listings/"


def statistics(shares: dict[str, float], *, unlisted: float = 0.0, documents: float = 100_000):
    return TermStatistics(documents=documents, shares=shares, unlisted=unlisted, newest_id=500_000)


def test_a_phrase_matches_at_most_what_its_rarest_term_matches():
    stats = statistics({"スマ": 0.07, "マホ": 0.05})

    assert stats.share(query_terms("スマ")) == 0.07
    assert stats.share(query_terms("スマホ")) == 0.05  # スマ <-> マホ


def test_alternatives_add_up_and_every_clause_bounds_the_query():
    stats = statistics({"野菜": 0.04, "教室": 0.1, "vegetable": 0.03})
    vegetables = query_terms("野菜 vegetable")  # two clauses, both must match

    assert stats.share(vegetables) == 0.03
    assert stats.share(AnyOf((query_terms("野菜"), query_terms("教室")))) == pytest.approx(0.14)
    assert stats.share(AnyOf((query_terms("教室"),) * 20)) == 1.0


def test_a_term_the_statistics_do_not_list_counts_as_rare_or_as_the_least_listed():
    assert statistics({"教室": 0.1}).share(query_terms("盆栽")) == 0.0
    assert statistics({"教室": 0.1}, unlisted=0.02).share(query_terms("盆栽")) == 0.02


def test_a_search_matching_few_enough_listings_ranks_them_all():
    assert newest_to_rank(0.01, 100_000) is None  # 1,000 listings
    assert newest_to_rank(0.2, 5_000) is None  # 1,000 listings


def test_a_search_matching_many_ranks_enough_newest_listings_to_expect_the_target():
    assert newest_to_rank(0.2, 100_000) == window.RANKED_TARGET * 5
    assert newest_to_rank(1.0, 100_000) == window.RANKED_TARGET


def test_every_word_has_a_wider_window_than_some_words(monkeypatch):
    stats = statistics({"スマ": 0.3, "マホ": 0.3, "教室": 0.2})
    monkeypatch.setattr(window, "term_statistics", lambda alias: stats)
    query = query_terms("スマホ 教室")
    words = AnyOf((query, query_terms("スマホ"), query_terms("教室")))

    bounded = search_window("default", found=words, query=query)

    # Some words: at most 0.2 + 0.3 + 0.2 of the listings; every word: at most 0.2.
    assert bounded.found_after == 500_000 - round(window.RANKED_TARGET / 0.7)
    assert bounded.full_after == 500_000 - window.RANKED_TARGET * 5
    assert bounded.full_after < bounded.found_after


def test_a_small_window_is_read_rather_than_the_index_of_its_many_common_terms(monkeypatch):
    # スマホ: スマ <-> マホ | スマ <-> マー <-> … | smartphone; each bigram is common.
    shares = {"スマ": 0.2, "マホ": 0.15, "マー": 0.1, "ート": 0.1, "教室": 0.05}
    monkeypatch.setattr(window, "term_statistics", lambda alias: statistics(shares))
    smartphones, classes = query_terms("スマホ"), query_terms("教室")

    many_terms = search_window("default", found=smartphones, query=smartphones)
    one_term = search_window("default", found=classes, query=classes)

    # スマホ: at most 0.15 of 100,000 listings, a window of 1,333; the index holds
    # 55,000 entries of its terms, over 10 a document of the window.
    assert many_terms.scan_found is True
    # 教室: a window of 4,000 for 5,000 entries: the index is cheaper.
    assert one_term.bounded and one_term.scan_found is False


def test_without_statistics_a_search_is_not_bounded(monkeypatch):
    monkeypatch.setattr(window, "term_statistics", lambda alias: None)
    query = query_terms("野菜")

    assert search_window("default", found=query, query=query) == SearchWindow(None, None)


# On PostgreSQL: the statistics come from ANALYZE, which sees this test's rows.

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="term statistics are PostgreSQL's (pg_stats)"
)


def _publish(titles: list[str]) -> list[Listing]:
    """Published listings in this order of ids, the last one newest, indexed."""
    owner = ListingFactory().owner
    category = Category.objects.get(slug="goods-home")
    now = timezone.now()
    listings = Listing.objects.bulk_create(
        Listing(
            kind="item",
            direction="offer",
            title=title,
            description="どなたでもどうぞ。",
            category=category,
            owner=owner,
            status="published",
            published_at=now - datetime.timedelta(minutes=len(titles) - i),
            expires_at=now + datetime.timedelta(days=30),
        )
        for i, title in enumerate(titles)
    )
    index_listings(listings, readings=False)
    return listings


@pytest.fixture
def small_windows(monkeypatch):
    """Bound searches matching more than 10 listings to about 4 matches, and read statistics
    of this test's listings."""
    monkeypatch.setattr(window, "RANK_ALL_UP_TO", 10)
    monkeypatch.setattr(window, "RANKED_TARGET", 4)

    def analyse():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE listings_listingsearchdocument")
        window.forget_term_statistics()

    yield analyse
    window.forget_term_statistics()


@postgresql_only
@pytest.mark.django_db
def test_the_newest_matches_are_the_ones_ranked_counted_and_said_to_be_partial(
    client, small_windows
):
    listings = _publish(["料理教室"] * 10 + [f"野菜の苗 {i}" for i in range(30)])
    small_windows()

    answer = client.get(LIST, {"q": "野菜", "page_size": 100}).json()

    assert answer["partial"] is True
    assert 4 <= answer["count"] < 30
    ranked = sorted(r["id"] for r in answer["results"])
    assert ranked == [listing.pk for listing in listings[-answer["count"] :]]


@postgresql_only
@pytest.mark.django_db
def test_a_bounded_search_finding_too_few_ranks_every_match_after_all(client, small_windows):
    # 野菜 is in three quarters of the listings, but none of the newest.
    _publish([f"野菜の苗 {i}" for i in range(30)] + ["料理教室"] * 10)
    small_windows()

    answer = client.get(LIST, {"q": "野菜", "page": 2, "page_size": 20}).json()
    page = client.get("/en/listings/", {"q": "野菜"})

    assert answer["partial"] is False
    assert answer["count"] == 30
    assert len(answer["results"]) == 10
    assert page.context["page_obj"].paginator.count == 30
    assert "Add another word" not in page.content.decode()


@postgresql_only
@pytest.mark.django_db
def test_a_listing_with_every_word_is_found_even_when_older_than_some_word_matches(
    client, small_windows
):
    listings = _publish(["日本語とスマホの教室"] + [f"スマホ相談 {i}" for i in range(30)])
    small_windows()

    answer = client.get(LIST, {"q": "スマホ 教室", "page_size": 100}).json()

    assert answer["partial"] is True
    assert answer["results"][0]["id"] == listings[0].pk  # the oldest, but every word
    assert answer["count"] < 31


@postgresql_only
@pytest.mark.django_db
def test_reading_the_window_finds_what_the_index_finds(client, small_windows, monkeypatch):
    _publish(
        ["日本語とスマホの教室", "スマートフォン講座"]
        + [f"スマホ相談 {i}" for i in range(20)]
        + [f"料理教室 {i}" for i in range(20)]
    )
    small_windows()

    def search(entries_per_document: float) -> dict:
        monkeypatch.setattr(window, "INDEX_ENTRIES_PER_DOCUMENT", entries_per_document)
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(LIST, {"q": "スマホ 教室", "page_size": 100}).json()
        searched = max((q["sql"] for q in queries), key=len)
        return {**answer, "scanned": "COALESCE" in searched}

    through_index, reading = search(float("inf")), search(0)

    assert (through_index["scanned"], reading["scanned"]) == (False, True)
    assert through_index["partial"] is reading["partial"] is True
    assert [r["id"] for r in reading["results"]] == [r["id"] for r in through_index["results"]]
    assert reading["count"] == through_index["count"] > 0


@postgresql_only
@pytest.mark.django_db
def test_a_search_matching_few_listings_is_complete(client, small_windows):
    _publish([f"野菜の苗 {i}" for i in range(8)] + ["料理教室"] * 30)
    small_windows()

    answer = client.get(LIST, {"q": "野菜"}).json()

    assert answer["partial"] is False
    assert answer["count"] == 8


@postgresql_only
@pytest.mark.django_db
def test_the_search_page_tells_the_resident_and_counts_what_it_ranked(client, small_windows):
    _publish([f"野菜の苗 {i}" for i in range(30)])
    small_windows()

    bounded = client.get("/en/listings/", {"q": "野菜"})
    complete = client.get("/en/listings/", {"q": "料理"})

    assert "Add another word to find older ones" in bounded.content.decode()
    assert bounded.context["page_obj"].paginator.count < 30
    assert "Add another word" not in complete.content.decode()
