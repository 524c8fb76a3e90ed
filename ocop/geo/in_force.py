"""The units in force on a day, within a part of the tree: the one source of every unit choice.

A form offers the units of the structure in force on the day of the act (three levels before
1 July 2025, two from that day: no district afterwards), limited to the user's reach given as
unit paths. A new province's path also reaches, before 1 July 2025, the old units it now
covers (their ``current_path``); a role held on an old unit reaches no unit after that day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from ocop.geo.models import AdminUnit, Era, Level
from ocop.geo.selectors import era_on, valid_on


def units_in_force(
    on: datetime.date | None = None,
    *,
    within: Iterable[str] | None = None,
    levels: Iterable[str] = (Level.COMMUNE,),
) -> QuerySet[AdminUnit]:
    """Units of ``levels`` in force on ``on`` (today by default) under one of the paths
    ``within`` (``None``: the whole country), ordered by path."""
    day = on or timezone.localdate()
    era = era_on(day)
    qs = AdminUnit.objects.filter(valid_on(day), era=era, level__in=list(levels))
    if within is not None:
        qs = qs.filter(_reach(list(within)))
    return qs.order_by("path")


def _reach(paths: list[str]) -> Q:
    # the rule of accounts.scope.unit_under: a unit lies under a path in its own tree or
    # through the 2025 unit covering it
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path) | Q(current_path__startswith=path)
    return q


def levels_in_force(on: datetime.date | None = None) -> list[str]:
    """The levels of the structure in force on ``on``."""
    if era_on(on) == Era.OLD:
        return [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
    return [Level.PROVINCE, Level.COMMUNE]
