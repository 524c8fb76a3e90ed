"""Streaming stored files. Uploads live in private storage and leave it only through views that
have already checked the user's scope."""

from __future__ import annotations

from django.http import FileResponse, Http404

from ocop.registry.validators import UPLOAD_TYPES


def _open(field):
    try:
        return field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error


def stream_image(photo) -> FileResponse:
    extension = photo.image.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        _open(photo.image), content_type=UPLOAD_TYPES.get(extension, "application/octet-stream")
    )


def stream_document(document) -> FileResponse:
    return FileResponse(
        _open(document.file),
        as_attachment=True,
        filename=document.original_name or document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type or "application/octet-stream",
    )
