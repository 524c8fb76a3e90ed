"""Support for promising products: funding sources and allocations with their lifecycle
(proposed -> approved -> disbursed -> completed; cancelled before completion)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ocop.accounts.scope import unit_under
from ocop.core.audit import audit_changes, audit_log, snapshot
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.core.money import vnd
from ocop.geo.models import Level
from ocop.programme.models import AllocationStatus, FundingSource, SupportAllocation
from ocop.programme.officers import may_run_province, require_act_in

S = AllocationStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({S.APPROVED, S.CANCELLED}),
    S.APPROVED: frozenset({S.DISBURSED, S.CANCELLED}),
    S.DISBURSED: frozenset({S.COMPLETED, S.CANCELLED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}
SOURCE_FIELDS = ("kind", "name", "year", "amount", "notes")


def _require_province_office(actor, unit) -> None:
    if not may_run_province(actor, unit):
        raise PermissionDeniedError(_("Only the provincial OCOP office manages funding sources."))


@transaction.atomic
def source_create(
    *, actor, kind: str, name: str, year: int, amount: int, unit, notes: str = ""
) -> FundingSource:
    if unit.level != Level.PROVINCE:
        raise DomainError(_("A funding source belongs to a province."), field="unit")
    _require_province_office(actor, unit)
    source = FundingSource.objects.create(
        kind=kind, name=name, year=year, amount=amount, unit=unit, notes=notes
    )
    audit_log(actor=actor, action="programme.source.created", obj=source, new=snapshot(source))
    return source


def _allocated(source: FundingSource, *, excluding=None) -> int:
    qs = source.allocations.exclude(status=S.CANCELLED)
    if excluding is not None:
        qs = qs.exclude(pk=excluding.pk)
    return qs.aggregate(n=Sum("amount"))["n"] or 0


@transaction.atomic
def source_update(*, actor, source: FundingSource, **fields) -> FundingSource:
    source = FundingSource.objects.select_for_update().get(pk=source.pk)
    _require_province_office(actor, source.unit)
    if set(fields) - set(SOURCE_FIELDS):
        raise ValueError("unknown fields")
    before = snapshot(source)
    for name, value in fields.items():
        setattr(source, name, value)
    if source.amount < _allocated(source):
        raise DomainError(
            _("The amount cannot be less than what is already allocated from this source."),
            field="amount",
        )
    source.save()
    audit_changes(actor=actor, action="programme.source.updated", obj=source, before=before)
    return source


@transaction.atomic
def allocation_propose(
    *,
    actor,
    source: FundingSource,
    producer,
    product=None,
    amount: int,
    purpose: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> SupportAllocation:
    """Propose support to a producer (and one of its products) of the source's province. The
    actor's officer role must cover the producer as stored; the source must reach it too."""
    source = FundingSource.objects.select_for_update().get(pk=source.pk)
    unit = producer.commune or producer.province
    require_act_in(actor, unit)
    if not unit_under(unit, source.unit.path):
        raise DomainError(
            _("This source funds only producers of its own province."), field="source"
        )
    if product is not None and product.producer_id != producer.pk:
        raise DomainError(_("The product belongs to another producer."), field="product")
    if amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The end cannot come before the start."), field="ends_on")
    if _allocated(source) + amount > source.amount:
        raise DomainError(
            _("This source has not enough left: %(left)s.")
            % {"left": vnd(source.amount - _allocated(source))},
            field="amount",
        )
    allocation = SupportAllocation.objects.create(
        source=source,
        producer=producer,
        product=product,
        amount=amount,
        purpose=purpose,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="programme.allocation.proposed",
        obj=allocation,
        new=snapshot(allocation),
    )
    return allocation


def may_move(actor, allocation: SupportAllocation, to: str) -> bool:
    """The provincial office of the source moves an allocation; its proposer may also cancel
    it while it is only proposed."""
    if may_run_province(actor, allocation.source.unit):
        return True
    return (
        to == S.CANCELLED
        and allocation.status == S.PROPOSED
        and allocation.created_by_id == getattr(actor, "pk", None)
    )


@transaction.atomic
def allocation_move(*, actor, allocation: SupportAllocation, to: str) -> SupportAllocation:
    allocation = (
        SupportAllocation.objects.select_for_update(of=("self",))
        .select_related("source__unit")
        .get(pk=allocation.pk)
    )
    if to not in TRANSITIONS.get(allocation.status, ()):
        raise TransitionError(
            _("An allocation cannot go from “%(old)s” to “%(new)s”.")
            % {"old": S(allocation.status).label, "new": S(to).label if to in S.values else to}
        )
    if not may_move(actor, allocation, to):
        raise PermissionDeniedError(_("Only the provincial OCOP office moves an allocation on."))
    old = allocation.status
    allocation.status = to
    allocation.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action=f"programme.allocation.{to}",
        obj=allocation,
        old={"status": old},
        new={"status": to},
    )
    return allocation
