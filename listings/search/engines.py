"""The two full-text engines behind ``search_listings``: PostgreSQL's tsvector and SQLite's
FTS5. Each restricts listings to those whose search document matches, flags rows that match
another query (for the rank tiers) and scores them; ``search_listings`` composes the three.

PostgreSQL joins each listing to its search document once (``Listing.search_document``) and
evaluates every flag and the score on that same row's ``vector``, so one bitmap scan of the
GIN index finds the candidates and nothing reads the document table again per row. SQLite's
FTS5 table is not a Django relation: it is matched through ``rowid IN (…)`` subqueries, which
SQLite runs once each, and scored with ``bm25`` per row.
"""

import re

from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from listings.models import ListingSearchDocument
from listings.search.query import AnyOf, Query

DOCUMENT_TABLE = ListingSearchDocument._meta.db_table
FTS_TABLE = "listings_search_fts"
_QUOTED_TERM = re.compile("'([^']+)'")


def _flag(condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


class _OnSearchVector(Expression):
    """SQL over the joined search document's ``vector`` column (PostgreSQL), which is not a
    Django field: ``{vector}`` in ``template`` becomes that column on the alias Django gives
    the join, so the expression stays right wherever the queryset is used."""

    def __init__(self, template: str, tsquery: str, output_field):
        super().__init__(output_field=output_field)
        self.template, self.tsquery = template, tsquery
        self.column = F("search_document__title_terms")  # any column of the document: the join

    @property
    def conditional(self) -> bool:
        return isinstance(self.output_field, BooleanField)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions):
        (self.column,) = expressions

    def as_sql(self, compiler, connection):
        column_sql, params = compiler.compile(self.column)
        vector = column_sql.rsplit(".", 1)[0] + '."vector"'
        return self.template.format(vector=vector), (*params, self.tsquery)


class PostgreSQLTsvector:
    # ts_rank weights for D, C (description), B (keywords), A (title).
    SCORE = "ts_rank('{{0.1, 0.1, 0.4, 1.0}}', {vector}, to_tsquery('simple', %s))"
    MATCH = "{vector} @@ to_tsquery('simple', %s)"
    # The vector through COALESCE, which the GIN index does not cover: the planner reads the
    # rows the other conditions leave and tests each (listings.search.window). It estimates
    # that few match, which keeps the nested loops this wants.
    MATCH_UNINDEXED = "COALESCE({vector}, '') @@ to_tsquery('simple', %s)"

    def matches(self, query: Query | AnyOf, *, title_only: bool = False, indexed: bool = True) -> Q:
        tsquery = query.to_tsquery()
        if title_only:
            # Terms are letters and digits only, so every quote pair encloses one term.
            tsquery = _QUOTED_TERM.sub(r"'\1':A", tsquery)
        template = self.MATCH if indexed else self.MATCH_UNINDEXED
        return Q(_OnSearchVector(template, tsquery, BooleanField()))

    def restrict(self, listings, query: Query | AnyOf):
        return listings.filter(self.matches(query))

    def flag(self, query: Query | AnyOf, *, title_only: bool = False) -> Case:
        return _flag(self.matches(query, title_only=title_only))

    def score(self, query: Query, *, found: Query | AnyOf) -> _OnSearchVector:
        """How well each listing matches what found it (every listing, cheaply: the row is
        already joined)."""
        return _OnSearchVector(self.SCORE, found.to_tsquery(), FloatField())


class _CorrelatedScore(Expression):
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


class SQLiteFTS5:
    # bm25 weights per column: title, keywords, description. bm25 is lower for better.
    SCORE = (
        f"(SELECT -bm25({FTS_TABLE}, 10.0, 4.0, 1.0) FROM {FTS_TABLE}"  # noqa: S608
        f" WHERE {FTS_TABLE} MATCH {{match}} AND rowid = {{pk}})"
    )

    @staticmethod
    def _matching(query: Query | AnyOf, *, title_only: bool = False) -> RawSQL:
        match = query.to_fts5()
        if title_only:
            match = f"title_terms : ({match})"
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        return RawSQL(sql, [match])  # noqa: S611  (constant SQL; the query is a parameter)

    def matches(self, query: Query | AnyOf, *, title_only: bool = False, indexed: bool = True) -> Q:
        # FTS5 is always read through its index: ``indexed`` matters to PostgreSQL only.
        return Q(pk__in=self._matching(query, title_only=title_only))

    def restrict(self, listings, query: Query | AnyOf):
        return listings.filter(self.matches(query))

    def flag(self, query: Query | AnyOf, *, title_only: bool = False) -> Case:
        return _flag(self.matches(query, title_only=title_only))

    def score(self, query: Query, *, found: Query | AnyOf):
        """bm25 for the listings that match every word of ``query``, 0 for those found by only
        some (``found``): the score is a subquery a row, and common words found alone must not
        multiply its cost. Those are ordered by how many words they have, then newest."""
        score = _CorrelatedScore(self.SCORE, query.to_fts5())
        if found is query:
            return score
        return Case(
            When(pk__in=self._matching(query), then=score),
            default=Value(0.0),
            output_field=FloatField(),
        )


ENGINES = {"sqlite": SQLiteFTS5(), "postgresql": PostgreSQLTsvector()}
