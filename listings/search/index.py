"""The analysed listings in the database's full-text engine: writing them and searching them.

``index_listings`` stores each listing's ``document_terms`` in ``ListingSearchDocument``, split
by weight; migration 0004 indexes those rows with PostgreSQL's tsvector (GIN) or SQLite's FTS5.
Both engines receive the same terms and the same query (``Query.to_tsquery``/``to_fts5``), so
they find the same listings; only the score used within a rank tier differs (ts_rank, bm25).

Ranking, most important first: the query matches as written, not only split at a junction
(``query.exact()``); it matches in the title alone; the engine's weighted score (title A,
tags/category/area B, description C); newest.

Readings (``こそだて`` → 子育て) are indexed for the title and the keywords, not the
description: Janome takes about 1 ms per title, 12 ms per 300 characters of description.
"""

import functools
import re
from collections.abc import Iterable, Sequence

from django.db import connections
from django.db.models import Case, Count, Expression, F, FloatField, IntegerField, Value, When
from django.db.models.expressions import RawSQL

from listings.models import Category, LatinWordTrigram, Listing, ListingSearchDocument
from listings.search.analysis import closest_words, document_terms, is_cjk, latin_trigrams
from listings.search.query import Clause, Query, query_terms
from listings.search.synonyms import Synonyms

# The fields of a listing whose change changes its search document.
INDEXED_FIELDS = frozenset({"title", "description", "tags", "area", "category", "category_id"})

BATCH_SIZE = 500
MIN_TYPO_WORD = 3  # shorter Latin words are not corrected: too many near neighbours
MAX_CORRECTIONS = 3

DOCUMENT_TABLE = ListingSearchDocument._meta.db_table
FTS_TABLE = "listings_search_fts"
_QUOTED_TERM = re.compile("'([^']+)'")


def index_listings(listings: Iterable[Listing], *, readings: bool = True) -> int:
    """Write the search documents of ``listings`` (created or replaced) in bulk; return how
    many. Call it after ``bulk_create``/``update`` of listings, which send no ``post_save``.

    One query for the categories, then a few bulk writes per ``BATCH_SIZE`` listings, so an
    iterator over many listings is never held in memory at once. Pass ``readings=False`` for a
    fast import and run ``rebuild_listing_index`` afterwards.
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
            count += _write(batch)
            batch = []
    return count + _write(batch)


def _write(documents: list[ListingSearchDocument]) -> int:
    if not documents:
        return 0
    ListingSearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["listing"],
        update_fields=["title_terms", "keyword_terms", "body_terms"],
    )
    words = {
        term
        for document in documents
        for terms in (document.title_terms, document.keyword_terms, document.body_terms)
        for term in terms.split()
        if _is_latin_word(term)
    }
    LatinWordTrigram.objects.bulk_create(
        [LatinWordTrigram(trigram=t, word=w) for w in sorted(words) for t in latin_trigrams(w)],
        batch_size=BATCH_SIZE * 4,
        ignore_conflicts=True,
    )
    return len(documents)


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


def search_listings(listings, text: str, *, synonyms: Synonyms | None = None):
    """``listings`` that match ``text``, most relevant first; ``ListingQuerySet.search``.

    All query words must match. Latin words no listing uses are widened to the closest
    indexed words (``japanse`` → ``japanese``): one query on ``LatinWordTrigram``, made here.
    The result is one SQL query, annotated with ``search_exact``, ``search_in_title`` and
    ``search_score``.
    """
    query = query_terms(text, synonyms=synonyms)
    if not query:
        return listings.none()
    query = correct_typos(query, synonyms=synonyms)
    engine = _ENGINES[connections[listings.db].vendor]
    exact = query.exact()
    if exact == query:
        search_exact = Value(1)
    elif all(clause.alternatives for clause in exact.clauses):
        search_exact = _flag(engine.matching(exact))
    else:
        search_exact = Value(0)
    return (
        listings.filter(pk__in=engine.matching(query))
        .annotate(
            search_exact=search_exact,
            search_in_title=_flag(engine.matching(query, title_only=True)),
            search_score=engine.score(query),
        )
        .order_by("-search_exact", "-search_in_title", "-search_score", "-published_at", "-pk")
    )


def _flag(matching: RawSQL) -> Case:
    return Case(When(pk__in=matching, then=Value(1)), default=Value(0), output_field=IntegerField())


def correct_typos(query: Query, *, synonyms: Synonyms | None = None) -> Query:
    """``query`` with each Latin word that no listing uses widened to the closest indexed
    words (and their synonyms). Makes at most one database query, none without Latin words."""
    words = {i: word for i, clause in enumerate(query.clauses) if (word := _lone_word(clause))}
    if not words:
        return query
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


class _EngineScore(Expression):
    """A correlated subquery scoring the outer listing; ``{match}`` and ``{pk}`` are filled
    with compiled SQL, so the outer table's alias is right wherever the queryset is used."""

    output_field = FloatField()

    def __init__(self, template: str, match: str):
        super().__init__()
        self.template, self.match, self.pk = template, Value(match), F("pk")

    def get_source_expressions(self):
        return [self.match, self.pk]

    def set_source_expressions(self, expressions):
        self.match, self.pk = expressions

    def as_sql(self, compiler, connection):
        match_sql, match_params = compiler.compile(self.match)
        pk_sql, pk_params = compiler.compile(self.pk)
        return self.template.format(match=match_sql, pk=pk_sql), (*match_params, *pk_params)


class _SQLiteFTS5:
    # bm25 weights per column: title, keywords, description. bm25 is lower for better.
    SCORE = (
        f"(SELECT -bm25({FTS_TABLE}, 10.0, 4.0, 1.0) FROM {FTS_TABLE}"  # noqa: S608
        f" WHERE {FTS_TABLE} MATCH {{match}} AND rowid = {{pk}})"
    )

    @staticmethod
    def matching(query: Query, *, title_only: bool = False) -> RawSQL:
        match = query.to_fts5()
        if title_only:
            match = f"title_terms : ({match})"
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        return RawSQL(sql, [match])  # noqa: S611  (constant SQL; the query is a parameter)

    def score(self, query: Query) -> _EngineScore:
        return _EngineScore(self.SCORE, query.to_fts5())


class _PostgreSQLTsvector:
    # ts_rank weights for D, C (description), B (keywords), A (title), as bm25's above.
    SCORE = (
        "(SELECT ts_rank('{{0.1, 0.1, 0.4, 1.0}}', vector, to_tsquery('simple', {match}))"  # noqa: S608
        f" FROM {DOCUMENT_TABLE} WHERE listing_id = {{pk}})"
    )

    @staticmethod
    def matching(query: Query, *, title_only: bool = False) -> RawSQL:
        tsquery = query.to_tsquery()
        if title_only:
            # Terms are letters and digits only, so every quote pair encloses one term.
            tsquery = _QUOTED_TERM.sub(r"'\1':A", tsquery)
        sql = (
            f"SELECT listing_id FROM {DOCUMENT_TABLE}"  # noqa: S608
            " WHERE vector @@ to_tsquery('simple', %s)"
        )
        return RawSQL(sql, [tsquery])  # noqa: S611  (constant SQL; the query is a parameter)

    def score(self, query: Query) -> _EngineScore:
        return _EngineScore(self.SCORE, query.to_tsquery())


_ENGINES = {"sqlite": _SQLiteFTS5(), "postgresql": _PostgreSQLTsvector()}
