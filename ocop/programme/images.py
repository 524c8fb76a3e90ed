"""Photos sent to the programme (misuse reports, inspection findings): images only, checked by
their content, and re-encoded so that no EXIF or other metadata (place, device, owner) is kept."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ocop.registry.validators import IMAGE_EXTENSIONS, validate_upload

# The largest photo accepted and the most pixels decoded (a small file can unpack huge).
PHOTO_MAX_BYTES = 8 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _refuse(name: str):
    return ValidationError(
        _("“%(name)s” is not a photo we can read: send a JPG, PNG or WEBP image."),
        code="not_an_image",
        params={"name": name},
    )


def clean_photo(upload) -> ContentFile:
    """The photo re-encoded without metadata (a ``ContentFile`` named ``photo.<ext>``), or a
    ``ValidationError`` with a message for the field."""
    name = Path(getattr(upload, "name", "") or "photo").name
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo “%(name)s” is too large: at most %(max)s MB is accepted."),
            code="file_too_large",
            params={"name": name, "max": PHOTO_MAX_BYTES // (1024 * 1024)},
        )
    extension = Path(name).suffix.lower().lstrip(".")
    if extension not in IMAGE_EXTENSIONS:
        raise _refuse(name)
    validate_upload(upload, allowed=IMAGE_EXTENSIONS)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = FORMATS.get(image.format or "")
            if kind is None or image.width * image.height > PHOTO_MAX_PIXELS:
                raise _refuse(name)
            image.load()
            clean = ImageOps.exif_transpose(image)  # keep the way it was taken, drop the tags
            if kind == "jpg" and clean.mode not in ("RGB", "L"):
                clean = clean.convert("RGB")
            out = io.BytesIO()
            # saved without exif, icc_profile or text chunks: nothing but the pixels
            clean.save(out, format=image.format, **({"quality": 88} if kind != "png" else {}))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise _refuse(name) from error
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue(), name=f"photo.{kind}")
