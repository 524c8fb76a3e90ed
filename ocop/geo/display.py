"""How a record shows its unit: by the name in force on the day it refers to, with the unit
that covers it today beside a former one ("Tỉnh Hòa Bình, nay thuộc Tỉnh Phú Thọ").

Names are shown with one tone placement (``vi_display``), whatever spelling a source used.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.text import vi_display
from ocop.geo.models import AdminUnit, Era
from ocop.geo.selectors import unit_successor


def unit_name(unit: AdminUnit | None) -> str:
    """The unit's full name as shown: "Tỉnh Hòa Bình"; empty for no unit."""
    return vi_display(unit.full_name) if unit is not None else ""


def unit_for_day(unit: AdminUnit | None, on: datetime.date | None) -> AdminUnit | None:
    """The unit that stood for ``unit`` on ``on``: itself while valid, afterwards the unit of
    the new structure covering it (a record of 2026 filed under a pre-2025 commune)."""
    if unit is None or on is None:
        return unit
    return unit_successor(unit, on=on) or unit


def unit_label(unit: AdminUnit | None, on: datetime.date | None = None) -> str:
    """The name in force on ``on`` (the record's own day; none: the unit as recorded), and the
    unit covering it today when that name is no longer in force."""
    if unit is None:
        return ""
    shown = unit_for_day(unit, on)
    if shown.era == Era.NEW or shown.is_valid_on(timezone.localdate()):
        return unit_name(shown)
    current = _current(shown)
    if current is None or current.pk == shown.pk:
        return unit_name(shown)
    return _("%(name)s, now part of %(current)s") % {
        "name": unit_name(shown),
        "current": unit_name(current),
    }


def _current(unit: AdminUnit) -> AdminUnit | None:
    # One query per distinct unit shown, remembered on the instance for a list of rows.
    if not hasattr(unit, "_current_unit"):
        unit._current_unit = (
            AdminUnit.objects.filter(era=Era.NEW, path=unit.current_path).first()
            if unit.current_path
            else None
        )
    return unit._current_unit


def attach_current(units) -> None:
    """Look up, in one query, the current unit of every former unit in ``units`` (a list's
    rows), so that ``unit_label`` costs no query per row."""
    former = [u for u in units if u is not None and u.era == Era.OLD]
    paths = {u.current_path for u in former if u.current_path}
    found = {u.path: u for u in AdminUnit.objects.filter(era=Era.NEW, path__in=paths)}
    for unit in former:
        unit._current_unit = found.get(unit.current_path)


def name_with_current(name: str | None, unit: AdminUnit | None) -> str:
    """A name recorded earlier (a certificate's frozen facts) with, when ``unit`` is a former
    unit now covered by another of a different name, that unit beside it."""
    shown = vi_display(name)
    if not shown or unit is None or unit.era == Era.NEW or unit_name(unit) != shown:
        return shown
    current = _current(unit)
    if current is None or unit_name(current) == shown:
        return shown
    return _("%(name)s, now part of %(current)s") % {"name": shown, "current": unit_name(current)}
