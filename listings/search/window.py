"""How far back a search that matches very many listings looks (PostgreSQL).

Ranking reads every matching search document: a common word (子ども, 料理, english) matches a
sixth of 100,000 listings, and ranking them all takes 100 ms or more. So when the planner's
statistics say that a search may match more than ``RANK_ALL_UP_TO`` documents, the search
ranks only the matches among the newest listings (by id, so the restriction is one range of
the search documents' primary key, which PostgreSQL intersects with the GIN index before
reading any document), enough of them that about ``RANKED_TARGET`` are expected to match.
Listings that match every word of a query of several words get their own, wider window (they
are rarer), so a listing that matches the whole query is not left out for newer listings that
match one word.

A bounded search that finds too few listings to show (``too_few_ranked``: the words are rarer
among the newest listings than overall, or other filters leave little of the window) is run
again over every listing, slower but complete.

The statistics give an upper bound: a term's share of the documents is its frequency in
``pg_stats.most_common_elems``; a term not listed is rarer than the least frequent one listed,
and when ANALYZE listed fewer terms than it could (migration 0014 lets it list 10,000), rarer
than its cut-off, far below any listed term, so it counts as none. A phrase or an AND matches
at most what its rarest part matches, an OR at most the sum. The
window is therefore never too large, only sometimes smaller than needed; the answer says when
a search was bounded (``search_partial``), and the pages and the API tell the resident.

How a bounded side is read. PostgreSQL's planner intersects the GIN index with the id range,
but the index gives it every listing that matches, old or new: for a query of several common
words (スマホ 教室: スマ, マホ, マー, …, 教室) that is tens of thousands of index entries, against
a window of about a thousand documents. Reading the window's documents and testing each is
then cheaper (the query took 8.8 ms, now 3.4–4.4 ms, at 100,000 listings), but the
planner underestimates what the index costs and reads it anyway. So where the statistics say
the index holds over ``INDEX_ENTRIES_PER_DOCUMENT`` entries of the query's terms for every
document of the window, the side that finds listings matching some words is matched with
an expression the index does not cover (``scan_found``, ``engines.PostgreSQLTsvector``).
Where the window is as large as the matches (one word such as 教室), the index stays cheaper.

SQLite, the embedded single-machine mode, keeps no such statistics and always ranks every
match: at its scale that stays fast enough.
"""

import time
from dataclasses import dataclass

from django.db import connections
from django.db.models import Q

from listings.models import ListingSearchDocument
from listings.search.query import AnyOf, Query

RANK_ALL_UP_TO = 2_000  # estimated matching documents under which every match is ranked
RANKED_TARGET = 200  # about how many matches a bounded search ranks
# Index entries of a query's terms per document of the window above which reading the window
# beats reading the GIN index (measured at 100,000 listings: 14 and more win, 6 and less lose).
INDEX_ENTRIES_PER_DOCUMENT = 10
STATISTICS_SECONDS = 300  # how long a process keeps the statistics it read

DOCUMENT_TABLE = ListingSearchDocument._meta.db_table


@dataclass(frozen=True)
class TermStatistics:
    """What ANALYZE knows of the indexed terms: how many documents, and the share of them
    that holds each of the most common terms."""

    documents: float
    shares: dict[str, float]
    unlisted: float  # the most a term not in ``shares`` can hold
    newest_id: int  # the newest listing's id when read: later listings are newer still

    def index_entries(self, query: Query | AnyOf) -> float:
        """About how many GIN index entries matching ``query`` reads: every listing holding
        any of its terms, whatever the query's operators."""
        queries = query.queries if isinstance(query, AnyOf) else (query,)
        terms = {t for q in queries for t in q.terms()}
        return self.documents * sum(self.shares.get(t, self.unlisted) for t in terms)

    def share(self, query: Query | AnyOf) -> float:
        """An upper bound on the share of documents that ``query`` matches."""
        if isinstance(query, AnyOf):
            return min(1.0, sum(self.share(q) for q in query.queries if q))
        if not query:
            return 0.0
        return min(
            min(
                1.0,
                sum(
                    min(self.shares.get(term, self.unlisted) for p in a.phrases for term in p)
                    for a in clause.alternatives
                ),
            )
            for clause in query.clauses
        )


