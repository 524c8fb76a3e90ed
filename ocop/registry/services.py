"""Business actions on producers, products, documents and dossiers.

Every action takes keyword-only arguments with an explicit ``actor``, checks the actor's
capability and scope (``rights``), runs in one transaction, writes an audit event with the old
and new values, and raises ``DomainError`` (translated, naming the field) on refusal.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.permissions import MANAGE_REGISTRY, REVIEW_DOSSIER, SUBMIT_DOSSIER
from ocop.core.audit import audit_log, diff, snapshot
from ocop.core.exceptions import DomainError
from ocop.core.text import fold, nfc
from ocop.geo.models import AdminUnit
from ocop.registry import lifecycle, rights, validators
from ocop.registry.models import (
    Document,
    Dossier,
    DossierDocument,
    DossierKind,
    DossierStatus,
    Producer,
    Product,
    ProductPhoto,
    ProductStatus,
)

PRODUCER_FIELDS = (
    "legal_form",
    "name",
    "tax_code",
    "representative_name",
    "representative_title",
    "representative_gender",
    "representative_ethnicity",
    "representative_disabled",
    "address",
    "commune",
    "phone",
    "email",
    "website",
)
PRODUCT_FIELDS = ("name", "origin_unit", "product_set", "description", "story", "gtin")

# The four topics of the commune's preliminary review (Form 03).
REVIEW_TOPICS = (
    ("local_raw_material", gettext_lazy("Local raw material")),
    ("local_labour", gettext_lazy("Local labour")),
    ("idea_origin", gettext_lazy("Origin of the product idea")),
    ("local_identity", gettext_lazy("Local identity and know-how")),
)
OPEN_DOSSIER_STATUSES = (
    DossierStatus.DRAFT,
    DossierStatus.SUBMITTED,
    DossierStatus.RETURNED,
    DossierStatus.FORWARDED,
    DossierStatus.IN_EVALUATION,
)


def _changes(before: dict, obj) -> tuple[dict, dict]:
    after = snapshot(obj)
    after.pop("updated_at", None)
    return diff(before, after)


def _validate(field: str, validator, value):
    try:
        return validator(value)
    except ValidationError as error:
        raise DomainError(error.messages[0], field=field) from error


def _required(field: str, value, label) -> None:
    if value in (None, ""):
        raise DomainError(_("“%(field)s” is required.") % {"field": label}, field=field)


def province_of(unit: AdminUnit) -> AdminUnit:
    """The province-level unit above ``unit`` (in the same structure)."""
    era, code = unit.path.strip("/").split("/")[:2]
    return AdminUnit.objects.get(path=f"/{era}/{code}/")


def _ensure_not_archived(obj) -> None:
    if obj.archived_at is not None:
        raise DomainError(_("This record is archived and can no longer be changed."))


def _clean_producer(fields: dict, *, recorded_code: str | None = None) -> dict:
    """Check and tidy producer fields. A code already on record (``recorded_code``, e.g. from
    an import of old lists) is kept as it is until someone changes it."""
    unknown = set(fields) - set(PRODUCER_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    fields = dict(fields)
    for key in ("name", "representative_name", "address"):
        if key in fields:
            fields[key] = nfc(fields[key])
    _required("name", fields.get("name"), Producer._meta.get_field("name").verbose_name)
    _required(
        "legal_form", fields.get("legal_form"), Producer._meta.get_field("legal_form").verbose_name
    )
    _required("commune", fields.get("commune"), Producer._meta.get_field("commune").verbose_name)
    code = (fields.get("tax_code") or "").strip()
    if code and code != recorded_code:
        code = (
            validators.normalise_tax_code(code)
            if validators.is_valid_tax_code(code)
            else validators.normalise_registration_code(code)
        )
        _validate(
            "tax_code",
            lambda v: validators.validate_producer_code(v, fields["legal_form"]),
            code,
        )
    fields["tax_code"] = code
    if fields.get("phone"):
        _validate("phone", validators.validate_phone, fields["phone"])
        fields["phone"] = validators.normalise_phone(fields["phone"])
    return fields


@transaction.atomic
def producer_create(*, actor, fields: dict) -> Producer:
    fields = _clean_producer(fields)
    rights.require_unit(actor, fields["commune"], MANAGE_REGISTRY)
    producer = Producer(**fields)
    producer.name_folded = fold(producer.name)
    producer.province = province_of(producer.commune)
    producer.save()
    audit_log(actor=actor, action="registry.producer.created", obj=producer, new=snapshot(producer))
    return producer


@transaction.atomic
def producer_update(*, actor, producer: Producer, fields: dict) -> Producer:
    rights.require_producer(actor, producer, MANAGE_REGISTRY)
    _ensure_not_archived(producer)
    merged = {name: getattr(producer, name) for name in PRODUCER_FIELDS}
    merged.update(fields)
    fields = _clean_producer(merged, recorded_code=producer.tax_code)
    if fields["commune"] != producer.commune:
        rights.require_unit(actor, fields["commune"], MANAGE_REGISTRY)
    before = snapshot(producer)
    for name, value in fields.items():
        setattr(producer, name, value)
    producer.name_folded = fold(producer.name)
    producer.province = province_of(producer.commune)
    producer.save()
    old, new = _changes(before, producer)
    if new:
        audit_log(actor=actor, action="registry.producer.updated", obj=producer, old=old, new=new)
    return producer


@transaction.atomic
def producer_archive(*, actor, producer: Producer) -> Producer:
    rights.require_producer(actor, producer, MANAGE_REGISTRY)
    _ensure_not_archived(producer)
    if producer.products.filter(archived_at__isnull=True).exists():
        raise DomainError(_("Archive the producer's products first."))
    producer.archived_at = timezone.now()
    producer.save(update_fields=["archived_at", "updated_at"])
    audit_log(
        actor=actor,
        action="registry.producer.archived",
        obj=producer,
        new={"archived_at": producer.archived_at},
    )
    return producer


def _clean_product(fields: dict) -> dict:
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    fields = dict(fields)
    if "name" in fields:
        fields["name"] = nfc(fields["name"])
    _required("name", fields.get("name"), Product._meta.get_field("name").verbose_name)
    gtin = (fields.get("gtin") or "").strip()
    if gtin:
        _validate("gtin", validators.validate_gtin, gtin)
    fields["gtin"] = gtin
    return fields


def _place_product(product: Product) -> None:
    if product.origin_unit is None and product.producer is not None:
        product.origin_unit = product.producer.commune
    base = product.origin_unit or (product.producer.province if product.producer else None)
    if base is None:
        raise DomainError(_("Give the commune the product comes from."), field="origin_unit")
    product.province = province_of(base)
    product.name_folded = fold(product.name)


@transaction.atomic
def product_create(*, actor, producer: Producer, fields: dict) -> Product:
    _ensure_not_archived(producer)
    fields = _clean_product(fields)
    product = Product(producer=producer, created_by=actor, **fields)
    _place_product(product)
    rights.require_product(actor, product, MANAGE_REGISTRY)
    product.save()
    audit_log(actor=actor, action="registry.product.created", obj=product, new=snapshot(product))
    return product


@transaction.atomic
def product_update(*, actor, product: Product, fields: dict) -> Product:
    rights.require_product(actor, product, MANAGE_REGISTRY)
    _ensure_not_archived(product)
    merged = {name: getattr(product, name) for name in PRODUCT_FIELDS}
    merged.update(fields)
    fields = _clean_product(merged)
    before = snapshot(product)
    for name, value in fields.items():
        setattr(product, name, value)
    _place_product(product)
    # the new product set or place must be within the actor's reach as well
    rights.require_product(actor, product, MANAGE_REGISTRY)
    product.save()
    old, new = _changes(before, product)
    if new:
        audit_log(actor=actor, action="registry.product.updated", obj=product, old=old, new=new)
    return product


@transaction.atomic
def product_archive(*, actor, product: Product) -> Product:
    rights.require_product(actor, product, MANAGE_REGISTRY)
    _ensure_not_archived(product)
    busy = (DossierStatus.SUBMITTED, DossierStatus.FORWARDED, DossierStatus.IN_EVALUATION)
    if product.dossiers.filter(status__in=busy).exists():
        raise DomainError(_("A product with a dossier under review cannot be archived."))
    product.archived_at = timezone.now()
    product.save(update_fields=["archived_at", "updated_at"])
    audit_log(
        actor=actor,
        action="registry.product.archived",
        obj=product,
        new={"archived_at": product.archived_at},
    )
    return product


@transaction.atomic
def product_move(*, actor, product: Product, to: str, stars: int | None = None, note: str = ""):
    """Move a product along its lifecycle. Called by other services (dossier review here;
    recognition, expiry and revocation in the certificates app), which check the actor's rights.
    """
    lifecycle.check_product_move(product.status, to)
    if to == ProductStatus.RECOGNISED and stars not in (3, 4, 5):
        raise DomainError(_("A recognised product needs 3, 4 or 5 stars."), field="stars")
    _set_status(
        actor, product, to, stars if to == ProductStatus.RECOGNISED else product.stars, note
    )
    return product


def _set_status(actor, product: Product, status: str, stars, note: str) -> None:
    old = {"status": product.status, "stars": product.stars}
    product.status, product.stars = status, stars
    product.save(update_fields=["status", "stars", "updated_at"])
    audit_log(
        actor=actor,
        action="registry.product.status_changed",
        obj=product,
        old=old,
        new={"status": status, "stars": stars},
        note=note,
    )


@transaction.atomic
def product_follow_certificate(
    *, actor, product: Product, status: str, stars: int, note: str = ""
) -> bool:
    """Give the product the status and stars of its certificate in force (computed by the
    certificates app). A product in evaluation keeps its lifecycle; other moves must be in
    ``lifecycle.PRODUCT_FOLLOWS``. Returns whether anything changed."""
    if not lifecycle.can_follow_certificate(product.status, status):
        if product.status in (ProductStatus.SUBMITTED, ProductStatus.UNDER_REVIEW):
            return False
        lifecycle.check_product_move(product.status, status)
    if (product.status, product.stars) == (status, stars):
        return False
    _set_status(actor, product, status, stars, note)
    return True


def _open_dossier(product: Product) -> Dossier | None:
    return (
        product.dossiers.filter(status__in=lifecycle.DOSSIER_EDITABLE)
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def product_submit(*, actor, product: Product) -> Dossier:
    """Submit the product's open dossier to the commune."""
    rights.require_product(actor, product, SUBMIT_DOSSIER)
    dossier = _open_dossier(product)
    if dossier is None:
        raise DomainError(_("Create a dossier for this product before submitting it."))
    return dossier_submit(actor=actor, dossier=dossier)


