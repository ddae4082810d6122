"""The terms matching compares: a listing's analysed text (``listings.search``) as weights.

The search document holds every term of the title, the keywords and the description; matching
keeps the *content* terms — no kana readings, numbers, one-letter or stop words, and in the
description no bigram of kana alone, which in Japanese prose are mostly the endings between
words (``マス``, ``シテ``: hiragana is folded to katakana), and only bigrams without kana: a
description's kanji compounds (``玄関``, ``通院``) carry its topic, while ``ヲ手`` spans a particle
and the title and tags already hold the single kanji and katakana words. Category names are
left out too, as the category is scored on its own (``scoring``), and area names, which the
place score covers.

A term's weight is that of the best field it appears in (title, tags, description), so a word
in a title says more about a listing than the same word deep in its description.
"""

import functools
import re
from collections.abc import Iterable

from listings.search import READING_PREFIX, document_terms, normalize
from listings.search.analysis import is_cjk
from listings.search.query import STOP_WORDS
from listings.search.synonyms import Synonyms

_KANA = re.compile("[\u3041-\u30ff]")

FIELD_WEIGHTS = {"title": 1.0, "tags": 0.8, "description": 0.5}
SYNONYM_WEIGHT = 0.9  # a spelling the listing did not use, of a synonym it did


@functools.lru_cache(maxsize=65536)
def is_content_term(term: str, *, field: str) -> bool:
    if term.isdigit() or (term[0] == READING_PREFIX and is_cjk(term[1:])):
        return False
    if not is_cjk(term):
        return len(term) >= (3 if field == "description" else 2) and term not in STOP_WORDS
    return field != "description" or (len(term) == 2 and not _KANA.search(term))


def term_weights(*, title_terms: str, tags: Iterable[str], body_terms: str) -> dict[str, float]:
    """term → weight for a listing, from its search document's title and description terms
    and its tags (analysed here: the document mixes them with category and area names)."""
    weights: dict[str, float] = {}
    fields = (
        ("description", body_terms.split()),
        ("tags", [t for tag in tags for t in _tag_terms(str(tag))]),
        ("title", title_terms.split()),
    )
    for field, terms in fields:  # ascending weight: the best field's weight stays
        weight = FIELD_WEIGHTS[field]
        for term in terms:
            if is_content_term(term, field=field):
                weights[term] = weight
    return weights


@functools.lru_cache(maxsize=4096)
def _tag_terms(tag: str) -> tuple[str, ...]:
    return tuple(document_terms(tag))


def with_synonyms(weights: dict[str, float], texts: Iterable[str], synonyms: Synonyms):
    """``weights`` plus the terms of every other spelling of each synonym group that the
    ``texts`` use (スマホ → スマートフォン, smartphone), at ``SYNONYM_WEIGHT`` of the weight the
    listing gives the spelling it used."""
    expanded = dict(weights)
    for text in texts:
        for piece, is_synonym in synonyms.split(normalize(text)):
            if not is_synonym:
                continue
            used = [weights.get(t, 0.0) for t in _spelling_terms(piece)]
            base = max(used, default=0.0) or FIELD_WEIGHTS["description"]
            for spelling in synonyms.group(piece):
                for term in _spelling_terms(spelling):
                    if is_content_term(term, field="title"):
                        expanded[term] = max(expanded.get(term, 0.0), base * SYNONYM_WEIGHT)
    return expanded


@functools.lru_cache(maxsize=4096)
def _spelling_terms(spelling: str) -> tuple[str, ...]:
    return tuple(document_terms(spelling))
