"""Rounds (đợt đánh giá): creation, opening, closing, and taking dossiers in (enrolment).

Who may manage a round (``can_manage_round``) is decided here and used by the other service
modules. Defaults for the rules the national texts leave to provinces are in
``settings.OCOP_RULES`` and documented in docs/evaluation.md.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts import permissions as perms
from ocop.accounts.scope import Scope, scope_for, unit_in_scope
from ocop.core.audit import audit_log, snapshot
from ocop.core.dates import display
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.criteria.models import CriteriaSet
from ocop.evaluation import lifecycle
from ocop.evaluation.models import (
    Enrolment,
    EnrolmentStatus,
    Round,
    RoundLevel,
    RoundStatus,
)
from ocop.evaluation.selectors import (
    criteria_set_for,
    filing_date,
    product_set_under,
    sheet_of,
)
from ocop.registry import services as registry_services
from ocop.registry.models import Dossier, DossierKind, DossierStatus, ProductStatus

# The unit level that organises a round of each level (central rounds have no unit).
ROUND_UNIT_LEVEL = {RoundLevel.DISTRICT: "district", RoundLevel.PROVINCE: "province"}


def rule(name: str):
    return settings.OCOP_RULES[name]


def district_level_last_day() -> datetime.date:
    return datetime.date.fromisoformat(str(rule("DISTRICT_LEVEL_LAST_DAY")))


# --------------------------------------------------------------------------- permissions


def can_manage_round(user, round_: Round) -> bool:
    if not perms.has_capability(user, perms.MANAGE_ROUNDS):
        return False
    scope = scope_for(user)
    if round_.unit_id is None:
        return scope.everything
    return unit_in_scope(round_.unit, scope)


def require_manage(actor, round_: Round) -> None:
    if not can_manage_round(actor, round_):
        raise PermissionDeniedError(_("You may not manage this evaluation round."))


# --------------------------------------------------------------------------- rounds


def proposed_round_dates(*, level: str, year: int, number: int) -> dict[str, datetime.date]:
    """Deadlines suggested for a round (the organiser may change them).

    Province (and district, by analogy): round 1 decides before 30 June on dossiers forwarded
    before 30 April; round 2 before 30 December on those forwarded before 30 October.
    Central: round 1 before 30 March on provincial proposals before 30 January; round 2 before
    30 September on proposals before 30 July. Extra rounds get no suggestion.
    """
    if level == RoundLevel.CENTRAL:
        table = {1: ((1, 30), (3, 30)), 2: ((7, 30), (9, 30))}
    else:
        table = {1: ((4, 30), (6, 30)), 2: ((10, 30), (12, 30))}
    if number not in table:
        return {}
    (im, iday), (dm, dday) = table[number]
    return {
        "intake_deadline": datetime.date(year, im, iday),
        "decision_deadline": datetime.date(year, dm, dday),
    }


def _checked_round_fields(
    *, level, unit, year, number, criteria_set, intake_deadline, decision_deadline, opens_on
):
    """Refuse a level and unit that do not match, or a district round after the district level
    ended; return the deadlines and criteria set with the national defaults filled in."""
    if level not in RoundLevel.values:
        raise DomainError(_("Unknown round level."), field="level")
    if level == RoundLevel.CENTRAL:
        if unit is not None:
            raise DomainError(_("A central round belongs to no unit."), field="unit")
    elif unit is None or unit.level != ROUND_UNIT_LEVEL[level]:
        raise DomainError(
            _("A %(level)s round must be organised by a unit of that level.")
            % {"level": RoundLevel(level).label},
            field="unit",
        )
    dates = proposed_round_dates(level=level, year=year, number=number)
    intake_deadline = intake_deadline or dates.get("intake_deadline")
    decision_deadline = decision_deadline or dates.get("decision_deadline")
    if level == RoundLevel.DISTRICT:
        last = district_level_last_day()
        for value in (opens_on, decision_deadline):
            if value and value > last:
                raise DomainError(
                    _("District councils evaluate only until %(day)s.") % {"day": display(last)},
                    field="level",
                )
    if criteria_set is None:
        criteria_set = criteria_set_for(opens_on or intake_deadline or datetime.date(year, 1, 1))
    return intake_deadline, decision_deadline, criteria_set


@transaction.atomic
def round_create(
    *,
    actor,
    level: str,
    year: int,
    number: int = 1,
    unit=None,
    title: str = "",
    criteria_set: CriteriaSet | None = None,
    intake_deadline: datetime.date | None = None,
    decision_deadline: datetime.date | None = None,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> Round:
    intake_deadline, decision_deadline, criteria_set = _checked_round_fields(
        level=level,
        unit=unit,
        year=year,
        number=number,
        criteria_set=criteria_set,
        intake_deadline=intake_deadline,
        decision_deadline=decision_deadline,
        opens_on=opens_on,
    )
    round_ = Round(
        level=level,
        unit=unit,
        year=year,
        number=number,
        title=title,
        criteria_set=criteria_set,
        intake_deadline=intake_deadline,
        decision_deadline=decision_deadline,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    require_manage(actor, round_)
    round_.save()
    audit_log(actor=actor, action="evaluation.round.created", obj=round_, new=snapshot(round_))
    return round_


EDITABLE_FIELDS = (
    "level",
    "unit",
    "year",
    "number",
    "title",
    "criteria_set",
    "intake_deadline",
    "decision_deadline",
    "opens_on",
    "closes_on",
)


@transaction.atomic
def round_update(*, actor, round_: Round, **changes) -> Round:
    """Change a round's fields (``EDITABLE_FIELDS``) while it is still planned; the organiser
    must manage the round both as stored and as it would become."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed: %(fields)s.") % {"fields": unknown})
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    require_manage(actor, round_)
    if round_.status != RoundStatus.PLANNED:
        raise TransitionError(_("A round can be changed only until it opens."))
    old = snapshot(round_)
    values = {name: getattr(round_, name) for name in EDITABLE_FIELDS} | changes
    values["intake_deadline"], values["decision_deadline"], values["criteria_set"] = (
        _checked_round_fields(
            **{k: values[k] for k in EDITABLE_FIELDS if k not in ("title", "closes_on")}
        )
    )
    for name, value in values.items():
        setattr(round_, name, value)
    require_manage(actor, round_)
    round_.save()
    audit_log(
        actor=actor, action="evaluation.round.updated", obj=round_, old=old, new=snapshot(round_)
    )
    return round_


