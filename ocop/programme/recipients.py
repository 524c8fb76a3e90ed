"""Who is told about a programme event: the people holding a role on a day, by record.

Used by the expiry warnings (``services.warnings``) and the programme's event notices
(``notices``); each returns active users only.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.accounts.scope import covers


def roles_on(day: datetime.date) -> Q:
    """Role assignments active and valid on ``day``, of active users."""
    return (
        Q(active=True, user__is_active=True)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    )


def producer_users(producer_id: int | None, day: datetime.date) -> list[User]:
    """The accounts acting for a producer (the registry's producer role)."""
    if producer_id is None:
        return []
    roles = RoleAssignment.objects.filter(
        roles_on(day), role=Role.PRODUCER, producer_id=producer_id
    ).select_related("user")
    return [role.user for role in roles]


def role_holders_covering(
    unit, roles, day: datetime.date, *, not_on_unit: bool = False
) -> list[User]:
    """Holders of ``roles`` whose unit covers ``unit`` in either administrative structure;
    ``not_on_unit``: only roles held above it (the level above the unit)."""
    if unit is None:
        return []
    assignments = RoleAssignment.objects.filter(
        roles_on(day), role__in=list(roles), unit__isnull=False
    ).select_related("user", "unit")
    return [
        ra.user
        for ra in assignments
        if covers(ra, unit) and not (not_on_unit and ra.unit_id == unit.pk)
    ]


def central_users(day: datetime.date) -> list[User]:
    """The central OCOP office's accounts."""
    roles = RoleAssignment.objects.filter(
        roles_on(day), role=Role.CENTRAL_OFFICE, unit__isnull=True
    ).select_related("user")
    return [role.user for role in roles]
