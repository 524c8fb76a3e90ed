"""Reads that encode who may see what. Lists filter through these; detail pages fetch through
them, so a record outside the user's scope answers 404 (the same as a missing one)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from ocop.accounts.scope import scope_for, unit_q
from ocop.core.search import search_terms
from ocop.registry.models import Document, Dossier, Producer, Product, ProductStatus


def _assigned_product_ids(user_id: int):
    from ocop.evaluation.models import Assignment

    return Assignment.objects.filter(member__user_id=user_id).values("enrolment__product_id")


def producers_visible_to(user) -> QuerySet[Producer]:
    qs = Producer.objects.select_related("province", "commune")
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = unit_q(scope.unit_paths, "commune__", "province__")
    if scope.producer_ids:
        q |= Q(pk__in=scope.producer_ids)
    if scope.council_user_id:
        q |= Q(products__in=_assigned_product_ids(scope.council_user_id))
        return qs.filter(q).distinct()
    return qs.filter(q)


def products_visible_to(user) -> QuerySet[Product]:
    qs = Product.objects.select_related("producer", "province", "origin_unit", "product_set")
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = unit_q(scope.unit_paths, "origin_unit__", "province__")
    if scope.producer_ids:
        q |= Q(producer_id__in=scope.producer_ids)
    if scope.council_user_id:
        q |= Q(pk__in=_assigned_product_ids(scope.council_user_id))
    return qs.filter(q)


def documents_visible_to(user) -> QuerySet[Document]:
    qs = Document.objects.select_related("producer")
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = unit_q(scope.unit_paths, "producer__commune__", "producer__province__")
    if scope.producer_ids:
        q |= Q(producer_id__in=scope.producer_ids)
    if scope.council_user_id:
        q |= Q(
            pk__in=Dossier.documents.through.objects.filter(
                dossier__product_id__in=_assigned_product_ids(scope.council_user_id)
            ).values("document_id")
        )
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


def public_catalogue(*, query: str = "", stars=None, province=None, set_number=None):
    """Recognised products, for everyone. ``province`` is a province-level unit of either
    structure: a 2025 province also lists products recorded under the provinces it absorbed."""
    qs = Product.objects.filter(status=ProductStatus.RECOGNISED, archived_at__isnull=True)
    qs = qs.select_related("producer", "province", "origin_unit", "product_set")
    if query:
        qs = search_filter(qs, query)
    if stars and str(stars).isdigit():
        qs = qs.filter(stars=int(stars))
    if province is not None:
        qs = qs.filter(unit_q([province.path], "province__"))
    if set_number and str(set_number).isdigit():
        qs = qs.filter(product_set__number=int(set_number))
    return qs.order_by("-stars", "name", "pk")


def public_counts() -> dict:
    agg = Product.objects.filter(
        status=ProductStatus.RECOGNISED, archived_at__isnull=True
    ).aggregate(
        products=Count("pk"),
        producers=Count("producer", distinct=True),
        s3=Count("pk", filter=Q(stars=3)),
        s4=Count("pk", filter=Q(stars=4)),
        s5=Count("pk", filter=Q(stars=5)),
    )
    return agg
