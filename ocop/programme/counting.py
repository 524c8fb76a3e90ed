"""Attributing counted records to the units of a plan's map, in a constant number of queries.

A record is counted at its *place* (a product's origin unit, else its province; a producer's
commune, else its province). A place lies in a target unit when the unit's path is a prefix of
the place's own path, of the ``current_path`` of the 2025 unit covering it, or of the path of
its primary successor (a district abolished in July 2025 continues in a commune). A unit counts
what lies in it or in any unit below it, so nested units both count a record.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from ocop.accounts.scope import unit_q
from ocop.geo.models import AdminUnit, UnitSuccession


def _prefixes(path: str) -> list[str]:
    parts = [p for p in (path or "").strip("/").split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def province_paths(units: Iterable[AdminUnit]) -> list[str]:
    """The paths of the provinces holding ``units`` (in either structure)."""
    found = set()
    for unit in units:
        for path in (unit.path, unit.current_path):
            prefixes = _prefixes(path)
            if len(prefixes) >= 2:
                found.add(prefixes[1])
    return sorted(found)


def count_by_place(
    qs: QuerySet, units: Iterable[AdminUnit], *, place: str, fallback: str, distinct: str
) -> dict[int, int]:
    """``{unit_id: n}``: the distinct ``distinct`` values of ``qs`` per unit of ``units``.

    ``place`` and ``fallback`` name the unit fields of a row (``product__origin_unit``,
    ``product__province``); rows are first narrowed to the provinces of ``units``."""
    units = list(units)
    result = dict.fromkeys((u.pk for u in units), 0)
    if not units:
        return result
    by_path = {u.path: u.pk for u in units}
    qs = qs.filter(unit_q(province_paths(units), f"{fallback}__"))
    rows = list(
        qs.values(f"{place}_id", f"{fallback}_id")
        .annotate(n=Count(distinct, distinct=True))
        .order_by()
    )
    ids = {r[f"{place}_id"] or r[f"{fallback}_id"] for r in rows}
    places = {
        u.pk: u for u in AdminUnit.objects.filter(pk__in=ids).only("pk", "path", "current_path")
    }
    successors: dict[int, list[str]] = {}
    for pred, path in UnitSuccession.objects.filter(
        Q(predecessor_id__in=ids), is_primary=True
    ).values_list("predecessor_id", "successor__path"):
        successors.setdefault(pred, []).append(path)
    for row in rows:
        unit = places.get(row[f"{place}_id"] or row[f"{fallback}_id"])
        if unit is None:
            continue
        hit = set()
        for path in (unit.path, unit.current_path, *successors.get(unit.pk, [])):
            hit.update(by_path[p] for p in _prefixes(path) if p in by_path)
        for unit_id in hit:
            result[unit_id] += row["n"]
    return result
