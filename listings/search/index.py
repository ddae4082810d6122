"""The analysed listings in the database's full-text engine: writing them and searching them.

``index_listings`` stores each listing's ``document_terms`` in ``ListingSearchDocument``, split
by weight; migration 0004 indexes those rows with PostgreSQL's tsvector (GIN) or SQLite's FTS5.
Both engines receive the same terms and the same query (``Query.to_tsquery``/``to_fts5``), so
they find the same listings; only the score used within a rank tier differs (ts_rank, bm25).

Ranking, most important first: every typed word matches (a query of several words also finds
listings with only some of them, below); how many of the typed words match; the query matches
as written, not only split at a junction (``query.exact()``); it matches in the title alone;
the engine's weighted score (title A, tags/category/area B, description C); newest.

Readings (``こそだて`` → 子育て) are indexed for the title and the keywords, not the
description: Janome takes about 1 ms per title, 12 ms per 300 characters of description.
"""

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.models import Count, Value

from listings.lifecycle import listings_changed
from listings.models import Category, LatinWordTrigram, Listing, ListingSearchDocument
from listings.search.analysis import closest_words, document_terms, is_cjk, latin_trigrams
from listings.search.engines import ENGINES
from listings.search.query import AnyOf, Clause, Query, query_terms, typed_words
from listings.search.synonyms import Synonyms, current_synonyms
from listings.search.window import SearchWindow, newest_listings, search_window

# The fields of a listing whose change changes its search document.
INDEXED_FIELDS = frozenset({"title", "description", "tags", "area", "category", "category_id"})

BATCH_SIZE = 500
# From this many documents, PostgreSQL gets DELETE + COPY (bulk imports, rebuilds); fewer (a
# listing saved on its own) one atomic INSERT … ON CONFLICT, so no search misses it meanwhile.
COPY_FROM = 100
MIN_TYPO_WORD = 3  # shorter Latin words are not corrected: too many near neighbours
MAX_CORRECTIONS = 3

DOCUMENT_TABLE = ListingSearchDocument._meta.db_table


def index_listings(
    listings: Iterable[Listing], *, readings: bool = True, announce: bool = True
) -> int:
    """Write the search documents of ``listings`` (created or replaced) in bulk; return how
    many. Call it after ``bulk_create``/``update`` of listings, which send no ``post_save``.

    One query for the categories, then a few bulk writes per ``BATCH_SIZE`` listings, so an
    iterator over many listings is never held in memory at once. Pass ``readings=False`` for a
    fast import and run ``rebuild_listing_index`` afterwards. ``announce=False`` sends no
    ``listings_changed`` (what derives from the documents, such as the matching index, is not
    refreshed): for an import that queues ``reindex_listings``, which announces them then.
    """
    categories = {c.pk: c for c in Category.objects.all()}
    category_terms: dict[int, list[str]] = {}
    count = 0
    batch: list[ListingSearchDocument] = []
    for listing in listings:
        if listing.category_id not in category_terms:
            names = _category_names(categories, listing.category_id)
            category_terms[listing.category_id] = _terms(names, readings=readings)
        batch.append(
            build_document(
                listing, category_terms=category_terms[listing.category_id], readings=readings
            )
        )
        if len(batch) == BATCH_SIZE:
            count += _write(batch, announce=announce)
            batch = []
    return count + _write(batch, announce=announce)


def _write(documents: list[ListingSearchDocument], *, announce: bool) -> int:
    if not documents:
        return 0
    connection = connections[ListingSearchDocument.objects.db]
    if connection.vendor == "postgresql" and len(documents) >= COPY_FROM:
        _copy_documents(connection, documents)
    else:
        ListingSearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["listing"],
            update_fields=["title_terms", "keyword_terms", "body_terms"],
        )
    terms = {
        term
        for document in documents
        for text in (document.title_terms, document.keyword_terms, document.body_terms)
        for term in text.split()
    }
    words = {term for term in terms if _is_latin_word(term)}
    LatinWordTrigram.objects.bulk_create(
        [LatinWordTrigram(trigram=t, word=w) for w in sorted(words) for t in latin_trigrams(w)],
        batch_size=BATCH_SIZE * 4,
        ignore_conflicts=True,
    )
    if announce:
        listings_changed.send(
            sender=ListingSearchDocument,
            listing_ids=[document.listing_id for document in documents],
        )
    return len(documents)


