"""Which listings are worth scoring, gathered with indexed queries, never by scanning.

For a seeker (a listing, or a resident's profile) the candidates are the union of
- for each of its ``TEXT_TERMS`` most telling terms, the newest ``PER_TERM`` listings of the
  wanted direction that hold it (a backward scan of ``ListingTerm``'s primary key);
- the newest ``PER_CATEGORY`` listings of its category, and of each related category;
- the newest ``PER_AREA`` listings of its area.
Each part is a ``LIMIT``ed subquery on an index, so the cost is bounded however many listings
share a common word or a big category. The union is then filtered to what the viewer may be
shown and fetched with the text matching scores, in one more query.
"""

from collections.abc import Iterable, Mapping

from django.db import connections
from django.db.models.expressions import RawSQL

from listings.models import Listing, Status
from matching.models import ListingTerm

TEXT_TERMS = 12
PER_TERM = 30
PER_CATEGORY = 60
PER_RELATED_CATEGORY = 15
PER_AREA = 30
# Term frequencies are counted up to these: beyond them a term is simply common.
COUNT_TERMS_UP_TO = 500
COUNT_LISTINGS_UP_TO = 5_000

TERM_TABLE = ListingTerm._meta.db_table
LISTING_TABLE = Listing._meta.db_table


class TermFrequencies:
    """How many published listings there are, and how many hold each term, both capped.

    Counted in one query per ``lookup``, remembering what it counted: the alert run shares one
    across a batch of listings, whose terms mostly repeat; a page makes one per suggestion.
    """

    def __init__(self):
        self.documents: int | None = None
        self.counts: dict[str, int] = {}

    def lookup(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        terms = set(terms)
        missing = sorted(terms - self.counts.keys())
        if missing or self.documents is None:
            self._count(missing)
        return self.documents or 0, {term: self.counts[term] for term in terms}

    def _count(self, terms: list[str]) -> None:
        parts = [
            f"SELECT '' AS term, COUNT(*) FROM (SELECT 1 FROM {LISTING_TABLE}"  # noqa: S608
            " WHERE status = %s AND NOT hidden LIMIT %s) AS listings"
        ]
        params: list = [Status.PUBLISHED, COUNT_LISTINGS_UP_TO]
        for i, term in enumerate(terms):
            parts.append(
                f"SELECT %s, COUNT(*) FROM (SELECT 1 FROM {TERM_TABLE}"  # noqa: S608
                f" WHERE direction IN ('offer', 'request') AND term = %s LIMIT %s) AS t{i}"
            )
            params += [term, term, COUNT_TERMS_UP_TO]
        with connections[ListingTerm.objects.db].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            rows = cursor.fetchall()
        for term, count in rows:
            if term == "":
                self.documents = count
            else:
                self.counts[term] = count


def candidate_ids(
    *,
    direction: str,
    terms: Iterable[str],
    category_ids: Iterable[int] = (),
    related_category_ids: Iterable[int] = (),
    area: str = "",
) -> RawSQL:
    """A subquery of candidate listing ids (see the module docstring), for ``pk__in``."""
    parts: list[str] = []
    params: list = []
    for i, term in enumerate(list(terms)[:TEXT_TERMS]):
        parts.append(
            f"SELECT listing_id FROM (SELECT listing_id FROM {TERM_TABLE}"  # noqa: S608
            f" WHERE direction = %s AND term = %s ORDER BY listing_id DESC LIMIT %s) AS t{i}"
        )
        params += [direction, term, PER_TERM]
    by_category = [(c, PER_CATEGORY) for c in category_ids]
    by_category += [(c, PER_RELATED_CATEGORY) for c in related_category_ids]
    for i, (category_id, limit) in enumerate(by_category):
        parts.append(
            f"SELECT id FROM (SELECT id FROM {LISTING_TABLE}"  # noqa: S608
            " WHERE status = %s AND category_id = %s AND direction = %s"
            f" ORDER BY published_at DESC LIMIT %s) AS c{i}"
        )
        params += [Status.PUBLISHED, category_id, direction, limit]
    if area:
        parts.append(
            f"SELECT id FROM (SELECT id FROM {LISTING_TABLE}"  # noqa: S608
            " WHERE status = %s AND area = %s AND direction = %s"
            " ORDER BY published_at DESC LIMIT %s) AS a"
        )
        params += [Status.PUBLISHED, area, direction, PER_AREA]
    if not parts:
        parts, params = ["SELECT id FROM " + LISTING_TABLE + " WHERE 1 = 0"], []  # noqa: S608
    return RawSQL(" UNION ".join(parts), params)  # noqa: S611  (only the values are parameters)


def telling_terms(weights: Mapping[str, float], idf: Mapping[str, float]) -> list[str]:
    """The seeker's terms that best tell its topic: weight × IDF, highest first."""
    return sorted(weights, key=lambda term: (-weights[term] * idf.get(term, 0.0), term))
