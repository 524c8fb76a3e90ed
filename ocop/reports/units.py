"""Units of import rows and report filters, through the one resolver of ``ocop.geo.resolver``.

Imports resolve thousands of rows against a few hundred units: one ``UnitIndex`` (a
``Resolver``) per import loads each level of each province once and answers every later row
from dictionaries, by the same rules as ``ocop geo lookup`` (official code, own name without
diacritics, case or prefix, then former names; old-structure names with their successor).
"""

from __future__ import annotations

import datetime

from ocop.geo.models import AdminUnit, Level
from ocop.geo.resolver import Resolution, Resolver


class UnitIndex(Resolver):
    """A ``Resolver`` with the two questions imports and reports ask."""

    def province(self, text: str, *, on: datetime.date) -> AdminUnit | None:
        """The province ``text`` meant on ``on`` (an old province from 1 July 2025 too)."""
        found = self.resolve(text, level=Level.PROVINCE, on=on)
        return found.unit if found else None

    def below(
        self, text: str, *, on: datetime.date, level: str, province: AdminUnit, parent=None
    ) -> Resolution | None:
        """A district or commune of ``province`` (under ``parent`` when given) on ``on``."""
        return self.resolve(text, level=level, parent=parent or province, on=on)