def _copy_documents(connection, documents: list[ListingSearchDocument]) -> None:
    """Replace the documents with DELETE and COPY: psycopg formats COPY rows in C, where an
    INSERT of the same rows is quoted value by value in Python. The tsvector column is
    generated by PostgreSQL from the copied terms. Atomic, so that no search runs between
    the two statements and misses these listings."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {DOCUMENT_TABLE} WHERE listing_id = ANY(%s)",  # noqa: S608
            [[document.listing_id for document in documents]],
        )
        columns = "listing_id, title_terms, keyword_terms, body_terms"
        with cursor.copy(f"COPY {DOCUMENT_TABLE} ({columns}) FROM STDIN") as copy:
            for document in documents:
                copy.write_row(
                    (
                        document.listing_id,
                        document.title_terms,
                        document.keyword_terms,
                        document.body_terms,
                    )
                )


def build_document(
    listing: Listing, *, category_terms: Sequence[str], readings: bool = True
) -> ListingSearchDocument:
    """The unsaved search document of one listing; ``category_terms`` are the analysed names
    of its category and the category's ancestors, in every language."""
    keywords = [*listing.tags, listing.area]
    return ListingSearchDocument(
        listing_id=listing.pk,
        title_terms=" ".join(document_terms(listing.title, readings=readings)),
        keyword_terms=" ".join([*_terms(keywords, readings=readings), *category_terms]),
        body_terms=" ".join(document_terms(listing.description)),
    )


def _terms(texts: Iterable[str], *, readings: bool) -> list[str]:
    return [t for text in texts if text for t in _keyword_terms(str(text), readings)]


@functools.lru_cache(maxsize=8192)
def _keyword_terms(text: str, readings: bool) -> tuple[str, ...]:
    """Tags, areas and category names repeat across listings: analyse each once."""
    return tuple(document_terms(text, readings=readings))


def _category_names(categories: dict[int, Category], category_id: int | None) -> list[str]:
    names: list[str] = []
    seen: set[int] = set()
    while category_id in categories and category_id not in seen:  # a cycle must not hang us
        seen.add(category_id)
        category = categories[category_id]
        names += [name for name in category.names.values() if isinstance(name, str)]
        category_id = category.parent_id
    return names


def _is_latin_word(term: str) -> bool:
    return term.isalpha() and not any(is_cjk(char) for char in term)


@dataclass(frozen=True)
class SearchPlan:
    """What a search looks for. ``query``: every word (typos widened); ``words``: each typed
    word that means something alone, when there are several typed words; ``found``: what
    selects the listings, the query or any of the words."""

    query: Query
    words: tuple[Query, ...]

    @property
    def found(self) -> Query | AnyOf:
        if not self.words:
            return self.query
        # The whole query too, unless a word it holds finds it anyway: a synonym may span
        # words ("tieng viet" → vietnamese).
        clauses = set(self.query.clauses)
        if any(clauses.issuperset(word.clauses) for word in self.words):
            return AnyOf(self.words)
        return AnyOf((self.query, *self.words))


def plan_search(text: str, *, synonyms: Synonyms | None = None) -> SearchPlan:
    """Analyse ``text`` for ``search_listings``; one database query for the typo vocabulary
    when it has Latin words, none otherwise."""
    synonyms = current_synonyms() if synonyms is None else synonyms  # the admin-edited dictionary
    typed = query_terms(text, synonyms=synonyms)
    if not typed:
        return SearchPlan(typed, ())
    query = correct_typos(typed, synonyms=synonyms)
    words = typed_words(text, synonyms=synonyms)
    if len(words) < 2:
        return SearchPlan(query, ())
    widened = dict(zip(typed.clauses, query.clauses, strict=True))
    corrected = (Query(tuple(widened.get(c, c) for c in word.clauses)) for word in words)
    return SearchPlan(query, tuple(word for word in corrected if word.is_word()))


