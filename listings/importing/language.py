"""Guessing the language of a listing's text when the register does not say."""

import re
import unicodedata

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Letters Vietnamese uses and Portuguese never does: ă đ ơ ư and the stacked tone marks.
_VIETNAMESE = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
_PORTUGUESE_LETTERS = re.compile(r"[ãõçÃÕÇ]")
_WORD = re.compile(r"[^\W\d_]+")
_PORTUGUESE_WORDS = frozenset(
    "não com para uma um de da das dos que em os você vocês eu meu minha também muito "
    "aula aulas ajuda grátis português brasileiro brasileira obrigado obrigada está são "
    "pelo pela ensino ensinar tenho posso precisa preciso quero crianças".split()
)
_TAGALOG_WORDS = frozenset(
    "ang ng mga sa ako ko po kami namin tayo kayo ninyo siya sila ito iyon ay ni nang "
    "salamat tulong wala hindi kung lang rin din naman magturo nagtuturo tuturuan bata "
    "kailangan gusto marunong tagalog pilipino".split()
)


def detect_language(text: str) -> str:
    """A BCP 47 code for the language a listing is written in, guessed from its script and a few
    common words: kana → ja, hangul → ko, Han only → zh, Vietnamese letters → vi, Portuguese
    letters or words → pt, Tagalog words → tl, otherwise en."""
    text = unicodedata.normalize("NFC", text)
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if _HAN.search(text):
        return "zh"
    if _VIETNAMESE.search(text):
        return "vi"
    words = [word.lower() for word in _WORD.findall(text)]
    portuguese = sum(word in _PORTUGUESE_WORDS for word in words)
    portuguese += 2 * len(_PORTUGUESE_LETTERS.findall(text))
    tagalog = sum(word in _TAGALOG_WORDS for word in words)
    if tagalog >= 2 and tagalog > portuguese:
        return "tl"
    if portuguese >= 2 and portuguese > tagalog:
        return "pt"
    return "en"
