"""Trade fairs: create and correct an event, move it along its lifecycle, enter products and
record what they sold."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.audit import audit_changes, audit_log, snapshot
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.core.text import nfc
from ocop.geo.in_force import levels_in_force, units_in_force
from ocop.outreach import lifecycle, rights
from ocop.outreach.models import Fair, FairLevel, FairStatus, Participation

FAIR_FIELDS = (
    "name",
    "organiser",
    "level",
    "starts_on",
    "ends_on",
    "place",
    "place_unit",
    "description",
    "is_public",
)
TEXT_FIELDS = ("name", "organiser", "place")


def _check_fields(fields: dict) -> dict:
    clean = {key: fields[key] for key in FAIR_FIELDS if key in fields}
    for key in TEXT_FIELDS:
        if key in clean:
            clean[key] = nfc(clean[key])
            if not clean[key]:
                raise DomainError(_("This field is required."), field=key)
    starts, ends = clean.get("starts_on"), clean.get("ends_on")
    if starts and ends and ends < starts:
        raise DomainError(_("The last day comes before the first day."), field="ends_on")
    place_unit = clean.get("place_unit")
    if place_unit is not None and starts is not None:
        in_force = units_in_force(starts, levels=levels_in_force(starts))
        if not in_force.filter(pk=place_unit.pk).exists():
            raise DomainError(
                _("This unit was not in force on the first day of the event."), field="place_unit"
            )
    return clean


@transaction.atomic
def fair_create(*, actor, unit, fields: dict) -> Fair:
    """A new event run by the office of ``unit`` (a 2025 province; ``None``: the central
    office, for a central event)."""
    if not rights.may_run_fairs_in(actor, unit):
        raise PermissionDeniedError(_("You may not run events for this unit."))
    clean = _check_fields(fields)
    for key in ("name", "organiser", "level", "starts_on", "ends_on", "place"):
        if not clean.get(key):
            raise DomainError(_("This field is required."), field=key)
    if (clean["level"] == FairLevel.CENTRAL) != (unit is None):
        raise DomainError(
            _("A central event is run by the central office; any other by a province."),
            field="level",
        )
    fair = Fair.objects.create(unit=unit, created_by=actor, **clean)
    audit_log(actor=actor, action="outreach.fair.created", obj=fair, new=snapshot(fair))
    return fair


def _stored(fair: Fair) -> Fair:
    return Fair.objects.select_for_update(of=("self",)).select_related("unit").get(pk=fair.pk)


@transaction.atomic
def fair_update(*, actor, fair: Fair, fields: dict) -> Fair:
    """Correct an event not yet reported; its level and office stay."""
    fair = _stored(fair)
    rights.require_fair(actor, fair)
    if fair.status not in lifecycle.FAIR_EDITABLE:
        raise DomainError(_("This event can no longer be changed."))
    clean = _check_fields(
        {"starts_on": fair.starts_on, "ends_on": fair.ends_on}
        | {k: v for k, v in fields.items() if k != "level"}
    )
    before = snapshot(fair)
    for key, value in clean.items():
        setattr(fair, key, value)
    fair.save()
    audit_changes(actor=actor, action="outreach.fair.updated", obj=fair, before=before)
    return fair


def _move(actor, fair: Fair, target: str, action: str, note: str = "") -> Fair:
    fair = _stored(fair)
    rights.require_fair(actor, fair)
    lifecycle.check_fair_move(fair.status, target)
    if target == FairStatus.HELD and fair.starts_on > timezone.localdate():
        raise DomainError(_("An event can be marked as held from its first day."))
    old = fair.status
    fair.status = target
    fair.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor, action=action, obj=fair, old={"status": old}, new={"status": target}, note=note
    )
    return fair


@transaction.atomic
def fair_open(*, actor, fair: Fair) -> Fair:
    """Open the event to registration: producers and offices may enter their products."""
    return _move(actor, fair, FairStatus.OPEN, "outreach.fair.opened")


@transaction.atomic
def fair_hold(*, actor, fair: Fair) -> Fair:
    """The event took place: registration closes, results may be recorded."""
    return _move(actor, fair, FairStatus.HELD, "outreach.fair.held")


@transaction.atomic
def fair_report(*, actor, fair: Fair) -> Fair:
    """The results are complete and shown as final."""
    return _move(actor, fair, FairStatus.REPORTED, "outreach.fair.reported")


@transaction.atomic
def fair_cancel(*, actor, fair: Fair, reason: str) -> Fair:
    if not nfc(reason):
        raise DomainError(_("Give the reason."), field="reason")
    return _move(actor, fair, FairStatus.CANCELLED, "outreach.fair.cancelled", note=nfc(reason))


@transaction.atomic
def participation_add(*, actor, fair: Fair, product) -> Participation:
    """Enter ``product`` (one the actor may manage in the registry) in ``fair``."""
    fair = _stored(fair)
    product = type(product).objects.select_related("product_set").get(pk=product.pk)
    if not rights.may_enter(actor, fair, product):
        raise PermissionDeniedError(_("You may not enter this product in this event."))
    if product.archived_at is not None:
        raise DomainError(_("This product is archived."), field="product")
    if fair.participations.filter(product=product).exists():
        raise DomainError(_("This product is already entered in the event."), field="product")
    entry = Participation.objects.create(
        fair=fair, product=product, producer_id=product.producer_id, entered_by=actor
    )
    audit_log(actor=actor, action="outreach.participation.added", obj=fair, new=snapshot(entry))
    return entry


@transaction.atomic
def participation_remove(*, actor, participation: Participation) -> None:
    entry = Participation.objects.select_related("product").get(pk=participation.pk)
    fair = _stored(entry.fair)
    if not rights.may_enter(actor, fair, entry.product):
        raise PermissionDeniedError(_("You may not take this product out of the event."))
    old = snapshot(entry)
    entry.delete()
    audit_log(actor=actor, action="outreach.participation.removed", obj=fair, old=old)


RESULT_FIELDS = ("sales_vnd", "contracts_signed", "contracts_value_vnd", "result_note")


@transaction.atomic
def participation_record_results(
    *, actor, participation: Participation, fields: dict
) -> Participation:
    """Record what a participant sold and signed, once the event is held."""
    entry = Participation.objects.select_for_update().get(pk=participation.pk)
    fair = _stored(entry.fair)
    rights.require_fair(actor, fair)
    if fair.status not in lifecycle.FAIR_TAKES_RESULTS:
        raise DomainError(_("Results are recorded once the event has been held."))
    before = snapshot(entry)
    for key in RESULT_FIELDS:
        if key in fields:
            value = fields[key]
            setattr(entry, key, nfc(value)[:500] if key == "result_note" else value)
    entry.save()
    audit_changes(actor=actor, action="outreach.participation.results", obj=entry, before=before)
    return entry
