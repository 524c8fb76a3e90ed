"""Business actions of evaluation: rounds (đợt đánh giá), councils (hội đồng), assignments,
member score sheets (phiếu chấm) and the council result.

Lifecycles:

- Round: planned -> open -> closed (``ROUND_TRANSITIONS``).
- Score sheet: draft -> submitted -> locked; the chair may reopen a submitted or locked sheet
  (back to draft) with a reason while no certificate was issued on the result.
- Result: computed (provisional) any number of times; finalised once (locks the sheets and
  proposes, or not, the product for recognition).

Defaults for the rules the national texts leave to provinces are in
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
from ocop.accounts.scope import scope_for, unit_in_scope
from ocop.core.audit import audit_log, snapshot
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.criteria.models import CriteriaSet, ProductSet
from ocop.criteria.scoring import AnswerError, score_answers
from ocop.criteria.sheet import Sheet
from ocop.criteria.stars import star_rank
from ocop.evaluation import aggregate
from ocop.evaluation.models import (
    Assignment,
    ConflictOfInterest,
    Council,
    CouncilMember,
    Enrolment,
    EnrolmentStatus,
    Result,
    Round,
    RoundLevel,
    RoundStatus,
    ScoreSheet,
    SheetStatus,
)
from ocop.registry import services as registry_services
from ocop.registry.models import Dossier, DossierKind, DossierStatus, ProductStatus

ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.PLANNED: {RoundStatus.OPEN, RoundStatus.CLOSED},
    RoundStatus.OPEN: {RoundStatus.SCORING, RoundStatus.CLOSED},
    RoundStatus.SCORING: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: set(),
}

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


def _require_manage(actor, round_: Round) -> None:
    if not can_manage_round(actor, round_):
        raise PermissionDeniedError(_("You may not manage this evaluation round."))


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


# --------------------------------------------------------------------------- criteria by date


def criteria_set_for(
    day: datetime.date, *, decided_on: datetime.date | None = None, reevaluation: bool = False
) -> CriteriaSet:
    """The criteria set a dossier filed on ``day`` is scored under.

    The rule lives in :func:`ocop.criteria.selectors.criteria_set_for`: the set in force on the
    filing day, unless a newer set took effect since and the decision falls after its
    transition window (60 days; 30 for re-evaluation). Enrolment passes the round's decision
    deadline as the expected decision day. Refuses when no criteria set is loaded.
    """
    from ocop.criteria.selectors import criteria_set_for as rule_for

    found = rule_for(day, decided_on=decided_on, reevaluation=reevaluation)
    if found is None:
        raise DomainError(
            _("No criteria set is in force on %(day)s.") % {"day": day.isoformat()},
            field="criteria_set",
        )
    return found


def sheet_of(product_set: ProductSet) -> Sheet:
    from ocop.criteria.selectors import sheet_of as cached_sheet

    sheet = cached_sheet(product_set)
    if sheet is None:
        raise DomainError(
            _("Product set %(set)s has no score sheet in criteria set %(criteria)s.")
            % {"set": product_set, "criteria": product_set.criteria_set.code}
        )
    return sheet


def _product_set_under(product, criteria_set: CriteriaSet) -> ProductSet:
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
                    _("District councils evaluate only until %(day)s.") % {"day": last.isoformat()},
                    field="level",
                )
    if criteria_set is None:
        criteria_set = criteria_set_for(opens_on or intake_deadline or datetime.date(year, 1, 1))
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
    _require_manage(actor, round_)
    round_.save()
    audit_log(actor=actor, action="evaluation.round.created", obj=round_, new=snapshot(round_))
    return round_


def _round_move(*, actor, round_: Round, to: str, action: str) -> Round:
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    _require_manage(actor, round_)
    if to not in ROUND_TRANSITIONS[round_.status]:
        raise TransitionError(
            _("A round that is %(status)s cannot become %(new)s.")
            % {"status": round_.get_status_display(), "new": RoundStatus(to).label}
        )
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
    _require_manage(actor, round_)
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


def filing_date(dossier: Dossier) -> datetime.date | None:
    moment = dossier.submitted_at or dossier.forwarded_at
    return timezone.localdate(moment) if moment else None


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
            % {"day": district_level_last_day().isoformat()},
            field="dossier",
        )
    if round_.intake_deadline and forwarded and forwarded > round_.intake_deadline:
        raise DomainError(
            _("This round takes dossiers forwarded by %(day)s; this one came on %(came)s.")
            % {"day": round_.intake_deadline.isoformat(), "came": forwarded.isoformat()},
            field="dossier",
        )
    return None


def _unit_scope(unit):
    from ocop.accounts.scope import Scope

    return Scope(unit_paths=(unit.path,) + ((unit.current_path,) if unit.current_path else ()))


@transaction.atomic
def enrolment_add(*, actor, round_: Round, dossier: Dossier) -> Enrolment:
    """Take a dossier into a round. Its criteria set follows from its filing date."""
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    _require_manage(actor, round_)
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
        product_set = _product_set_under(dossier.product, criteria_set)
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
        Enrolment.objects.filter(pk=source.pk).update(status=EnrolmentStatus.FORWARDED)
    if dossier.status == DossierStatus.FORWARDED:
        registry_services.dossier_move(actor=actor, dossier=dossier, to=DossierStatus.IN_EVALUATION)
    elif dossier.status == DossierStatus.SUBMITTED:
        # An upgrade or re-evaluation dossier goes to the province without the commune's
        # review; the registry's dossier table has no such move yet, so it is recorded here.
        dossier.status = DossierStatus.IN_EVALUATION
        dossier.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=actor,
            action="registry.dossier.in_evaluation",
            obj=dossier,
            old={"status": DossierStatus.SUBMITTED},
            new={"status": dossier.status},
        )
    if dossier.product.status == ProductStatus.SUBMITTED:
        registry_services.product_move(
            actor=actor, product=dossier.product, to=ProductStatus.UNDER_REVIEW
        )
    audit_log(
        actor=actor, action="evaluation.enrolment.added", obj=enrolment, new=snapshot(enrolment)
    )
    return enrolment


# --------------------------------------------------------------------------- councils


@transaction.atomic
def council_create(
    *, actor, round_: Round, name: str, kind: str = Council.Kind.COUNCIL, established_by: str = ""
) -> Council:
    _require_manage(actor, round_)
    if not name.strip():
        raise DomainError(_("Give the council a name."), field="name")
    council = Council.objects.create(
        round=round_, name=name.strip(), kind=kind, established_by=established_by
    )
    audit_log(actor=actor, action="evaluation.council.created", obj=council, new=snapshot(council))
    return council


@transaction.atomic
def council_member_add(
    *, actor, council: Council, user, position: str = CouncilMember.Position.MEMBER, department=""
) -> CouncilMember:
    _require_manage(actor, council.round)
    if position not in CouncilMember.Position.values:
        raise DomainError(_("Unknown position."), field="position")
    if CouncilMember.objects.filter(council=council, user=user).exists():
        raise DomainError(
            _("%(user)s already sits on this council.") % {"user": user}, field="user"
        )
    if position in (CouncilMember.Position.CHAIR, CouncilMember.Position.SECRETARY):
        taken = CouncilMember.objects.filter(council=council, position=position, active=True)
        if taken.exists():
            raise DomainError(
                _("This council already has a %(position)s.")
                % {"position": CouncilMember.Position(position).label.lower()},
                field="position",
            )
    member = CouncilMember.objects.create(
        council=council, user=user, position=position, department=department
    )
    audit_log(actor=actor, action="evaluation.member.added", obj=member, new=snapshot(member))
    return member


@transaction.atomic
def conflict_declare(
    *, actor, member: CouncilMember, producer, note: str = ""
) -> ConflictOfInterest:
    """A member declares a link to a producer (family, employment, ownership, ...)."""
    if actor != member.user:
        _require_manage(actor, member.council.round)
    conflict, created = ConflictOfInterest.objects.get_or_create(
        member=member, producer=producer, defaults={"note": note}
    )
    if created:
        audit_log(
            actor=actor, action="evaluation.conflict.declared", obj=conflict, new=snapshot(conflict)
        )
    return conflict


@transaction.atomic
def member_assign(*, actor, enrolment: Enrolment, member: CouncilMember) -> Assignment:
    """Ask a member to score an enrolled product; refused if the member declared a link to its
    producer. Assigning again returns the existing assignment."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("round", "product")
        .get(pk=enrolment.pk)
    )
    _require_manage(actor, enrolment.round)
    if member.council.round_id != enrolment.round_id:
        raise DomainError(_("This member sits on another round's council."), field="member")
    if not member.active:
        raise DomainError(_("This member is no longer active."), field="member")
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.SCORING):
        raise TransitionError(_("Scoring of this product is finished."))
    producer_id = enrolment.product.producer_id
    if (
        producer_id
        and ConflictOfInterest.objects.filter(member=member, producer_id=producer_id).exists()
    ):
        raise DomainError(
            _("%(member)s declared a link to the producer of %(product)s and cannot score it.")
            % {"member": member.user, "product": enrolment.product},
            field="member",
        )
    assignment, created = Assignment.objects.get_or_create(enrolment=enrolment, member=member)
    if created:
        ScoreSheet.objects.create(assignment=assignment)
        if enrolment.status == EnrolmentStatus.ENROLLED:
            enrolment.status = EnrolmentStatus.SCORING
            enrolment.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=actor,
            action="evaluation.member.assigned",
            obj=assignment,
            new={"enrolment": enrolment.pk, "member": member.pk},
        )
    return assignment


