"""Live progress of a plan (tiến độ): target, actual, share and a status per unit.

The actual figures come from the registered measures (``ocop.programme.measures``), each asked
once for all the plan's units, so a page costs the same number of queries for 5 units or 500.
The ``ocop plan progress`` command, the progress page, its export, the unit dashboards, the
statistics and the API all read ``plan_progress``.

A unit's status (decision 0080):

- ``done``: every targeted measure reached (actual >= target);
- ``overdue``: not done and the plan's deadline has passed;
- ``at_risk``: the share of the year elapsed exceeds the share achieved by more than
  ``settings.OCOP_PROGRESS_AT_RISK_MARGIN`` (0.25 unless set);
- ``on_track`` otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ocop.accounts.scope import unit_q
from ocop.evaluation.models import Round, RoundLevel, RoundStatus
from ocop.geo.display import attach_current, unit_label
from ocop.geo.models import AdminUnit
from ocop.programme import measures
from ocop.programme.models import Milestone, MilestoneKind, Plan, Target
from ocop.programme.plan_measures import NEW_PRODUCTS, UPGRADES
from ocop.registry.models import Dossier, DossierStatus

DONE, OVERDUE, AT_RISK, ON_TRACK = "done", "overdue", "at_risk", "on_track"
DEFAULT_AT_RISK_MARGIN = 0.25
STATUS_LABELS = {
    DONE: _("Done"),
    OVERDUE: _("Overdue"),
    AT_RISK: _("At risk"),
    ON_TRACK: _("On track"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@dataclass
class UnitProgress:
    unit: AdminUnit
    label: str
    target: dict[str, int]
    actual: dict[str, int]
    status: str = ON_TRACK
    cells: list[tuple[int | None, int]] = field(default_factory=list)  # per measure, in order

    @property
    def share(self) -> float:
        """The share of the targets reached (each measure capped at its target)."""
        wanted = sum(self.target.values())
        if not wanted:
            return 1.0
        got = sum(min(self.actual.get(k, 0), n) for k, n in self.target.items())
        return got / wanted

    @property
    def percent(self) -> int:
        return round(self.share * 100)

    def behind(self) -> list[tuple[str, int, int]]:
        """(measure key, target, actual) of the measures not yet reached."""
        return [
            (k, n, self.actual.get(k, 0))
            for k, n in self.target.items()
            if self.actual.get(k, 0) < n
        ]


@dataclass
class MilestoneState:
    milestone: Milestone
    done: bool
    overdue: bool
    detail: str = ""


@dataclass
class Progress:
    plan: Plan
    on: datetime.date
    measures: list[measures.Measure]
    units: list[UnitProgress]
    totals: dict[str, dict[str, int]] = field(default_factory=dict)
    milestones: list[MilestoneState] = field(default_factory=list)

    @property
    def total_cells(self) -> list[tuple[int, int]]:
        return [(self.totals["target"][m.key], self.totals["actual"][m.key]) for m in self.measures]

    def as_json(self) -> dict:
        return {
            "units": [
                {
                    "unit": row.label,
                    "unit_code": row.unit.code,
                    "target": row.target,
                    "actual": row.actual,
                    "share": round(row.share, 4),
                    "status": row.status,
                }
                for row in self.units
            ],
            "totals": self.totals,
        }


def at_risk_margin() -> float:
    return float(getattr(settings, "OCOP_PROGRESS_AT_RISK_MARGIN", DEFAULT_AT_RISK_MARGIN))


def year_elapsed(year: int, on: datetime.date) -> float:
    """The share of ``year`` gone by the end of ``on`` (0 before it, 1 after it)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if on < first:
        return 0.0
    if on >= last:
        return 1.0
    return ((on - first).days + 1) / ((last - first).days + 1)


def unit_status(row: UnitProgress, *, year: int, deadline: datetime.date, on: datetime.date) -> str:
    if not row.behind():
        return DONE
    if on > deadline:
        return OVERDUE
    if year_elapsed(year, on) - row.share > at_risk_margin():
        return AT_RISK
    return ON_TRACK


def measures_of(plan_targets) -> list[measures.Measure]:
    """The registered measures targeted by the plan, with ``new_products`` always present."""
    keys = {t.measure for t in plan_targets} | {NEW_PRODUCTS}
    return [m for m in measures.ordered() if m.key in keys]


def plan_progress(plan: Plan, *, on: datetime.date | None = None, within=None) -> Progress:
    """Progress of ``plan`` on ``on`` (today). ``within`` (unit paths) keeps only the rows of
    units under them (a commune officer's dashboard); totals stay those of the province."""
    on = on or timezone.localdate()
    targets = list(plan.targets.select_related("unit").order_by("unit__path", "measure"))
    chosen = measures_of(targets)
    keys = {m.key for m in chosen}
    units: dict[int, AdminUnit] = {}
    wanted: dict[int, dict[str, int]] = {}
    for t in targets:
        if t.measure in keys:
            units.setdefault(t.unit_id, t.unit)
            wanted.setdefault(t.unit_id, {})[t.measure] = t.value
    attach_current(list(units.values()))
    counted = {m.key: m.count(plan.year, [*units.values(), plan.province], on) for m in chosen}
    rows = []
    for unit_id, unit in units.items():
        target = dict(wanted[unit_id])
        actual = {m.key: counted[m.key].get(unit_id, 0) for m in chosen}
        row = UnitProgress(
            unit=unit,
            label=unit_label(unit, plan.map_day),
            target=target,
            actual=actual,
            cells=[(target.get(m.key), actual[m.key]) for m in chosen],
        )
        row.status = unit_status(row, year=plan.year, deadline=plan.deadline, on=on)
        rows.append(row)
    if within is not None:
        rows = [r for r in rows if _under(r.unit, within)]
    totals = {
        "target": {m.key: sum(w.get(m.key, 0) for w in wanted.values()) for m in chosen},
        "actual": {m.key: counted[m.key].get(plan.province.pk, 0) for m in chosen},
    }
    return Progress(
        plan=plan,
        on=on,
        measures=chosen,
        units=rows,
        totals=totals,
        milestones=milestone_states(plan, on=on, targets=totals["target"]),
    )


