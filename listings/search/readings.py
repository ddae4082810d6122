"""Katakana readings of the kanji words in Japanese text, from Janome's bundled IPA dictionary.

Residents search in kana for words listings write in kanji (``こそだて`` for ``子育て``).
Janome is pure Python and ships its dictionary in its wheel: nothing is downloaded at run time.
It is slow next to the rest of the analysis (about 2 s to load once per process, then about
12 ms per 300 characters), so it is imported on first use and only text that holds kanji is
analysed, chunk by chunk.
"""

import functools
import re
import unicodedata

_HAN = re.compile("[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
# Sentence punctuation and line breaks end a word for certain: analysing the chunks between
# them gives the same words as analysing the whole text, and chunks without kanji are skipped.
_CHUNK_END = re.compile(r"[\s。、．，！？!?「」『』（）()【】]+")


@functools.cache
def _tokenizer():
    from janome.tokenizer import Tokenizer  # imported here: loading it takes ~2 s

    return Tokenizer()


def reading_runs(text: str) -> list[str]:
    """Readings of each run of consecutive words that contain kanji, in order.

    ``子育て中のお母さん`` → ``["コソダテチュウ", "オカアサン"]``: words next to each other
    form one compound (子育て + 中) whose reading is joined; a kana-only word (の) ends a run,
    so readings never run across it. Words without a known reading are left out.
    """
    found: list[str] = []
    for chunk in _CHUNK_END.split(unicodedata.normalize("NFKC", text)):
        if _HAN.search(chunk):
            found += _chunk_readings(chunk)
    return found


@functools.lru_cache(maxsize=32768)
def _chunk_readings(chunk: str) -> tuple[str, ...]:
    """The readings of one chunk. Cached: area and category names, tags and set phrases
    repeat across the listings of an import, and Janome is the slowest step of indexing."""
    found: list[str] = []
    current = ""
    for token in _tokenizer().tokenize(chunk):
        if _HAN.search(token.surface) and token.reading != "*":
            current += token.reading
        elif current:
            found.append(current)
            current = ""
    if current:
        found.append(current)
    return tuple(found)


def warm_up() -> None:
    """Load the dictionary now (e.g. when a worker starts) rather than in the first request."""
    _tokenizer()
