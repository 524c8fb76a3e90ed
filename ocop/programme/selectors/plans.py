"""Who sees which plans, the units a plan's targets may name, and the targets of a unit."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ocop.accounts import permissions as perms
from ocop.accounts.scope import scope_for, unit_q
from ocop.geo.in_force import units_in_force
from ocop.geo.models import AdminUnit, Era, Level
from ocop.geo.selectors import era_on
from ocop.programme.models import Plan, Target


def _ancestors(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(2, len(parts) + 1)]


def plans_visible_to(user) -> QuerySet[Plan]:
    """Plans of a province in the user's scope or holding a unit of it (a commune officer
    reads the plan of its province); central users read every plan; producers and council
    members none."""
    qs = Plan.objects.select_related("province")
    if not perms.has_capability(user, perms.VIEW_ALL):
        return qs.none()
    scope = scope_for(user)
    if scope.everything:
        return qs
    if not scope.unit_paths:
        return qs.none()
    above = [a for path in reach_paths(user, levels=None) for a in _ancestors(path)]
    return qs.filter(unit_q(scope.unit_paths, "province__") | Q(province__path__in=above))


def reach_paths(user, *, levels=(Level.COMMUNE,)) -> list[str]:
    """The paths of the user's units with the paths of the 2025 units now covering them, of
    former units of ``levels`` only (by default communes: the province covering a former
    district would be the whole province); ``None``: every level."""
    scope = scope_for(user)
    paths = set(scope.unit_paths)
    units = AdminUnit.objects.filter(path__in=paths)
    if levels is not None:
        units = units.filter(level__in=list(levels))
    current = units.values_list("current_path", flat=True)
    paths.update(c for c in current if c)
    return sorted(paths)


def plans_managed_by(user) -> QuerySet[Plan]:
    """Plans the user may change: ``can_manage_plans`` through a role covering the province."""
    if not perms.has_capability(user, perms.MANAGE_PLANS):
        return Plan.objects.none()
    scope = scope_for(user)
    if scope.everything:
        return Plan.objects.all()
    return Plan.objects.filter(unit_q(scope.unit_paths, "province__"))


def plan_units(plan: Plan) -> QuerySet[AdminUnit]:
    """The units a target of ``plan`` may name: the districts (before 1 July 2025) or the
    communes (after) in force on the plan's map day, within its province."""
    day = plan.map_day
    levels = [Level.DISTRICT] if era_on(day) == Era.OLD else [Level.COMMUNE]
    return units_in_force(day, within=[plan.province.path], levels=levels)


def targets_visible_to(user) -> QuerySet[Target]:
    """Targets of visible plans on units in the user's scope (every unit for the province)."""
    qs = Target.objects.select_related("plan", "unit").filter(
        plan__in=plans_visible_to(user).values("pk")
    )
    scope = scope_for(user)
    if scope.everything:
        return qs
    return qs.filter(
        unit_q(scope.unit_paths, "unit__") | unit_q(scope.unit_paths, "plan__province__")
    )
