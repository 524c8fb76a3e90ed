"""Who sees and works misuse cases. A case belongs to its responsible unit: officials whose
unit scope covers that unit see it (404 for anyone else); a provincial office covering it (or
a superuser) works it."""

from __future__ import annotations

from django.db.models import QuerySet

from ocop.accounts.models import Role
from ocop.accounts.scope import active_roles, covers, scope_for, unit_q
from ocop.programme.models import MisuseReport

OFFICIAL_ROLES = (
    Role.PROVINCE_OFFICE,
    Role.DEPARTMENT,
    Role.DISTRICT_OFFICER,
    Role.COMMUNE_OFFICER,
)


def cases_visible_to(user) -> QuerySet[MisuseReport]:
    qs = MisuseReport.objects.select_related("unit", "product")
    scope = scope_for(user)
    if scope.everything:
        return qs
    paths = [ra.unit.path for ra in active_roles(user) if ra.role in OFFICIAL_ROLES and ra.unit]
    return qs.filter(unit_q(paths, "unit__"))


def may_work_case(user, report: MisuseReport) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(
        ra.role == Role.PROVINCE_OFFICE and covers(ra, report.unit) for ra in active_roles(user)
    )


def public_case(code: str) -> MisuseReport | None:
    """A case by the code its reporter holds (normalised); None when unknown."""
    code = (code or "").strip().upper().replace(" ", "")
    if not code:
        return None
    return MisuseReport.objects.filter(code=code).first()