def search_listings(
    listings, text: str, *, synonyms: Synonyms | None = None, bounded: bool = False
):
    """``listings`` that match ``text``, most relevant first; ``ListingQuerySet.search``.

    Listings that match every word come first (``search_all``). A query of several words
    (split at spaces or commas) also finds listings that match only some of them, ranked
    strictly below and by how many they match (``search_words``); a word that means little
    alone (a lone kanji, letter, number or stop word, ``Clause.is_word``) does not find
    listings on its own. Latin words no listing uses are widened to the closest indexed words
    (``japanse`` → ``japanese``): one query on ``LatinWordTrigram``, made here. The result is
    one SQL query, annotated with ``search_all``, ``search_words``, ``search_exact``,
    ``search_in_title``, ``search_score`` and ``search_partial``.

    ``bounded``: where a search may match very many listings, rank only the matches among the
    newest listings (``listings.search.window``; PostgreSQL); ``search_partial`` says whether
    it did. For the pages and the API, where a resident waits for the answer.
    """
    plan = plan_search(text, synonyms=synonyms)
    query = plan.query
    if not query:
        return listings.none()
    engine = ENGINES[connections[listings.db].vendor]
    exact = query.exact()
    if exact == query:
        search_exact = Value(1)
    elif all(clause.alternatives for clause in exact.clauses):
        search_exact = engine.flag(exact)
    else:
        search_exact = Value(0)
    if plan.words:
        search_all = engine.flag(query)
        search_words = sum((engine.flag(w) for w in plan.words), start=Value(0))
        search_in_title = engine.flag(plan.found, title_only=True)
    else:
        search_all, search_words = Value(1), Value(1)
        search_in_title = engine.flag(query, title_only=True)
    window = SearchWindow(None, None)
    if bounded:
        window = search_window(listings.db, found=plan.found, query=query)
    if window.bounded:
        found = listings.filter(
            newest_listings(
                window,
                found_match=engine.matches(plan.found, indexed=not window.scan_found),
                full_match=engine.matches(query),
            )
        )
    else:
        found = engine.restrict(listings, plan.found)
    return found.annotate(
        search_all=search_all,
        search_words=search_words,
        search_exact=search_exact,
        search_in_title=search_in_title,
        search_score=engine.score(query, found=plan.found),
        search_partial=Value(window.bounded),
    ).order_by(
        "-search_all",
        "-search_words",
        "-search_exact",
        "-search_in_title",
        "-search_score",
        "-published_at",
        "-pk",
    )


def correct_typos(query: Query, *, synonyms: Synonyms | None = None) -> Query:
    """``query`` with each Latin word that no listing uses widened to the closest indexed
    words (and their synonyms). Makes at most one database query, none without Latin words."""
    words = {i: word for i, clause in enumerate(query.clauses) if (word := _lone_word(clause))}
    if not words:
        return query
    synonyms = current_synonyms() if synonyms is None else synonyms
    trigrams = set().union(*(latin_trigrams(word) for word in words.values()))
    vocabulary = set(
        LatinWordTrigram.objects.filter(trigram__in=trigrams)
        .values("word")
        .annotate(shared=Count("pk"))
        .filter(shared__gte=2)
        .values_list("word", flat=True)
    )
    clauses = list(query.clauses)
    for i, word in words.items():
        if word in vocabulary:
            continue
        alternatives = list(clauses[i].alternatives)
        for correction in closest_words(word, vocabulary)[:MAX_CORRECTIONS]:
            for clause in query_terms(correction, synonyms=synonyms).clauses:
                alternatives += clause.alternatives
        clauses[i] = Clause(tuple(dict.fromkeys(alternatives)))
    return Query(tuple(clauses))


def _lone_word(clause: Clause) -> str | None:
    """The Latin word a clause stands for, if it is one plain word (not a synonym group)."""
    if len(clause.alternatives) != 1 or len(clause.alternatives[0].phrases) != 1:
        return None
    phrase = clause.alternatives[0].phrases[0]
    if len(phrase) == 1 and _is_latin_word(phrase[0]) and len(phrase[0]) >= MIN_TYPO_WORD:
        return phrase[0]
    return None
