"""Audit every state change in the same transaction as the change itself."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from ocop.core.models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):  # the stored name; an empty file field is None
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys as ids), for old/new audit values."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        out[field.attname] = _jsonable(getattr(obj, field.attname))
    return out


def diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new.get(k) for k in keys}


def audit_log(
    *,
    actor,
    action: str,
    obj: models.Model | None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Record ``action`` (e.g. ``registry.product.submitted``) on ``obj`` by ``actor``.

    ``obj`` is ``None`` only for events about no stored record (a login with an unknown name)."""
    return AuditEvent.objects.create(
        actor=actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        old=_jsonable(old) if old is not None else None,
        new=_jsonable(new) if new is not None else None,
        note=note,
    )


def audit_changes(
    *, actor, action: str, obj: models.Model, before: dict[str, Any], note: str = ""
) -> AuditEvent | None:
    """Audit what changed on ``obj`` since ``before`` (a ``snapshot`` taken before the change):
    only the changed values, old and new; nothing when nothing changed. The row's own
    ``updated_at`` stamp is not a change."""
    after = snapshot(obj)
    after.pop("updated_at", None)
    old, new = diff(before, after)
    if not new:
        return None
    return audit_log(actor=actor, action=action, obj=obj, old=old, new=new, note=note)


def history_for(obj: models.Model):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