@transaction.atomic
def product_photo_add(
    *, actor, product: Product, image, caption: str = "", is_public: bool = True
) -> ProductPhoto:
    """Add a photo (JPG, PNG or WEBP) to a product; public ones show in the catalogue once the
    product is recognised."""
    rights.require_product(actor, product, MANAGE_REGISTRY)
    _ensure_not_archived(product)
    _required("image", image, ProductPhoto._meta.get_field("image").verbose_name)
    _validate(
        "image",
        lambda f: validators.validate_upload(f, allowed=validators.IMAGE_EXTENSIONS),
        image,
    )
    position = product.photos.count()
    photo = ProductPhoto(
        product=product, caption=nfc(caption)[:255], position=position, is_public=is_public
    )
    image.seek(0)
    extension = Path(image.name).suffix.lower()
    photo.image.save(
        f"{product.public_code}-{position}{extension}", ContentFile(image.read()), save=False
    )
    photo.save()
    audit_log(actor=actor, action="registry.product.photo_added", obj=product, new=snapshot(photo))
    return photo


# Documents


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
    _ensure_not_archived(producer)
    _required("file", file, Document._meta.get_field("file").verbose_name)
    _required("title", title, Document._meta.get_field("title").verbose_name)
    _required("doc_type", doc_type, Document._meta.get_field("doc_type").verbose_name)
    content_type = _validate("file", validators.validate_upload, file)
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
    _ensure_not_archived(document)
    document.archived_at = timezone.now()
    document.save(update_fields=["archived_at", "updated_at"])
    audit_log(
        actor=actor,
        action="registry.document.archived",
        obj=document,
        new={"archived_at": document.archived_at},
    )
    return document