@dataclass(frozen=True)
class SearchWindow:
    """The listing ids above which a bounded search ranks matches: ``found_after`` for
    listings matching some of the words, ``full_after`` (no higher) for those matching every
    word; None means all listings. ``scan_found``: match the listings above ``found_after``
    by reading them, not through the full-text index."""

    found_after: int | None
    full_after: int | None
    scan_found: bool = False

    @property
    def bounded(self) -> bool:
        return self.found_after is not None


def too_few_ranked(count: int) -> bool:
    """Whether a bounded search that found ``count`` listings found too few to show, so that
    every match should be ranked after all: its words are rarer among the newest listings
    than the statistics suggest, or other filters leave little of the window."""
    return count < RANKED_TARGET // 4


def newest_to_rank(share: float, documents: float) -> int | None:
    """How many of the newest listings to rank for a query matching at most ``share`` of the
    ``documents``: None (all of them) when that is few enough to rank."""
    if share * documents <= RANK_ALL_UP_TO:
        return None
    return max(RANKED_TARGET, round(RANKED_TARGET / share))


def search_window(alias: str, *, found: Query | AnyOf, query: Query) -> SearchWindow:
    """The window for a search that selects ``found`` and ranks ``query`` (every word) first."""
    statistics = term_statistics(alias)
    if statistics is None:
        return SearchWindow(None, None)
    full = newest_to_rank(statistics.share(query), statistics.documents)
    some = full if found is query else newest_to_rank(statistics.share(found), statistics.documents)
    if some is None:
        return SearchWindow(None, None)
    if full is not None:
        full = max(some, full)
    return SearchWindow(
        statistics.newest_id - some,
        None if full is None else statistics.newest_id - full,
        scan_found=statistics.index_entries(found) > INDEX_ENTRIES_PER_DOCUMENT * some,
    )


_cache: dict[str, tuple[float, TermStatistics | None]] = {}


def term_statistics(alias: str) -> TermStatistics | None:
    """The search documents' term statistics on database ``alias``, read at most every
    ``STATISTICS_SECONDS`` per process; None on SQLite or before the first ANALYZE."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    now = time.monotonic()
    cached = _cache.get(alias)
    if cached and cached[0] > now:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples,
                COALESCE(NULLIF(a.attstattarget, -1),
                    current_setting('default_statistics_target')::int),
                (SELECT max(listing_id) FROM {DOCUMENT_TABLE})
            FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'vector'
            JOIN pg_stats s ON s.tablename = c.relname AND s.attname = 'vector'
                AND s.schemaname = current_schema()
            WHERE c.oid = to_regclass(%s)
            """,  # noqa: S608 (a constant)
            [DOCUMENT_TABLE],
        )
        row = cursor.fetchone()
    statistics = None
    if row and row[0] and row[2] > 0 and row[4] is not None:
        terms, frequencies, documents, target, newest_id = row
        # most_common_elem_freqs lists each term's frequency, then the lowest and highest.
        # ANALYZE keeps up to ten terms per unit of the column's statistics target.
        full = len(terms) >= 10 * target
        statistics = TermStatistics(
            documents=float(documents),
            shares=dict(zip(terms, frequencies, strict=False)),
            unlisted=float(frequencies[len(terms)]) if full else 0.0,
            newest_id=newest_id,
        )
    _cache[alias] = (now + STATISTICS_SECONDS, statistics)
    return statistics


def forget_term_statistics() -> None:
    """Read the statistics again on the next search (after ANALYZE, in tests)."""
    _cache.clear()


def newest_listings(window: SearchWindow, *, found_match: Q, full_match: Q) -> Q:
    """What a search bounded by ``window`` finds: listings above ``found_after`` that satisfy
    ``found_match`` (some words), or above ``full_after`` that satisfy ``full_match`` (every
    word). Each side pairs its text match with its id range, so PostgreSQL intersects the two
    indexes on each side; the ids are constants, so the planner sees how few the ranges hold."""

    def after(listing_id: int | None) -> Q:
        return Q() if listing_id is None else Q(search_document__listing_id__gt=listing_id)

    newest_found = found_match & after(window.found_after)
    if window.full_after == window.found_after:
        return newest_found
    return newest_found | (full_match & after(window.full_after))
