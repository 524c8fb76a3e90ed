"""Programme figures received from province deployments, as the national statistics show them."""

from __future__ import annotations

from django.db.models import QuerySet

from ocop.accounts import permissions as perms
from ocop.accounts.scope import scope_for, unit_q
from ocop.geo.display import attach_current, unit_label
from ocop.programme import measures
from ocop.programme.models import ProvinceProgress


def province_progress_visible_to(user) -> QuerySet[ProvinceProgress]:
    """Figures of provinces in the user's scope (central users: every province)."""
    qs = ProvinceProgress.objects.select_related("province")
    if not perms.has_capability(user, perms.VIEW_REPORTS):
        return qs.none()
    scope = scope_for(user)
    if scope.everything:
        return qs
    return qs.filter(unit_q(scope.unit_paths, "province__")) if scope.unit_paths else qs.none()


def rolled_up_table(figures: QuerySet[ProvinceProgress], *, year: int) -> dict:
    """One row per province of ``year``: when counted, from which plans, and (target, actual)
    per measure (``None`` where the province sent none). A constant number of queries."""
    rows: dict[int, dict] = {}
    keys: set[str] = set()
    stored = list(figures.filter(year=year).order_by("province__name", "measure"))
    attach_current([row.province for row in stored])
    for row in stored:
        keys.add(row.measure)
        entry = rows.setdefault(
            row.province_id,
            {
                "province": unit_label(row.province),
                "as_of": row.as_of,
                "source": row.source,
                "figures": {},
            },
        )
        entry["as_of"] = min(entry["as_of"], row.as_of)
        entry["figures"][row.measure] = (row.target, row.actual)
    chosen = [m for m in measures.ordered() if m.key in keys]
    for entry in rows.values():
        entry["cells"] = [entry["figures"].get(m.key) for m in chosen]
    return {"year": year, "measures": chosen, "rows": list(rows.values())}
