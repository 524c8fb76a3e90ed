"""What a target can count, and how the actual figure is read from what the system knows.

A plan's target names a measure by key (``new_products``, ``upgrades``, ...). Each part of the
programme registers the measures it can count; progress asks the registry for the actual
figures of a year, per unit, in one call per measure (so a page costs a constant number of
queries whatever the number of units).

``count(year, units, on)`` returns ``{unit_id: n}`` for the given units (geo ``Unit`` rows of
the plan's map) counting what happened in ``year`` up to and including the day ``on``; a unit
counts what lies in it or in any unit below it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

Counter = Callable[[int, Iterable, date], dict[int, int]]


@dataclass(frozen=True)
class Measure:
    key: str
    label: str  # a lazy translation
    count: Counter
    order: int = 100


MEASURES: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    if measure.key in MEASURES:
        raise ValueError(f"measure {measure.key!r} registered twice")
    MEASURES[measure.key] = measure
    return measure


def ordered() -> list[Measure]:
    return sorted(MEASURES.values(), key=lambda m: (m.order, m.key))
