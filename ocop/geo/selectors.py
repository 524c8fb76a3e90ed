"""Reads of administrative units: by code, by name at a date, successors and ancestors.

Units are public reference data, so nothing here depends on who asks.

The date decides the structure searched: before 1 July 2025 the three-level tree (which still
answers to the names in force then, e.g. "Hòa Bình" province), from that day the two-level one.
``unit_successor``/``unit_current`` lead from an old unit to the new unit covering it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.exceptions import DomainError
from ocop.geo.models import AdminUnit, Era, Level, UnitAlias, UnitSuccession
from ocop.geo.names import PREFIX_UNIT_TYPES, compact_key, name_key, split_prefix
from ocop.geo.resolver import CODE_WIDTH, LEVEL_BY_WIDTH, Resolver, era_on
from ocop.geo.services import REORGANISATION_DAY


def valid_on(day: datetime.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def unit_by_code(
    code: str | int,
    *,
    level: str | None = None,
    on: datetime.date | None = None,
    era: str | None = None,
) -> AdminUnit | None:
    """The unit with this official code, or ``None``.

    The level follows from the code's width when not given (2 digits: province, 3: district,
    5: commune); numbers are zero-padded to that width. The structure is ``era`` if given, else
    the one in force ``on`` that day; with neither, the new structure is tried first.
    """
    text = str(code).strip()
    if not text.isdigit():
        return None
    level = level or LEVEL_BY_WIDTH.get(len(text))
    if level is None:
        return None
    text = text.zfill(CODE_WIDTH[level])
    eras = [era] if era else ([era_on(on)] if on else [Era.NEW, Era.OLD])
    found = {u.era: u for u in AdminUnit.objects.filter(era__in=eras, level=level, code=text)}
    return next((found[e] for e in eras if e in found), None)


def units_find(
    name: str,
    *,
    on: datetime.date | None = None,
    level: str | None = None,
    parent: AdminUnit | None = None,
) -> QuerySet[AdminUnit]:
    """Units ``name`` may mean on ``on`` (today by default), by the rules of
    ``ocop.geo.resolver``: official code, own name (ignoring diacritics, case, spaces and a
    leading prefix), then a former name; from 1 July 2025 an old unit's name finds the old unit.
    ``parent`` may belong to either structure."""
    found = Resolver().candidates(name, on=on, level=level, parent=parent)
    return (
        AdminUnit.objects.filter(pk__in=[r.unit.pk for r in found])
        .select_related("parent")
        .order_by("path")
    )


def _alias_units(name: str):
    """Ids of the units that answer to ``name`` as a former or alternative name."""
    return UnitAlias.objects.filter(key=compact_key(name)).values("unit_id")


def units_search(
    text: str,
    *,
    on: datetime.date | None = None,
    level: str | None = None,
    parent: AdminUnit | None = None,
    limit: int = 20,
) -> list[AdminUnit]:
    """Units whose name starts with (then contains) ``text``: for autocompletion.

    Exact names come first, then names starting with the text, then names containing it, then
    units that answer to it as a former name; each group by path.
    """
    day = on or timezone.localdate()
    era = era_on(day)
    kind, rest = split_prefix(text)
    key = name_key(rest if kind else text)
    if not key:
        return []
    by_name = Q(name_folded__contains=key)
    if kind is not None:
        by_name &= Q(unit_type__in=PREFIX_UNIT_TYPES[kind])
    # a former name: with its prefix when one was typed ("Huyện Kỳ Sơn"), else the bare name
    former = Q(pk__in=_alias_units(text))
    qs = AdminUnit.objects.filter(by_name | former, valid_on(day), era=era)
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(_under(parent, era))
    rank = Case(
        When(name_folded=key, then=Value(0)),
        When(name_folded__startswith=key, then=Value(1)),
        When(name_folded__contains=key, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    found = list(qs.annotate(rank=rank).order_by("rank", "path")[:limit])
    return with_ancestors(found)


def _under(parent: AdminUnit, era: str) -> Q:
    if parent.era == era:
        return Q(path__startswith=parent.path)
    if era == Era.NEW:
        # an old unit's territory lies in the new unit covering it
        if not parent.current_path:
            return Q(pk__in=[])
        return Q(path__startswith=parent.current_path)
    return Q(current_path__startswith=parent.path)


def unit_resolve(
    text: str,
    *,
    on: datetime.date,
    level: str | None,
    parent: AdminUnit | None = None,
) -> AdminUnit:
    """Exactly one unit for ``text`` (a name or an official code) or a ``DomainError``."""
    text = (text or "").strip()
    found = [r.unit for r in Resolver().candidates(text, on=on, level=level, parent=parent)]
    if len(found) == 1:
        return found[0]
    if not found and text.isdigit():
        raise DomainError(
            _("No administrative unit has the code %(code)s.") % {"code": text},
            code="unit_not_found",
        )
    if not found:
        raise DomainError(
            _("No administrative unit named “%(name)s” existed on %(date)s.")
            % {"name": text, "date": on.strftime("%d/%m/%Y")},
            code="unit_not_found",
        )
    candidates = "; ".join(unit_label(u) for u in with_ancestors(found[:10]))
    raise DomainError(
        _("“%(name)s” matches several units: %(candidates)s. Add the province or district.")
        % {"name": text, "candidates": candidates},
        code="unit_ambiguous",
    )


def unit_current(unit: AdminUnit) -> AdminUnit | None:
    """The unit of the new structure covering ``unit`` (itself if it is new)."""
    if unit.era == Era.NEW:
        return unit
    if not unit.current_path:
        return None
    return AdminUnit.objects.filter(era=Era.NEW, path=unit.current_path).first()


def unit_successor(unit: AdminUnit, *, on: datetime.date) -> AdminUnit | None:
    """The unit that stands for ``unit`` on ``on``: itself while valid, afterwards the new unit
    covering it; ``None`` for a day before the unit existed."""
    if unit.is_valid_on(on):
        return unit
    if unit.era == Era.OLD and on >= REORGANISATION_DAY:
        return unit_current(unit)
    return None


def unit_successions(unit: AdminUnit) -> list[UnitSuccession]:
    """Where an old unit went (primary first)."""
    return list(
        unit.successions.select_related("successor")
        .order_by("-is_primary", "successor__path")
        .all()
    )


def unit_predecessions(unit: AdminUnit) -> list[UnitSuccession]:
    """The old units a new unit continues, by path."""
    return list(unit.predecessions.select_related("predecessor").order_by("predecessor__path"))


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(2, len(parts))]


def unit_ancestors(unit: AdminUnit) -> list[AdminUnit]:
    """The units above ``unit``, from the province down to its parent."""
    paths = _ancestor_paths(unit.path)
    if not paths:
        return []
    return list(AdminUnit.objects.filter(path__in=paths).order_by("path"))


def with_ancestors(units: Iterable[AdminUnit]) -> list[AdminUnit]:
    """Attach ``.ancestors`` to each unit, in one query for the whole list."""
    units = list(units)
    wanted = {p for u in units for p in _ancestor_paths(u.path)}
    by_path = {u.path: u for u in AdminUnit.objects.filter(path__in=wanted)} if wanted else {}
    for u in units:
        u.ancestors = [by_path[p] for p in _ancestor_paths(u.path) if p in by_path]
    return units


def unit_label(unit: AdminUnit) -> str:
    """ "Xã Phú Lai, Huyện Yên Thủy, Tỉnh Hòa Bình" (needs ``with_ancestors`` for the tail)."""
    above = getattr(unit, "ancestors", [])
    return ", ".join([unit.full_name, *(a.full_name for a in reversed(above))])


def unit_children(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return unit.children.order_by("path")


def provinces(*, era: str) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(era=era, level=Level.PROVINCE).order_by("path")
