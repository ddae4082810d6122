"""Text analysis for keyword search: one normalisation and one set of terms for every database.

Search runs on SQLite FTS5 (`make run`) and PostgreSQL tsvector (production). Neither engine
segments Japanese and their tokenizers differ, so all language work happens here: the search
layer stores ``" ".join(document_terms(text))`` and the engine only has to split on spaces.

Term encoding. Every term is a run of Unicode letters and digits (categories L and N), which
FTS5's ``unicode61`` tokenizer and PostgreSQL's default parser (``to_tsvector('simple', …)``)
both keep as one token, lower-case already:

- a Latin (or other alphabetic) word or a number, folded: ``portugues``, ``10``;
- a CJK bigram, two characters: ``パソ``; and a unigram for each kanji: ``畑``;
- a reading bigram: ``y`` + two katakana, ``yヤサ`` (see ``readings.py``). Surface terms never
  mix ASCII with kana, as runs are split by script, so reading terms cannot collide with them.

Term positions matter: the bigrams of a run are consecutive, so a query asks for them as a
phrase (FTS5 ``"日本 本語"``, tsquery ``'日本' <-> '本語'``) and ``やさい`` does not match
a text that holds ``やさ`` in one place and ``さい`` in another.
"""

import itertools
import re
import unicodedata
from collections.abc import Iterable

from listings.search.readings import reading_runs

READING_PREFIX = "y"
MAX_WORD_LENGTH = 60  # longer "words" are URLs or noise; PostgreSQL caps a lexeme at 2 KB

_HAN = "\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_KANA = "\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_CJK_CHAR = re.compile(f"[{_HAN}{_KANA}{_HANGUL}]")
_HAN_CHAR = re.compile(f"[{_HAN}]")

_KATAKANA = "\u30a1-\u30fa\u30fc"
# A dash typed after katakana is a long-vowel mark: "コンピュ-タ", "ｺﾝﾋﾟｭｰﾀｰ".
_DASH_AFTER_KATAKANA = re.compile(f"(?<=[{_KATAKANA}])[-\u2010-\u2015\u2212]")
# JIS Z 8301 lets a katakana word of three or more characters drop its final long vowel
# (コンピューター / コンピュータ, サーバー / サーバ): drop it always, in documents and queries,
# at the end of a word of either kana script (before hiragana folding hides where words end).
_HIRAGANA = "\u3041-\u3096\u30fc"
_FINAL_LONG_VOWEL = (
    re.compile(f"(?<=[{_KATAKANA}]{{3}})\u30fc(?![{_KATAKANA}])"),
    re.compile(f"(?<=[{_HIRAGANA}]{{3}})\u30fc(?![{_HIRAGANA}])"),  # こーひー, typed in a query
)
_MIDDLE_DOT = "\u30fb\u00b7"
# ・ inside a katakana compound is optional (ソーシャル・メディア); elsewhere it separates a list
# (福祉・介護), so it becomes a space.
_DOT_IN_KATAKANA = re.compile(f"(?<=[{_KATAKANA}])[{_MIDDLE_DOT}](?=[{_KATAKANA}])")
_DOT = re.compile(f"[{_MIDDLE_DOT}]")

# Latin letters that carry a stroke rather than a combining mark, so NFD does not fold them.
_LATIN_SPECIAL = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i"})
_LATIN_WITH_MARKS = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
_COMBINING_AFTER_LATIN = re.compile("(?<=[a-z])[\u0300-\u036f]+")


def normalize(text: str) -> str:
    """Fold the ways residents type the same word into one spelling.

    NFKC (``ﾊﾟｿｺﾝ`` → ``パソコン``, ``ＰＣ`` → ``PC``), case folding, hiragana to katakana
    (``ぱそこん`` → ``パソコン``), Latin diacritics removed (``tiếng Việt`` → ``tieng viet``).
    Only Latin letters are decomposed: NFD on kana would split ``パ`` into ``ハ`` and a mark.
    """
    # Spacing (han)dakuten after kana are typed for the combining ones; NFKC then composes.
    text = text.replace("\u309b", "\u3099").replace("\u309c", "\u309a")
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _DASH_AFTER_KATAKANA.sub("\u30fc", text)
    text = re.sub("\u30fc{2,}", "\u30fc", text)
    for final_long_vowel in _FINAL_LONG_VOWEL:
        text = final_long_vowel.sub("", text)
    text = _DOT_IN_KATAKANA.sub("", text)
    text = _DOT.sub(" ", text)
    text = _fold_hiragana(text)
    text = _LATIN_WITH_MARKS.sub(_strip_marks, text.translate(_LATIN_SPECIAL))
    text = _COMBINING_AFTER_LATIN.sub("", text)
    # A (han)dakuten that NFKC could not compose would split a token in FTS5: drop it.
    return text.replace("\u3099", "").replace("\u309a", "")


