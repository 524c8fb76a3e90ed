"""Who may act (not just read) on a registry record.

Reading follows ``selectors``; acting needs a capability held through a role that covers the
record:

- a unit role (provincial office, district or commune officer) acts on records whose unit lies
  under its unit (in the old or the new structure);
- a sector department acts, within its unit, only on products of its product sets, and on
  producers and documents of producers that have such a product;
- a producer user acts only on its own producer's records;
- a superuser acts everywhere.

Moving a record to another unit (relocation) needs more: an officer's role (not a producer's)
covering both the unit the record is stored under and the destination.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.permissions import CAPABILITIES
from ocop.accounts.scope import active_roles, covers
from ocop.core.exceptions import PermissionDeniedError


def _roles_with(user, capability: str):
    return [ra for ra in active_roles(user) if capability in CAPABILITIES.get(ra.role, ())]


def _is_super(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def may_act_on_product(user, product, capability: str) -> bool:
    if _is_super(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    unit = product.origin_unit or product.province
    set_number = product.product_set.number if product.product_set_id else None
    for ra in _roles_with(user, capability):
        if ra.role == Role.PRODUCER:
            if ra.producer_id and ra.producer_id == product.producer_id:
                return True
        elif ra.role == Role.DEPARTMENT:
            sets = {int(n) for n in ra.product_sets or []}
            if covers(ra, unit) and set_number in sets:
                return True
        elif covers(ra, unit):
            return True
    return False


def may_act_on_producer(user, producer, capability: str) -> bool:
    if _is_super(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    unit = producer.commune or producer.province
    for ra in _roles_with(user, capability):
        if ra.role == Role.PRODUCER:
            if ra.producer_id and ra.producer_id == producer.pk:
                return True
        elif ra.role == Role.DEPARTMENT:
            sets = [int(n) for n in ra.product_sets or []]
            if covers(ra, unit) and producer.products.filter(product_set__number__in=sets).exists():
                return True
        elif covers(ra, unit):
            return True
    return False


def may_act_in_unit(user, unit, capability: str) -> bool:
    """Creating a producer in ``unit`` (departments register producers in their unit too)."""
    if _is_super(user):
        return True
    return any(
        ra.role != Role.PRODUCER and covers(ra, unit) for ra in _roles_with(user, capability)
    )


def may_relocate_product(user, product, capability: str, to=None) -> bool:
    """``product`` is the record as stored; ``to`` the destination (None: any unit in reach)."""
    return (
        may_act_on_product(user, product, capability)
        and may_act_in_unit(user, product.origin_unit or product.province, capability)
        and (to is None or may_act_in_unit(user, to, capability))
    )


def may_relocate_producer(user, producer, capability: str, to=None) -> bool:
    """``producer`` is the record as stored; ``to`` the destination (None: any unit in reach)."""
    return (
        may_act_on_producer(user, producer, capability)
        and may_act_in_unit(user, producer.scope_unit, capability)
        and (to is None or may_act_in_unit(user, to, capability))
    )


def _refuse():
    raise PermissionDeniedError(_("You may not act on this record."))


def require_product(user, product, capability: str) -> None:
    if not may_act_on_product(user, product, capability):
        _refuse()


def require_producer(user, producer, capability: str) -> None:
    if not may_act_on_producer(user, producer, capability):
        _refuse()


def require_unit(user, unit, capability: str) -> None:
    if not may_act_in_unit(user, unit, capability):
        _refuse()


def require_relocate_product(user, product, to, capability: str) -> None:
    if not may_relocate_product(user, product, capability, to):
        _refuse()


def require_relocate_producer(user, producer, to, capability: str) -> None:
    if not may_relocate_producer(user, producer, capability, to):
        _refuse()