def _under(unit: AdminUnit, paths) -> bool:
    return any(
        unit.path.startswith(p)
        or (unit.current_path or "").startswith(p)
        or p.startswith(unit.path)
        for p in paths
    )


def milestone_states(plan: Plan, *, on: datetime.date, targets: dict) -> list[MilestoneState]:
    """Each milestone, done (marked, or read from the system) or not, and overdue or not.

    Read from the system (decision 0080): *dossiers filed* is done when the province's
    dossiers submitted in the year reach the targets for new products and
    upgrades; *commune review done* when none of them still waits for the commune; *provincial
    evaluation done* when a provincial round of the year is closed. Three queries in all."""
    stones = list(plan.milestones.all())
    if not stones:
        return []
    in_province = unit_q([plan.province.path], "product__province__")
    dossiers = Dossier.objects.filter(in_province, submitted_at__year=plan.year).aggregate(
        filed=Count("pk"),
        waiting=Count("pk", filter=Q(status=DossierStatus.SUBMITTED)),
    )
    closed = Round.objects.filter(
        unit_q([plan.province.path], "unit__"),
        level=RoundLevel.PROVINCE,
        year=plan.year,
        status=RoundStatus.CLOSED,
    ).exists()
    needed = targets.get(NEW_PRODUCTS, 0) + targets.get(UPGRADES, 0)
    out = []
    for stone in stones:
        detail = ""
        computed = False
        if stone.kind == MilestoneKind.DOSSIERS_FILED:
            computed = dossiers["filed"] >= needed > 0
            detail = ngettext(
                "%(filed)s dossier filed in the year, %(needed)s needed",
                "%(filed)s dossiers filed in the year, %(needed)s needed",
                dossiers["filed"],
            ) % {"filed": dossiers["filed"], "needed": needed}
        elif stone.kind == MilestoneKind.COMMUNE_REVIEW:
            computed = dossiers["filed"] > 0 and dossiers["waiting"] == 0
            detail = ngettext(
                "%(waiting)s dossier still waits for the commune review",
                "%(waiting)s dossiers still wait for the commune review",
                dossiers["waiting"],
            ) % {"waiting": dossiers["waiting"]}
        elif stone.kind == MilestoneKind.PROVINCIAL_EVALUATION:
            computed = closed
        done = computed or (stone.done_on is not None and stone.done_on <= on)
        out.append(
            MilestoneState(
                stone, done=done, overdue=not done and on > stone.deadline, detail=detail
            )
        )
    return out


def combined_json(year: int, progresses: list[Progress]) -> dict:
    """One year's progress across plans (``ocop plan progress``, the API): every unit row, and
    totals summed over the plans; ``new_products`` is always present."""
    keys: list[str] = []
    for progress in progresses:
        keys += [m.key for m in progress.measures if m.key not in keys]
    keys = keys or [NEW_PRODUCTS]
    totals = {"target": dict.fromkeys(keys, 0), "actual": dict.fromkeys(keys, 0)}
    units = []
    for progress in progresses:
        shaped = progress.as_json()
        for row in shaped["units"]:
            units.append(
                {**row, "plan": progress.plan.number, "province": progress.plan.province.code}
            )
        for part in ("target", "actual"):
            for key, n in shaped["totals"][part].items():
                totals[part][key] += n
    return {"year": year, "units": units, "totals": totals}


def province_figures(plans, *, year: int, on: datetime.date | None = None) -> dict:
    """Targets and actual figures per plan of ``year`` (each for its whole province), for the
    statistics page: one query per measure for all plans, whatever their number."""
    on = on or timezone.localdate()
    plans = list(
        plans.filter(year=year).select_related("province").order_by("province__name", "number")
    )
    wanted: dict[int, dict[str, int]] = {p.pk: {} for p in plans}
    for plan_id, key, value in Target.objects.filter(plan__in=plans).values_list(
        "plan_id", "measure", "value"
    ):
        wanted[plan_id][key] = wanted[plan_id].get(key, 0) + value
    keys = {k for w in wanted.values() for k in w} | {NEW_PRODUCTS}
    chosen = [m for m in measures.ordered() if m.key in keys]
    provinces = list({p.province_id: p.province for p in plans}.values())
    counted = {m.key: m.count(year, provinces, on) for m in chosen} if plans else {}
    rows = []
    for plan in plans:
        rows.append(
            {
                "plan": plan,
                "province": unit_label(plan.province, plan.map_day),
                "cells": [
                    (wanted[plan.pk].get(m.key, 0), counted[m.key].get(plan.province_id, 0))
                    for m in chosen
                ],
            }
        )
    return {"year": year, "on": on, "measures": chosen, "rows": rows}
