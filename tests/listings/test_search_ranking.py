"""Relevance: listings with every query word rank above those with some; a title match above a
description match; a real word above a chance overlap of characters. Runs on the test
database's engine (FTS5 on SQLite, tsvector on PostgreSQL)."""

import datetime

import pytest
from django.utils import timezone

from listings.models import Listing
from listings.search import DEFAULT_SYNONYMS, Synonyms
from listings.search.index import plan_search
from listings.search.query import typed_words
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def publish(title: str, description: str = "どなたでもどうぞ。", *, days_ago: int = 0) -> Listing:
    listing = ListingFactory(title=title, description=description)
    listing = submit_listing(listing=listing, by=listing.owner)
    Listing.objects.filter(pk=listing.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return listing


def found(query: str) -> list[str]:
    return [listing.title for listing in Listing.objects.published().search(query)]


def test_every_word_ranks_above_some_words_and_some_words_are_still_found():
    publish("ガーデニング教室", "初心者向けです。", days_ago=1)
    publish("犬の散歩とガーデニング", "近所でお手伝いします。", days_ago=5)
    publish("散歩の会", "毎朝、公園を歩きます。")
    publish("料理教室", "関係のない募集です。")

    results = found("散歩 ガーデニング")

    assert results[0] == "犬の散歩とガーデニング"
    assert set(results[1:]) == {"ガーデニング教室", "散歩の会"}


def test_a_listing_matching_all_words_in_its_description_beats_some_words_in_the_title():
    publish("ヨガ教室", "体が硬い方も大丈夫。")
    publish("公民館の集まり", "ヨガと太極拳を公民館でします。", days_ago=30)

    assert found("ヨガ 太極拳") == ["公民館の集まり", "ヨガ教室"]


def test_more_of_the_words_rank_above_fewer():
    publish("着物", days_ago=0)
    publish("着物と書道", days_ago=1)
    publish("着物と書道と茶道", days_ago=2)

    assert found("着物 書道 茶道") == ["着物と書道と茶道", "着物と書道", "着物"]


def test_a_lone_kanji_or_stop_word_does_not_find_listings_on_its_own():
    publish("犬の散歩をします")
    publish("Help with the garden", "Any day of the week.")
    publish("ガーデニングを教えます")

    assert found("犬 ガーデニング") == ["ガーデニングを教えます"]
    assert found("the ガーデニング") == ["ガーデニングを教えます"]


def test_one_word_queries_are_not_relaxed():
    publish("日本語教室")
    publish("料理の教室")

    assert found("日本語教室") == ["日本語教室"]


def test_a_title_match_ranks_above_a_description_match():
    publish("公民館のつどい", "書道も少しします。書道の道具は貸します。")
    publish("書道を教えます", "どなたでも。", days_ago=30)

    assert found("書道") == ["書道を教えます", "公民館のつどい"]


def test_kana_finds_the_kanji_word_not_a_chance_overlap_of_kana():
    publish("自転車の修理、ご連絡ください", "お気軽にご連絡ください。")
    publish("採れたて野菜", "朝どれです。", days_ago=10)

    assert found("やさい") == ["採れたて野菜"]


def test_only_real_words_find_listings_on_their_own():
    no_synonyms = Synonyms([])
    words = typed_words("犬 a 10 ガーデニング the 日本語教室", synonyms=no_synonyms)

    assert [word.is_word() for word in words] == [False, False, False, True, False, True]
    plan = plan_search("犬 a 10 ガーデニング the 日本語教室", synonyms=no_synonyms)
    assert [word.terms()[:3] for word in plan.words] == [
        ["ガー", "ーデ", "デニ"],
        ["日本", "本語", "語教"],
    ]


def test_what_finds_listings_leaves_out_the_whole_query_when_one_of_its_words_finds_it():
    smartphone_class = plan_search("スマホ 教室", synonyms=DEFAULT_SYNONYMS)
    vietnamese = plan_search("tieng viet", synonyms=DEFAULT_SYNONYMS)

    assert smartphone_class.found.queries == smartphone_class.words
    # "tieng viet" is one synonym of vietnamese: neither word alone finds what the query does.
    assert vietnamese.found.queries == (vietnamese.query, *vietnamese.words)


def test_a_compound_typed_as_one_word_is_not_relaxed():
    plan = plan_search("日本語教室", synonyms=DEFAULT_SYNONYMS)
    assert len(plan.query.clauses) == 2  # 日本語 (a synonym group) and 教室
    assert plan.words == ()
