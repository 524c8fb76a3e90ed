"""Cover images: checked as images with Pillow and re-encoded, so that no metadata (location,
camera, author) and nothing but pixels reaches the public."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ocop.core.exceptions import DomainError
from ocop.registry import validators

MAX_SIDE = 1600  # pixels of the stored image's longer side
MAX_PIXELS = 40_000_000  # refuse larger pictures before decoding them


def cover_image_clean(upload) -> ContentFile:
    """The upload re-encoded as a JPEG of at most ``MAX_SIDE`` pixels, without metadata."""
    try:
        validators.validate_upload(upload, allowed=validators.IMAGE_EXTENSIONS)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="cover") from error
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise DomainError(_("The image is too large."), field="cover")
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise DomainError(_("The file is not a readable image."), field="cover") from error
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue())
