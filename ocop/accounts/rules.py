"""Who may manage which accounts: the roles each role may hand out, the level of unit each
role is held on, and whether an account lies within an officer's reach."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from ocop.accounts.models import AccountRequest, Role, RoleAssignment, User
from ocop.accounts.permissions import MANAGE_ACCOUNTS, has_capability
from ocop.accounts.scope import active_roles, scope_for, unit_q
from ocop.geo.models import AdminUnit, Level
from ocop.geo.selectors import era_on, valid_on

# The roles an officer may grant (and whose accounts they may create), by the officer's role.
GRANTABLE: dict[str, frozenset[str]] = {
    Role.CENTRAL_OFFICE: frozenset(Role.values),
    Role.PROVINCE_OFFICE: frozenset(
        {
            Role.DEPARTMENT,
            Role.DISTRICT_OFFICER,
            Role.COMMUNE_OFFICER,
            Role.COUNCIL_MEMBER,
            Role.PRODUCER,
        }
    ),
    Role.DISTRICT_OFFICER: frozenset({Role.COMMUNE_OFFICER, Role.PRODUCER}),
    Role.COMMUNE_OFFICER: frozenset({Role.PRODUCER}),
}

# The level of unit each role is held on (a producer's role is held on a producer record).
ROLE_LEVEL: dict[str, str | None] = {
    Role.CENTRAL_OFFICE: None,
    Role.PROVINCE_OFFICE: Level.PROVINCE,
    Role.DEPARTMENT: Level.PROVINCE,
    Role.DISTRICT_OFFICER: Level.DISTRICT,
    Role.COMMUNE_OFFICER: Level.COMMUNE,
    Role.COUNCIL_MEMBER: Level.PROVINCE,
    Role.PRODUCER: None,
}


def _in_scope_q(paths) -> Q:
    """Role assignments whose unit (or producer's commune or province) lies under ``paths``."""
    return unit_q(paths, "unit__") | unit_q(paths, "producer__commune__", "producer__province__")


def accounts_visible_to(actor) -> QuerySet[User]:
    """The accounts ``actor`` looks after: every active role of the account lies in the
    actor's scope (the whole country sees every account but the administrators')."""
    qs = User.objects.filter(is_superuser=False).order_by("username")
    scope = scope_for(actor)
    if scope.everything:
        return qs
    if not scope.unit_paths:
        return qs.none()
    inside = RoleAssignment.objects.filter(_in_scope_q(scope.unit_paths), active=True)
    outside = RoleAssignment.objects.filter(active=True).exclude(pk__in=inside.values("pk"))
    return qs.filter(pk__in=inside.values("user_id")).exclude(pk__in=outside.values("user_id"))


def grantable_roles(actor) -> frozenset[str]:
    """The roles ``actor`` may hand out through any of its roles."""
    if actor.is_superuser:
        return frozenset(Role.values)
    from_roles = [GRANTABLE.get(ra.role, frozenset()) for ra in officer_roles(actor)]
    return frozenset().union(*from_roles)


def officer_roles(actor) -> list[RoleAssignment]:
    today = timezone.localdate()
    return [
        ra
        for ra in RoleAssignment.objects.filter(user=actor, active=True).select_related("unit")
        if ra.role in GRANTABLE
        and (ra.valid_from is None or ra.valid_from <= today)
        and (ra.valid_to is None or today <= ra.valid_to)
    ]


def units_in_force() -> QuerySet[AdminUnit]:
    today = timezone.localdate()
    return AdminUnit.objects.filter(valid_on(today), era=era_on(today)).order_by("path")


def communes_in_force() -> QuerySet[AdminUnit]:
    return units_in_force().filter(level=Level.COMMUNE)


def units_for_roles(actor) -> QuerySet[AdminUnit]:
    """Units in force today within ``actor``'s scope: where a role may be granted."""
    qs = units_in_force()
    scope = scope_for(actor)
    if scope.everything:
        return qs
    return qs.filter(unit_q(scope.unit_paths, ""))


def requests_visible_to(actor) -> QuerySet[AccountRequest]:
    """Producers' account requests of the communes in the scope of an officer who manages
    accounts (the commune's queue; the province sees its communes')."""
    qs = AccountRequest.objects.select_related("commune", "user").order_by("-created_at")
    if not has_capability(actor, MANAGE_ACCOUNTS):
        return qs.none()
    scope = scope_for(actor)
    if scope.everything:
        return qs
    # A request names a commune in force today; the officers of a former commune that it
    # absorbed in 2025 see it too (the commune today is the one that now covers theirs).
    successors = {ra.unit.current_path for ra in active_roles(actor) if ra.unit is not None}
    return qs.filter(unit_q(scope.unit_paths, "commune__") | Q(commune__path__in=successors))


def request_in_reach(actor, account_request: AccountRequest) -> bool:
    return requests_visible_to(actor).filter(pk=account_request.pk).exists()
