"""Reads that encode who sees which fairs and posts. A public list reads through the
``public_*`` selectors; a management page through ``*_visible_to`` (404 outside it)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.scope import active_roles, scope_for, unit_q
from ocop.certificates.selectors import recognised_product_ids
from ocop.geo.display import attach_current
from ocop.outreach.models import Fair, FairStatus, Participation, Post, PostStatus
from ocop.outreach.rights import home_provinces, is_central
from ocop.registry.selectors import products_changeable_by

# --------------------------------------------------------------------------- fairs


def public_fairs() -> QuerySet[Fair]:
    """Events anyone may see: public and not cancelled."""
    return (
        Fair.objects.filter(is_public=True)
        .exclude(status=FairStatus.CANCELLED)
        .select_related("unit", "place_unit")
    )


def upcoming_fairs(today: datetime.date | None = None) -> QuerySet[Fair]:
    day = today or timezone.localdate()
    return public_fairs().filter(ends_on__gte=day).order_by("starts_on", "name")


def past_fairs(today: datetime.date | None = None) -> QuerySet[Fair]:
    day = today or timezone.localdate()
    return public_fairs().filter(ends_on__lt=day).order_by("-starts_on", "name")


def fairs_visible_to(user) -> QuerySet[Fair]:
    """Public events, and every event of the provinces of the user's officer roles."""
    qs = Fair.objects.select_related("unit", "place_unit")
    if scope_for(user).everything:
        return qs
    return qs.filter(Q(is_public=True) | Q(unit__path__in=home_provinces(user)))


def public_participants(fair: Fair) -> QuerySet[Participation]:
    """Who took part, as the public sees it: products recognised on the event's first day (or
    today, for an event still to come), with their producers."""
    day = min(fair.starts_on, timezone.localdate())
    return (
        fair.participations.filter(
            product__archived_at__isnull=True, product_id__in=recognised_product_ids(day)
        )
        .select_related("producer", "product")
        .order_by("producer__name", "product__name")
    )


def fair_totals(participations: QuerySet[Participation]) -> dict:
    """Sales, contracts and their value summed over ``participations`` (one query)."""
    return participations.aggregate(
        sales=Sum("sales_vnd"),
        contracts=Sum("contracts_signed"),
        contracts_value=Sum("contracts_value_vnd"),
        producers=Count("producer", distinct=True),
    )


def fairs_for_product(product) -> list[Participation]:
    """The public events ``product`` took part in, latest first, each participation with its
    fair (one query): what the product page shows."""
    return list(
        Participation.objects.filter(product=product, fair__is_public=True)
        .exclude(fair__status=FairStatus.CANCELLED)
        .select_related("fair", "fair__place_unit")
        .order_by("-fair__starts_on")
    )


def enterable_products(user, fair: Fair):
    """Products ``user`` may enter in ``fair``: those they may change in the registry, not
    archived and not already entered (the service checks each again)."""
    scope = scope_for(user)
    products = products_changeable_by(user)
    if scope.producer_ids:
        products = products | products.model.objects.filter(producer_id__in=scope.producer_ids)
    return (
        products.filter(archived_at__isnull=True)
        .exclude(fair_entries__fair=fair)
        .select_related("producer")
        .order_by("producer__name", "name")
    )


# --------------------------------------------------------------------------- posts


def public_posts() -> QuerySet[Post]:
    return Post.objects.filter(status=PostStatus.PUBLISHED).select_related("author_unit")


def public_post_products(post: Post):
    """The linked products the public may open: recognised today."""
    return post.products.filter(archived_at__isnull=True, pk__in=recognised_product_ids()).order_by(
        "name"
    )


def linked_units(post: Post) -> list:
    """The post's linked units, with the units covering former ones looked up at once."""
    units = list(post.units.order_by("path"))
    attach_current(units)
    return units


def posts_visible_to(user) -> QuerySet[Post]:
    """The posts of the units in the user's scope, and their own."""
    qs = Post.objects.select_related("author_unit", "author")
    scope = scope_for(user)
    if scope.everything:
        return qs
    return qs.filter(Q(author_id=user.pk) | unit_q(scope.unit_paths, "author_unit__"))


def posts_to_review(user) -> QuerySet[Post]:
    """Posts waiting for a review the user may give (not their own)."""
    qs = Post.objects.filter(status=PostStatus.SUBMITTED).exclude(author_id=user.pk)
    if is_central(user):
        return qs
    paths = [
        ra.unit.path for ra in active_roles(user) if ra.role == Role.PROVINCE_OFFICE and ra.unit
    ]
    return qs.filter(unit_q(paths, "author_unit__"))


def posts_about(posts: QuerySet[Post], province) -> QuerySet[Post]:
    """Posts written in ``province`` or linked to a unit in it (either structure)."""
    inside = unit_q([province.path], "author_unit__")
    linked = Post.objects.filter(unit_q([province.path], "units__")).values("pk")
    return posts.filter(inside | Q(pk__in=linked))
