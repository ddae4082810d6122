"""Keyword queries over ``document_terms``: what must match, rendered for FTS5 and tsquery.

A query is an AND of clauses, one per word or CJK run the resident typed; a clause is an OR of
alternatives; an alternative is an AND of phrases (terms at consecutive positions).

Why alternatives. A CJK run matches as the phrase of its bigrams, which finds ``教室`` in
``日本語の教室です`` but would miss ``日本語の教室`` for ``日本語教室``, whose bigram ``語教``
is absent. So a run of four or more characters also matches as two phrases split at any inner
point (``日本語`` + ``教室``), each of at least two characters: one missing junction bigram is
tolerated, anything looser is not. Those split alternatives are marked ``exact=False``; the
search layer filters with ``to_fts5()``/``to_tsquery()`` and ranks documents that also match
``query.exact()`` first. We chose this over segmenting the query with Janome because the
analyser splits unknown words and hiragana unpredictably, and a query should not need it.

A kana run also matches the ``y``-prefixed bigrams of the readings of kanji words
(``やさい`` → ``野菜``); synonyms become one clause whose alternatives are every spelling of
the group (``スマホ教室`` → (スマホ OR スマートフォン OR smartphone) AND 教室).
"""

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from listings.search.analysis import (
    READING_PREFIX,
    bigrams,
    contains_han,
    is_cjk,
    normalize,
    runs,
)
from listings.search.synonyms import DEFAULT_SYNONYMS, Synonyms

MIN_SPLIT_RUN = 4  # the shortest run that may match as two phrases of two or more characters

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Alternative:
    """Phrases that must all match; ``exact`` is False for a run split at a junction."""

    phrases: tuple[Phrase, ...]
    exact: bool = True


# Short Latin words that say nothing on their own: a listing matching only these among the
# words typed is not worth showing. They still count when every word matches.
STOP_WORDS = frozenset(
    "a an and at by de do da das dos e em for in na no o of on or para the to with".split()
)


@dataclass(frozen=True)
class Clause:
    """One word or run of the query: any of its alternatives matches."""

    alternatives: tuple[Alternative, ...]

    @property
    def is_word(self) -> bool:
        """Whether matching this clause alone means something: a CJK run of two or more
        characters or a Latin word of two or more letters that is not a stop word. A single
        kanji, a single letter or a number matches too much by chance."""
        return any(
            len(term) >= 2 and not term.isdigit() and term not in STOP_WORDS
            for alternative in self.alternatives
            for phrase in alternative.phrases
            for term in phrase
        )


@dataclass(frozen=True)
class Query:
    """Every clause must match. An empty query (only punctuation or one kana) is falsy."""

    clauses: tuple[Clause, ...]

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def exact(self) -> "Query":
        """The query without split alternatives, for ranking whole-phrase matches first."""
        return Query(
            tuple(Clause(tuple(a for a in c.alternatives if a.exact)) for c in self.clauses)
        )

    def relaxed(self) -> "Query":
        """Any clause suffices, for ranking below full matches or for a "some words" fallback."""
        alternatives = tuple(a for c in self.clauses for a in c.alternatives)
        return Query((Clause(alternatives),) if alternatives else ())

    def is_word(self) -> bool:
        """Whether a match of this query alone means something (``Clause.is_word``)."""
        return any(clause.is_word for clause in self.clauses)

    def matches(self, terms: Sequence[str]) -> bool:
        """Whether a document's terms satisfy the query, as FTS5 and tsquery decide."""
        positions: dict[str, set[int]] = defaultdict(set)
        for position, term in enumerate(terms):
            positions[term].add(position)
        return bool(self) and all(
            any(all(_has_phrase(positions, p) for p in a.phrases) for a in c.alternatives)
            for c in self.clauses
        )

    def to_fts5(self) -> str:
        """An FTS5 MATCH expression; terms are quoted, so no term is read as an operator."""
        return _render(self, phrase=lambda p: '"' + " ".join(p) + '"', all_=" AND ", any_=" OR ")

    def to_tsquery(self) -> str:
        """A tsquery for ``to_tsquery('simple', %s)``: phrases use ``<->``, so positions
        must come from ``to_tsvector('simple', terms)`` on the space-joined document terms."""
        return _render(
            self, phrase=lambda p: " <-> ".join(f"'{t}'" for t in p), all_=" & ", any_=" | "
        )

    def terms(self) -> list[str]:
        """Every distinct term of the query, e.g. to highlight or to debug a search."""
        found = (t for c in self.clauses for a in c.alternatives for p in a.phrases for t in p)
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class AnyOf:
    """Queries of which any one must match: the words a resident typed, for the listings that
    match only some of them. Rendered and matched like a ``Query``."""

    queries: tuple[Query, ...]

    def __bool__(self) -> bool:
        return any(self.queries)

    def matches(self, terms: Sequence[str]) -> bool:
        return any(query.matches(terms) for query in self.queries)

    def to_fts5(self) -> str:
        return " OR ".join(f"({query.to_fts5()})" for query in self.queries if query)

    def to_tsquery(self) -> str:
        return " | ".join(f"({query.to_tsquery()})" for query in self.queries if query)


