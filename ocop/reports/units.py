"""Name-or-code lookup of administrative units at a date, with an in-memory index.

Imports resolve thousands of rows against a few hundred units, so the index loads each
province's subtree once and answers every later row from dictionaries. The rule is the one of
the geo app: a unit answers to its official code or to its name (diacritics, case and the
prefixes Tỉnh, Thành phố, Huyện, Xã ... ignored), among the units valid on the given day.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from ocop.core.text import fold
from ocop.geo.models import AdminUnit, Era, Level

REORGANISATION_DAY = datetime.date(2025, 7, 1)

_PREFIXES = re.compile(
    r"^(tinh|thanh pho|tp|huyen|thi xa|tx|quan|xa|phuong|thi tran|tt|dac khu)\s+(?=\S)"
)


def unit_key(text: str) -> str:
    """The folded name without its administrative prefix: "TP. Hòa Bình" -> "hoa binh"."""
    folded = fold(text)
    return _PREFIXES.sub("", folded, count=1)


def era_on(day: datetime.date) -> str:
    return Era.OLD if day < REORGANISATION_DAY else Era.NEW


class UnitIndex:
    """Resolve provinces, districts and communes by name or code, loading each tree once."""

    def __init__(self):
        self._provinces: dict[str, list[AdminUnit]] | None = None
        self._below: dict[int, dict[tuple[str, str], list[AdminUnit]]] = {}
        self._memo: dict[tuple, AdminUnit | None] = {}

    def _province_index(self) -> dict[str, list[AdminUnit]]:
        if self._provinces is None:
            index: dict[str, list[AdminUnit]] = defaultdict(list)
            for unit in AdminUnit.objects.filter(level=Level.PROVINCE):
                index[unit.code].append(unit)
                index[unit_key(unit.name)].append(unit)
            self._provinces = index
        return self._provinces

    def _subtree(self, province: AdminUnit) -> dict[tuple[str, str], list[AdminUnit]]:
        if province.pk not in self._below:
            index: dict[tuple[str, str], list[AdminUnit]] = defaultdict(list)
            for unit in AdminUnit.objects.filter(path__startswith=province.path).exclude(
                pk=province.pk
            ):
                index[(unit.level, unit.code)].append(unit)
                index[(unit.level, unit_key(unit.name))].append(unit)
            self._below[province.pk] = index
        return self._below[province.pk]

    def province(self, text: str, *, on: datetime.date) -> AdminUnit | None:
        key = ("province", (text or "").strip(), on)
        if key not in self._memo:
            self._memo[key] = self._pick(
                self._province_index().get(_lookup_key(text), []), on=on, parent=None
            )
        return self._memo[key]

    def below(
        self, text: str, *, on: datetime.date, level: str, province: AdminUnit, parent=None
    ) -> AdminUnit | None:
        """A district or commune of ``province`` (under ``parent`` when given) valid ``on``."""
        key = (level, (text or "").strip(), on, province.pk, parent.pk if parent else None)
        if key not in self._memo:
            candidates = self._subtree(province).get((level, _lookup_key(text)), [])
            self._memo[key] = self._pick(candidates, on=on, parent=parent)
        return self._memo[key]

    @staticmethod
    def _pick(candidates, *, on, parent) -> AdminUnit | None:
        era = era_on(on)
        found = [
            u
            for u in candidates
            if u.era == era
            and u.is_valid_on(on)
            and (parent is None or u.path.startswith(parent.path))
        ]
        unique = {u.pk: u for u in found}
        return next(iter(unique.values())) if len(unique) == 1 else None


def _lookup_key(text: str) -> str:
    text = (text or "").strip()
    if text.isdigit():
        return text
    return unit_key(text)
