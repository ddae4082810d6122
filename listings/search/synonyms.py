"""Synonym groups applied at query time, so editing a group takes effect without re-indexing.

Coordinators edit the groups in the admin (``SynonymGroup``); ``current_synonyms()`` is that
dictionary, and what a query uses unless it is given one. ``DEFAULT_SYNONYM_GROUPS`` seeded
it (migrations 0007 and 0009) and stays for tests that pass ``DEFAULT_SYNONYMS`` explicitly. Every
spelling is normalised the way documents are, so ``ＰＣ``, ``pc`` and ``PC`` are one entry and
``こども`` needs no katakana twin.
"""

import re
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

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
    # Added by migration 0009, for newcomers' languages:
    ("日本語", "japones", "tieng nhat", "日语", "일본어", "जापानी", "wikang hapon"),
    ("通訳", "interpreter", "interpretation", "phien dich", "interprete", "口译", "통역"),
    ("翻訳", "translation", "dich thuat", "traducao", "翻译", "번역"),
    ("自転車", "bicycle", "bike", "xe dap", "bicicleta", "bisikleta", "自行车"),
    ("病院", "hospital", "benh vien", "医院", "병원"),
    ("市役所", "city hall", "prefeitura", "区役所", "市政府"),
    ("ごみ", "ゴミ", "garbage", "rubbish", "trash", "lixo", "垃圾"),
    ("ベビーカー", "stroller", "pushchair", "xe day em be", "carrinho de bebe"),
    ("チャイルドシート", "child seat", "car seat", "cadeirinha"),
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


# Every process keeps the dictionary it built, labelled with the cache's version when it was
# read; saving or deleting a group puts a new version in the shared cache, so each process
# rebuilds on its next query: one cache read per query, one database read per edit.
SYNONYMS_VERSION_KEY = "listings:synonyms:version"
_built: tuple[str, Synonyms] | None = None


def current_synonyms() -> Synonyms:
    """The coordinators' synonym dictionary, as every process sees it after an edit."""
    global _built
    version = cache.get(SYNONYMS_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(SYNONYMS_VERSION_KEY, version, timeout=None):
            version = cache.get(SYNONYMS_VERSION_KEY, version)
    built = _built
    if built is not None and built[0] == version:
        return built[1]
    from listings.models import SynonymGroup  # the models import this package

    groups = [group.spelling_list() for group in SynonymGroup.objects.order_by("pk")]
    synonyms = Synonyms(groups)
    _built = (version, synonyms)
    return synonyms


def invalidate_synonyms() -> None:
    """Make every process rebuild the dictionary: now (for this transaction's own queries)
    and again after commit (a process that read the old rows meanwhile must not keep them)."""
    cache.set(SYNONYMS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(SYNONYMS_VERSION_KEY, uuid.uuid4().hex, timeout=None))


@receiver(post_save, sender="listings.SynonymGroup", dispatch_uid="listings.synonyms_saved")
@receiver(post_delete, sender="listings.SynonymGroup", dispatch_uid="listings.synonyms_deleted")
def _synonym_group_changed(sender, **kwargs):
    invalidate_synonyms()
