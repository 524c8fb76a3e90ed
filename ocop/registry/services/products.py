"""Products: registration, correction, relocation, photos, archiving and lifecycle moves."""

from __future__ import annotations

from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.permissions import MANAGE_REGISTRY
from ocop.core.audit import audit_changes, audit_log, snapshot
from ocop.core.exceptions import DomainError
from ocop.core.text import fold, nfc
from ocop.registry import lifecycle, rights, validators
from ocop.registry.models import (
    PRODUCT_FIELDS,
    PRODUCT_UNIT_FIELDS,
    DossierStatus,
    Producer,
    Product,
    ProductPhoto,
    ProductStatus,
)
from ocop.registry.services._common import (
    ensure_not_archived,
    province_of,
    refuse_unit_change,
    relocate,
    required,
    validate,
)


def _clean_product(fields: dict) -> dict:
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    fields = dict(fields)
    if "name" in fields:
        fields["name"] = nfc(fields["name"])
    required("name", fields.get("name"), Product._meta.get_field("name").verbose_name)
    gtin = (fields.get("gtin") or "").strip()
    if gtin:
        validate("gtin", validators.validate_gtin, gtin)
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
    ensure_not_archived(producer)
    fields = _clean_product(fields)
    product = Product(producer=producer, created_by=actor, **fields)
    _place_product(product)
    rights.require_product(actor, product, MANAGE_REGISTRY)
    product.save()
    audit_log(actor=actor, action="registry.product.created", obj=product, new=snapshot(product))
    return product


@transaction.atomic
def product_update(*, actor, product: Product, fields: dict) -> Product:
    """Correct a product's record. Its origin stays: moving is ``product_relocate``."""
    rights.require_product(actor, product, MANAGE_REGISTRY)
    ensure_not_archived(product)
    refuse_unit_change(product, fields, PRODUCT_UNIT_FIELDS)
    merged = {name: getattr(product, name) for name in PRODUCT_FIELDS}
    merged.update(fields)
    fields = _clean_product(merged)
    before = snapshot(product)
    for name, value in fields.items():
        setattr(product, name, value)
    product.name_folded = fold(product.name)
    # the new product set must be within the actor's reach as well
    rights.require_product(actor, product, MANAGE_REGISTRY)
    product.save()
    audit_changes(actor=actor, action="registry.product.updated", obj=product, before=before)
    return product


@transaction.atomic
def product_relocate(*, actor, product: Product, unit, reason: str = "") -> Product:
    """Move a product to another commune of origin (and its province). Allowed to an officer
    whose scope covers both the unit on record (read again from the database) and ``unit``."""
    stored = (
        Product.objects.select_for_update(of=("self",))
        .select_related("origin_unit", "province", "product_set")
        .get(pk=product.pk)
    )
    rights.require_relocate_product(actor, stored, unit, MANAGE_REGISTRY)
    return relocate(
        stored,
        actor=actor,
        unit_field="origin_unit",
        unit=unit,
        reason=reason,
        action="registry.product.relocated",
    )


@transaction.atomic
def product_archive(*, actor, product: Product) -> Product:
    rights.require_product(actor, product, MANAGE_REGISTRY)
    ensure_not_archived(product)
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


@transaction.atomic
def product_photo_add(
    *, actor, product: Product, image, caption: str = "", is_public: bool = True
) -> ProductPhoto:
    """Add a photo (JPG, PNG or WEBP) to a product; public ones show in the catalogue once the
    product is recognised."""
    rights.require_product(actor, product, MANAGE_REGISTRY)
    ensure_not_archived(product)
    required("image", image, ProductPhoto._meta.get_field("image").verbose_name)
    validate(
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
