"""How a council's member sheets combine into one result. Pure functions, no Django.

- The council total is the mean of the members' totals, cut (not rounded) to two decimals,
  so a mean never crosses a band floor by rounding: 69.999 stays 69.99 and ranks 3 stars.
- A per-star minimum is judged on one aggregated value per criterion, chosen by the
  ``MINIMUM_AGGREGATION`` rule:

  ``mean``      the mean of the members' points (cut to two decimals) must reach the option;
  ``majority``  more than half the members must reach it;
  ``all``       every member must reach it.

  For ``majority`` and ``all`` the aggregated value is the highest number of points that more
  than half (or all) the members gave at least, so ``star_rank`` can apply the same test.
- ``preview`` gives a member's running total, part totals and expected stars while the sheet
  is being filled (pure arithmetic on one sheet).
- The spread rule flags the members whose total lies more than half the allowed spread away
  from the median, whenever the highest and lowest totals differ by more than the allowed spread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, Decimal

from ocop.criteria.sheet import Sheet
from ocop.criteria.stars import star_rank

AGGREGATIONS = ("mean", "majority", "all")
CENT = Decimal("0.01")


def cut(value: Decimal) -> Decimal:
    """Two decimals, truncated toward zero."""
    return value.quantize(CENT, rounding=ROUND_DOWN)


def mean(values: Sequence[Decimal]) -> Decimal:
    if not values:
        raise ValueError("no values")
    return cut(sum(values, Decimal(0)) / len(values))


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    n = len(ordered)
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def aggregate_points(
    sheets: Sequence[Mapping[str, Decimal]], codes: Sequence[str], mode: str
) -> dict[str, Decimal]:
    """One value per criterion from every member's points (a missing code counts 0)."""
    if mode not in AGGREGATIONS:
        raise ValueError(f"unknown minimum aggregation {mode!r}; use one of {AGGREGATIONS}")
    if not sheets:
        raise ValueError("no sheets")
    out: dict[str, Decimal] = {}
    for code in codes:
        values = [Decimal(s.get(code, 0)) for s in sheets]
        if mode == "mean":
            out[code] = mean(values)
        elif mode == "all":
            out[code] = min(values)
        else:
            # the value that floor(n/2)+1 members reached: the (n//2)-th highest
            out[code] = sorted(values, reverse=True)[len(values) // 2]
    return out


def spread_outliers(totals: Mapping[object, Decimal], spread_max: Decimal) -> list:
    """Keys of the members to flag, in input order; empty when the spread is allowed."""
    if len(totals) < 2:
        return []
    values = list(totals.values())
    if max(values) - min(values) <= spread_max:
        return []
    mid = median(values)
    half = spread_max / 2
    return [key for key, total in totals.items() if abs(total - mid) > half]


def preview(sheet_def: Sheet, answers: dict) -> dict:
    """Running total, part totals and expected stars of partial answers (for the live form)."""
    points = {code: Decimal(v) for code, v in answers.items()}
    parts = {
        part.code: sum((points.get(c.code, Decimal(0)) for c in part.criteria), Decimal(0))
        for part in sheet_def.parts
    }
    total = sum(parts.values(), Decimal(0))
    stars = star_rank(
        total=total, bands=sheet_def.bands, minimums=sheet_def.minimums(), points=points
    )
    answered = len(points)
    return {
        "total": total,
        "parts": parts,
        "stars": stars,
        "answered": answered,
        "count": len(sheet_def.criteria),
    }
