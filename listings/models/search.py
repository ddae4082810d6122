from django.db import models
from django.utils.translation import gettext_lazy as _

from .listings import Listing


class ListingSearchDocument(models.Model):
    """A listing's text as analysed for keyword search (``listings.search.document_terms``).

    Each field holds space-separated terms; the database's full-text engine indexes them by
    weight: title (A), tags + category names in every language + area (B), description (C).
    The engine index itself is not a Django field, as the two engines differ: PostgreSQL gets a
    generated ``vector`` tsvector column with a GIN index, SQLite an external-content FTS5
    table ``listings_search_fts`` kept in step by triggers (both made in migration 0004).
    ``listings.search.index.index_listings`` writes these rows.
    """

    listing = models.OneToOneField(
        Listing,
        verbose_name=_("listing"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    title_terms = models.TextField(_("title terms"), blank=True)
    keyword_terms = models.TextField(_("tag, category and area terms"), blank=True)
    body_terms = models.TextField(_("description terms"), blank=True)

    class Meta:
        verbose_name = _("listing search document")
        verbose_name_plural = _("listing search documents")

    def __str__(self) -> str:
        return str(self.listing_id)


class LatinWordTrigram(models.Model):
    """The indexed Latin words by trigram, to correct a mistyped query word (``japanse``)
    on both databases without pg_trgm. Rows are only added on indexing; a word no listing
    uses any more costs one useless alternative until ``rebuild_listing_index`` runs."""

    trigram = models.CharField(_("trigram"), max_length=3)
    word = models.CharField(_("word"), max_length=60)

    class Meta:
        verbose_name = _("indexed word trigram")
        verbose_name_plural = _("indexed word trigrams")
        constraints = [
            models.UniqueConstraint(fields=["trigram", "word"], name="latin_word_trigram_unique")
        ]

    def __str__(self) -> str:
        return f"{self.trigram}: {self.word}"


class SynonymGroup(models.Model):
    """Spellings that mean the same for keyword search (スマホ = スマートフォン).

    Applied at query time (``listings.search.synonyms``), so an edit takes effect at once,
    with no deploy and no re-indexing.
    """

    spellings = models.TextField(
        _("spellings"),
        help_text=_("One spelling per line, e.g. 子供, 子ども and こども on three lines."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym dictionary")
        ordering = ["pk"]

    def __str__(self) -> str:
        return " = ".join(self.spelling_list())

    def spelling_list(self) -> list[str]:
        return [line.strip() for line in self.spellings.splitlines() if line.strip()]
