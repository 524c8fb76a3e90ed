"""Evidence documents: uploaded once per producer (by content), reused across dossiers."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.permissions import MANAGE_REGISTRY
from ocop.core.audit import audit_log, snapshot
from ocop.core.exceptions import DomainError
from ocop.core.text import nfc
from ocop.registry import rights, validators
from ocop.registry.models import Document, Producer
from ocop.registry.services._common import ensure_not_archived, required, validate


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def document_upload(
    *,
    actor,
    producer: Producer,
    file,
    doc_type: str,
    title: str,
    number: str = "",
    issuing_body: str = "",
    issued_on=None,
    expires_on=None,
) -> tuple[Document, bool]:
    """Store an evidence document for ``producer``. The same file (by SHA-256) is stored once
    per producer: uploading it again returns the existing document and ``False``."""
    rights.require_producer(actor, producer, MANAGE_REGISTRY)
    ensure_not_archived(producer)
    required("file", file, Document._meta.get_field("file").verbose_name)
    required("title", title, Document._meta.get_field("title").verbose_name)
    required("doc_type", doc_type, Document._meta.get_field("doc_type").verbose_name)
    content_type = validate("file", validators.validate_upload, file)
    if issued_on and expires_on and expires_on < issued_on:
        raise DomainError(_("The expiry date cannot be before the issue date."), field="expires_on")
    sha = _sha256(file)
    existing = producer.documents.filter(sha256=sha, archived_at__isnull=True).first()
    if existing is not None:
        return existing, False
    document = Document(
        producer=producer,
        doc_type=doc_type,
        title=nfc(title),
        number=number,
        issuing_body=issuing_body,
        issued_on=issued_on,
        expires_on=expires_on,
        original_name=Path(file.name).name[:255],
        content_type=content_type,
        size=file.size,
        sha256=sha,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    extension = Path(file.name).suffix.lower()
    file.seek(0)
    document.file.save(f"{document.public_code}{extension}", ContentFile(file.read()), save=False)
    document.save()
    audit_log(
        actor=actor, action="registry.document.uploaded", obj=document, new=snapshot(document)
    )
    return document, True


@transaction.atomic
def document_archive(*, actor, document: Document) -> Document:
    rights.require_producer(actor, document.producer, MANAGE_REGISTRY)
    ensure_not_archived(document)
    document.archived_at = timezone.now()
    document.save(update_fields=["archived_at", "updated_at"])
    audit_log(
        actor=actor,
        action="registry.document.archived",
        obj=document,
        new={"archived_at": document.archived_at},
    )
    return document