# What residents put between the words of a query. Inside one typed word (日本語教室) the
# analysis may still find several clauses; those all have to match.
_WORD_SEPARATORS = re.compile(r"[\s,、，]+")


def typed_words(text: str, *, synonyms: Synonyms | None = None) -> list[Query]:
    """One query per word the resident typed (split at spaces and commas), leaving out those
    the analysis finds nothing in, for the listings that match only some of the words."""
    words = (query_terms(word, synonyms=synonyms) for word in _WORD_SEPARATORS.split(text))
    return [query for query in words if query]


def _has_phrase(positions: dict[str, set[int]], phrase: Phrase) -> bool:
    return any(
        all(start + i in positions.get(term, ()) for i, term in enumerate(phrase))
        for start in positions.get(phrase[0], ())
    )


def _render(query: Query, *, phrase, all_: str, any_: str) -> str:
    def group(parts: list[str], joiner: str) -> str:
        return parts[0] if len(parts) == 1 else "(" + joiner.join(parts) + ")"

    return all_.join(
        group(
            [group([phrase(p) for p in a.phrases], all_) for a in c.alternatives],
            any_,
        )
        for c in query.clauses
    )


def query_terms(text: str, *, synonyms: Synonyms | None = None) -> Query:
    """Analyse what a resident typed into a ``Query`` over ``document_terms``.

    ``synonyms`` defaults to ``DEFAULT_SYNONYMS``; pass ``Synonyms(groups)`` built from the
    coordinators' dictionary.
    """
    synonyms = DEFAULT_SYNONYMS if synonyms is None else synonyms
    clauses: list[Clause] = []
    for piece, is_synonym in synonyms.split(normalize(text)):
        if is_synonym:
            spellings = (_spelling_alternative(s) for s in synonyms.group(piece))
            if alternatives := tuple(dict.fromkeys(a for a in spellings if a.phrases)):
                clauses.append(Clause(alternatives))
            continue
        for run in runs(piece):
            alternatives = _run_alternatives(run) if is_cjk(run) else [Alternative(((run,),))]
            if alternatives:
                clauses.append(Clause(tuple(alternatives)))
    return Query(tuple(clauses))


def _cjk_phrase(run: str) -> Phrase:
    """Bigrams of a run; a single kanji is its unigram; a single kana matches nothing."""
    if len(run) == 1:
        return (run,) if contains_han(run) else ()
    return tuple(bigrams(run))


def _run_alternatives(run: str) -> list[Alternative]:
    phrase = _cjk_phrase(run)
    if not phrase:
        return []
    alternatives = [Alternative((phrase,))]
    if len(run) > 1 and not contains_han(run):
        alternatives.append(Alternative((tuple(READING_PREFIX + t for t in phrase),)))
    for cut in range(2, len(run) - 1) if len(run) >= MIN_SPLIT_RUN else ():
        halves = (tuple(bigrams(run[:cut])), tuple(bigrams(run[cut:])))
        alternatives.append(Alternative(halves, exact=False))
    return alternatives


def _spelling_alternative(spelling: str) -> Alternative:
    """One spelling of a synonym group: its words form one phrase, its CJK runs one each."""
    phrases: list[Phrase] = []
    words: list[str] = []
    for run in runs(spelling):
        if not is_cjk(run):
            words.append(run)
            continue
        if words:
            phrases.append(tuple(words))
            words = []
        if phrase := _cjk_phrase(run):
            phrases.append(phrase)
    if words:
        phrases.append(tuple(words))
    return Alternative(tuple(phrases))