# Dossiers


def _latest_certificate(product: Product):
    try:
        from ocop.certificates.models import Certificate
    except ImportError:  # pragma: no cover - the app is part of the project
        return None
    return (
        Certificate.objects.filter(product=product, revoked=False, superseded=False)
        .order_by("-issued_on", "-pk")
        .first()
    )


_KIND_NEEDS = {
    DossierKind.FIRST: {ProductStatus.DRAFT},
    DossierKind.UPGRADE: {ProductStatus.RECOGNISED},
    DossierKind.REEVALUATION: {ProductStatus.RECOGNISED, ProductStatus.EXPIRED},
}


@transaction.atomic
def dossier_create(*, actor, kind: str, product: Product, previous_certificate=None) -> Dossier:
    """Open a dossier and attach the producer's documents that are still valid today, so an
    upgrade or re-evaluation does not upload again what was filed before."""
    rights.require_product(actor, product, MANAGE_REGISTRY)
    _ensure_not_archived(product)
    if kind not in _KIND_NEEDS:
        raise DomainError(_("Choose the kind of dossier."), field="kind")
    if product.status not in _KIND_NEEDS[kind]:
        raise DomainError(
            _("A “%(kind)s” dossier cannot be opened for a product that is “%(status)s”.")
            % {"kind": DossierKind(kind).label, "status": product.get_status_display()},
            field="kind",
        )
    if product.dossiers.filter(status__in=OPEN_DOSSIER_STATUSES).exists():
        raise DomainError(_("This product already has an open dossier."))
    if kind != DossierKind.FIRST and previous_certificate is None:
        previous_certificate = _latest_certificate(product)
    if previous_certificate is not None and previous_certificate.product_id != product.pk:
        raise DomainError(
            _("The previous certificate belongs to another product."), field="previous_certificate"
        )
    dossier = Dossier.objects.create(
        product=product,
        kind=kind,
        criteria_set=product.product_set.criteria_set if product.product_set_id else None,
        previous_certificate=previous_certificate,
    )
    today = timezone.localdate()
    reusable = [
        d
        for d in product.producer.documents.filter(archived_at__isnull=True)
        if d.is_valid_on(today)
    ]
    DossierDocument.objects.bulk_create(
        [DossierDocument(dossier=dossier, document=d) for d in reusable]
    )
    audit_log(
        actor=actor,
        action="registry.dossier.created",
        obj=dossier,
        new={**snapshot(dossier), "documents": [d.pk for d in reusable]},
    )
    return dossier