@transaction.atomic
def round_cancel(*, actor, round_: Round, reason: str) -> Round:
    """Cancel a round that has not started scoring, with a reason; it must hold no enrolment."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for cancelling the round."), field="reason")
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    require_manage(actor, round_)
    lifecycle.check_round_move(round_.status, RoundStatus.CANCELLED)
    enrolled = round_.enrolments.count()
    if enrolled:
        raise TransitionError(
            _("%(count)s products are enrolled in this round; it can no longer be cancelled.")
            % {"count": enrolled}
        )
    old = round_.status
    round_.status = RoundStatus.CANCELLED
    round_.cancel_reason = reason
    round_.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_log(
        actor=actor,
        action="evaluation.round.cancelled",
        obj=round_,
        old={"status": old},
        new={"status": round_.status, "reason": reason},
    )
    return round_


def _round_move(*, actor, round_: Round, to: str, action: str) -> Round:
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    require_manage(actor, round_)
    lifecycle.check_round_move(round_.status, to)
    old = round_.status
    round_.status = to
    round_.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, action=action, obj=round_, old={"status": old}, new={"status": to})
    return round_


@transaction.atomic
def round_open(*, actor, round_: Round) -> Round:
    return _round_move(
        actor=actor, round_=round_, to=RoundStatus.OPEN, action="evaluation.round.opened"
    )


@transaction.atomic
def round_close(*, actor, round_: Round) -> Round:
    require_manage(actor, round_)
    pending = round_.enrolments.filter(
        status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.SCORING]
    ).count()
    if pending:
        raise TransitionError(
            _("%(count)s enrolled products have no final result yet; finish or withdraw them.")
            % {"count": pending}
        )
    return _round_move(
        actor=actor, round_=round_, to=RoundStatus.CLOSED, action="evaluation.round.closed"
    )


# --------------------------------------------------------------------------- enrolment


def _forwarded_date(dossier: Dossier) -> datetime.date | None:
    moment = dossier.forwarded_at or dossier.submitted_at
    return timezone.localdate(moment) if moment else None


def _check_routing(round_: Round, dossier: Dossier) -> Enrolment | None:
    """Refuse a dossier the round's level may not take; return the provincial enrolment for
    a central round."""
    product = dossier.product
    if round_.level == RoundLevel.CENTRAL:
        source = (
            Enrolment.objects.filter(
                dossier=dossier,
                round__level=RoundLevel.PROVINCE,
                result__final=True,
                result__total__gte=Decimal(str(rule("CENTRAL_MIN_SCORE"))),
            )
            .order_by("-id")
            .first()
        )
        if source is None:
            raise DomainError(
                _(
                    "Only products with a final provincial result of %(min)s points or more "
                    "go to the central council."
                )
                % {"min": rule("CENTRAL_MIN_SCORE")},
                field="dossier",
            )
        return source
    if not (
        product.origin_unit
        and unit_in_scope(product.origin_unit, _unit_scope(round_.unit))
        or unit_in_scope(product.province, _unit_scope(round_.unit))
    ):
        raise DomainError(
            _("Product %(product)s is outside the unit organising this round.")
            % {"product": product},
            field="dossier",
        )
    allowed = {DossierStatus.FORWARDED}
    if dossier.kind in (DossierKind.UPGRADE, DossierKind.REEVALUATION):
        allowed.add(DossierStatus.SUBMITTED)
    if dossier.status not in allowed:
        raise DomainError(
            _(
                "Dossier of %(product)s is %(status)s; a round takes dossiers forwarded by the "
                "commune (or upgrade and re-evaluation dossiers once submitted)."
            )
            % {"product": product, "status": dossier.get_status_display()},
            field="dossier",
        )
    forwarded = _forwarded_date(dossier)
    if round_.level == RoundLevel.DISTRICT and forwarded and forwarded > district_level_last_day():
        raise DomainError(
            _("District councils evaluate only until %(day)s.")
            % {"day": display(district_level_last_day())},
            field="dossier",
        )
    if round_.intake_deadline and forwarded and forwarded > round_.intake_deadline:
        raise DomainError(
            _("This round takes dossiers forwarded by %(day)s; this one came on %(came)s.")
            % {"day": display(round_.intake_deadline), "came": display(forwarded)},
            field="dossier",
        )
    return None


def _unit_scope(unit):
    return Scope(unit_paths=(unit.path,) + ((unit.current_path,) if unit.current_path else ()))


@transaction.atomic
def enrolment_add(*, actor, round_: Round, dossier: Dossier) -> Enrolment:
    """Take a dossier into a round. Its criteria set follows from its filing date."""
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    require_manage(actor, round_)
    if round_.status not in (RoundStatus.PLANNED, RoundStatus.OPEN):
        raise TransitionError(_("This round no longer takes enrolments."))
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("product", "product__producer", "product__product_set")
        .get(pk=dossier.pk)
    )
    if Enrolment.objects.filter(round=round_, dossier=dossier).exists():
        raise DomainError(_("This dossier is already enrolled in this round."), field="dossier")
    filed = filing_date(dossier)
    if filed is None:
        raise DomainError(_("The dossier has no filing date."), field="dossier")
    source = _check_routing(round_, dossier)
    if source is not None:
        criteria_set, product_set = source.criteria_set, source.product_set
    else:
        criteria_set = dossier.criteria_set or criteria_set_for(
            filed,
            decided_on=round_.decision_deadline,
            reevaluation=dossier.kind == DossierKind.REEVALUATION,
        )
        product_set = product_set_under(dossier.product, criteria_set)
    sheet_of(product_set)  # refuse now if there is nothing to score against
    enrolment = Enrolment.objects.create(
        round=round_,
        dossier=dossier,
        product=dossier.product,
        product_set=product_set,
        criteria_set=criteria_set,
        kind=dossier.kind,
        filed_on=filed,
        source_enrolment=source,
    )
    if source is not None:
        enrolment_move(actor=actor, enrolment=source, to=EnrolmentStatus.FORWARDED)
    if dossier.status in (DossierStatus.FORWARDED, DossierStatus.SUBMITTED):
        # forwarded by the commune, or an upgrade / re-evaluation dossier straight from filing
        registry_services.dossier_move(actor=actor, dossier=dossier, to=DossierStatus.IN_EVALUATION)
    if dossier.product.status == ProductStatus.SUBMITTED:
        registry_services.product_move(
            actor=actor, product=dossier.product, to=ProductStatus.UNDER_REVIEW
        )
    audit_log(
        actor=actor, action="evaluation.enrolment.added", obj=enrolment, new=snapshot(enrolment)
    )
    return enrolment


def enrolment_move(*, actor, enrolment: Enrolment, to: str) -> None:
    """Move an enrolment along ``lifecycle.ENROLMENT_TRANSITIONS``; staying put is no move."""
    current = Enrolment.objects.filter(pk=enrolment.pk).values_list("status", flat=True).get()
    if current == to:
        return
    lifecycle.check_enrolment_move(current, to)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=to, updated_at=timezone.now())
    enrolment.status = to
    audit_log(
        actor=actor,
        action="evaluation.enrolment.status_changed",
        obj=enrolment,
        old={"status": current},
        new={"status": to},
    )


def all_or_nothing(calls, *, refused_message: str) -> list:
    """Run ``calls`` (pairs of a label and a service call) inside the caller's transaction:
    every call gets its own savepoint so each refusal is collected; if any was refused, one
    ``DomainError`` names them all and the caller's transaction rolls back. A missing right
    stops at once."""
    done, refusals = [], []
    for label, call in calls:
        try:
            with transaction.atomic():
                done.append(call())
        except PermissionDeniedError:
            raise
        except DomainError as error:
            refusals.append(
                _("%(what)s: %(reason)s") % {"what": label, "reason": str(error.message)}
            )
    if refusals:
        raise DomainError(
            refused_message % {"count": len(refusals), "refusals": " ".join(refusals)}
        )
    return done


@transaction.atomic
def enrolments_add(*, actor, round_: Round, dossiers) -> list[Enrolment]:
    """Enrol several dossiers at once: all or nothing, every refusal named."""
    dossiers = list(dossiers)
    if not dossiers:
        raise DomainError(_("Choose at least one dossier."), field="dossier")
    return all_or_nothing(
        [
            (str(d.product), lambda d=d: enrolment_add(actor=actor, round_=round_, dossier=d))
            for d in dossiers
        ],
        refused_message=_("No dossier was enrolled; %(count)s refused. %(refusals)s"),
    )
