"""Who acts on the programme's follow-up records (training, support, unit reports).

Reading follows the unit scope of ``ocop.accounts.scope`` (a record of a unit outside it
answers 404). Acting needs an officer's role whose unit covers the record's unit:

- training: any officer (provincial office, department, district, commune) organises sessions
  of a unit their role covers;
- support: an officer proposes an allocation to a producer their role covers; the provincial
  office owns the funding sources and moves allocations along (approve, disburse, complete);
- follow-up: the provincial office names responsible officers; a unit's own officer files its
  report; the level above (a role covering the unit but not held on it; the central office for
  a province) answers it.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.scope import active_roles, covers, scope_for, unit_q
from ocop.core.exceptions import PermissionDeniedError
from ocop.geo.models import Level

OFFICER_ROLES = frozenset(
    {Role.PROVINCE_OFFICE, Role.DEPARTMENT, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER}
)
# the roles that answer the reports of units below theirs
REVIEWER_ROLES = frozenset({Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICER})


def _is_super(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def officer_roles(user, roles=OFFICER_ROLES) -> list:
    """The user's active roles among ``roles`` held on a unit."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [ra for ra in active_roles(user) if ra.role in roles and ra.unit_id]


def is_programme_reader(user) -> bool:
    """Whether the programme's pages are open to the user: an officer, or the whole country."""
    return bool(officer_roles(user)) or scope_for(user).everything


def visible_q(user, *prefixes: str) -> Q:
    """Records whose unit (through ``prefixes``) lies in the user's unit scope."""
    scope = scope_for(user)
    if scope.everything:
        return Q()
    return unit_q(scope.unit_paths, *prefixes)


def may_act_in(user, unit, roles=OFFICER_ROLES) -> bool:
    if _is_super(user):
        return True
    return unit is not None and any(covers(ra, unit) for ra in officer_roles(user, roles))


def require_act_in(user, unit, roles=OFFICER_ROLES) -> None:
    if not may_act_in(user, unit, roles):
        raise PermissionDeniedError(_("You may not act on the programme records of this unit."))


def may_run_province(user, unit) -> bool:
    """The provincial office of ``unit`` (or a superuser)."""
    return may_act_in(user, unit, frozenset({Role.PROVINCE_OFFICE}))


def may_file_for(user, unit) -> bool:
    """An officer whose role is held on ``unit`` itself files its report."""
    if _is_super(user):
        return True
    return any(ra.unit_id == unit.pk for ra in officer_roles(user))


def may_review(user, unit) -> bool:
    """The level above ``unit``: a provincial or district role covering it but not held on
    it; the central office for a province."""
    if _is_super(user):
        return True
    if unit.level == Level.PROVINCE and any(
        ra.role == Role.CENTRAL_OFFICE for ra in active_roles(user)
    ):
        return True
    return any(
        covers(ra, unit) and ra.unit_id != unit.pk for ra in officer_roles(user, REVIEWER_ROLES)
    )


def filing_units(user) -> list:
    """The units whose reports the user files: those their officer roles are held on."""
    seen = {}
    for ra in officer_roles(user):
        seen.setdefault(ra.unit_id, ra.unit)
    return sorted(seen.values(), key=lambda u: u.path)
