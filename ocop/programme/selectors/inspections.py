"""Who sees and works inspections (hậu kiểm).

- Planners: a provincial office covering the plan's province (and superusers) plan, see every
  visit of the province's plans and may act on each of them.
- Inspectors: officials of the province (provincial office, sector department, district and
  commune officers) named on a visit see that visit only, and act on it.
- The central office reads every plan and visit.
Everyone else sees nothing: a visit out of sight answers 404.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.accounts.scope import active_roles, covers, scope_for, unit_q
from ocop.certificates.selectors import certificates_valid_in_force
from ocop.core.dates import add_months
from ocop.programme.models import CaseStatus, InspectionPlan, InspectionVisit, MisuseReport

# Roles whose holders may be named inspectors on a visit of their province.
INSPECTOR_ROLES = (
    Role.PROVINCE_OFFICE,
    Role.DEPARTMENT,
    Role.DISTRICT_OFFICER,
    Role.COMMUNE_OFFICER,
)


def _planner_paths(user) -> list[str]:
    return [
        ra.unit.path
        for ra in active_roles(user)
        if ra.role == Role.PROVINCE_OFFICE and ra.unit is not None
    ]


def may_plan(user, province) -> bool:
    """Whether ``user`` plans inspections in ``province`` (a provincial office covering it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(
        ra.role == Role.PROVINCE_OFFICE and covers(ra, province) for ra in active_roles(user)
    )


def planning_provinces(user) -> list:
    """The provinces ``user`` plans inspections for (the units of their provincial roles)."""
    return [ra.unit for ra in active_roles(user) if ra.role == Role.PROVINCE_OFFICE and ra.unit]


def plans_visible_to(user) -> QuerySet[InspectionPlan]:
    qs = InspectionPlan.objects.select_related("province")
    scope = scope_for(user)
    if scope.everything:
        return qs
    paths = _planner_paths(user)
    q = unit_q(paths, "province__") | Q(pk__in=visits_assigned_to(user).values("plan_id"))
    return qs.filter(q)


def visits_assigned_to(user) -> QuerySet[InspectionVisit]:
    if not getattr(user, "is_authenticated", False):
        return InspectionVisit.objects.none()
    return InspectionVisit.objects.filter(inspectors=user)


def visits_visible_to(user) -> QuerySet[InspectionVisit]:
    qs = InspectionVisit.objects.select_related(
        "plan", "plan__province", "product", "product__producer", "certificate"
    )
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = unit_q(_planner_paths(user), "plan__province__") | Q(
        pk__in=visits_assigned_to(user).values("pk")
    )
    return qs.filter(q)


def may_work_visit(user, visit: InspectionVisit) -> bool:
    """Planners of the visit's province and its inspectors act on a visit."""
    if may_plan(user, visit.plan.province):
        return True
    return visit.inspectors.filter(pk=getattr(user, "pk", None)).exists()


def inspector_roles(province, day: datetime.date | None = None) -> QuerySet[RoleAssignment]:
    """Active roles of officials who may inspect in ``province``."""
    day = day or timezone.localdate()
    return RoleAssignment.objects.filter(
        unit_q([province.path], "unit__"),
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        active=True,
        role__in=INSPECTOR_ROLES,
        user__is_active=True,
    )


def eligible_inspectors(province):
    return User.objects.filter(pk__in=inspector_roles(province).values("user_id")).order_by(
        "username"
    )


def certificates_in_second_year(province, day: datetime.date):
    """Certificates valid and in force on ``day`` for products of ``province`` and issued
    between two years (excluded) and one year (included) before it: in their second year."""
    return certificates_valid_in_force(day).filter(
        unit_q([province.path], "product__origin_unit__", "product__province__"),
        issued_on__gt=add_months(day, -24),
        issued_on__lte=add_months(day, -12),
    )


def confirmed_misuse_reports(province) -> QuerySet[MisuseReport]:
    """Confirmed misuse cases about a product of ``province`` that no visit follows yet."""
    return MisuseReport.objects.filter(
        unit_q([province.path], "unit__"),
        status=CaseStatus.CONFIRMED,
        product__isnull=False,
        visits__isnull=True,
    ).select_related("product")
