"""How a message's text is shown: escaped, contact details masked until both people agreed,
links made clickable, line breaks kept. Masking is a display rule: the stored text is intact.

Contact details are what scammers and unwanted contact start from: phone numbers (Japanese
mobile and landline numbers, with or without hyphens, in full-width digits too, and +81),
e-mail addresses and LINE IDs. A masked phone number keeps its shape and its last two digits
and its first three and last two digits (090-****-**78), so a resident sees that a number was
written without being able to read it.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Width-folded text keeps its length, so a match in it is a match at the same place in the
# original: only full-width ASCII (U+FF01–FF5E) and the ideographic space are folded.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d"

PHONE = re.compile(
    r"(?<![\d])(?:\+81[ \-]?|0)\d{1,4}(?:[ "
    + _DASHES
    + r"]?\d{1,4}){1,2}[ "
    + _DASHES
    + r"]?\d{3,4}(?![\d])"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
LINE_ID = re.compile(r"(?i)(?<![a-z])(line\s*(?:id)?\s*[:：は]?\s*@?)([a-z0-9._\-]{4,20})")
URL = re.compile(r"https?://[^\s<>\"'「」（）]+", re.IGNORECASE)
MIN_PHONE_DIGITS = 10


def _folded(text: str) -> str:
    return text.translate(_WIDTH)


def contact_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each contact detail in ``text``, in order, not overlapping."""
    folded = _folded(text)
    spans = []
    for match in EMAIL.finditer(folded):
        spans.append((match.start(), match.end(), "email"))
    for match in LINE_ID.finditer(folded):
        spans.append((match.start(2), match.end(2), "line"))
    for match in PHONE.finditer(folded):
        if sum(char.isdigit() for char in match.group()) >= MIN_PHONE_DIGITS:
            spans.append((match.start(), match.end(), "phone"))
    spans.sort()
    chosen: list[tuple[int, int, str]] = []
    for span in spans:
        if not chosen or span[0] >= chosen[-1][1]:
            chosen.append(span)
    return chosen


def has_contact_details(text: str) -> bool:
    return bool(contact_spans(text))


def mask(text: str) -> str:
    """``text`` with every contact detail masked: a phone number's digits become * but the
    first three and the last two; an address keeps its first letter, an ID nothing."""
    pieces, last = [], 0
    for start, end, kind in contact_spans(text):
        pieces.append(text[last:start])
        pieces.append(_masked(text[start:end], kind))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _masked(detail: str, kind: str) -> str:
    if kind == "phone":
        digits = [i for i, char in enumerate(detail) if unicodedata.category(char) == "Nd"]
        keep = set(digits[:3] + digits[-2:])
        return "".join(
            "*" if i in digits and i not in keep else char for i, char in enumerate(detail)
        )
    if kind == "email":
        name, _at, domain = detail.partition("@")
        return f"{name[:1]}***@***"
    return "****"


def render(text: str, *, masked: bool) -> SafeString:
    """HTML for a message body: masked if asked, escaped, links clickable (``nofollow ugc
    noopener``, opening in a new tab), line breaks as ``<br>``."""
    if masked:
        text = mask(text)
    html, last = [], 0
    for match in URL.finditer(text):
        url = match.group().rstrip(".,、。!?！？)")
        end = match.start() + len(url)
        html.append(escape(text[last : match.start()]))
        html.append(
            f'<a href="{escape(url)}" rel="nofollow ugc noopener" target="_blank">{escape(url)}</a>'
        )
        last = end
    html.append(escape(text[last:]))
    return mark_safe("".join(html).replace("\r\n", "\n").replace("\n", "<br>"))  # noqa: S308
