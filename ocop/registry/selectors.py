"""Reads that encode who may see what. Lists filter through these; detail pages fetch through
them, so a record outside the user's scope answers 404 (the same as a missing one).

Council members see the products, dossiers and documents they score through the evaluation
pages (``ocop.evaluation.selectors.products_assigned_to``), not through the registry."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from ocop.accounts.scope import scope_for, unit_q
from ocop.core.search import search_terms
from ocop.registry.models import (
    Document,
    Dossier,
    DossierKind,
    DossierStatus,
    Producer,
    Product,
)


def producers_visible_to(user) -> QuerySet[Producer]:
    qs = Producer.objects.select_related("province", "commune")
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = unit_q(scope.unit_paths, "commune__", "province__")
    if scope.producer_ids:
        q |= Q(pk__in=scope.producer_ids)
    return qs.filter(q)


def products_visible_to(user) -> QuerySet[Product]:
    qs = Product.objects.select_related("producer", "province", "origin_unit", "product_set")
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = unit_q(scope.unit_paths, "origin_unit__", "province__")
    if scope.producer_ids:
        q |= Q(producer_id__in=scope.producer_ids)
    return qs.filter(q)


def documents_visible_to(user) -> QuerySet[Document]:
    qs = Document.objects.select_related("producer")
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = unit_q(scope.unit_paths, "producer__commune__", "producer__province__")
    if scope.producer_ids:
        q |= Q(producer_id__in=scope.producer_ids)
    return qs.filter(q)


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    return Dossier.objects.select_related("product", "product__producer", "criteria_set").filter(
        product__in=products_visible_to(user).values("pk")
    )


def search_filter(qs: QuerySet, query: str, field: str = "name_folded") -> QuerySet:
    """Search that ignores diacritics and case: every word must appear ("ruou" finds "Rượu").
    The caller has checked the text against the limits of ``ocop.core.search``."""
    for word in search_terms(query):
        qs = qs.filter(**{f"{field}__contains": word})
    return qs


def public_products():
    """Products whose public page anyone may open (not archived); which of them are
    recognised is for the certificates to say."""
    qs = Product.objects.filter(archived_at__isnull=True)
    return qs.select_related("producer", "province", "origin_unit", "product_set")


def public_producers() -> QuerySet[Producer]:
    """Producers whose public page may be opened (not archived); the page lists only their
    certified products and shows contact details only with ``contact_public``."""
    return Producer.objects.filter(archived_at__isnull=True).select_related("commune", "province")


def producers_changeable_by(user) -> QuerySet[Producer]:
    """Producers an officer may change through a bulk road (import, roll-up): those of units
    in the user's unit scope. ``None`` is the system itself (a command run by the operator)."""
    if user is None or scope_for(user).everything:
        return Producer.objects.all()
    return Producer.objects.filter(unit_q(scope_for(user).unit_paths, "commune__", "province__"))


def products_changeable_by(user) -> QuerySet[Product]:
    """Products an officer may change through a bulk road (see ``producers_changeable_by``)."""
    if user is None or scope_for(user).everything:
        return Product.objects.all()
    return Product.objects.filter(unit_q(scope_for(user).unit_paths, "origin_unit__", "province__"))


# --------------------------------------------------------------------------- work queues


def dossiers_to_review(user) -> QuerySet[Dossier]:
    """Dossiers submitted to the commune and waiting for its review, in the user's sight."""
    return dossiers_visible_to(user).filter(status=DossierStatus.SUBMITTED)


# The dossier list's status filter value (``?trang_thai=cho-dot``) for exactly the dossiers
# of ``dossiers_awaiting_round``: the dashboard's queue links there.
AWAITING_ROUND = "cho-dot"


def dossiers_awaiting_round_q() -> Q:
    """Dossiers a round may take: forwarded by the commune, or upgrade and re-evaluation
    dossiers once submitted (they skip the commune review)."""
    return Q(status=DossierStatus.FORWARDED) | Q(
        status=DossierStatus.SUBMITTED, kind__in=(DossierKind.UPGRADE, DossierKind.REEVALUATION)
    )


def dossiers_awaiting_round(user) -> QuerySet[Dossier]:
    """Dossiers in the user's sight that wait to be enrolled in a round."""
    return dossiers_visible_to(user).filter(dossiers_awaiting_round_q())


def documents_to_renew(dossier, day: datetime.date | None = None) -> list[Document]:
    """The producer's documents that have expired by ``day`` (today by default), of a type no
    valid document attached to ``dossier`` stands for: what to renew before filing it (an
    expired document is never attached when a dossier is opened)."""
    day = day or timezone.localdate()
    attached = {
        link.document.doc_type
        for link in dossier.attachments.select_related("document")
        if link.document.is_valid_on(day)
    }
    expired = Document.objects.filter(
        producer_id=dossier.product.producer_id, archived_at__isnull=True, expires_on__lt=day
    ).order_by("doc_type", "-expires_on")
    latest: dict[str, Document] = {}
    for document in expired:
        if document.doc_type not in attached:
            latest.setdefault(document.doc_type, document)
    return list(latest.values())
