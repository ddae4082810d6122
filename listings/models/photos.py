import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .listings import Listing

MAX_PHOTOS_PER_LISTING = 6


def _photo_path(instance, filename: str) -> str:
    # A random name: the uploaded file name may hold personal details.
    return f"listings/photos/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


def _thumbnail_path(instance, filename: str) -> str:
    return f"listings/thumbnails/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class ListingPhoto(models.Model):
    """A photo of a listing, re-encoded on upload (no EXIF, no GPS), with its thumbnail.

    ``listings.photos`` checks and processes uploads; store only what it returns here.
    """

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"), upload_to=_photo_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=_thumbnail_path)
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt_text = models.CharField(
        _("what the photo shows"),
        max_length=200,
        blank=True,
        help_text=_("A short description for people who cannot see the photo."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("listing photo")
        verbose_name_plural = _("listing photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text or self.image.name
