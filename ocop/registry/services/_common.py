"""Helpers shared by the registry services: field checks, the province above a unit, refusals
of archived records and of unit changes outside a relocation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.core.audit import audit_changes, snapshot
from ocop.core.exceptions import DomainError
from ocop.geo.models import AdminUnit, Level


def validate(field: str, validator, value):
    try:
        return validator(value)
    except ValidationError as error:
        raise DomainError(error.messages[0], field=field) from error


def required(field: str, value, label) -> None:
    if value in (None, ""):
        raise DomainError(_("“%(field)s” is required.") % {"field": label}, field=field)


def province_of(unit: AdminUnit) -> AdminUnit:
    """The province-level unit above ``unit`` (in the same structure)."""
    era, code = unit.path.strip("/").split("/")[:2]
    return AdminUnit.objects.get(path=f"/{era}/{code}/")


def ensure_not_archived(obj) -> None:
    if obj.archived_at is not None:
        raise DomainError(_("This record is archived and can no longer be changed."))


def refuse_unit_change(record, fields: dict, unit_fields) -> None:
    """An edit keeps the record where it is: a new value for a unit field (commune, origin,
    province) is refused, naming the field; moving a record is a relocation."""
    for name in unit_fields:
        if name in fields and fields[name] != getattr(record, name):
            raise DomainError(
                _(
                    "“%(field)s” cannot be changed by an edit; an officer covering both units "
                    "relocates the record instead."
                )
                % {"field": record._meta.get_field(name).verbose_name},
                field=name,
            )


def relocate(stored, *, actor, unit_field: str, unit, reason: str, action: str):
    """Move ``stored`` (the record as read from the database, the actor's rights on both units
    already checked) to the commune ``unit``: its province follows; old and new are audited
    with the reason."""
    ensure_not_archived(stored)
    reason = _relocation_checks(unit, getattr(stored, unit_field), reason)
    before = snapshot(stored)
    setattr(stored, unit_field, unit)
    stored.province = province_of(unit)
    stored.save(update_fields=[unit_field, "province", "updated_at"])
    audit_changes(actor=actor, action=action, obj=stored, before=before, note=reason)
    return stored


def _relocation_checks(unit, current, reason: str) -> str:
    """The destination is a commune other than ``current``; the reason is given. Returns the
    tidied reason."""
    if unit is None or unit.level != Level.COMMUNE:
        raise DomainError(_("Choose the commune to move the record to."), field="unit")
    if unit == current:
        raise DomainError(
            _("The record is already under %(unit)s.") % {"unit": unit.full_name}, field="unit"
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the move."), field="reason")
    return reason
