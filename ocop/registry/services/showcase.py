"""What a product shows the public: the order and visibility of its photos, and where to buy
it (nơi bán: shops, online marketplaces, fair stalls). The producer keeps both, as do the
officers whose scope covers the product."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.permissions import MANAGE_REGISTRY
from ocop.core.audit import audit_log, snapshot
from ocop.core.exceptions import DomainError
from ocop.core.text import nfc
from ocop.registry import rights
from ocop.registry.models import OUTLET_FIELDS, OutletKind, Product, ProductOutlet, ProductPhoto
from ocop.registry.services._common import ensure_not_archived, required

UP, DOWN = "up", "down"

_public_url = URLValidator(schemes=["http", "https"])


def _guard(actor, product: Product) -> None:
    """The actor may change the product as stored (not as the caller holds it)."""
    stored = Product.objects.select_related("origin_unit", "province").get(pk=product.pk)
    rights.require_product(actor, stored, MANAGE_REGISTRY)
    ensure_not_archived(stored)


def _reorder(items, item, direction: str) -> bool:
    """Swap ``item`` with its neighbour in ``direction`` within ``items`` (the product's photos
    or outlets, in display order); positions become 0..n-1. Returns whether it moved."""
    if direction not in (UP, DOWN):
        raise DomainError(_("Unknown direction."), field="direction")
    rows = list(items.select_for_update())
    index = next(i for i, row in enumerate(rows) if row.pk == item.pk)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    changed = []
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            changed.append(row)
    type(item).objects.bulk_update(changed, ["position"])
    return True


def _move(actor, item, siblings, direction: str, action: str):
    """Move ``item`` (a photo or an outlet) one place in ``siblings``, audited on the product."""
    _guard(actor, item.product)
    if _reorder(siblings.order_by("position", "id"), item, direction):
        audit_log(
            actor=actor,
            action=action,
            obj=item.product,
            new={"item": item.pk, "direction": direction},
        )
    return item


def _flag(actor, item, field: str, value: bool, action: str):
    """Set the boolean ``field`` (public, hidden) of ``item``, audited on the product."""
    _guard(actor, item.product)
    if getattr(item, field) != value:
        setattr(item, field, value)
        item.save(update_fields=[field, "updated_at"])
        audit_log(
            actor=actor,
            action=action,
            obj=item.product,
            old={"item": item.pk, field: not value},
            new={"item": item.pk, field: value},
        )
    return item


# --------------------------------------------------------------------------- photos


@transaction.atomic
def product_photo_move(*, actor, photo: ProductPhoto, direction: str) -> ProductPhoto:
    """Move a photo one place up or down (the first public photo is the catalogue's)."""
    return _move(actor, photo, photo.product.photos, direction, "registry.product.photo_moved")


@transaction.atomic
def product_photo_publish(*, actor, photo: ProductPhoto, public: bool) -> ProductPhoto:
    """Show a photo on the public pages, or hide it (it stays in the registry)."""
    action = "registry.product.photo_published" if public else "registry.product.photo_hidden"
    return _flag(actor, photo, "is_public", public, action)


@transaction.atomic
def product_photo_remove(*, actor, photo: ProductPhoto) -> Product:
    """Remove a photo; its file is deleted once the removal is committed."""
    product = photo.product
    _guard(actor, product)
    old = snapshot(photo)
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    audit_log(actor=actor, action="registry.product.photo_removed", obj=product, old=old)
    transaction.on_commit(lambda: storage.delete(name))
    return product


# --------------------------------------------------------------------------- where to buy


def _clean_outlet(fields: dict) -> dict:
    unknown = set(fields) - set(OUTLET_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    clean = {key: nfc(fields.get(key) or "").strip() for key in OUTLET_FIELDS}
    if clean["kind"] not in OutletKind.values:
        raise DomainError(_("Choose what kind of place this is."), field="kind")
    required("name", clean["name"], ProductOutlet._meta.get_field("name").verbose_name)
    if clean["url"]:
        try:
            _public_url(clean["url"])
        except ValidationError as error:
            raise DomainError(
                _("Give a web address starting with http:// or https://."), field="url"
            ) from error
    if not clean["address"] and not clean["url"]:
        raise DomainError(_("Give an address or a web address."), field="address")
    for key in ("name", "address"):
        limit = ProductOutlet._meta.get_field(key).max_length
        clean[key] = clean[key][:limit]
    return clean


@transaction.atomic
def outlet_add(*, actor, product: Product, fields: dict) -> ProductOutlet:
    """Add a place where the product is sold, at the end of the list."""
    _guard(actor, product)
    clean = _clean_outlet(fields)
    outlet = ProductOutlet.objects.create(
        product=product, position=product.outlets.count(), **clean
    )
    audit_log(
        actor=actor, action="registry.product.outlet_added", obj=product, new=snapshot(outlet)
    )
    return outlet


@transaction.atomic
def outlet_move(*, actor, outlet: ProductOutlet, direction: str) -> ProductOutlet:
    return _move(actor, outlet, outlet.product.outlets, direction, "registry.product.outlet_moved")


@transaction.atomic
def outlet_hide(*, actor, outlet: ProductOutlet, hidden: bool) -> ProductOutlet:
    """Take a place off the public page (``hidden``), or show it again."""
    action = "registry.product.outlet_hidden" if hidden else "registry.product.outlet_shown"
    return _flag(actor, outlet, "is_hidden", hidden, action)


@transaction.atomic
def outlet_remove(*, actor, outlet: ProductOutlet) -> Product:
    product = outlet.product
    _guard(actor, product)
    old = snapshot(outlet)
    outlet.delete()
    audit_log(actor=actor, action="registry.product.outlet_removed", obj=product, old=old)
    return product