# --------------------------------------------------------------------------- score sheets


def _locked_sheet(sheet: ScoreSheet) -> ScoreSheet:
    return (
        ScoreSheet.objects.select_for_update(of=("self",))
        .select_related(
            "assignment__member__user",
            "assignment__enrolment__product_set__criteria_set",
            "assignment__enrolment__round",
        )
        .get(pk=sheet.pk)
    )


def _require_owner(actor, sheet: ScoreSheet) -> None:
    member = sheet.assignment.member
    if actor is None or member.user_id != getattr(actor, "pk", None) or not member.active:
        raise PermissionDeniedError(_("Only the assigned member fills this score sheet."))


def _check_version(sheet: ScoreSheet, version: int | None) -> None:
    if version is not None and int(version) != sheet.version:
        raise DomainError(
            _(
                "This score sheet was changed elsewhere since you opened it (version %(yours)s, "
                "now %(now)s). Reload it and enter your changes again."
            )
            % {"yours": version, "now": sheet.version},
            field="version",
            code="stale",
        )


def _clean_answers(sheet_def: Sheet, answers: dict, *, complete: bool) -> dict[str, str]:
    """Points per criterion as strings; refuse unknown criteria and options, naming them."""
    cleaned: dict[str, str] = {}
    for code, value in answers.items():
        if value in (None, ""):
            continue
        if not sheet_def.has_criterion(str(code)):
            raise DomainError(
                _("Criterion %(criterion)s does not exist on this sheet.") % {"criterion": code},
                field=str(code),
            )
        crit = sheet_def.criterion(str(code))
        try:
            points = Decimal(str(value))
        except ArithmeticError:
            points = None
        if points is None or not crit.accepts(points):
            raise DomainError(
                _("%(value)s is not an option of criterion %(criterion)s.")
                % {"value": value, "criterion": code},
                field=str(code),
            )
        cleaned[str(code)] = format(points.normalize(), "f")
    if complete:
        try:
            score_answers(sheet_def, cleaned)
        except AnswerError as exc:
            raise DomainError(exc.message, field=exc.criterion) from exc
    return cleaned


