"""Who may see which records: a role on a unit covers everything below it, in both the old
(province > district > commune) and the new (province > commune) structures.

Units store their own ``path`` and the ``current_path`` of the 2025 unit that covers them, so a
2025 Phú Thọ officer also covers records filed under former Hòa Bình communes, while a 2021
district officer covers the communes of that district.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from ocop.accounts.models import Role, RoleAssignment


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    unit_paths: tuple[str, ...] = ()
    producer_ids: tuple[int, ...] = ()
    council_user_id: int | None = None
    # product-set numbers a sector department may act on (reading covers its whole unit)
    department_sets: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.unit_paths or self.producer_ids or self.council_user_id)


def active_roles(user) -> list[RoleAssignment]:
    cached = getattr(user, "_ocop_roles", None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    roles = [
        ra
        for ra in RoleAssignment.objects.filter(user=user, active=True).select_related("unit")
        if (ra.valid_from is None or ra.valid_from <= today)
        and (ra.valid_to is None or today <= ra.valid_to)
    ]
    user._ocop_roles = roles
    return roles


def scope_for(user) -> Scope:
    if not getattr(user, "is_authenticated", False):
        return Scope()
    cached = getattr(user, "_ocop_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True)
    else:
        paths: list[str] = []
        producers: list[int] = []
        dept_sets: set[int] = set()
        everything = False
        council = None
        for ra in active_roles(user):
            if ra.role == Role.CENTRAL_OFFICE and ra.unit is None:
                everything = True
            elif ra.role == Role.PRODUCER and ra.producer_id:
                producers.append(ra.producer_id)
            elif ra.role == Role.COUNCIL_MEMBER:
                council = user.pk
            elif ra.unit is not None:
                paths.append(ra.unit.path)
                if ra.role == Role.DEPARTMENT:
                    dept_sets.update(int(n) for n in ra.product_sets or [])
        scope = Scope(
            everything=everything,
            unit_paths=tuple(sorted(set(paths))),
            producer_ids=tuple(sorted(set(producers))),
            council_user_id=council,
            department_sets=frozenset(dept_sets),
        )
    user._ocop_scope = scope
    return scope


def unit_q(paths, *prefixes: str) -> Q:
    """Records whose unit (through any of ``prefixes``, e.g. ``"commune__"``) lies under a path."""
    q = Q(pk__in=[])
    for path in paths:
        for prefix in prefixes:
            q |= Q(**{f"{prefix}path__startswith": path})
            q |= Q(**{f"{prefix}current_path__startswith": path})
    return q


def unit_under(unit, path: str) -> bool:
    """Whether ``unit`` lies under ``path``, in its own structure or through the 2025 unit that
    covers it (``current_path``)."""
    if unit is None or not path:
        return False
    return unit.path.startswith(path) or (unit.current_path or "").startswith(path)


def covers(role_assignment: RoleAssignment, unit) -> bool:
    """Whether a role held on a unit covers ``unit`` (a role without a unit covers nothing
    here: central-level rights are checked by capability, not by place)."""
    role_unit = role_assignment.unit
    return role_unit is not None and unit_under(unit, role_unit.path)


def unit_in_scope(unit, scope: Scope) -> bool:
    if scope.everything:
        return True
    return any(unit_under(unit, p) for p in scope.unit_paths)
