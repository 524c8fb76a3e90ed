"""Plans, targets and milestones: one function per action, audited, checked against the plan's
province as stored (``can_manage_plans`` through a role covering it)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.permissions import MANAGE_PLANS
from ocop.core.audit import audit_changes, audit_log, snapshot
from ocop.core.exceptions import DomainError
from ocop.core.text import nfc
from ocop.geo.models import AdminUnit, Level
from ocop.programme import measures
from ocop.programme.models import Milestone, MilestoneKind, Plan, Target
from ocop.programme.selectors.plans import plan_units
from ocop.registry import rights, validators
from ocop.registry.services._common import required, validate

PLAN_FIELDS = ("number", "issued_on", "issuing_body", "title", "deadline")
TEXT_TYPES = {"pdf", "docx"}


def _require(actor, province: AdminUnit) -> None:
    rights.require_unit(actor, province, MANAGE_PLANS)


def _check(fields: dict, year: int) -> None:
    for name in ("number", "issued_on", "issuing_body", "title"):
        required(name, fields.get(name), Plan._meta.get_field(name).verbose_name)
    deadline = fields.get("deadline")
    if deadline and deadline.year != year:
        raise DomainError(
            _("The deadline must fall in the plan's year (%(year)s).") % {"year": year},
            field="deadline",
        )


def _attach(plan: Plan, text) -> None:
    content_type = validate(
        "text", lambda f: validators.validate_upload(f, allowed=TEXT_TYPES), text
    )
    extension = Path(text.name).suffix.lower()
    text.seek(0)
    plan.text.save(f"{plan.public_code}{extension}", ContentFile(text.read()), save=False)
    plan.text_name = Path(text.name).name[:255]
    plan.text_type = content_type


@transaction.atomic
def plan_create(
    *,
    actor,
    province: AdminUnit,
    year: int,
    number: str,
    issued_on: datetime.date,
    issuing_body: str,
    title: str,
    deadline: datetime.date | None = None,
    text=None,
) -> Plan:
    """Record a province's plan for ``year``; targets are due by ``deadline`` (31/12)."""
    if province is None or province.level != Level.PROVINCE:
        raise DomainError(_("A plan is issued by a province."), field="province")
    _require(actor, province)
    if not 2000 <= int(year) <= 2100:
        raise DomainError(_("Enter a valid year."), field="year")
    fields = {
        "number": nfc(number or "").strip(),
        "issued_on": issued_on,
        "issuing_body": nfc(issuing_body or "").strip(),
        "title": nfc(title or "").strip(),
        "deadline": deadline or datetime.date(int(year), 12, 31),
    }
    _check(fields, int(year))
    if Plan.objects.filter(province=province, year=year, number=fields["number"]).exists():
        raise DomainError(
            _("This province already has a plan with that number for that year."), field="number"
        )
    plan = Plan(province=province, year=int(year), **fields)
    if text:
        _attach(plan, text)
    plan.save()
    audit_log(actor=actor, action="programme.plan.created", obj=plan, new=snapshot(plan))
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, text=None, **changes) -> Plan:
    """Correct a plan's number, dates, issuing body or title, or replace its text."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("province").get(pk=plan.pk)
    _require(actor, plan.province)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    before = snapshot(plan)
    if "deadline" in changes and changes["deadline"] is None:
        changes["deadline"] = datetime.date(plan.year, 12, 31)
    for name, value in changes.items():
        setattr(plan, name, nfc(value).strip() if isinstance(value, str) else value)
    _check({f: getattr(plan, f) for f in PLAN_FIELDS}, plan.year)
    clash = Plan.objects.filter(province=plan.province, year=plan.year, number=plan.number)
    if clash.exclude(pk=plan.pk).exists():
        raise DomainError(
            _("This province already has a plan with that number for that year."), field="number"
        )
    if text:
        _attach(plan, text)
    plan.save()
    audit_changes(actor=actor, action="programme.plan.updated", obj=plan, before=before)
    return plan


@transaction.atomic
def targets_set(*, actor, plan: Plan, values: dict[tuple[int, str], int | None]) -> int:
    """Set the targets of ``plan``: ``{(unit id, measure key): n}``; ``None`` or 0 clears one.
    Every unit must be one of the plan's map (``plan_units``). Returns how many changed."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("province").get(pk=plan.pk)
    _require(actor, plan.province)
    allowed = set(
        plan_units(plan).filter(pk__in={u for u, _m in values}).values_list("pk", flat=True)
    )
    for unit_id, key in values:
        if key not in measures.MEASURES:
            raise DomainError(_("Unknown measure: %(key)s.") % {"key": key})
        if unit_id not in allowed:
            raise DomainError(_("This unit is not on the map of the plan's year in its province."))
    current = {(t.unit_id, t.measure): t for t in plan.targets.all()}
    changed = 0
    for (unit_id, key), value in values.items():
        value = int(value or 0)
        if value < 0:
            raise DomainError(_("A target cannot be negative."))
        old = current.get((unit_id, key))
        if old is not None and old.value == value:
            continue
        if old is None and value == 0:
            continue
        if value == 0:
            old.delete()
        elif old is None:
            Target.objects.create(plan=plan, unit_id=unit_id, measure=key, value=value)
        else:
            old.value = value
            old.save(update_fields=["value", "updated_at"])
        audit_log(
            actor=actor,
            action="programme.target.set",
            obj=plan,
            old={"unit": unit_id, "measure": key, "value": old.value if old else 0},
            new={"unit": unit_id, "measure": key, "value": value},
        )
        changed += 1
    return changed


@transaction.atomic
def milestone_add(
    *, actor, plan: Plan, kind: str, deadline: datetime.date, title: str = ""
) -> Milestone:
    plan = Plan.objects.select_related("province").get(pk=plan.pk)
    _require(actor, plan.province)
    if kind not in MilestoneKind.values:
        raise DomainError(_("Choose a kind of milestone."), field="kind")
    required("deadline", deadline, Milestone._meta.get_field("deadline").verbose_name)
    if kind == MilestoneKind.OTHER and not (title or "").strip():
        raise DomainError(_("Describe the milestone."), field="title")
    stone = Milestone.objects.create(
        plan=plan, kind=kind, deadline=deadline, title=nfc(title or "").strip()
    )
    audit_log(actor=actor, action="programme.milestone.added", obj=stone, new=snapshot(stone))
    return stone


@transaction.atomic
def milestone_mark(*, actor, milestone: Milestone, done_on: datetime.date | None) -> Milestone:
    """Mark a milestone done on ``done_on`` (or not done, with ``None``)."""
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("plan__province")
        .get(pk=milestone.pk)
    )
    _require(actor, milestone.plan.province)
    before = snapshot(milestone)
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on", "updated_at"])
    audit_changes(actor=actor, action="programme.milestone.marked", obj=milestone, before=before)
    return milestone


@transaction.atomic
def milestone_remove(*, actor, milestone: Milestone) -> None:
    """Remove a milestone entered by mistake (the audit log keeps what it was)."""
    milestone = Milestone.objects.select_related("plan__province").get(pk=milestone.pk)
    _require(actor, milestone.plan.province)
    audit_log(
        actor=actor, action="programme.milestone.removed", obj=milestone, old=snapshot(milestone)
    )
    milestone.delete()
