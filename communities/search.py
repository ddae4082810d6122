"""Keyword search of communities through the listings' text analysis (``listings.search``).

A community's name, description, area, category names and language names are analysed by
``document_terms`` (NFKC, kana folding, CJK bigrams and kanji unigrams, kanji readings, Latin
diacritics folded) and stored space-padded in ``Community.search_text``; each field ends with
a ``|`` so that no phrase runs from one field into the next. A query is analysed by
``query_terms`` with the coordinators' synonym dictionary, and each phrase of it (terms at
consecutive positions) becomes a ``LIKE '% t1 t2 %'`` condition: exactly what
``Query.matches`` decides, on SQLite and PostgreSQL alike, in the one query that lists the
communities. There are hundreds of communities, not the hundred thousand listings the
full-text engines are there for.
"""

from django.db.models import Q
from django.utils import translation

from accounts.languages import SPOKEN_LANGUAGES
from listings.search import document_terms, query_terms
from listings.search.query import Query
from listings.search.synonyms import current_synonyms

FIELD_END = "|"


def _language_names(codes) -> list[str]:
    """Each language's own name and its English and Japanese names, so that ``portugues``,
    ``Vietnamese`` and ``ベトナム語`` find a community that uses the language."""
    names = []
    for code, name, autonym in SPOKEN_LANGUAGES:
        if code in codes:
            names.append(autonym)
            for language in ("en", "ja"):
                with translation.override(language):
                    names.append(str(name))
    return names


def community_search_text(community) -> str:
    """The analysed text to store in ``community.search_text``."""
    category = community.category
    category_names = []
    while category is not None:
        category_names += [n for n in (category.names or {}).values() if isinstance(n, str)]
        category = category.parent
    fields = [
        document_terms(community.name, readings=True),
        document_terms(community.description),
        document_terms(community.area, readings=True),
        [t for name in category_names for t in document_terms(name)],
        [t for name in _language_names(community.languages or []) for t in document_terms(name)],
    ]
    return " " + " ".join(" ".join([*terms, FIELD_END]) for terms in fields) + " "


def query_condition(query: Query) -> Q:
    """A filter on ``search_text`` that holds where ``query`` matches."""
    condition = Q()
    for clause in query.clauses:
        any_of = Q()
        for alternative in clause.alternatives:
            all_of = Q()
            for phrase in alternative.phrases:
                all_of &= Q(search_text__contains=" " + " ".join(phrase) + " ")
            any_of |= all_of
        condition &= any_of
    return condition


def search_communities(communities, text: str):
    """``communities`` matching the keywords ``text`` (every word the analysis finds in it);
    none for text the analysis finds nothing in (punctuation, one kana)."""
    query = query_terms(text, synonyms=current_synonyms())
    if not query:
        return communities.none()
    return communities.filter(query_condition(query))
