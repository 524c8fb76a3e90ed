"""Star ranking from a total score and the star minimums of a score sheet.

This module is pure: no Django, no I/O. Everything is computed with ``Decimal`` because a
council's total is the mean of its members' totals and may be a value such as 69.99.

The rule (see ``docs/decisions/0002-criteria-as-data.md``):

* Bands are half-open. A band includes its ``min`` and excludes its ``max``, except the top
  band, whose ``max`` (the sheet total, 100) is included. So 50 <= total < 70 is 3 stars.
* Some options on a sheet are marked as the minimum for 3, 4 or 5 stars. A criterion
  reaches such a minimum when its points are at least the points of the marked option.
* ``stars`` is the highest N in 3..5 such that the total reaches the floor of the N-star
  band and every minimum marked for N stars or fewer is reached.
* If no N in 3..5 qualifies, the result is the band by score capped at 2: a total of 50 or
  more that misses a 3-star minimum gives 2 stars; below 50 the band gives 1 or 2 stars.
* Only 3 stars and above are recognised (certified).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "Band",
    "Minimum",
    "RECOGNISED_MIN_STARS",
    "StarResult",
    "code_sort_key",
    "format_points",
    "star_rank",
    "to_decimal",
]

RECOGNISED_MIN_STARS = 3
MARKABLE_STARS = (3, 4, 5)


def to_decimal(value: object) -> Decimal:
    """Convert an int, str, float or Decimal to Decimal without binary float noise.

    Floats go through ``str`` so ``69.99`` becomes ``Decimal("69.99")``. Booleans and
    non-finite values are refused.
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number of points")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(value)
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    elif isinstance(value, float):
        result = Decimal(str(value))
    else:
        raise TypeError(f"not a number: {value!r}")
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def format_points(value: Decimal) -> str:
    """Format points for messages: 3, 2.5, 69.99 (no exponent, no trailing zeros)."""
    normal = value.normalize()
    return str(int(normal)) if normal == normal.to_integral() else f"{normal:f}"


def code_sort_key(code: str) -> tuple:
    """Order criterion codes naturally: 1.2 < 1.10 < 2 < 10."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\-]", code)
    )


@dataclass(frozen=True)
class Band:
    """A star band; ``max_inclusive`` is true only for the top band."""

    stars: int
    min: Decimal
    max: Decimal
    max_inclusive: bool = False

    def contains(self, total: Decimal) -> bool:
        if total < self.min:
            return False
        return total <= self.max if self.max_inclusive else total < self.max


@dataclass(frozen=True)
class Minimum:
    """A criterion must score at least ``required_points`` for ``for_stars`` stars."""

    criterion: str
    required_points: Decimal
    for_stars: int

    def reached(self, points: Mapping[str, object]) -> bool:
        return to_decimal(points.get(self.criterion, 0)) >= self.required_points

    def as_dict(self) -> dict:
        return {
            "criterion": self.criterion,
            "required_points": self.required_points,
            "for_stars": self.for_stars,
        }


@dataclass(frozen=True)
class StarResult:
    """Outcome of :func:`star_rank`.

    ``band_stars`` is what the total alone would give; ``stars`` also takes the minimums
    into account. ``missed_minimums`` lists every minimum for ``band_stars`` stars or fewer
    that was not reached, ordered by star level, then criterion code.
    """

    stars: int
    band_stars: int
    recognisable: bool
    missed_minimums: tuple[Minimum, ...]

    def as_dict(self) -> dict:
        return {
            "stars": self.stars,
            "band_stars": self.band_stars,
            "recognisable": self.recognisable,
            "missed_minimums": [m.as_dict() for m in self.missed_minimums],
        }


def _band_for(total: Decimal, bands: Sequence[Band]) -> Band:
    for band in bands:
        if band.contains(total):
            return band
    low = min(b.min for b in bands)
    high = max(b.max for b in bands)
    raise ValueError(f"total {total} is outside the bands ({low}..{high})")


def star_rank(
    *,
    total: object,
    bands: Iterable[Band],
    minimums: Iterable[Minimum],
    points: Mapping[str, object],
) -> StarResult:
    """Return the star level of a product.

    :param total: the (possibly averaged) total score, 0..100; any number type, converted
        to ``Decimal``.
    :param bands: the criteria set's star bands (see :class:`Band`).
    :param minimums: the sheet's star minimums (``Sheet.minimums()``).
    :param points: criterion code -> points scored; a missing code counts 0.
    :raises ValueError: if the total lies outside every band.

    Stars are the highest N in 3..5 whose band floor the total reaches and whose minimums
    (those marked for N stars or fewer) are all reached. Otherwise the band by score,
    capped at 2. ``recognisable`` is ``stars >= 3``.
    """
    total = to_decimal(total)
    bands = tuple(bands)
    minimums = tuple(minimums)
    if not bands:
        raise ValueError("no star bands given")
    band_stars = _band_for(total, bands).stars

    missed = tuple(
        sorted(
            (m for m in minimums if m.for_stars <= band_stars and not m.reached(points)),
            key=lambda m: (m.for_stars, code_sort_key(m.criterion), m.required_points),
        )
    )
    lowest_missed = min((m.for_stars for m in missed), default=None)

    stars = min(band_stars, RECOGNISED_MIN_STARS - 1)
    for level in sorted((n for n in MARKABLE_STARS if n <= band_stars), reverse=True):
        # Every minimum for `level` stars or fewer must be reached.
        if lowest_missed is None or lowest_missed > level:
            stars = level
            break

    return StarResult(
        stars=stars,
        band_stars=band_stars,
        recognisable=stars >= RECOGNISED_MIN_STARS,
        missed_minimums=missed,
    )
