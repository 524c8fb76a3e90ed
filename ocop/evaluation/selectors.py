"""Who may see which rounds, enrolments, score sheets and results.

- Officials (``view_all``) see rounds organised by a unit in their scope (central rounds need
  a whole-country scope) and every sheet of those rounds.
- A council seat shows that round: the chair and secretary see every enrolment and sheet of
  it, a plain member only the enrolments assigned to them and their own sheets.
- Producers see the enrolments and results of their own products, never a member's sheet.

The reads the services share (the chair of a round, the criteria set and score sheet a dossier
is scored under, the members eligible for the quorum, the sheets that count) are at the end.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts import permissions as perms
from ocop.accounts.models import Role, RoleAssignment
from ocop.accounts.scope import scope_for, unit_q
from ocop.core.dates import display
from ocop.core.exceptions import DomainError
from ocop.criteria import selectors as criteria_selectors
from ocop.criteria.models import CriteriaSet, ProductSet
from ocop.criteria.sheet import Sheet
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    Enrolment,
    EnrolmentStatus,
    Result,
    Round,
    ScoreSheet,
    SheetStatus,
)
from ocop.registry.models import Dossier, Producer, Product
from ocop.registry.selectors import dossiers_awaiting_round_q, products_visible_to

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


def producers_enrolled_in(round_: Round):
    """The producers whose products are enrolled in the round: those a member may declare a
    conflict of interest with, chosen by name rather than by code."""
    return (
        Producer.objects.filter(pk__in=round_.enrolments.values("product__producer_id"))
        .order_by("name")
        .only("pk", "public_code", "name")
    )


def _scoring_enrolment_ids(user):
    """Enrolments the user scores: an active seat, a sheet not withdrawn for a conflict."""
    return (
        ScoreSheet.objects.filter(
            assignment__member__user_id=user.pk, assignment__member__active=True
        )
        .exclude(status=SheetStatus.WITHDRAWN)
        .values("assignment__enrolment_id")
    )


def dossiers_assigned_to(user) -> QuerySet[Dossier]:
    """Dossiers of the products a council member scores (their documents are open to them)."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return Dossier.objects.filter(
        pk__in=Enrolment.objects.filter(pk__in=_scoring_enrolment_ids(user)).values("dossier_id")
    )


def products_assigned_to(user) -> QuerySet[Product]:
    """Products a council member scores (registry pages do not show them to the member)."""
    if not getattr(user, "is_authenticated", False):
        return Product.objects.none()
    return Product.objects.filter(
        pk__in=Enrolment.objects.filter(pk__in=_scoring_enrolment_ids(user)).values("product_id")
    )


def enrolments_scored_by(user) -> QuerySet[Enrolment]:
    """Enrolments the user scores; the documents of their dossiers are open to the user."""
    if not getattr(user, "is_authenticated", False):
        return Enrolment.objects.none()
    return Enrolment.objects.select_related("dossier").filter(pk__in=_scoring_enrolment_ids(user))


def product_history_visible(user, product_code: str):
    """The product (through the registry's visibility, or scored by the user) or None."""
    visible = Q(pk__in=products_visible_to(user).values("pk")) | Q(
        pk__in=products_assigned_to(user).values("pk")
    )
    return (
        Product.objects.select_related("producer").filter(visible, public_code=product_code).first()
    )


# --------------------------------------------------------------------------- reads for the services


def chair_of(round_: Round, user) -> CouncilMember | None:
    return (
        CouncilMember.objects.filter(
            council__round=round_,
            council__kind=Council.Kind.COUNCIL,
            user=user,
            position=CouncilMember.Position.CHAIR,
            active=True,
        )
        .select_related("council")
        .first()
    )


def criteria_set_for(
    day: datetime.date, *, decided_on: datetime.date | None = None, reevaluation: bool = False
) -> CriteriaSet:
    """The criteria set a dossier filed on ``day`` is scored under.

    The rule lives in :func:`ocop.criteria.selectors.criteria_set_for`: the set in force on the
    filing day, unless a newer set took effect since and the decision falls after its
    transition window (60 days; 30 for re-evaluation). Enrolment passes the round's decision
    deadline as the expected decision day. Refuses when no criteria set is loaded.
    """
    found = criteria_selectors.criteria_set_for(
        day, decided_on=decided_on, reevaluation=reevaluation
    )
    if found is None:
        raise DomainError(
            _("No criteria set is in force on %(day)s.") % {"day": display(day)},
            field="criteria_set",
        )
    return found


def sheet_of(product_set: ProductSet) -> Sheet:
    sheet = criteria_selectors.sheet_of(product_set)
    if sheet is None:
        raise DomainError(
            _("Product set %(set)s has no score sheet in criteria set %(criteria)s.")
            % {"set": product_set, "criteria": product_set.criteria_set.code}
        )
    return sheet