def preview(sheet_def: Sheet, answers: dict) -> dict:
    """Running total, part totals and expected stars of partial answers (for the live form)."""
    points = {code: Decimal(v) for code, v in answers.items()}
    parts = {
        part.code: sum((points.get(c.code, Decimal(0)) for c in part.criteria), Decimal(0))
        for part in sheet_def.parts
    }
    total = sum(parts.values(), Decimal(0))
    stars = star_rank(
        total=total, bands=sheet_def.bands, minimums=sheet_def.minimums(), points=points
    )
    answered = len(points)
    return {
        "total": total,
        "parts": parts,
        "stars": stars,
        "answered": answered,
        "count": len(sheet_def.criteria),
    }


@transaction.atomic
def sheet_save_draft(*, actor, sheet: ScoreSheet, answers: dict, version: int | None) -> ScoreSheet:
    """Save a member's answers as a draft. ``version`` is the one the member loaded; a save
    based on an older version is refused so nothing typed elsewhere is overwritten."""
    sheet = _locked_sheet(sheet)
    _require_owner(actor, sheet)
    if sheet.status != SheetStatus.DRAFT:
        raise TransitionError(_("This score sheet was submitted; ask the chair to reopen it."))
    _check_version(sheet, version)
    sheet_def = sheet_of(sheet.assignment.enrolment.product_set)
    cleaned = _clean_answers(sheet_def, answers, complete=False)
    old = {"answers": sheet.answers, "version": sheet.version}
    summary = preview(sheet_def, cleaned)
    sheet.answers = cleaned
    sheet.total = summary["total"]
    sheet.parts = {k: str(v) for k, v in summary["parts"].items()}
    sheet.version += 1
    sheet.save(update_fields=["answers", "total", "parts", "version", "updated_at"])
    audit_log(
        actor=actor,
        action="evaluation.sheet.saved",
        obj=sheet,
        old=old,
        new={"answers": cleaned, "version": sheet.version},
    )
    return sheet


