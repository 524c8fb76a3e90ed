"""The council result: computed (provisional) any number of times, finalised once (locks
the sheets and proposes, or not, the product for recognition)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.audit import audit_log, snapshot
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.criteria.scoring import score_answers
from ocop.criteria.stars import star_rank
from ocop.evaluation import aggregate
from ocop.evaluation.models import (
    CouncilMember,
    Enrolment,
    EnrolmentStatus,
    Result,
    ScoreSheet,
    SheetStatus,
)
from ocop.evaluation.selectors import chair_of, counted_sheets, eligible_members, sheet_of
from ocop.evaluation.services.rounds import can_manage_round, enrolment_move, rule
from ocop.evaluation.services.sheets import sheets_move
from ocop.registry import services as registry_services
from ocop.registry.models import Dossier, DossierStatus, ProductStatus


@transaction.atomic
def result_compute(*, actor, enrolment: Enrolment) -> Result:
    """Combine the submitted sheets into the council result (provisional until finalised).

    Total = mean of the members' totals (two decimals, cut); per-star minimums judged with
    ``MINIMUM_AGGREGATION``; spread and quorum checked and recorded on the result.
    """
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("round", "product", "product_set", "criteria_set")
        .get(pk=enrolment.pk)
    )
    if not can_manage_round(actor, enrolment.round) and chair_of(enrolment.round, actor) is None:
        raise PermissionDeniedError(_("You may not compute this result."))
    existing = Result.objects.select_for_update(of=("self",)).filter(enrolment=enrolment).first()
    if existing is not None and existing.final:
        raise TransitionError(_("The result is final; the chair must reopen a sheet first."))
    sheets = counted_sheets(enrolment)
    if not sheets:
        raise DomainError(_("No member has submitted a score sheet yet."))
    return _result_save(actor, enrolment, existing, sheets)


def result_refresh(actor, enrolment: Enrolment) -> Result | None:
    """Compute a provisional result again after a member withdrew; a final one is left alone.
    With no sheet left to count, the provisional result is discarded."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("round", "product", "product_set", "criteria_set")
        .get(pk=enrolment.pk)
    )
    existing = Result.objects.select_for_update(of=("self",)).filter(enrolment=enrolment).first()
    if existing is None or existing.final:
        return existing
    note = _("Computed again after a member withdrew.")
    sheets = counted_sheets(enrolment)
    if not sheets:
        audit_log(
            actor=actor,
            action="evaluation.result.discarded",
            obj=existing,
            old=snapshot(existing),
            note=note,
        )
        existing.delete()
        return None
    return _result_save(actor, enrolment, existing, sheets, note=note)


def _result_save(
    actor, enrolment: Enrolment, existing: Result | None, sheets: list[ScoreSheet], note: str = ""
) -> Result:
    sheet_def = sheet_of(enrolment.product_set)
    codes = [c.code for c in sheet_def.criteria]
    member_points = [score_answers(sheet_def, s.answers).points for s in sheets]
    totals = {s.assignment.member_id: Decimal(s.total) for s in sheets}
    mode = str(rule("MINIMUM_AGGREGATION"))
    points = aggregate.aggregate_points(member_points, codes, mode)
    total = aggregate.mean(list(totals.values()))
    parts = {
        part.code: str(aggregate.mean([Decimal(s.parts[part.code]) for s in sheets]))
        for part in sheet_def.parts
    }
    stars = star_rank(
        total=total, bands=sheet_def.bands, minimums=sheet_def.minimums(), points=points
    )
    spread_max = Decimal(str(rule("SCORE_SPREAD_MAX")))
    outliers = aggregate.spread_outliers(totals, spread_max)
    by_member = {s.assignment.member_id: s for s in sheets}
    flags = [
        {
            "member": member_id,
            "name": str(by_member[member_id].assignment.member.user),
            "total": str(totals[member_id]),
        }
        for member_id in outliers
    ]
    eligible = list(eligible_members(enrolment).values_list("id", "position"))
    submitted_ids = set(totals)
    chair_ids = {mid for mid, pos in eligible if pos == CouncilMember.Position.CHAIR}
    share = Decimal(str(rule("QUORUM_SHARE")))
    counted = sum(1 for mid, _pos in eligible if mid in submitted_ids)
    quorum_met = bool(eligible) and Decimal(counted) >= share * len(eligible)
    quorum_met = quorum_met and bool(chair_ids) and chair_ids <= submitted_ids
    values = {
        "criteria_set": enrolment.criteria_set or enrolment.product_set.criteria_set,
        "product_set": enrolment.product_set,
        "total": total,
        "parts": parts,
        "points": {k: str(v) for k, v in points.items()},
        "stars": stars.stars,
        "band_stars": stars.band_stars,
        "recognisable": stars.recognisable,
        "missed_minimums": [
            {
                "criterion": m.criterion,
                "required_points": str(m.required_points),
                "for_stars": m.for_stars,
            }
            for m in stars.missed_minimums
        ],
        "member_count": len(sheets),
        "spread": max(totals.values()) - min(totals.values()),
        "flags": flags,
        "quorum_met": quorum_met,
        "rules": {
            "SCORE_SPREAD_MAX": str(spread_max),
            "QUORUM_SHARE": str(share),
            "MINIMUM_AGGREGATION": mode,
            "eligible_members": len(eligible),
            "submitted_members": counted,
            "totals": {str(k): str(v) for k, v in totals.items()},
        },
    }
    old = snapshot(existing) if existing else None
    result, _created = Result.objects.update_or_create(enrolment=enrolment, defaults=values)
    audit_log(
        actor=actor,
        action="evaluation.result.computed",
        obj=result,
        old=old,
        new=snapshot(result),
        note=note,
    )
    return result