def product_set_under(product, criteria_set: CriteriaSet) -> ProductSet:
    current = product.product_set
    if current is None:
        raise DomainError(
            _("Product %(product)s has no product set.") % {"product": product},
            field="product_set",
        )
    if current.criteria_set_id == criteria_set.pk:
        return current
    match = ProductSet.objects.filter(criteria_set=criteria_set, slug=current.slug).first()
    if match is None:
        raise DomainError(
            _(
                "Criteria set %(criteria)s has no product set matching %(set)s; "
                "set the product's product set first."
            )
            % {"criteria": criteria_set.code, "set": current},
            field="product_set",
        )
    return match


def filing_date(dossier: Dossier) -> datetime.date | None:
    moment = dossier.submitted_at or dossier.forwarded_at
    return timezone.localdate(moment) if moment else None


def eligible_members(enrolment: Enrolment):
    """Active members of the round's council(s) without a declared link to the producer."""
    members = CouncilMember.objects.filter(
        council__round=enrolment.round, council__kind=Council.Kind.COUNCIL, active=True
    )
    if enrolment.product.producer_id:
        members = members.exclude(conflicts__producer_id=enrolment.product.producer_id)
    return members


def counted_sheets(enrolment: Enrolment) -> list[ScoreSheet]:
    """Submitted (or locked) sheets of active members without a declared link to the producer."""
    sheets = ScoreSheet.objects.filter(
        assignment__enrolment=enrolment,
        status__in=[SheetStatus.SUBMITTED, SheetStatus.LOCKED],
        assignment__member__active=True,
    )
    if enrolment.product.producer_id:
        sheets = sheets.exclude(
            assignment__member__conflicts__producer_id=enrolment.product.producer_id
        )
    return list(sheets.select_related("assignment__member__user").order_by("assignment__member_id"))


# --------------------------------------------------------------------------- work queues


def dossiers_for_round(round_: Round) -> QuerySet[Dossier]:
    """Dossiers waiting for a round that this round may take: in its unit, not yet enrolled in
    it. A central round takes provincial results, not dossiers from this queue."""
    if round_.unit_id is None:
        return Dossier.objects.none()
    paths = (round_.unit.path,) + ((round_.unit.current_path,) if round_.unit.current_path else ())
    return (
        Dossier.objects.filter(dossiers_awaiting_round_q())
        .filter(unit_q(paths, "product__origin_unit__", "product__province__"))
        .exclude(enrolments__round=round_)
        .select_related("product", "product__producer")
        .order_by("forwarded_at", "submitted_at", "id")
    )


def sheets_to_score(user) -> QuerySet[ScoreSheet]:
    """The member's sheets still in draft."""
    return my_sheets(user).filter(status=SheetStatus.DRAFT)


def results_to_finalise(user) -> QuerySet[Enrolment]:
    """Enrolments whose result waits for the round's office or its chair, in rounds the user
    manages or chairs: computed but not final, or not computed yet although every active
    member's sheet is in (nothing is left to wait for but the computation)."""
    if not getattr(user, "is_authenticated", False):
        return Enrolment.objects.none()
    chaired = CouncilMember.objects.filter(
        user_id=user.pk,
        active=True,
        position=CouncilMember.Position.CHAIR,
        council__kind=Council.Kind.COUNCIL,
    ).values("council__round_id")
    rounds = Q(round__in=rounds_managed_by(user).values("pk")) | Q(round_id__in=chaired)
    sheets = ScoreSheet.objects.filter(assignment__enrolment=OuterRef("pk"))
    all_in = (
        Q(result__isnull=True)
        & Exists(sheets.filter(status__in=[SheetStatus.SUBMITTED, SheetStatus.LOCKED]))
        & ~Exists(sheets.filter(status=SheetStatus.DRAFT, assignment__member__active=True))
    )
    return (
        Enrolment.objects.filter(rounds)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .filter(Q(result__final=False) | all_in)
        .select_related("product", "round", "result")
        .order_by("round_id", "product__name")
    )


def member_candidates(round_: Round, query: str = "") -> QuerySet:
    """Accounts that may sit on the round's council: an active officer or council-member role
    on a unit inside the round's unit (any for a central round), matching ``query`` (user
    name or full name)."""
    roles = RoleAssignment.objects.filter(active=True).exclude(role=Role.PRODUCER)
    if round_.unit_id is not None:
        paths = (round_.unit.path,) + (
            (round_.unit.current_path,) if round_.unit.current_path else ()
        )
        roles = roles.filter(unit_q(paths, "unit__"))
    users = get_user_model().objects.filter(is_active=True, pk__in=roles.values("user_id"))
    for word in query.split()[:5]:
        users = users.filter(Q(username__icontains=word) | Q(full_name__icontains=word))
    return users.order_by("full_name", "username")
