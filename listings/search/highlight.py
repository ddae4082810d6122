"""The words a search matched, marked with ``<mark>`` in a result's title and description.

Search compares normalised text (``analysis.normalize``), so the words to mark are found in the
normalised text and mapped back to the characters the poster wrote: ``ﾊﾟｿｺﾝ`` and
``ぱそこん`` mark ``パソコン``, ``スマホ`` marks ``スマートフォン`` (a synonym), ``portugues``
marks ``português``. Each original character (with any combining marks after it) is normalised
on its own, so every normalised character knows which original characters it came from.

What is marked follows the query that searched (``query_terms``): CJK strings anywhere in the
text, Latin words as whole words (or a close spelling, as the typo correction finds
``Japanese`` for ``japanse``), and kana typed for kanji words (``やさい`` marks ``野菜``) by
the readings of the text's kanji words, which takes Janome's analysis and so is done only for
kana queries and only on the short texts shown.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from listings.search.analysis import (
    READING_PREFIX,
    contains_han,
    is_cjk,
    normalize,
    trigram_similarity,
)
from listings.search.query import query_terms
from listings.search.synonyms import Synonyms

SNIPPET_LENGTH = 120  # characters of description shown under a result
SNIPPET_LEAD = 30  # characters kept before the first match, for context
MIN_TYPO_WORD = 3
TYPO_SIMILARITY = 0.4  # as ``analysis.closest_words``
_MARKS = frozenset("\u3099\u309a\u309b\u309c\uff9e\uff9f")
# Text between sentence punctuation, as ``readings`` analyses it.
_CHUNK = re.compile(r"[^\s。、．，！？!?「」『』（）()【】]+")

Span = tuple[int, int]


class Highlighter:
    """Marks what the keywords ``text`` match, in any text shown with a result."""

    def __init__(self, text: str, *, synonyms: Synonyms | None = None):
        self.strings: set[str] = set()  # normalised CJK strings, matched anywhere
        self.words: set[str] = set()  # normalised Latin words, matched whole
        self.readings: set[str] = set()  # katakana, matched in the readings of kanji words
        for clause in query_terms(text, synonyms=synonyms).clauses:
            for alternative in clause.alternatives:
                for phrase in alternative.phrases:
                    self._add(phrase, exact=alternative.exact)
        self.typed_words = {
            word for word in self.words if len(word) >= MIN_TYPO_WORD and word.isalpha()
        }

    def _add(self, phrase: tuple[str, ...], *, exact: bool) -> None:
        first = phrase[0]
        if first.startswith(READING_PREFIX) and len(first) == 3 and is_cjk(first[1]):
            self.readings.add(first[1:] + "".join(term[-1] for term in phrase[1:]))
        elif is_cjk(first):
            string = first + "".join(term[-1] for term in phrase[1:])
            # A run split in two (日本語教室 → 日本語 + 教室) marks its halves, but a half of
            # two kana (こそだて → コソ) would mark chance overlaps all over a text.
            if exact or len(string) > 2 or contains_han(string):
                self.strings.add(string)
        else:
            self.words.update(phrase)

    def __bool__(self) -> bool:
        return bool(self.strings or self.words or self.readings)

    def highlight(self, text: str, *, readings: bool = True) -> SafeString:
        """``text``, HTML-escaped, with each match inside ``<mark>``. Readings are looked for
        only where nothing was found as written; pass ``readings=False`` where the search
        says the text did not match (Janome's analysis takes milliseconds a title)."""
        spans = self._spans(text)
        if not spans and readings:
            spans = self._reading_spans(text)
        return _marked(text, spans)

    def snippet(self, text: str, length: int = SNIPPET_LENGTH) -> SafeString:
        """About ``length`` characters of ``text`` round its first match (or its start),
        escaped and marked, with an ellipsis where text was cut. Readings are marked in titles
        only: analysing descriptions would cost Janome's time on every result."""
        spans = self._spans(text)
        start = max(0, min(spans)[0] - SNIPPET_LEAD) if spans else 0
        if start and len(text) - start < length:
            start = max(0, len(text) - length)
        end = min(len(text), start + length)
        window = text[start:end]
        clipped = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end]
        clipped = [(s, e) for s, e in clipped if s < e]
        marked = _marked(window, clipped)
        return mark_safe(("…" if start else "") + marked + ("…" if end < len(text) else ""))  # noqa: S308

    def _spans(self, text: str) -> list[Span]:
        """Where the CJK strings and Latin words match ``text``, in original positions."""
        if not (self.strings or self.words):
            return []
        normalized, origins = normalized_with_origins(text)
        found: list[Span] = []
        for string in self.strings:
            at = normalized.find(string)
            while at != -1:
                found.append((at, at + len(string)))
                at = normalized.find(string, at + 1)
        for start, end in _latin_words(normalized):
            if self._matches_word(normalized[start:end]):
                found.append((start, end))
        return [(origins[start][0], origins[end - 1][1]) for start, end in found]

    def _matches_word(self, word: str) -> bool:
        if word in self.words:
            return True
        return len(word) >= MIN_TYPO_WORD and any(
            trigram_similarity(word, typed) >= TYPO_SIMILARITY for typed in self.typed_words
        )

    def _reading_spans(self, text: str) -> list[Span]:
        """Kanji words whose reading holds a kana query (``やさい`` → ``野菜``)."""
        if not self.readings or not contains_han(text):
            return []
        found: list[Span] = []
        for compound in _kanji_compounds(text):
            reading = "".join(token_reading for _span, token_reading in compound)
            for wanted in self.readings:
                at = reading.find(wanted)
                while at != -1:
                    found.append(_tokens_covering(compound, at, at + len(wanted)))
                    at = reading.find(wanted, at + 1)
        return found