def _ensure_editable(dossier: Dossier) -> None:
    if dossier.status not in lifecycle.DOSSIER_EDITABLE:
        raise DomainError(_("This dossier can no longer be changed."))


@transaction.atomic
def dossier_attach(
    *, actor, dossier: Dossier, document: Document, criterion_code: str = "", note: str = ""
) -> DossierDocument:
    rights.require_product(actor, dossier.product, MANAGE_REGISTRY)
    _ensure_editable(dossier)
    if document.producer_id != dossier.product.producer_id:
        raise DomainError(_("Only the producer's own documents can be attached."), field="document")
    if not document.is_valid_on(timezone.localdate()):
        raise DomainError(
            _("The document “%(title)s” is archived or expired.") % {"title": document.title},
            field="document",
        )
    link, created = DossierDocument.objects.get_or_create(
        dossier=dossier,
        document=document,
        defaults={"criterion_code": criterion_code, "note": note},
    )
    if created:
        audit_log(
            actor=actor,
            action="registry.dossier.document_attached",
            obj=dossier,
            new={"document": document.pk, "criterion_code": criterion_code},
        )
    return link


@transaction.atomic
def dossier_detach(*, actor, dossier: Dossier, document: Document) -> None:
    rights.require_product(actor, dossier.product, MANAGE_REGISTRY)
    _ensure_editable(dossier)
    deleted, _count = DossierDocument.objects.filter(dossier=dossier, document=document).delete()
    if deleted:
        audit_log(
            actor=actor,
            action="registry.dossier.document_detached",
            obj=dossier,
            old={"document": document.pk},
        )


