"""Registry test helpers: small valid files and documents."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.registry import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name: str = "giay-phep.pdf", body: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + body, content_type="application/pdf")


def office_upload(name: str, folder: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def make_document(actor, producer, *, title="Giấy chứng nhận đăng ký", body=b"", **extra):
    document, _created = services.document_upload(
        actor=actor,
        producer=producer,
        file=pdf_upload(body=body or title.encode()),
        doc_type=extra.pop("doc_type", "business_registration"),
        title=title,
        **extra,
    )
    return document
