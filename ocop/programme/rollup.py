"""National roll-up of programme figures: a province deployment sends the targets and actual
figures of its plans of a year; the national deployment mirrors them (``ProvinceProgress``).

The same design as the certified list (``ocop.certificates.rollup``, decision 0051) and the
rules of decision 0075:

- one self-contained item per province and year: the province by structure, level and code,
  the day the figures were counted, the plans they come from, and per measure the sum of the
  plans' targets and the province's actual figure (``selectors.progress.province_figures``);
- the receiver (``province_progress_receive``) needs ``can_import``; the item's province must be
  a province in the sender's unit scope, so a provincial office writes its own figures only,
  and figures already stored are matched only by that province;
- an item replaces the province's figures of the year, all or nothing; figures counted on an
  earlier day than those stored are ignored (a late batch never rolls the figures back); a
  measure this deployment does not know refuses the item.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.permissions import IMPORT_DATA, require
from ocop.accounts.scope import scope_for, unit_in_scope, unit_q
from ocop.core.audit import audit_changes, audit_log, snapshot
from ocop.core.exceptions import DomainError, OutsideScope, PermissionDeniedError
from ocop.geo.models import AdminUnit, Level
from ocop.programme import measures
from ocop.programme.models import Plan, ProvinceProgress
from ocop.programme.selectors.progress import province_figures

OUTCOMES = ("created", "updated", "removed", "unchanged")

# --- the sending side -------------------------------------------------------------------------


def progress_items(
    *, year: int, province_code: str | None = None, on: datetime.date | None = None
) -> list[dict]:
    """One item per province holding plans of ``year`` (or only the province of that code, in
    either structure): targets summed over its plans, actual figures of the whole province."""
    plans = Plan.objects.all()
    if province_code:
        paths = AdminUnit.objects.filter(level=Level.PROVINCE, code=province_code).values_list(
            "path", flat=True
        )
        plans = plans.filter(unit_q(list(paths), "province__"))
    figures = province_figures(plans, year=year, on=on)
    keys = [m.key for m in figures["measures"]]
    items: dict[int, dict] = {}
    for row in figures["rows"]:
        plan = row["plan"]
        province = plan.province
        item = items.setdefault(
            province.pk,
            {
                "province": {"era": province.era, "level": province.level, "code": province.code},
                "year": year,
                "as_of": figures["on"].isoformat(),
                "plans": [],
                "measures": {key: {"target": 0, "actual": 0} for key in keys},
            },
        )
        item["plans"].append(plan.number)
        for key, (target, actual) in zip(keys, row["cells"], strict=True):
            item["measures"][key]["target"] += target
            item["measures"][key]["actual"] = actual  # the province's figure, the same per plan
    return [
        {**item, "measures": [{"measure": k, **v} for k, v in item["measures"].items()]}
        for item in items.values()
    ]


# --- the receiving side -----------------------------------------------------------------------


def _province(ref: dict, scope) -> AdminUnit:
    unit = AdminUnit.objects.filter(era=ref["era"], level=Level.PROVINCE, code=ref["code"]).first()
    if unit is None or ref["level"] != Level.PROVINCE:
        raise DomainError(_("Unknown province %(era)s/%(level)s/%(code)s.") % ref, field="province")
    if not unit_in_scope(unit, scope):
        raise OutsideScope(
            _("Province %(name)s lies outside your area of work.") % {"name": unit.name},
            field="province",
        )
    return unit


def _receive_item(actor, scope, item: dict, counts: dict[str, int]) -> None:
    province = _province(item["province"], scope)
    incoming: dict[str, dict] = {}
    for entry in item["measures"]:
        if entry["measure"] not in measures.MEASURES:
            raise DomainError(
                _("Unknown measure %(measure)s.") % {"measure": entry["measure"]},
                field="measures",
            )
        incoming[entry["measure"]] = entry
    stored = {
        row.measure: row
        for row in ProvinceProgress.objects.filter(province=province, year=item["year"])
    }
    if any(row.as_of > item["as_of"] for row in stored.values()):
        counts["unchanged"] += len(incoming)
        return
    source = ", ".join(item["plans"])[:255]
    for key, entry in incoming.items():
        fields = {
            "target": entry["target"],
            "actual": entry["actual"],
            "as_of": item["as_of"],
            "source": source,
        }
        row = stored.pop(key, None)
        if row is None:
            row = ProvinceProgress.objects.create(
                province=province, year=item["year"], measure=key, **fields
            )
            audit_log(
                actor=actor, action="programme.progress.rolled_up", obj=row, new=snapshot(row)
            )
            counts["created"] += 1
            continue
        before = snapshot(row)
        for name, value in fields.items():
            setattr(row, name, value)
        if snapshot(row) == before:
            counts["unchanged"] += 1
            continue
        row.save()
        audit_changes(actor=actor, action="programme.progress.rolled_up", obj=row, before=before)
        counts["updated"] += 1
    for row in stored.values():  # measures no longer targeted by the province's plans
        audit_log(actor=actor, action="programme.progress.removed", obj=row, old=snapshot(row))
        row.delete()
        counts["removed"] += 1


@transaction.atomic
def province_progress_receive(*, actor, items: list[dict]) -> dict[str, int]:
    """Record validated progress items, all or nothing (see the module docstring)."""
    require(actor, IMPORT_DATA)
    scope = scope_for(actor)
    counts = dict.fromkeys(OUTCOMES, 0)
    for index, item in enumerate(items):
        try:
            _receive_item(actor, scope, item, counts)
        except DomainError as error:
            kind = PermissionDeniedError if isinstance(error, OutsideScope) else DomainError
            raise kind(
                _("Item %(index)s: %(message)s") % {"index": index, "message": error.message},
                field=f"provinces[{index}].{error.field}",
            ) from error
    return counts
