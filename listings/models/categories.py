from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CategoryQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class Category(models.Model):
    """A node of the category tree. Names are kept per site language in `names`."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    names = models.JSONField(
        _("names"),
        default=dict,
        help_text=_('The name in each site language, e.g. {"ja": "子育て", "en": "Childcare"}.'),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to the site's default language."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return self.names.get(language) or self.names.get(settings.LANGUAGE_CODE) or self.slug
