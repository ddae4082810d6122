"""Checking and re-encoding listing photos before anything is stored.

An upload is judged by its content, never by its name or the browser's content type: Pillow
must recognise it as JPEG, PNG or WebP. Its dimensions are checked from the header before any
pixels are decoded (a small file can claim billions of pixels). What is stored is a fresh
JPEG drawn from the decoded pixels, turned upright, with no EXIF (so no GPS position, camera
serial or date), no XMP, no comment and no ICC profile, plus a small thumbnail.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# The stored photo fits in this square (a phone screen at 2x); the thumbnail in the smaller.
PHOTO_EDGE = 2048
THUMBNAIL_EDGE = 480
JPEG_QUALITY = 85


@dataclass(frozen=True)
class ProcessedPhoto:
    """A checked, upright, metadata-free photo and its thumbnail, ready to store."""

    image: bytes
    thumbnail: bytes
    width: int
    height: int
    thumbnail_width: int
    thumbnail_height: int

    def image_file(self) -> ContentFile:
        return ContentFile(self.image, name="photo.jpg")

    def thumbnail_file(self) -> ContentFile:
        return ContentFile(self.thumbnail, name="photo.jpg")


def _name(upload) -> str:
    return getattr(upload, "name", None) or _("the photo")


def _not_a_photo(upload) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a JPEG, PNG or WebP photo. Please choose a photo.")
        % {"name": _name(upload)},
        code="invalid_image",
    )


def _too_many_pixels(upload) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” is too large: a photo can have at most %(megapixels)d million pixels. "
            "Please choose a smaller photo."
        )
        % {"name": _name(upload), "megapixels": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _damaged(upload) -> ValidationError:
    return ValidationError(
        _("“%(name)s” could not be read: the file is damaged or incomplete.")
        % {"name": _name(upload)},
        code="damaged_image",
    )


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert colours from an embedded ICC profile to sRGB, so dropping the profile keeps
    the colours; a profile Pillow cannot use is ignored."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted or image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB pixels, with any transparency laid on white (JPEG has no transparency)."""
    if image.mode.startswith("I"):  # 16-bit greyscale PNG: scale down, do not clip to white
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image) -> bytes:
    image.info.clear()  # Pillow writes some metadata (e.g. a JPEG comment) from here
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, exif=b"")
    return buffer.getvalue()


def process_photo(upload) -> ProcessedPhoto:
    """Check an uploaded file and make the photo and thumbnail to store.

    Raises ValidationError (a message naming the file) when it is too big, is not a JPEG,
    PNG or WebP image, has more than MAX_PIXELS pixels, or cannot be decoded whole.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s. Please choose a smaller photo.")
            % {"name": _name(upload), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="file_too_large",
        )
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns about a possible decompression bomb below twice its own limit.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(upload) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _not_a_photo(upload) from None
        with image:
            if image.format not in ACCEPTED_FORMATS:
                raise _not_a_photo(upload)
            width, height = image.size
            if width < 1 or height < 1:
                raise _damaged(upload)
            if width * height > MAX_PIXELS:
                raise _too_many_pixels(upload)
            if image.format == "JPEG":
                # Decode at a reduced scale when the photo is far larger than what is kept.
                image.draft("RGB", (PHOTO_EDGE, PHOTO_EDGE))
            try:
                image.load()
                upright = ImageOps.exif_transpose(image)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise _too_many_pixels(upload) from None
            except (OSError, SyntaxError, ValueError, EOFError):
                raise _damaged(upload) from None
    photo = _flatten(_to_srgb(upright))
    photo.thumbnail((PHOTO_EDGE, PHOTO_EDGE), Image.Resampling.LANCZOS)
    thumbnail = photo.copy()
    thumbnail.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        image=_encode(photo),
        thumbnail=_encode(thumbnail),
        width=photo.width,
        height=photo.height,
        thumbnail_width=thumbnail.width,
        thumbnail_height=thumbnail.height,
    )


def thumbnail_size(width: int, height: int) -> tuple[int, int]:
    """The size of the thumbnail of a stored photo of this size (as process_photo makes it)."""
    if not width or not height:
        return THUMBNAIL_EDGE, THUMBNAIL_EDGE
    scale = min(1.0, THUMBNAIL_EDGE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))