_HIRAGANA_TO_KATAKANA = {
    code: code + 0x60 for code in [*range(0x3041, 0x3097), ord("ゝ"), ord("ゞ")]
}


def _fold_hiragana(text: str) -> str:
    return text.translate(_HIRAGANA_TO_KATAKANA)


def _strip_marks(match: re.Match) -> str:
    decomposed = unicodedata.normalize("NFD", match.group())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_cjk(text: str) -> bool:
    """Whether a run of normalised text is CJK (analysed as bigrams), not a word."""
    return bool(text) and _CJK_CHAR.match(text[0]) is not None


def runs(normalized: str) -> list[str]:
    """Split normalised text into CJK runs and words, in order: ``"pc教室10分"`` →
    ``["pc", "教室", "10", "分"]``. Anything but letters and digits separates runs."""
    # groupby runs in C, looking each character's class up in a dict that fills as it goes.
    return [
        "".join(chars) if char_class == _CJK else "".join(chars)[:MAX_WORD_LENGTH]
        for char_class, chars in itertools.groupby(normalized, key=_CHAR_CLASSES.__getitem__)
        if char_class != _SEPARATOR
    ]


_SEPARATOR, _WORD, _CJK = 0, 1, 2


class _CharClasses(dict):
    """Character → _SEPARATOR (neither a letter nor a digit), _WORD or _CJK."""

    def __missing__(self, char: str) -> int:
        if unicodedata.category(char)[0] not in "LN":
            char_class = _SEPARATOR
        else:
            char_class = _CJK if _CJK_CHAR.match(char) else _WORD
        self[char] = char_class
        return char_class


_CHAR_CLASSES = _CharClasses()


def bigrams(run: str) -> list[str]:
    """Overlapping character pairs of a CJK run, in order; a one-character run has none."""
    return [run[i : i + 2] for i in range(len(run) - 1)]


def han_unigrams(run: str) -> list[str]:
    """Each kanji of a run on its own, so one-character queries (``畑``, ``犬``) match.
    Kana alone carries too little meaning to be worth indexing."""
    return [char for char in run if _HAN_CHAR.match(char)]


def contains_han(text: str) -> bool:
    return _HAN_CHAR.search(text) is not None


def document_terms(text: str, *, readings: bool = False) -> list[str]:
    """The terms to index for ``text``, in position order.

    For each CJK run its bigrams (consecutive, for phrase queries) followed by its kanji
    unigrams; for each word the word. With ``readings``, the katakana readings of its kanji
    words follow as ``y``-prefixed bigrams. Readings cost a morphological analysis (Janome,
    about 12 ms for 300 characters): pass ``readings=True`` for Japanese text where that time
    is affordable, e.g. one listing on save, or later in bulk outside the request.
    """
    terms: list[str] = []
    for run in runs(normalize(text)):
        if is_cjk(run):
            terms += bigrams(run) + han_unigrams(run)
        else:
            terms.append(run)
    if readings and contains_han(text):
        terms += reading_terms(text)
    return terms


def reading_terms(text: str) -> list[str]:
    """``y``-prefixed bigrams of the readings of the kanji words in ``text``.

    Bigrams are taken inside the reading of one word or compound (子育て支援 → コソダテシエン),
    never across a kana word boundary, so ``やさい`` finds ``野菜`` (ヤサイ) but not
    ``ください``: kana written as kana is indexed only as surface bigrams, where ``ヤサ`` and
    ``サイ`` must stand next to each other.
    """
    terms: list[str] = []
    for reading in reading_runs(text):
        terms += [READING_PREFIX + pair for pair in bigrams(normalize(reading))]
    return terms


def latin_trigrams(word: str) -> set[str]:
    """Trigrams of the normalised non-CJK words in ``word``, padded like PostgreSQL's pg_trgm
    (two spaces before, one after), for typo-tolerant matching of Latin words:
    ``latin_trigrams("Japanese")`` shares 6 of 11 trigrams with ``latin_trigrams("japanse")``.
    """
    grams: set[str] = set()
    for run in runs(normalize(word)):
        if not is_cjk(run):
            padded = f"  {run} "
            grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    """Shared trigrams over all trigrams (pg_trgm's ``similarity``), 0.0 to 1.0."""
    first, second = latin_trigrams(a), latin_trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def closest_words(word: str, vocabulary: Iterable[str], *, threshold: float = 0.4) -> list[str]:
    """Words of ``vocabulary`` similar to ``word``, most similar first, for "did you mean" and
    for searching a mistyped Latin word on SQLite, which has no pg_trgm."""
    scored = ((trigram_similarity(word, known), known) for known in vocabulary)
    return [known for score, known in sorted(scored, key=_by_score) if score >= threshold]


def _by_score(pair: tuple[float, str]) -> tuple[float, str]:
    return (-pair[0], pair[1])
