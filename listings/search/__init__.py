"""Text analysis for keyword search, shared by SQLite FTS5 and PostgreSQL tsvector.

``document_terms`` is what to index, ``query_terms`` what to look for; see ``analysis`` for
the term encoding and ``query`` for how multi-character CJK queries and synonyms match.
"""

from listings.search.analysis import (
    READING_PREFIX,
    closest_words,
    document_terms,
    latin_trigrams,
    normalize,
    reading_terms,
    trigram_similarity,
)
from listings.search.query import Alternative, Clause, Query, query_terms
from listings.search.readings import warm_up
from listings.search.synonyms import DEFAULT_SYNONYM_GROUPS, DEFAULT_SYNONYMS, Synonyms

__all__ = [
    "DEFAULT_SYNONYMS",
    "DEFAULT_SYNONYM_GROUPS",
    "READING_PREFIX",
    "Alternative",
    "Clause",
    "Query",
    "Synonyms",
    "closest_words",
    "document_terms",
    "latin_trigrams",
    "normalize",
    "query_terms",
    "reading_terms",
    "trigram_similarity",
    "warm_up",
]
