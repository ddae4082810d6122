from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="list-ul")
class ListingSettings(BaseGenericSetting):
    """How listings are published and how long they stay up; coordinators edit it in the admin."""

    require_review = models.BooleanField(
        _("review new listings before publishing"),
        default=False,
        help_text=_("When on, residents' new listings wait for a coordinator's approval."),
    )
    expiry_days = models.PositiveSmallIntegerField(
        _("days a listing stays published"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("days before expiry to remind the owner"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    panels = [FieldPanel("require_review"), FieldPanel("expiry_days"), FieldPanel("reminder_days")]

    class Meta:
        verbose_name = _("listing settings")
