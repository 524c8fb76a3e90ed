"""Reads of funding sources and allocations, what became of the supported products, and the
``support_allocations`` measure."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from ocop.accounts.scope import unit_q
from ocop.certificates.models import Certificate
from ocop.evaluation.models import Result
from ocop.programme.models import AllocationStatus, FundingSource, SupportAllocation
from ocop.programme.officers import visible_q
from ocop.programme.selectors.training import count_under
from ocop.registry.models import Producer, Product

# what a recognised outcome needs (3 stars and more are recognised)
RECOGNISED_STARS = 3


def sources_visible_to(user) -> QuerySet[FundingSource]:
    return (
        FundingSource.objects.filter(visible_q(user, "unit__"))
        .select_related("unit")
        .annotate(
            allocated=Sum(
                "allocations__amount", filter=~Q(allocations__status=AllocationStatus.CANCELLED)
            )
        )
    )


def allocations_visible_to(user) -> QuerySet[SupportAllocation]:
    """Allocations to producers in the user's scope (a producer's unit: its commune, else its
    province)."""
    return SupportAllocation.objects.filter(
        visible_q(user, "producer__commune__", "producer__province__")
    ).select_related("source", "producer", "product")


def producers_for_support(source: FundingSource) -> QuerySet[Producer]:
    return Producer.objects.filter(
        unit_q([source.unit.path], "commune__", "province__"), archived_at__isnull=True
    )


@dataclass(frozen=True)
class Outcome:
    """A supported product's next evaluation after the support began."""

    product_id: int
    day: datetime.date
    score: object  # Decimal or None (an imported certificate may carry no score)
    stars: int

    @property
    def recognised(self) -> bool:
        return self.stars >= RECOGNISED_STARS


def outcomes(allocations: Iterable[SupportAllocation]) -> dict[int, Outcome | None]:
    """For each allocation, the first evaluation of its product (or, for support to a
    producer, of any of the producer's products) on or after its start: the final result of a
    council, else a certificate recorded without one. Two queries for any number of rows."""
    allocations = list(allocations)
    product_ids = {a.product_id for a in allocations if a.product_id}
    producer_ids = {a.producer_id for a in allocations if not a.product_id}
    if producer_ids:
        product_ids |= set(
            Product.objects.filter(producer_id__in=producer_ids).values_list("pk", flat=True)
        )
    events: dict[int, list[Outcome]] = {}
    results = Result.objects.filter(final=True, enrolment__product_id__in=product_ids)
    for product_id, at, total, stars in results.values_list(
        "enrolment__product_id", "finalised_at", "total", "stars"
    ):
        if at is not None:
            day = timezone.localdate(at) if timezone.is_aware(at) else at.date()
            events.setdefault(product_id, []).append(Outcome(product_id, day, total, stars))
    certs = Certificate.objects.filter(product_id__in=product_ids, result__isnull=True)
    for product_id, day, score, stars in certs.values_list(
        "product_id", "issued_on", "score", "stars"
    ):
        events.setdefault(product_id, []).append(Outcome(product_id, day, score, stars))
    by_producer: dict[int, list[int]] = {}
    if producer_ids:
        for pk, producer_id in Product.objects.filter(producer_id__in=producer_ids).values_list(
            "pk", "producer_id"
        ):
            by_producer.setdefault(producer_id, []).append(pk)
    found: dict[int, Outcome | None] = {}
    for a in allocations:
        ids = [a.product_id] if a.product_id else by_producer.get(a.producer_id, [])
        later = [e for pid in ids for e in events.get(pid, []) if e.day >= a.starts_on]
        found[a.pk] = min(later, key=lambda e: (e.day, -e.stars)) if later else None
    return found


@dataclass
class SourceSummary:
    source: FundingSource
    rows: list  # (allocation, outcome)
    amount: int
    recognised: int  # products that reached 3 stars or more afterwards


def source_summary(source: FundingSource, allocations: QuerySet[SupportAllocation]):
    """One source's table: its allocations (not cancelled) with what became of each."""
    rows = list(allocations.filter(source=source).order_by("starts_on", "pk"))
    found = outcomes(rows)
    live = [a for a in rows if a.status != AllocationStatus.CANCELLED]
    reached = {found[a.pk].product_id for a in live if found[a.pk] and found[a.pk].recognised}
    return SourceSummary(
        source=source,
        rows=[(a, found[a.pk]) for a in rows],
        amount=sum(a.amount for a in live),
        recognised=len(reached),
    )


def _allocation_unit_rows(qs):
    for p_path, p_current, c_path, c_current, v_path, v_current in qs.values_list(
        "product__origin_unit__path",
        "product__origin_unit__current_path",
        "producer__commune__path",
        "producer__commune__current_path",
        "producer__province__path",
        "producer__province__current_path",
    ):
        if p_path:
            yield p_path, p_current
        elif c_path:
            yield c_path, c_current
        else:
            yield v_path, v_current


def count_support_allocations(year: int, units: Iterable, on: datetime.date) -> dict[int, int]:
    """Allocations (not cancelled) that started in ``year`` up to ``on``, to products (by their
    origin commune) or producers (by their commune) in or below each unit: one query."""
    qs = SupportAllocation.objects.filter(starts_on__year=year, starts_on__lte=on).exclude(
        status=AllocationStatus.CANCELLED
    )
    return count_under(units, _allocation_unit_rows(qs))