def _marked(text: str, spans: Iterable[Span]) -> SafeString:
    parts: list[str] = []
    position = 0
    for start, end in _merged(spans):
        parts += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text is escaped above)


def _merged(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@functools.lru_cache(maxsize=4096)
def _normalized_cluster(cluster: str) -> str:
    return normalize(cluster)


def normalized_with_origins(text: str) -> tuple[str, list[Span]]:
    """``text`` normalised cluster by cluster (a character and the marks that follow it),
    and for each normalised character the span of ``text`` it came from."""
    pieces: list[str] = []
    origins: list[Span] = []
    start = 0
    while start < len(text):
        end = start + 1
        while end < len(text) and (text[end] in _MARKS or unicodedata.combining(text[end])):
            end += 1
        piece = _normalized_cluster(text[start:end])
        pieces.append(piece)
        origins += [(start, end)] * len(piece)
        start = end
    return "".join(pieces), origins


def _latin_words(normalized: str) -> list[Span]:
    """Spans of the non-CJK words (letters and digits) of normalised text, as ``runs``."""
    spans: list[Span] = []
    start = None
    for i, char in enumerate(normalized + " "):
        is_word = unicodedata.category(char)[0] in "LN" and not is_cjk(char)
        if is_word and start is None:
            start = i
        elif not is_word and start is not None:
            spans.append((start, i))
            start = None
    return spans


@functools.lru_cache(maxsize=2048)
def _kanji_compounds(text: str) -> tuple[tuple[tuple[Span, str], ...], ...]:
    """Runs of consecutive words that hold kanji, as in ``readings.reading_runs``: each word's
    span in ``text`` and its normalised reading. Only the pieces of text between punctuation
    that hold kanji are analysed."""
    from listings.search.readings import _tokenizer  # Janome: loaded on first use

    compounds: list[tuple[tuple[Span, str], ...]] = []
    for chunk in _CHUNK.finditer(text):
        if not contains_han(chunk.group()):
            continue
        current: list[tuple[Span, str]] = []
        position = chunk.start()
        for token in _tokenizer().tokenize(chunk.group()):
            surface = token.surface
            at = text.find(surface, position)
            if at == -1:  # Janome changed the text (it should not): stop marking readings
                break
            position = at + len(surface)
            if contains_han(surface) and token.reading != "*":
                current.append(((at, position), normalize(token.reading)))
            elif current:
                compounds.append(tuple(current))
                current = []
        if current:
            compounds.append(tuple(current))
    return tuple(compounds)


def _tokens_covering(compound: tuple[tuple[Span, str], ...], start: int, end: int) -> Span:
    """The span of the words whose readings hold reading characters ``start`` to ``end``."""
    covered: list[Span] = []
    position = 0
    for span, reading in compound:
        if position < end and start < position + len(reading):
            covered.append(span)
        position += len(reading)
    return covered[0][0], covered[-1][1]
