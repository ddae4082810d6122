"""Why a listing was suggested, in plain words, rendered in the reader's language on display.

A ``Reason`` keeps a lazy message and its values, so the same suggestion reads 「同じカテゴリ:
子育て」 on a Japanese page and "Same category: Childcare" in an English API response.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.languages import SPOKEN_LANGUAGES
from listings.models import Listing
from listings.search import document_terms, normalize
from listings.search.analysis import is_cjk
from listings.search.highlight import normalized_with_origins

MAX_KEYWORDS = 3
_LANGUAGE_NAMES = {code: name for code, name, _autonym in SPOKEN_LANGUAGES}
_RUN = re.compile(r"\w+")
_HIRAGANA = "".join(chr(code) for code in range(0x3041, 0x30A0))
_HIRAGANA_CHARS = frozenset(_HIRAGANA)


@dataclass(frozen=True)
class Reason:
    code: str  # which component: "category", "distance", "area", "language", "keywords"
    message: Promise
    values: tuple = ()

    def __str__(self) -> str:
        values = tuple(_render(value) for value in self.values)
        return str(self.message) % values if values else str(self.message)


def _render(value) -> str:
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, (list, tuple)):
        return str(_(", ")).join(_render(item) for item in value)
    return str(value)


class _Kilometres:
    """A distance shown with one decimal in the reader's number format."""

    def __init__(self, km: float):
        self.km = km

    def __str__(self) -> str:
        return number_format(round(self.km, 1), decimal_pos=1)


def same_category(category) -> Reason:
    """``category``: a ``Category``, named in the reader's language when shown."""
    return Reason("category", _("Same category: %s"), (category,))


def near_category(category) -> Reason:
    return Reason("category", _("Related category: %s"), (category,))


def same_area(area: str) -> Reason:
    return Reason("area", _("Same area: %s"), (area,))


def distance(km: float) -> Reason:
    if km < 0.5:
        return Reason("distance", _("Less than 500 m away"))
    return Reason("distance", _("%s km away"), (_Kilometres(km),))


def speaks(codes: Iterable[str]) -> Reason:
    names = tuple(_LANGUAGE_NAMES.get(code, code) for code in codes)
    message = ngettext_lazy("Speaks %s", "Speaks %s", len(names))
    return Reason("language", message, (names,))


def keywords(listing: Listing, shared: Mapping[str, float]) -> Reason | None:
    """Up to ``MAX_KEYWORDS`` words of ``listing`` (its tags, and stretches of its title and
    description) holding the shared terms, as the poster wrote them; the words whose terms
    weigh most first, a tag before other text on a tie."""
    terms = set(shared)
    words = [str(tag) for tag in listing.tags if terms.intersection(document_terms(str(tag)))]
    for text in (listing.title, listing.description):
        words += _words_holding(text, terms)
    weighed: dict[str, tuple[float, int]] = {}  # normalised word → (weight, first position)
    typed: dict[str, str] = {}
    for position, word in enumerate(words):
        folded = normalize(word)
        weight = max((shared.get(t, 0.0) for t in document_terms(word)), default=0.0)
        if len(word) >= 2 and weight and folded not in weighed:
            weighed[folded], typed[folded] = (weight, position), word
    chosen: list[str] = []  # normalised; Aulas and aulas, スマ and スマホ count once
    for folded in sorted(weighed, key=lambda w: (-weighed[w][0], weighed[w][1])):
        if not any(folded in other or other in folded for other in chosen):
            chosen.append(folded)
    if not chosen:
        return None
    return Reason("keywords", _("Keywords: %s"), (tuple(typed[w] for w in chosen[:MAX_KEYWORDS]),))


def _words_holding(text: str, terms: set[str]) -> list[str]:
    """Stretches of ``text`` made of consecutive shared terms: a chain of CJK bigrams
    (``スマ``, ``マホ`` → ``スマホ``) or a whole Latin word, mapped back to what was typed."""
    normalized, origins = normalized_with_origins(text)
    found: list[str] = []
    for match in _RUN.finditer(normalized):
        run, offset = match.group(), match.start()
        if not is_cjk(run):
            if run in terms:
                found.append(_original(text, origins, offset, offset + len(run)))
            continue
        start = None
        for i in range(len(run)):
            inside = (
                i + 1 < len(run)
                and run[i : i + 2] in terms
                # a bigram across a particle or an ending (ホの, 方を) does not join words
                and not _HIRAGANA_CHARS.intersection(
                    _original(text, origins, offset + i, offset + i + 2, strip=False)
                )
            )
            if inside and start is None:
                start = i
            if not inside and start is not None:
                found.append(_original(text, origins, offset + start, offset + i + 1))
                start = None
        if start is not None:
            found.append(_original(text, origins, offset + start, offset + len(run)))
    return found


def _original(text: str, origins, start: int, end: int, *, strip: bool = True) -> str:
    """What was typed for normalised ``[start, end)``, by default without hiragana at either
    end: a chain that begins or ends in a particle or an inflection (教え, を使) is no word."""
    typed = text[origins[start][0] : origins[end - 1][1]]
    return typed.strip(_HIRAGANA) if strip else typed
