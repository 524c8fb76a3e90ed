"""Councils (hội đồng), their members, declared conflicts of interest and assignments."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ocop.core.audit import audit_log, snapshot
from ocop.core.exceptions import DomainError, TransitionError
from ocop.evaluation.models import (
    Assignment,
    ConflictOfInterest,
    Council,
    CouncilMember,
    Enrolment,
    EnrolmentStatus,
    Round,
    ScoreSheet,
    SheetStatus,
)
from ocop.evaluation.services.results import result_refresh
from ocop.evaluation.services.rounds import all_or_nothing, enrolment_move, require_manage
from ocop.evaluation.services.sheets import sheet_move


@transaction.atomic
def council_create(
    *, actor, round_: Round, name: str, kind: str = Council.Kind.COUNCIL, established_by: str = ""
) -> Council:
    require_manage(actor, round_)
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
    require_manage(actor, council.round)
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
    """A member declares a link to a producer (family, employment, ownership, ...).

    The member leaves that producer's products at once: each of their sheets is withdrawn (a
    draft can no longer be saved or submitted, a submitted sheet stops counting) and a
    provisional result is computed again without it. A sheet locked in a final result is not
    changed behind the council's back: the declaration is refused until the chair reopens that
    sheet (docs/decisions/0035).
    """
    if actor != member.user:
        require_manage(actor, member.council.round)
    member = CouncilMember.objects.select_for_update(of=("self",)).get(pk=member.pk)
    sheets = list(
        ScoreSheet.objects.select_for_update(of=("self",))
        .filter(assignment__member=member, assignment__enrolment__product__producer=producer)
        .select_related("assignment__enrolment__product")
        .order_by("pk")
    )
    for sheet in sheets:
        if sheet.status == SheetStatus.LOCKED:
            raise TransitionError(
                _(
                    "%(member)s's score sheet counts toward the final result of %(product)s; "
                    "the chair must reopen that sheet before the conflict is recorded."
                )
                % {"member": member.user, "product": sheet.assignment.enrolment.product},
                field="producer",
            )
    conflict, created = ConflictOfInterest.objects.get_or_create(
        member=member, producer=producer, defaults={"note": note}
    )
    if created:
        audit_log(
            actor=actor, action="evaluation.conflict.declared", obj=conflict, new=snapshot(conflict)
        )
    for sheet in sheets:
        if sheet.status == SheetStatus.WITHDRAWN:
            continue
        sheet_move(actor=actor, sheet=sheet, to=SheetStatus.WITHDRAWN, note=note)
        result_refresh(actor, sheet.assignment.enrolment)
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
    require_manage(actor, enrolment.round)
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
        enrolment_move(actor=actor, enrolment=enrolment, to=EnrolmentStatus.SCORING)
        audit_log(
            actor=actor,
            action="evaluation.member.assigned",
            obj=assignment,
            new={"enrolment": enrolment.pk, "member": member.pk},
        )
    return assignment


@transaction.atomic
def members_assign(*, actor, enrolments, members) -> list[Assignment]:
    """Assign every member to every enrolment (one member to several products, or several
    members to a product): all or nothing, every refusal named."""
    enrolments, members = list(enrolments), list(members)
    if not enrolments or not members:
        raise DomainError(_("Choose at least one product and one member."), field="member")
    return all_or_nothing(
        [
            (
                _("%(member)s on %(product)s") % {"member": m.user, "product": e.product},
                lambda e=e, m=m: member_assign(actor=actor, enrolment=e, member=m),
            )
            for e in enrolments
            for m in members
        ],
        refused_message=_("No assignment was made; %(count)s refused. %(refusals)s"),
    )
