"""The search index stays current and ``Listing.objects.search`` costs one query."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from listings.models import Category, LatinWordTrigram, Listing, ListingSearchDocument
from listings.search import query_terms
from listings.search.index import correct_typos, index_listings, plan_search
from listings.search.synonyms import current_synonyms
from tests.factories import ListingFactory
from tests.listings.search_cases import CASES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _synonyms_loaded(db):
    """Each process reads the synonym dictionary once per edit; query counts are after that."""
    current_synonyms()


def published(**fields) -> Listing:
    fields.setdefault("status", "published")
    fields.setdefault("published_at", timezone.now())
    return ListingFactory(**fields)


def found(text: str, queryset=None) -> set[int]:
    queryset = Listing.objects.all() if queryset is None else queryset
    return set(queryset.search(text).values_list("pk", flat=True))


def test_search_is_one_query_and_one_more_for_latin_words(django_assert_num_queries):
    listing = published(title="野菜づくりを教えます", description="Japanese welcome")
    with django_assert_num_queries(1):
        assert [r.pk for r in Listing.objects.published().search("やさい")] == [listing.pk]
    with django_assert_num_queries(2):  # the typo vocabulary, then the search
        assert [r.pk for r in Listing.objects.published().search("japanse")] == [listing.pk]


def test_results_carry_their_ranking(django_assert_num_queries):
    published(title="料理教室", description="")
    published(title="料理の教室", description="")
    with django_assert_num_queries(1):
        ranked = [
            (r.title, r.search_exact, r.search_in_title) for r in Listing.objects.search("料理教室")
        ]
    assert ranked == [("料理教室", 1, 1), ("料理の教室", 0, 1)]


def test_an_empty_query_finds_nothing_without_a_query(django_assert_num_queries):
    published()
    with django_assert_num_queries(0):
        assert list(Listing.objects.search(" ・ ")) == []


def test_search_keeps_the_queryset_filters():
    shown = published(title="畑を貸します")
    published(title="畑の道具", hidden=True)
    ListingFactory(title="畑の手伝い")  # a draft
    assert found("畑", Listing.objects.published()) == {shown.pk}
    assert len(found("畑")) == 3


def test_search_works_as_a_subquery():
    listing = published(title="畑を貸します")
    published(title="犬の散歩")
    matching = Listing.objects.search("畑").values("pk")
    assert list(Listing.objects.filter(pk__in=matching).values_list("pk", flat=True)) == [
        listing.pk
    ]


def test_editing_a_listing_reindexes_it():
    listing = published(title="自転車をゆずります", tags=["自転車"])
    listing.title = "ベビーカーをゆずります"
    listing.tags = ["ベビーカー"]
    listing.save()
    assert found("べびーかー") == {listing.pk}
    assert found("自転車") == set()


def test_a_status_change_does_not_reindex():
    listing = published(title="畑を貸します")
    listing.status = "closed"
    listing.closed_reason = "fulfilled"
    with CaptureQueriesContext(connection) as queries:
        listing.save(update_fields=["status", "closed_reason", "updated_at"])
    assert queries.captured_queries  # Wagtail's reference index runs too; the search must not
    assert (
        not [  # (the matching index reads the document, to drop a closed listing's terms)
            q
            for q in queries.captured_queries
            if ListingSearchDocument._meta.db_table in q["sql"]
            and not q["sql"].startswith("SELECT")
        ]
    )


def test_deleting_a_listing_removes_it_from_the_index():
    listing = published(title="畑を貸します")
    listing.delete()
    assert not ListingSearchDocument.objects.exists()
    published(title="犬の散歩")
    assert found("畑") == set()


def test_renaming_a_category_reindexes_its_listings_and_sub_categories(
    django_capture_on_commit_callbacks,
):
    parent = Category.objects.create(slug="crafts", names={"ja": "手芸", "en": "Crafts"})
    child = Category.objects.create(slug="knitting", parent=parent, names={"ja": "編み物"})
    knitting = published(title="教えます", category=child)
    assert found("crafts") == {knitting.pk}
    parent.names = {"ja": "手芸", "en": "Handicrafts", "vi": "Thủ công"}
    with django_capture_on_commit_callbacks(execute=True):  # the re-index task runs on commit
        parent.save()
    assert found("handicrafts") == {knitting.pk}
    assert found("thu cong") == {knitting.pk}


def test_index_listings_in_bulk_after_bulk_create():
    category = Category.objects.get(slug="food")
    listings = Listing.objects.bulk_create(
        Listing(
            kind="item",
            direction="offer",
            title=f"野菜セット {n}",
            description="Fresh café vegetables",
            category=category,
            status="published",
        )
        for n in range(3)
    )
    assert found("やさい") == set()
    assert index_listings(listings) == 3
    assert found("やさい") == {listing.pk for listing in listings}
    assert found("vegetabels") == {listing.pk for listing in listings}


def test_rebuild_listing_index_command(capsys):
    listing = published(title="Café volunteers", description="")
    ListingSearchDocument.objects.all().delete()
    LatinWordTrigram.objects.all().delete()
    call_command("rebuild_listing_index")
    assert "1" in capsys.readouterr().out
    assert found("cafe") == {listing.pk}
    assert found("volunters") == {listing.pk}


def test_typos_are_corrected_only_for_words_no_listing_uses():
    published(title="Japanese and Japan", description="")
    assert correct_typos(query_terms("japan")) == query_terms("japan")
    corrected = correct_typos(query_terms("japanse"))
    assert {"japanese", "日本", "japan"} <= set(corrected.terms())


def test_both_engines_find_what_the_analysis_says(indexed_listings):
    """The database's matches equal ``Query.matches`` over the stored terms, with one gap term
    between the weighted parts as PostgreSQL's vector has, so SQLite and PostgreSQL agree."""
    documents = {
        d.listing_id: [*d.title_terms.split(), "あ", *d.keyword_terms.split(), "あ"]
        + d.body_terms.split()
        for d in ListingSearchDocument.objects.all()
    }
    for case in CASES:
        query = plan_search(case.query).found
        expected = {pk for pk, terms in documents.items() if query.matches(terms)}
        assert found(case.query) == expected, (connection.vendor, case.query)


def test_expired_listings_leave_published_search():
    listing = published(title="畑を貸します")
    listing.expires_at = timezone.now() - datetime.timedelta(days=1)
    listing.save(update_fields=["expires_at"])
    assert found("畑", Listing.objects.published()) == set()
