"""The one answer to "which administrative unit does this name (or code) mean on that day?".

``resolve(name, level=..., parent=..., on=...)`` and the ``Resolver`` behind it are used by
``ocop geo lookup``, the unit selectors (``units_find``, ``unit_resolve``) and the imports, so
they all agree. Matching, in this order, among the units of the structure in force ``on`` that
day (three levels before 1 July 2025, two from then on):

1. an official code (digits);
2. the unit's own name, ignoring diacritics, accent placement ("Hoà"/"Hòa"), case, spaces and a
   leading prefix (Tỉnh, TP., Huyện, Xã, P., ...); a prefix narrows the kind of unit, one that
   fits no unit of that name is ignored;
3. a former name: a unit renamed or merged into another one since 2019 (Thừa Thiên Huế, now
   Huế; huyện Đông Sơn, now part of the city of Thanh Hóa);
4. from 1 July 2025, a unit of the old structure by its name or former name: the answer is that
   unit with its ``successor``, the new unit covering it.

A ``Resolver`` loads each level (of one province when a parent is given) once and answers later
names from dictionaries: an import resolves thousands of rows with a handful of queries.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from ocop.geo.models import AdminUnit, Era, Level, UnitAlias
from ocop.geo.names import PREFIX_UNIT_TYPES, compact_key, name_key, split_prefix
from ocop.geo.services import LAST_OLD_DAY, REORGANISATION_DAY, UNIT_FIELDS

CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}
LEVEL_BY_WIDTH = {width: level for level, width in CODE_WIDTH.items()}
_FIELDS = ("id", "key", *UNIT_FIELDS)


def era_on(day: datetime.date | None) -> str:
    """The structure in force on ``day`` (today when ``None``)."""
    day = day or timezone.localdate()
    return Era.OLD if day < REORGANISATION_DAY else Era.NEW


@dataclass(frozen=True)
class Resolution:
    """What a name meant: ``unit`` (valid ``on`` that day, or the old unit the name had then),
    ``successor`` (the unit in force that day when ``unit`` is not) and ``former_name`` (the name
    as written when it is a former name of ``unit``, else empty)."""

    unit: AdminUnit
    successor: AdminUnit | None = None
    former_name: str = ""

    @property
    def in_force(self) -> AdminUnit | None:
        return self.successor or self.unit


@functools.lru_cache(maxsize=4096)
def _keys(text: str) -> tuple[str, str | None, str, str, str]:
    """(name key, prefix kind, name key without prefix, compact key, compact key without prefix)."""
    kind, rest = split_prefix(text)
    has_rest = kind is not None and bool(name_key(rest))
    return (
        name_key(text),
        kind if has_rest else None,
        name_key(rest) if has_rest else "",
        compact_key(text),
        compact_key(rest) if has_rest else "",
    )


class _Scope:
    """The units of one level (under one root path), by code, by name key and by former name."""

    def __init__(self, units: list[AdminUnit], aliases: list[tuple[int, str]]):
        self.by_code: dict[str, list[AdminUnit]] = defaultdict(list)
        self.by_name: dict[str, list[AdminUnit]] = defaultdict(list)
        self.by_alias: dict[str, list[AdminUnit]] = defaultdict(list)
        by_id = {}
        for unit in units:
            by_id[unit.pk] = unit
            self.by_code[unit.code].append(unit)
            self.by_name[unit.name_folded].append(unit)
        for unit_id, key in aliases:
            if unit_id in by_id:
                self.by_alias[key].append(by_id[unit_id])


class Resolver:
    """Resolve names and codes of units at a date, loading each level (or province) once."""

    def __init__(self):
        self._scopes: dict[tuple[str, str, str], _Scope] = {}
        self._by_path: dict[str, AdminUnit | None] = {}
        self._memo: dict[tuple, tuple[list[AdminUnit], int]] = {}

    # --- public ---------------------------------------------------------------------------

    def resolve(
        self,
        name: str,
        *,
        level: str,
        parent: AdminUnit | None = None,
        on: datetime.date | None = None,
    ) -> Resolution | None:
        """The one unit ``name`` means, or ``None`` when it means none or several."""
        found = self.candidates(name, level=level, parent=parent, on=on)
        return found[0] if len(found) == 1 else None

    def candidates(
        self,
        name: str,
        *,
        level: str | None,
        parent: AdminUnit | None = None,
        on: datetime.date | None = None,
    ) -> list[Resolution]:
        """Every unit ``name`` may mean (several when it is ambiguous), best match first."""
        day = on or timezone.localdate()
        text = (name or "").strip()
        if not name_key(text):
            return []
        if text.isdigit() and level is None:
            level = LEVEL_BY_WIDTH.get(len(text))
            if level is None:
                return []
        levels = [level] if level else [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
        era = era_on(day)
        units, former = self._best(text, levels, era=era, day=day, parent=parent)
        if units or era == Era.OLD:
            return [Resolution(u, former_name=former) for u in units]
        # from July 2025, a name of the old structure: the old unit and the new unit covering it
        units, former = self._best(text, levels, era=Era.OLD, day=LAST_OLD_DAY, parent=parent)
        return [Resolution(u, self._successor(u), former) for u in units]

    def _best(self, text, levels, *, era, day, parent) -> tuple[list[AdminUnit], str]:
        """The units of ``levels`` found at the earliest stage of the matching rules."""
        matches = [
            self._match(text, level=lv, era=era, day=day, parent=parent)
            for lv in levels
            if not (era == Era.NEW and lv == Level.DISTRICT)  # no districts from July 2025
        ]
        stages = [stage for found, stage in matches if found]
        if not stages:
            return [], ""
        best = min(stages)
        units = [u for found, stage in matches if stage == best for u in found]
        return units, text if best in _FORMER_STAGES else ""

    # --- matching -------------------------------------------------------------------------

    def _match(self, text, *, level, era, day, parent) -> tuple[list[AdminUnit], int]:
        memo = (text, level, era, day, parent.pk if parent else None)
        if memo not in self._memo:
            self._memo[memo] = self._match_uncached(text, level, era, day, parent)
        return self._memo[memo]

    def _match_uncached(self, text, level, era, day, parent) -> tuple[list[AdminUnit], int]:
        """The units matching and the stage they matched at (see ``_FORMER_STAGES``)."""
        scope = self._scope(era, level, parent)
        under = _under(parent, era)

        def fitting(units):
            return _ordered({u.pk: u for u in units if u.is_valid_on(day) and under(u)})

        if text.isdigit():
            return fitting(scope.by_code.get(text.zfill(CODE_WIDTH[level]), [])), 0
        whole, kind, rest, compact, compact_rest = _keys(text)
        typed = []
        if kind is not None:
            typed = [
                u
                for u in fitting(scope.by_name.get(rest, []))
                if u.unit_type in PREFIX_UNIT_TYPES[kind]
            ]
        attempts = [
            fitting(scope.by_name.get(whole, []) + typed),
            fitting(scope.by_alias.get(compact, [])),
            fitting(scope.by_name.get(rest, [])) if rest else [],
            fitting(scope.by_alias.get(compact_rest, [])) if compact_rest else [],
        ]
        for stage, found in enumerate(attempts):
            if found:
                return found, stage
        return [], len(attempts)

    def _scope(self, era: str, level: str, parent: AdminUnit | None) -> _Scope:
        root = _root(parent, era) if level != Level.PROVINCE else ""
        key = (era, level, root)
        if key not in self._scopes:
            units = AdminUnit.objects.filter(era=era, level=level).only(*_FIELDS)
            aliases = UnitAlias.objects.filter(unit__era=era, unit__level=level)
            if root:
                units = units.filter(path__startswith=root)
                aliases = aliases.filter(unit__path__startswith=root)
            self._scopes[key] = _Scope(list(units), list(aliases.values_list("unit_id", "key")))
        return self._scopes[key]

    def _successor(self, unit: AdminUnit) -> AdminUnit | None:
        if unit.era == Era.NEW or not unit.current_path:
            return None
        path = unit.current_path
        if path not in self._by_path:
            self._by_path[path] = AdminUnit.objects.filter(era=Era.NEW, path=path).first()
        return self._by_path[path]


# matching stages: own name (a prefix narrowing the kind), former name with its prefix ("Huyện Kỳ
# Sơn"), own name ignoring a prefix that fits no unit ("Tỉnh Hà Nội"), former name without prefix
_FORMER_STAGES = (1, 3)


def _ordered(found: dict[int, AdminUnit]) -> list[AdminUnit]:
    return sorted(found.values(), key=lambda u: u.path)


def _root(parent: AdminUnit | None, era: str) -> str:
    """The province path to load below ``parent`` in ``era`` ("" for the whole country)."""
    if parent is None:
        return ""
    path = parent.path if parent.era == era else (parent.current_path if era == Era.NEW else "")
    parts = [p for p in (path or "").strip("/").split("/") if p]
    return f"/{parts[0]}/{parts[1]}/" if len(parts) >= 2 else ""


def _under(parent: AdminUnit | None, era: str):
    """A test that a unit of ``era`` lies under ``parent`` (which may be of the other era)."""
    if parent is None:
        return lambda u: True
    if parent.era == era:
        return lambda u: u.path.startswith(parent.path)
    if era == Era.NEW:
        # an old unit's territory lies in the new unit covering it
        covering = parent.current_path
        return lambda u: bool(covering) and u.path.startswith(covering)
    return lambda u: u.current_path.startswith(parent.path)


def resolve(
    name: str,
    *,
    level: str,
    parent: AdminUnit | None = None,
    on: datetime.date | None = None,
) -> Resolution | None:
    """The one unit ``name`` means on ``on`` (today by default); see the module docstring."""
    return Resolver().resolve(name, level=level, parent=parent, on=on)
