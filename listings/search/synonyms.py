"""Synonym groups applied at query time, so editing a group takes effect without re-indexing.

Coordinators will edit the groups in the admin; until then ``DEFAULT_SYNONYM_GROUPS`` is the
dictionary. Every spelling is normalised the way documents are, so ``ＰＣ``, ``pc`` and ``PC``
are one entry and ``こども`` needs no katakana twin.
"""

import re
from collections.abc import Iterable

from listings.search.analysis import is_cjk, normalize

DEFAULT_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("子供", "子ども", "こども"),
    ("スマホ", "スマートフォン", "smartphone"),
    ("パソコン", "PC", "computer"),
    ("携帯", "ケータイ", "携帯電話"),
    ("お年寄り", "高齢者", "シニア"),
    ("ベトナム語", "tieng viet", "vietnamese"),
    ("ポルトガル語", "portugues", "portuguese"),
    ("日本語", "nihongo", "japanese"),
    ("中国語", "chinese"),
    ("タガログ語", "tagalog", "filipino"),
    ("ボランティア", "volunteer"),
    ("引っ越し", "引越し", "引越"),
)

_WORD_CHAR = re.compile(r"[^\W_]")


class Synonyms:
    """Normalised synonym groups and a scan for their spellings in a normalised query."""

    def __init__(self, groups: Iterable[Iterable[str]]):
        self._group_of: dict[str, tuple[str, ...]] = {}
        for group in groups:
            spellings = tuple(dict.fromkeys(normalize(s).strip() for s in group if s.strip()))
            for spelling in spellings:
                # A spelling in two groups joins them: a query for it may mean either.
                joined = self._group_of.get(spelling, ()) + spellings
                self._group_of[spelling] = tuple(dict.fromkeys(joined))
        self._longest_first = sorted(self._group_of, key=len, reverse=True)

    def group(self, spelling: str) -> tuple[str, ...]:
        """Every spelling of the group that ``spelling`` (normalised) belongs to, or itself."""
        return self._group_of.get(spelling, (spelling,))

    def split(self, normalized: str) -> list[tuple[str, bool]]:
        """Cut a normalised query into ``(text, is_synonym)`` pieces, longest spelling first.

        A kana or kanji spelling matches anywhere (``スマホ教室`` → ``スマホ`` + ``教室``);
        a Latin one only as whole words (``pc`` in ``pc教室`` but not in ``epcot``).
        """
        pieces: list[tuple[str, bool]] = []
        plain_start = i = 0
        while i < len(normalized):
            spelling = self._match_at(normalized, i)
            if spelling is None:
                i += 1
                continue
            if plain_start < i:
                pieces.append((normalized[plain_start:i], False))
            pieces.append((spelling, True))
            i = plain_start = i + len(spelling)
        if plain_start < len(normalized):
            pieces.append((normalized[plain_start:], False))
        return pieces

    def _match_at(self, text: str, i: int) -> str | None:
        for spelling in self._longest_first:
            if not text.startswith(spelling, i):
                continue
            if is_cjk(spelling) or not (
                _is_latin_word_char(text, i - 1) or _is_latin_word_char(text, i + len(spelling))
            ):
                return spelling
        return None


def _is_latin_word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and bool(_WORD_CHAR.match(text[i])) and not is_cjk(text[i])


DEFAULT_SYNONYMS = Synonyms(DEFAULT_SYNONYM_GROUPS)