@transaction.atomic
def sheet_submit(
    *, actor, sheet: ScoreSheet, answers: dict | None = None, version: int | None = None
) -> ScoreSheet:
    """Submit a complete sheet. Submitting a sheet that is already submitted changes nothing."""
    sheet = _locked_sheet(sheet)
    _require_owner(actor, sheet)
    if sheet.status != SheetStatus.DRAFT:
        return sheet  # idempotent: already counted once
    _check_version(sheet, version)
    sheet_def = sheet_of(sheet.assignment.enrolment.product_set)
    cleaned = _clean_answers(
        sheet_def, sheet.answers if answers is None else answers, complete=True
    )
    scored = score_answers(sheet_def, cleaned)
    sheet.answers = cleaned
    sheet.total = scored.total
    sheet.parts = {k: str(v) for k, v in scored.parts.items()}
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.version += 1
    sheet.save()
    audit_log(
        actor=actor,
        action="evaluation.sheet.submitted",
        obj=sheet,
        old={"status": SheetStatus.DRAFT},
        new={"status": sheet.status, "total": sheet.total, "answers": cleaned},
    )
    return sheet


@transaction.atomic
def sheet_reopen(*, actor, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """The chair sends a sheet back to its member (e.g. after the spread rule flagged it)."""
    sheet = _locked_sheet(sheet)
    enrolment = sheet.assignment.enrolment
    if chair_of(enrolment.round, actor) is None:
        raise PermissionDeniedError(_("Only the council chair may reopen a score sheet."))
    if not reason.strip():
        raise DomainError(_("Give the reason for reopening the sheet."), field="reason")
    if sheet.status == SheetStatus.DRAFT:
        raise TransitionError(_("This score sheet is still a draft."))
    result = Result.objects.select_for_update(of=("self",)).filter(enrolment=enrolment).first()
    if enrolment.status == EnrolmentStatus.NOT_PROPOSED:
        raise TransitionError(_("The product was not recognised and its dossier is closed."))
    if result is not None and hasattr(result, "certificate"):
        raise TransitionError(_("A certificate was issued on this result; it cannot be reopened."))
    old = sheet.status
    sheet.status = SheetStatus.DRAFT
    sheet.reopened_reason = reason.strip()
    sheet.version += 1
    sheet.save(update_fields=["status", "reopened_reason", "version", "updated_at"])
    if result is not None and result.final:
        result.final = False
        result.finalised_at = None
        result.save(update_fields=["final", "finalised_at", "updated_at"])
        ScoreSheet.objects.filter(
            assignment__enrolment=enrolment, status=SheetStatus.LOCKED
        ).update(status=SheetStatus.SUBMITTED)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.SCORING)
    audit_log(
        actor=actor,
        action="evaluation.sheet.reopened",
        obj=sheet,
        old={"status": old},
        new={"status": sheet.status},
        note=reason,
    )
    return sheet


# --------------------------------------------------------------------------- result


def _eligible_members(enrolment: Enrolment):
    """Active members of the round's council(s) without a declared link to the producer."""
    members = CouncilMember.objects.filter(
        council__round=enrolment.round, council__kind=Council.Kind.COUNCIL, active=True
    )
    if enrolment.product.producer_id:
        members = members.exclude(conflicts__producer_id=enrolment.product.producer_id)
    return members


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
    sheets = list(
        ScoreSheet.objects.filter(
            assignment__enrolment=enrolment,
            status__in=[SheetStatus.SUBMITTED, SheetStatus.LOCKED],
            assignment__member__active=True,
        )
        .select_related("assignment__member__user")
        .order_by("assignment__member_id")
    )
    if not sheets:
        raise DomainError(_("No member has submitted a score sheet yet."))
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
    eligible = list(_eligible_members(enrolment).values_list("id", "position"))
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
        actor=actor, action="evaluation.result.computed", obj=result, old=old, new=snapshot(result)
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
    ScoreSheet.objects.filter(assignment__enrolment=enrolment).exclude(
        status=SheetStatus.DRAFT
    ).update(status=SheetStatus.LOCKED)
    status = EnrolmentStatus.PROPOSED if result.recognisable else EnrolmentStatus.NOT_PROPOSED
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status)
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
