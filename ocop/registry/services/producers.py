"""Producers (chủ thể OCOP): registration, correction, relocation and archiving."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.permissions import MANAGE_REGISTRY
from ocop.accounts.scope import scope_for
from ocop.core.audit import audit_changes, audit_log, snapshot
from ocop.core.exceptions import DomainError
from ocop.core.text import fold, nfc
from ocop.registry import rights, validators
from ocop.registry.models import PRODUCER_FIELDS, PRODUCER_UNIT_FIELDS, Producer
from ocop.registry.services._common import (
    ensure_not_archived,
    province_of,
    refuse_unit_change,
    relocate,
    required,
    validate,
)
from ocop.registry.taxcodes import clashes_reported, tax_code_free


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
    for key in ("name", "legal_form", "commune"):
        required(key, fields.get(key), Producer._meta.get_field(key).verbose_name)
    code = (fields.get("tax_code") or "").strip()
    if code and code != recorded_code:
        code = (
            validators.normalise_tax_code(code)
            if validators.is_valid_tax_code(code)
            else validators.normalise_registration_code(code)
        )
        validate(
            "tax_code",
            lambda v: validators.validate_producer_code(v, fields["legal_form"]),
            code,
        )
    fields["tax_code"] = code
    if fields.get("phone"):
        validate("phone", validators.validate_phone, fields["phone"])
        fields["phone"] = validators.normalise_phone(fields["phone"])
    return fields


def producer_create(*, actor, fields: dict) -> Producer:
    """Register a producer. Its tax code must be free across the country (``taxcodes``)."""
    with clashes_reported(actor):
        return _producer_create(actor=actor, fields=fields)


@transaction.atomic
def _producer_create(*, actor, fields: dict) -> Producer:
    fields = _clean_producer(fields)
    rights.require_unit(actor, fields["commune"], MANAGE_REGISTRY)
    tax_code_free(tax_code=fields["tax_code"], scope=scope_for(actor))
    producer = Producer(**fields)
    producer.name_folded = fold(producer.name)
    producer.province = province_of(producer.commune)
    producer.save()
    audit_log(actor=actor, action="registry.producer.created", obj=producer, new=snapshot(producer))
    return producer


def producer_update(*, actor, producer: Producer, fields: dict) -> Producer:
    """Correct a producer's record. Its commune stays: moving is ``producer_relocate``."""
    with clashes_reported(actor):
        return _producer_update(actor=actor, producer=producer, fields=fields)


@transaction.atomic
def _producer_update(*, actor, producer: Producer, fields: dict) -> Producer:
    rights.require_producer(actor, producer, MANAGE_REGISTRY)
    ensure_not_archived(producer)
    refuse_unit_change(producer, fields, PRODUCER_UNIT_FIELDS)
    merged = {name: getattr(producer, name) for name in PRODUCER_FIELDS}
    merged.update(fields)
    fields = _clean_producer(merged, recorded_code=producer.tax_code)
    if fields["tax_code"] != producer.tax_code:
        tax_code_free(tax_code=fields["tax_code"], scope=scope_for(actor), exclude_pk=producer.pk)
    before = snapshot(producer)
    for name, value in fields.items():
        setattr(producer, name, value)
    producer.name_folded = fold(producer.name)
    producer.save()
    audit_changes(actor=actor, action="registry.producer.updated", obj=producer, before=before)
    return producer


@transaction.atomic
def producer_relocate(*, actor, producer: Producer, unit, reason: str = "") -> Producer:
    """Move a producer to another commune (and its province). Allowed to an officer whose
    scope covers both the commune on record (read again from the database) and ``unit``."""
    stored = (
        Producer.objects.select_for_update(of=("self",))
        .select_related("commune", "province")
        .get(pk=producer.pk)
    )
    rights.require_relocate_producer(actor, stored, unit, MANAGE_REGISTRY)
    return relocate(
        stored,
        actor=actor,
        unit_field="commune",
        unit=unit,
        reason=reason,
        action="registry.producer.relocated",
    )


@transaction.atomic
def producer_archive(*, actor, producer: Producer) -> Producer:
    rights.require_producer(actor, producer, MANAGE_REGISTRY)
    ensure_not_archived(producer)
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
