"""Post-recognition inspections (hậu kiểm): plans, visits, checklists, findings, corrective
actions and the outcome of a visit.

Every action checks the actor against the record as stored (``selectors.inspections``):
planners act on every visit of their province, inspectors on the visits they are named on.
An outcome that revokes a certificate or opens a re-evaluation goes through the certificates
services, which make their own checks (who may revoke, the re-evaluation window).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.scope import unit_under
from ocop.certificates import services as certificate_services
from ocop.certificates.reevaluation import reevaluation_start
from ocop.certificates.selectors import certificate_in_force
from ocop.core.audit import audit_log, snapshot
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.core.text import nfc
from ocop.geo.models import Level
from ocop.programme import notices
from ocop.programme.images import clean_photo
from ocop.programme.inspect_lifecycle import (
    VISIT_OPEN,
    check_action_move,
    check_visit_move,
)
from ocop.programme.models import (
    ActionStatus,
    CaseStatus,
    CheckItem,
    ChecklistEntry,
    CheckResult,
    CorrectiveAction,
    Finding,
    InspectionPlan,
    InspectionVisit,
    MisuseReport,
    VisitOutcome,
    VisitReason,
    VisitStatus,
)
from ocop.programme.selectors import inspections as sel
from ocop.registry.models import Product
from ocop.registry.validators import IMAGE_EXTENSIONS, validate_upload

RULES = {
    VisitReason.SECOND_YEAR: sel.certificates_in_second_year,
    VisitReason.MISUSE: sel.confirmed_misuse_reports,
}


def _refuse_planner(actor, province) -> None:
    if not sel.may_plan(actor, province):
        raise PermissionDeniedError(
            _("Only the provincial OCOP office of this province plans its inspections.")
        )


def _refuse_worker(actor, visit: InspectionVisit) -> None:
    if not sel.may_work_visit(actor, visit):
        raise PermissionDeniedError(
            _("Only the visit's inspectors and the provincial office act on this visit.")
        )


def _text(value: str, field: str, label: str) -> str:
    value = nfc(value or "").strip()
    if not value:
        raise DomainError(_("“%(field)s” is required.") % {"field": label}, field=field)
    return value


@transaction.atomic
def inspection_plan_create(*, actor, province, year: int, title: str) -> InspectionPlan:
    if province.level != Level.PROVINCE:
        raise DomainError(_("An inspection plan belongs to a province."), field="province")
    _refuse_planner(actor, province)
    if not 2000 <= int(year) <= 2100:
        raise DomainError(_("Give the plan's year, e.g. 2026."), field="year")
    plan = InspectionPlan.objects.create(
        province=province,
        year=int(year),
        title=_text(title, "title", _("title")),
        created_by=actor,
    )
    audit_log(actor=actor, action="programme.inspection_plan.created", obj=plan, new=snapshot(plan))
    return plan


def _check_inspectors(plan: InspectionPlan, inspectors) -> list:
    inspectors = list(inspectors or [])
    if not inspectors:
        raise DomainError(_("Name at least one inspector."), field="inspectors")
    allowed = set(sel.eligible_inspectors(plan.province).values_list("pk", flat=True))
    for user in inspectors:
        if user.pk not in allowed:
            raise DomainError(
                _("%(user)s is not an official of this province and cannot inspect here.")
                % {"user": user.get_username()},
                field="inspectors",
            )
    return inspectors


@transaction.atomic
def inspection_visit_add(
    *,
    actor,
    plan: InspectionPlan,
    product: Product,
    planned_on: datetime.date,
    inspectors,
    reason: str = VisitReason.BY_HAND,
    misuse_report: MisuseReport | None = None,
) -> InspectionVisit:
    """Plan a visit about ``product`` (a product of the plan's province, as stored)."""
    plan = InspectionPlan.objects.select_related("province").get(pk=plan.pk)
    _refuse_planner(actor, plan.province)
    product = Product.objects.select_related("origin_unit", "province").get(pk=product.pk)
    if not unit_under(product.origin_unit or product.province, plan.province.path):
        raise DomainError(_("This product is not one of the plan's province."), field="product")
    if planned_on is None:
        raise DomainError(_("Give the planned date."), field="planned_on")
    if misuse_report is not None:
        misuse_report = MisuseReport.objects.get(pk=misuse_report.pk)
        if misuse_report.status != CaseStatus.CONFIRMED or misuse_report.product_id != product.pk:
            raise DomainError(
                _("Only a confirmed misuse case about this product can lead to its visit."),
                field="misuse_report",
            )
        reason = VisitReason.MISUSE
    if reason not in VisitReason.values:
        raise DomainError(_("Choose why the product is visited."), field="reason")
    inspectors = _check_inspectors(plan, inspectors)
    visit = InspectionVisit.objects.create(
        plan=plan,
        product=product,
        certificate=certificate_in_force(product, planned_on),
        planned_on=planned_on,
        reason=reason,
        misuse_report=misuse_report,
    )
    visit.inspectors.set(inspectors)
    ChecklistEntry.objects.bulk_create(
        ChecklistEntry(visit=visit, item=item) for item in CheckItem.values
    )
    audit_log(
        actor=actor,
        action="programme.inspection_visit.planned",
        obj=visit,
        new={**snapshot(visit), "inspectors": sorted(u.pk for u in inspectors)},
    )
    notices.visit_assigned(visit, inspectors)
    return visit


@transaction.atomic
def inspection_visits_select(
    *, actor, plan: InspectionPlan, rule: str, day: datetime.date, planned_on, inspectors
) -> list[InspectionVisit]:
    """Plan a visit for every product the rule selects on ``day`` that the plan does not
    already visit: certificates in their second year, or confirmed misuse cases."""
    plan = InspectionPlan.objects.select_related("province").get(pk=plan.pk)
    _refuse_planner(actor, plan.province)
    if rule not in RULES:
        raise DomainError(_("Choose a selection rule."), field="rule")
    taken = set(plan.visits.values_list("product_id", flat=True))
    visits = []
    if rule == VisitReason.SECOND_YEAR:
        for certificate in sel.certificates_in_second_year(plan.province, day).select_related(
            "product"
        ):
            if certificate.product_id in taken:
                continue
            taken.add(certificate.product_id)
            visits.append(
                inspection_visit_add(
                    actor=actor,
                    plan=plan,
                    product=certificate.product,
                    planned_on=planned_on,
                    inspectors=inspectors,
                    reason=rule,
                )
            )
    else:
        for report in sel.confirmed_misuse_reports(plan.province):
            if report.product_id in taken:
                continue
            taken.add(report.product_id)
            visits.append(
                inspection_visit_add(
                    actor=actor,
                    plan=plan,
                    product=report.product,
                    planned_on=planned_on,
                    inspectors=inspectors,
                    misuse_report=report,
                )
            )
    return visits


def _visit_for_update(visit: InspectionVisit) -> InspectionVisit:
    return (
        InspectionVisit.objects.select_for_update(of=("self",))
        .select_related("plan__province", "product")
        .get(pk=visit.pk)
    )


def _move_visit(actor, visit: InspectionVisit, target: str, **fields) -> InspectionVisit:
    check_visit_move(visit.status, target)
    old = snapshot(visit)
    visit.status = target
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.save()
    audit_log(
        actor=actor,
        action=f"programme.inspection_visit.{target}",
        obj=visit,
        old=old,
        new=snapshot(visit),
    )
    return visit


def _open_visit(actor, visit: InspectionVisit) -> InspectionVisit:
    visit = _visit_for_update(visit)
    _refuse_worker(actor, visit)
    if visit.status not in VISIT_OPEN:
        raise DomainError(_("Start the visit first; a closed visit is no longer changed."))
    return visit


@transaction.atomic
def inspection_visit_start(
    *, actor, visit: InspectionVisit, visited_on: datetime.date | None = None
) -> InspectionVisit:
    visit = _visit_for_update(visit)
    _refuse_worker(actor, visit)
    return _move_visit(
        actor, visit, VisitStatus.IN_PROGRESS, visited_on=visited_on or timezone.localdate()
    )


@transaction.atomic
def inspection_checklist_record(
    *, actor, visit: InspectionVisit, entries: dict[str, tuple[str, str]]
) -> InspectionVisit:
    """Mark checklist items: ``{item: (result, note)}``; a failed item needs a note."""
    visit = _open_visit(actor, visit)
    rows = {row.item: row for row in visit.checklist.all()}
    for item, (result, note) in entries.items():
        if item not in rows or result not in CheckResult.values:
            raise DomainError(_("Unknown checklist item or result."), field="checklist")
        note = nfc(note or "").strip()[:500]
        if result == CheckResult.FAIL and not note:
            raise DomainError(
                _("Say what failed for “%(item)s”.") % {"item": CheckItem(item).label},
                field="checklist",
            )
        row = rows[item]
        if (row.result, row.note) != (result, note):
            audit_log(
                actor=actor,
                action="programme.inspection_visit.checked",
                obj=visit,
                old={item: [row.result, row.note]},
                new={item: [result, note]},
            )
            row.result, row.note = result, note
            row.save(update_fields=["result", "note"])
    return visit


def _stored_file(upload) -> tuple[ContentFile, str]:
    """An uploaded finding file as stored: photos re-encoded without metadata, documents as
    checked by the registry's rules."""
    try:
        extension = Path(upload.name).suffix.lower().lstrip(".")
        if extension in IMAGE_EXTENSIONS:
            photo = clean_photo(upload)
            kind = photo.name.rsplit(".", 1)[-1]
            return photo, {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[kind]
        content_type = validate_upload(upload)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="file") from error
    upload.seek(0)
    return ContentFile(upload.read(), name=f"document.{extension}"), content_type


@transaction.atomic
def inspection_finding_add(*, actor, visit: InspectionVisit, text: str, file=None) -> Finding:
    visit = _open_visit(actor, visit)
    finding = Finding(visit=visit, text=_text(text, "text", _("finding")), recorded_by=actor)
    if file:
        stored, finding.content_type = _stored_file(file)
        finding.original_name = Path(file.name).name[:255]
        finding.file.save(f"{visit.public_code}-{stored.name}", stored, save=False)
    finding.save()
    audit_log(
        actor=actor,
        action="programme.finding.recorded",
        obj=visit,
        new={"finding": finding.pk, "text": finding.text, "file": finding.file.name or ""},
    )
    if visit.status == VisitStatus.IN_PROGRESS:
        _move_visit(actor, visit, VisitStatus.FINDINGS_RECORDED)
    return finding


@transaction.atomic
def corrective_action_add(
    *, actor, visit: InspectionVisit, description: str, deadline: datetime.date
) -> CorrectiveAction:
    visit = _open_visit(actor, visit)
    if visit.status != VisitStatus.FINDINGS_RECORDED:
        raise DomainError(_("Record a finding before asking for corrective actions."))
    if deadline is None:
        raise DomainError(_("Give the deadline."), field="deadline")
    action = CorrectiveAction.objects.create(
        visit=visit,
        description=_text(description, "description", _("corrective action")),
        deadline=deadline,
    )
    audit_log(
        actor=actor, action="programme.corrective_action.added", obj=action, new=snapshot(action)
    )
    return action


@transaction.atomic
def corrective_action_move(
    *, actor, action: CorrectiveAction, status: str, follow_up: str = "", day=None
) -> CorrectiveAction:
    """Record the follow-up: done, verified, or back to open when it was not done."""
    action = CorrectiveAction.objects.select_for_update(of=("self",)).get(pk=action.pk)
    visit = InspectionVisit.objects.select_related("plan__province").get(pk=action.visit_id)
    _refuse_worker(actor, visit)
    if status not in ActionStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    check_action_move(action.status, status)
    day = day or timezone.localdate()
    old = snapshot(action)
    action.status = status
    note = nfc(follow_up or "").strip()
    if note:
        action.follow_up = "\n".join(filter(None, [action.follow_up, f"{day:%d/%m/%Y}: {note}"]))
    if status == ActionStatus.DONE:
        action.done_on = day
    elif status == ActionStatus.VERIFIED:
        action.verified_on = day
    else:
        action.done_on = None
    action.save()
    audit_log(
        actor=actor,
        action=f"programme.corrective_action.{status}",
        obj=action,
        old=old,
        new=snapshot(action),
    )
    return action


@transaction.atomic
def inspection_visit_close(
    *,
    actor,
    visit: InspectionVisit,
    outcome: str,
    note: str = "",
    ground: str = "",
    authority: str = "",
    decision_no: str = "",
):
    """Close a visit with its outcome. A revocation is made by ``certificate_revoke`` (with its
    ground, authority and decision) and a re-evaluation opened by ``reevaluation_start``, each
    with its own checks; a refusal there leaves the visit open."""
    visit = _open_visit(actor, visit)
    if outcome not in VisitOutcome.values:
        raise DomainError(_("Choose the outcome of the visit."), field="outcome")
    if outcome == VisitOutcome.CORRECTIVE and not visit.actions.exists():
        raise DomainError(
            _("Add the corrective actions before closing with them."), field="outcome"
        )
    result = None
    if outcome in (VisitOutcome.REVOCATION, VisitOutcome.REEVALUATION):
        certificate = certificate_in_force(visit.product)
        if certificate is None:
            raise DomainError(_("This product has no certificate in force."), field="outcome")
        if outcome == VisitOutcome.REVOCATION:
            result = certificate_services.certificate_revoke(
                actor=actor,
                certificate=certificate,
                ground=ground,
                authority=authority,
                decision_no=decision_no,
            )
        else:
            result = reevaluation_start(actor=actor, certificate=certificate)
    _move_visit(
        actor,
        visit,
        VisitStatus.CLOSED,
        outcome=outcome,
        outcome_note=nfc(note or "").strip(),
        closed_on=timezone.localdate(),
    )
    return result