def _move_dossier(actor, dossier: Dossier, to: str, action: str, note: str = "", **extra):
    lifecycle.check_dossier_move(dossier.status, to)
    old = {"status": dossier.status}
    dossier.status = to
    for name, value in extra.items():
        setattr(dossier, name, value)
    dossier.save()
    audit_log(
        actor=actor,
        action=action,
        obj=dossier,
        old=old,
        new={"status": to, **{k: v for k, v in extra.items() if k != "reviewed_by"}},
        note=note,
    )
    return dossier


@transaction.atomic
def dossier_submit(*, actor, dossier: Dossier) -> Dossier:
    """The producer files the dossier with the commune."""
    product = dossier.product
    rights.require_product(actor, product, SUBMIT_DOSSIER)
    _ensure_not_archived(product)
    if not product.product_set_id:
        raise DomainError(_("Choose the product set before submitting."), field="product_set")
    today = timezone.localdate()
    documents = list(dossier.documents.all())
    if not documents:
        raise DomainError(_("Attach at least one document before submitting."), field="documents")
    stale = [d.title for d in documents if not d.is_valid_on(today)]
    if stale:
        raise DomainError(
            _("These documents are archived or expired: %(titles)s.")
            % {"titles": ", ".join(stale)},
            field="documents",
        )
    _move_dossier(
        actor,
        dossier,
        DossierStatus.SUBMITTED,
        "registry.dossier.submitted",
        submitted_at=timezone.now(),
    )
    if product.status in (ProductStatus.DRAFT, ProductStatus.EXPIRED):
        product_move(actor=actor, product=product, to=ProductStatus.SUBMITTED)
    return dossier


@transaction.atomic
def dossier_move(*, actor, dossier: Dossier, to: str, note: str = "") -> Dossier:
    """Move a forwarded dossier on (into evaluation, closed). Called by the evaluation services,
    which check the actor's rights; the commune's own moves go through ``dossier_review``."""
    if to not in (DossierStatus.IN_EVALUATION, DossierStatus.CLOSED, DossierStatus.RETURNED):
        raise DomainError(_("Use the submission or the commune review for this step."))
    return _move_dossier(actor, dossier, to, f"registry.dossier.{to}", note=note)


@transaction.atomic
def dossier_review(
    *, actor, dossier: Dossier, answers: dict, forward: bool, reason: str = ""
) -> Dossier:
    """The commune's preliminary review: each topic yes/no with a note, then forward to the
    province (every topic must be met) or return to the producer with a reason."""
    product = dossier.product
    rights.require_product(actor, product, REVIEW_DOSSIER)
    if dossier.status != DossierStatus.SUBMITTED:
        raise DomainError(_("Only a submitted dossier can be reviewed."), code="illegal_transition")
    review = {}
    for key, label in REVIEW_TOPICS:
        answer = answers.get(key) or {}
        if answer.get("ok") is None:
            raise DomainError(_("Answer “%(topic)s”.") % {"topic": label}, field=f"{key}_ok")
        review[key] = {"ok": bool(answer["ok"]), "note": (answer.get("note") or "").strip()}
    reason = (reason or "").strip()
    if forward and not all(item["ok"] for item in review.values()):
        raise DomainError(
            _("A dossier can be forwarded only when every topic is met; return it instead."),
            field="decision",
        )
    if not forward and not reason:
        raise DomainError(_("Give the reason for returning the dossier."), field="reason")
    now = timezone.now()
    review.update(
        {"decision": "forward" if forward else "return", "reason": reason, "at": now.isoformat()}
    )
    if forward:
        _move_dossier(
            actor,
            dossier,
            DossierStatus.FORWARDED,
            "registry.dossier.forwarded",
            commune_review=review,
            reviewed_by=actor,
            forwarded_at=now,
        )
        if product.status == ProductStatus.SUBMITTED:
            product_move(actor=actor, product=product, to=ProductStatus.UNDER_REVIEW)
    else:
        _move_dossier(
            actor,
            dossier,
            DossierStatus.RETURNED,
            "registry.dossier.returned",
            commune_review=review,
            reviewed_by=actor,
        )
        if product.status == ProductStatus.SUBMITTED:
            product_move(actor=actor, product=product, to=ProductStatus.DRAFT, note=reason)
    return dossier
