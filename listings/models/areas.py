from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """A neighbourhood of the city that listings and residents name in their ``area`` field.

    ``name`` is the spelling stored on listings (usually Japanese, e.g. 城東); ``names`` holds
    the name per site language for display. The centre places "distance from an area".
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    names = models.JSONField(
        _("names"),
        default=dict,
        blank=True,
        help_text=_('The name in each site language, e.g. {"ja": "城東", "en": "Joto"}.'),
    )
    latitude = models.FloatField(
        _("latitude of the centre"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude of the centre"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="area_centre_complete",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return self.names.get(language) or self.name
