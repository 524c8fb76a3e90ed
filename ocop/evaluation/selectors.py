"""Who may see which rounds, enrolments, score sheets and results.

- Officials (``view_all``) see rounds organised by a unit in their scope (central rounds need
  a whole-country scope) and every sheet of those rounds.
- A council seat shows that round: the chair and secretary see every enrolment and sheet of
  it, a plain member only the enrolments assigned to them and their own sheets.
- Producers see the enrolments and results of their own products, never a member's sheet.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ocop.accounts import permissions as perms
from ocop.accounts.scope import scope_for, unit_q
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    Enrolment,
    Result,
    Round,
    ScoreSheet,
)
from ocop.registry.selectors import products_visible_to

LEADING = (CouncilMember.Position.CHAIR, CouncilMember.Position.SECRETARY)


def _official_round_q(user) -> Q:
    if not perms.has_capability(user, perms.VIEW_ALL):
        return Q(pk__in=[])
    scope = scope_for(user)
    if scope.everything:
        return Q(pk__isnull=False)
    return unit_q(scope.unit_paths, "unit__")


def _seat_rounds(user, positions=None):
    seats = CouncilMember.objects.filter(user_id=user.pk, active=True)
    if positions:
        seats = seats.filter(position__in=positions)
    return seats.values("council__round_id")


def rounds_visible_to(user) -> QuerySet[Round]:
    qs = Round.objects.select_related("unit", "criteria_set")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(_official_round_q(user) | Q(pk__in=_seat_rounds(user)))


def rounds_managed_by(user) -> QuerySet[Round]:
    """Rounds the user may manage (create councils, enrol, assign, compute)."""
    if not perms.has_capability(user, perms.MANAGE_ROUNDS):
        return Round.objects.none()
    scope = scope_for(user)
    if scope.everything:
        return Round.objects.all()
    return Round.objects.filter(unit_q(scope.unit_paths, "unit__"))


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """Enrolments the user may open (officials, seats, and producers for their own)."""
    qs = Enrolment.objects.select_related(
        "round", "round__unit", "product", "product__producer", "product_set", "criteria_set"
    )
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    official = Q(round__in=Round.objects.filter(_official_round_q(user)).values("pk"))
    leading = Q(round_id__in=_seat_rounds(user, LEADING))
    assigned = Q(
        pk__in=ScoreSheet.objects.filter(
            assignment__member__user_id=user.pk, assignment__member__active=True
        ).values("assignment__enrolment_id")
    )
    q = official | leading | assigned
    scope = scope_for(user)
    if scope.producer_ids:
        q |= Q(product__producer_id__in=scope.producer_ids)
    return qs.filter(q)


def enrolments_for_evaluation(user) -> QuerySet[Enrolment]:
    """Enrolments whose evaluation detail (members, sheets) the user may see; not producers'."""
    qs = enrolments_visible_to(user)
    official = Q(round__in=Round.objects.filter(_official_round_q(user)).values("pk"))
    leading = Q(round_id__in=_seat_rounds(user, LEADING))
    assigned = Q(assignments__member__user_id=user.pk)
    return qs.filter(pk__in=Enrolment.objects.filter(official | leading | assigned).values("pk"))


def sheets_visible_to(user) -> QuerySet[ScoreSheet]:
    """Members' individual sheets: officials of the round's scope, the chair and secretary,
    and each member for their own. Never producers (unless they also hold such a seat)."""
    qs = ScoreSheet.objects.select_related(
        "assignment__member__user", "assignment__enrolment__product"
    )
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    official = Q(
        assignment__enrolment__round__in=Round.objects.filter(_official_round_q(user)).values("pk")
    )
    leading = Q(assignment__enrolment__round_id__in=_seat_rounds(user, LEADING))
    own = Q(assignment__member__user_id=user.pk)
    return qs.filter(official | leading | own)


def results_visible_to(user) -> QuerySet[Result]:
    return Result.objects.select_related("enrolment__product", "enrolment__round").filter(
        enrolment__in=enrolments_visible_to(user).values("pk")
    )


def my_sheets(user) -> QuerySet[ScoreSheet]:
    return (
        ScoreSheet.objects.filter(
            assignment__member__user_id=user.pk, assignment__member__active=True
        )
        .select_related(
            "assignment__enrolment__product",
            "assignment__enrolment__round",
            "assignment__enrolment__product_set",
        )
        .order_by("-assignment__enrolment__round__year", "assignment__enrolment__product__name")
    )


def councils_of(round_: Round) -> QuerySet[Council]:
    return round_.councils.order_by("kind", "id").prefetch_related("members__user")


def product_history_visible(user, product_code: str):
    """The product (through the registry's visibility) or None."""
    return products_visible_to(user).filter(public_code=product_code).first()
