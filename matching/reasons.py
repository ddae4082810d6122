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
from listings.search import document_terms
from listings.search.analysis import is_cjk
from listings.search.highlight import normalized_with_origins

MAX_KEYWORDS = 3
_LANGUAGE_NAMES = {code: name for code, name, _autonym in SPOKEN_LANGUAGES}
_RUN = re.compile(r"\w+")
_HIRAGANA = "".join(chr(code) for code in range(0x3041, 0x30A0))


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
    """The words of ``listing`` (tags first, then title, then description) that hold the
    shared terms that weigh most, as the poster wrote them."""
    strongest = sorted(shared, key=lambda term: -shared[term])
    wanted = set(strongest[: MAX_KEYWORDS * 3])
    words: list[str] = []
    for tag in listing.tags:
        if wanted.intersection(document_terms(str(tag))):
            words.append(str(tag))
    for text in (listing.title, listing.description):
        words += _words_holding(text, wanted)
    unique = list(dict.fromkeys(w for w in words if len(w) >= 2))
    if not unique:
        return None
    return Reason("keywords", _("Keywords: %s"), (tuple(unique[:MAX_KEYWORDS]),))


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
            inside = run[i : i + 2] in terms and i + 1 < len(run)
            if inside and start is None:
                start = i
            if not inside and start is not None:
                found.append(_original(text, origins, offset + start, offset + i + 1))
                start = None
        if start is not None:
            found.append(_original(text, origins, offset + start, offset + len(run)))
    return found


def _original(text: str, origins, start: int, end: int) -> str:
    """What was typed for normalised ``[start, end)``, without hiragana at either end: a chain
    of bigrams that begins or ends in a particle or an inflection (教え, を使) is not a word."""
    return text[origins[start][0] : origins[end - 1][1]].strip(_HIRAGANA)
