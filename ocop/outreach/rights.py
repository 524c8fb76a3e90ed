"""Who may act on fairs and posts (see docs/permissions.md, "Trade fairs and news").

Fairs: a provincial office runs the events of its province; the central office runs central
events. Anyone who may manage a product in the registry may enter it in an event open to
registration. Posts: an officer writes for the unit of one of their roles (the central office
for the whole country); an officer of the level above reviews it — a provincial office for
the posts of its communes, districts and departments and of its own office (never the author
themself), the central office for any post.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.permissions import MANAGE_REGISTRY
from ocop.accounts.scope import active_roles, covers
from ocop.core.exceptions import PermissionDeniedError
from ocop.geo.models import Era, Level
from ocop.outreach.lifecycle import FAIR_TAKES_ENTRIES
from ocop.outreach.models import Fair, FairLevel, FairStatus, Post
from ocop.registry.rights import may_act_on_product

WRITER_ROLES = {Role.PROVINCE_OFFICE, Role.DEPARTMENT, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER}


def _is_super(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def _roles(user, *roles: str):
    if not getattr(user, "is_authenticated", False):
        return []
    return [ra for ra in active_roles(user) if ra.role in roles]


def is_central(user) -> bool:
    return _is_super(user) or any(ra.unit is None for ra in _roles(user, Role.CENTRAL_OFFICE))


def province_path(unit) -> str | None:
    """The path of the 2025 province that covers ``unit`` ("/new/25/")."""
    parts = [p for p in (unit.current_path or unit.path).split("/") if p]
    return f"/{parts[0]}/{parts[1]}/" if len(parts) >= 2 and parts[0] == Era.NEW else None


def home_provinces(user) -> set[str]:
    """The 2025 provinces of the user's officer roles (by path)."""
    paths = {province_path(ra.unit) for ra in _roles(user, *WRITER_ROLES) if ra.unit is not None}
    return {p for p in paths if p}


def _refuse(message=None):
    raise PermissionDeniedError(message or _("You may not act on this record."))


# --------------------------------------------------------------------------- fairs


def may_run_fairs_in(user, unit) -> bool:
    """Whether ``user`` may create events run by the office of ``unit`` (a 2025 province;
    ``None``: a central event)."""
    if _is_super(user):
        return True
    if unit is None:
        return is_central(user)
    return (
        unit.era == Era.NEW
        and unit.level == Level.PROVINCE
        and any(covers(ra, unit) for ra in _roles(user, Role.PROVINCE_OFFICE))
    )


def may_manage_fair(user, fair: Fair) -> bool:
    if fair.level == FairLevel.CENTRAL or fair.unit_id is None:
        return is_central(user)
    return may_run_fairs_in(user, fair.unit)


def require_fair(user, fair: Fair) -> None:
    if not may_manage_fair(user, fair):
        _refuse()


def may_enter(user, fair: Fair, product) -> bool:
    """Whether ``user`` may enter ``product`` in ``fair`` (or take it out again)."""
    if not may_act_on_product(user, product, MANAGE_REGISTRY):
        return False
    if may_manage_fair(user, fair):
        return fair.status in FAIR_TAKES_ENTRIES
    return fair.status == FairStatus.OPEN


# --------------------------------------------------------------------------- posts


def writing_units(user) -> list:
    """The units ``user`` may write for: their officer roles' units, and ``None`` (the whole
    country) for the central office."""
    units = [ra.unit for ra in _roles(user, *WRITER_ROLES) if ra.unit is not None]
    unique = list({unit.pk: unit for unit in units}.values())
    return ([None] if is_central(user) else []) + unique


def may_write_for(user, unit) -> bool:
    if unit is None:
        return is_central(user)
    return _is_super(user) or any(ra.unit_id == unit.pk for ra in _roles(user, *WRITER_ROLES))


def may_edit_post(user, post: Post) -> bool:
    """The author, or a colleague writing for the same unit."""
    return post.author_id == getattr(user, "pk", None) or may_write_for(user, post.author_unit)


def may_review_post(user, post: Post) -> bool:
    """An officer of the level above the post's unit, never its author."""
    if post.author_id is not None and post.author_id == getattr(user, "pk", None):
        return False
    if is_central(user):
        return True
    if post.author_unit is None:
        return False
    return any(covers(ra, post.author_unit) for ra in _roles(user, Role.PROVINCE_OFFICE))


def require_post_edit(user, post: Post) -> None:
    if not may_edit_post(user, post):
        _refuse()


def require_post_review(user, post: Post) -> None:
    if not may_review_post(user, post):
        _refuse(_("Only an officer of the level above, not the author, may review this post."))
