"""Name-or-code lookup of administrative units at a date, with an in-memory index.

Imports resolve thousands of rows against a few hundred units, so the index loads each
province's subtree once and answers every later row from dictionaries. The matching rules are
those of ``ocop.geo.selectors.unit_resolve`` (official code, or name without diacritics, case
or prefix, a prefix narrowing the kind of unit; among the units valid that day), without a
query per row.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict

from ocop.geo.models import AdminUnit, Level
from ocop.geo.names import PREFIX_UNIT_TYPES, name_key, split_prefix
from ocop.geo.selectors import era_on

CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}


class UnitIndex:
    """Resolve provinces, districts and communes by name or code, loading each tree once."""

    def __init__(self):
        self._provinces: dict[tuple[str, str], list[AdminUnit]] | None = None
        self._below: dict[int, dict[tuple[str, str], list[AdminUnit]]] = {}
        self._memo: dict[tuple, AdminUnit | None] = {}

    @staticmethod
    def _index(units) -> dict[tuple[str, str], list[AdminUnit]]:
        index: dict[tuple[str, str], list[AdminUnit]] = defaultdict(list)
        for unit in units:
            index[(unit.level, "code:" + unit.code)].append(unit)
            index[(unit.level, unit.name_folded)].append(unit)
        return index

    def _province_index(self):
        if self._provinces is None:
            self._provinces = self._index(AdminUnit.objects.filter(level=Level.PROVINCE))
        return self._provinces

    def _subtree(self, province: AdminUnit):
        if province.pk not in self._below:
            units = AdminUnit.objects.filter(path__startswith=province.path).exclude(pk=province.pk)
            self._below[province.pk] = self._index(units)
        return self._below[province.pk]

    def province(self, text: str, *, on: datetime.date) -> AdminUnit | None:
        key = (Level.PROVINCE, (text or "").strip(), on)
        if key not in self._memo:
            self._memo[key] = _find(self._province_index(), text, Level.PROVINCE, on, None)
        return self._memo[key]

    def below(
        self, text: str, *, on: datetime.date, level: str, province: AdminUnit, parent=None
    ) -> AdminUnit | None:
        """A district or commune of ``province`` (under ``parent`` when given) valid ``on``."""
        key = (level, (text or "").strip(), on, province.pk, parent.pk if parent else None)
        if key not in self._memo:
            self._memo[key] = _find(self._subtree(province), text, level, on, parent)
        return self._memo[key]


@functools.lru_cache(maxsize=4096)
def _lookup_keys(text: str) -> tuple[str, str | None, str]:
    """(name key of the whole text, prefix kind, name key without the prefix)."""
    kind, rest = split_prefix(text)
    return name_key(text), kind, name_key(rest) if kind is not None else ""


def _find(index, text: str, level: str, on: datetime.date, parent) -> AdminUnit | None:
    era = era_on(on)

    def fitting(units):
        return {
            u.pk: u
            for u in units
            if u.era == era
            and u.is_valid_on(on)
            and (parent is None or u.path.startswith(parent.path))
        }

    text = (text or "").strip()
    if text.isdigit():
        found = fitting(index.get((level, "code:" + text.zfill(CODE_WIDTH[level])), []))
    else:
        whole_key, kind, rest_key = _lookup_keys(text)
        whole = fitting(index.get((level, whole_key), []))
        found = whole
        if kind is not None and rest_key:
            bare = fitting(index.get((level, rest_key), []))
            typed = {pk: u for pk, u in bare.items() if u.unit_type in PREFIX_UNIT_TYPES[kind]}
            # a prefix narrows the kind of unit; one that fits no unit is ignored
            found = {**whole, **typed} or bare
    return next(iter(found.values())) if len(found) == 1 else None