def _close_unrecognised(actor, enrolment: Enrolment) -> None:
    """Evaluated but not recognised: the dossier closes; a product under review goes back to
    draft (a recognised product being upgraded keeps its recognition)."""
    dossier = Dossier.objects.select_for_update(of=("self",)).get(pk=enrolment.dossier_id)
    if dossier.status == DossierStatus.IN_EVALUATION:
        registry_services.dossier_move(actor=actor, dossier=dossier, to=DossierStatus.CLOSED)
    product = enrolment.product
    product.refresh_from_db()
    if product.status == ProductStatus.UNDER_REVIEW:
        registry_services.product_move(actor=actor, product=product, to=ProductStatus.DRAFT)


@transaction.atomic
def result_finalise(*, actor, result: Result, override_reason: str = "") -> Result:
    """Make the result final: refused without quorum, and while the spread rule flags members
    unless the chair overrides it with a reason. Locks every sheet and proposes (3 stars and
    more, recognisable) or not the product for recognition."""
    result = (
        Result.objects.select_for_update(of=("self",))
        .select_related("enrolment__round")
        .get(pk=result.pk)
    )
    enrolment = result.enrolment
    is_chair = chair_of(enrolment.round, actor) is not None
    if not (is_chair or can_manage_round(actor, enrolment.round)):
        raise PermissionDeniedError(_("You may not finalise this result."))
    if result.final:
        return result
    if not result.quorum_met:
        raise DomainError(
            _(
                "Quorum not met: %(submitted)s of %(eligible)s members submitted (the chair "
                "must be one of them)."
            )
            % {
                "submitted": result.rules.get("submitted_members", 0),
                "eligible": result.rules.get("eligible_members", 0),
            }
        )
    override_reason = override_reason.strip()
    if result.flags:
        if not override_reason:
            names = ", ".join(f["name"] for f in result.flags)
            raise DomainError(
                _(
                    "Members' totals are more than %(max)s points apart (%(names)s): they must "
                    "discuss and score again, or the chair overrides with a reason."
                )
                % {"max": result.rules.get("SCORE_SPREAD_MAX"), "names": names},
                field="override_reason",
            )
        if not is_chair:
            raise PermissionDeniedError(_("Only the council chair may override the spread rule."))
    fresh = result_compute(actor=actor, enrolment=enrolment)
    if fresh.total != result.total or fresh.flags != result.flags:
        raise DomainError(_("The sheets changed since the result was computed; check it again."))
    result = fresh
    result.final = True
    result.finalised_at = timezone.now()
    result.override_reason = override_reason if result.flags else ""
    result.save(update_fields=["final", "finalised_at", "override_reason", "updated_at"])
    sheets_move(enrolment, SheetStatus.SUBMITTED, SheetStatus.LOCKED)
    status = EnrolmentStatus.PROPOSED if result.recognisable else EnrolmentStatus.NOT_PROPOSED
    enrolment_move(actor=actor, enrolment=enrolment, to=status)
    if not result.recognisable:
        _close_unrecognised(actor, enrolment)
    audit_log(
        actor=actor,
        action="evaluation.result.finalised",
        obj=result,
        new={"final": True, "stars": result.stars, "total": result.total, "status": status},
        note=result.override_reason,
    )
    return result
