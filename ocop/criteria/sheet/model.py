"""The objects a score sheet and a criteria set are read into: frozen, validated dataclasses.

A :class:`CriteriaSetDoc` is one legal instrument (e.g. Decision 26/2026/QD-TTg) as read from
its ``criteria-set.yaml``, with its :class:`Sheet` per product set. It is the pure twin of the
database row ``ocop.criteria.models.CriteriaSet``, which stores it. No Django here.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..stars import Band, Minimum

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


class SheetError(ValueError):
    """A criteria set or score sheet is malformed; the message names the place."""


@dataclass(frozen=True)
class Option:
    """One answer of a criterion. ``index`` is the 0-based position on the sheet."""

    index: int
    label_vi: str
    label_en: str
    points: Decimal
    min_stars: int | None = None
    case: str | None = None
    verified: bool = True
    note: str = ""


@dataclass(frozen=True)
class Case:
    """Alternative situations of one criterion; only options of one case apply."""

    code: str
    label_vi: str
    label_en: str


@dataclass(frozen=True)
class AppliesIf:
    """The criterion is scored only if ``<criterion> points <op> <value>``."""

    criterion: str
    op: str
    value: Decimal

    def met(self, points: Decimal) -> bool:
        return OPERATORS[self.op](points, self.value)

    def __str__(self) -> str:
        return f"{self.criterion} points {self.op} {self.value}"


@dataclass(frozen=True)
class Criterion:
    code: str
    title_vi: str
    title_en: str
    max_points: Decimal
    options: tuple[Option, ...]
    part: str
    section: str
    subsection: str | None = None
    allows_none: bool = False
    applies_if: AppliesIf | None = None
    disqualifier: str | None = None
    stop_rule: str | None = None
    verified: bool = True
    note: str = ""
    allows_none_inferred: bool = False
    cases: tuple[Case, ...] = ()

    @property
    def option_points(self) -> tuple[Decimal, ...]:
        return tuple(o.points for o in self.options)

    def accepts(self, points: Decimal) -> bool:
        """Whether ``points`` is a legal score: one option's points, or 0 if none allowed."""
        return points in self.option_points or (self.allows_none and points == 0)

    def minimums(self) -> tuple[Minimum, ...]:
        return tuple(
            Minimum(self.code, o.points, o.min_stars)
            for o in self.options
            if o.min_stars is not None
        )


@dataclass(frozen=True)
class Subsection:
    code: str
    title_vi: str
    title_en: str
    max_points: Decimal


@dataclass(frozen=True)
class Section:
    code: str
    title_vi: str
    title_en: str
    max_points: Decimal
    criteria: tuple[Criterion, ...]
    subsections: tuple[Subsection, ...] = ()
    verified: bool = True
    note: str = ""


@dataclass(frozen=True)
class Part:
    code: str
    title_vi: str
    title_en: str
    max_points: Decimal
    sections: tuple[Section, ...]
    verified: bool = True
    note: str = ""

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for s in self.sections for c in s.criteria)


@dataclass(frozen=True)
class Disqualifier:
    """An elimination condition. ``kind`` is ``disqualifier`` or ``not_assessed``."""

    code: str
    kind: str
    scope: str  # "dossier" or "criteria"
    criteria: tuple[str, ...]
    label_vi: str
    label_en: str
    verified: bool = True
    note: str = ""


@dataclass(frozen=True)
class StopRule:
    """A finding on the named criteria that stops the evaluation."""

    code: str
    criteria: tuple[str, ...]
    label_vi: str
    label_en: str
    verified: bool = True
    note: str = ""


@dataclass(frozen=True)
class Sheet:
    criteria_set: str
    product_set: int
    slug: str
    name_vi: str
    name_en: str
    parts: tuple[Part, ...]
    bands: tuple[Band, ...]
    disqualifiers: tuple[Disqualifier, ...] = ()
    stop_rules: tuple[StopRule, ...] = ()
    group: str = ""
    lead_ministry_vi: str = ""
    lead_ministry_en: str = ""
    total_max_points: Decimal = Decimal(100)
    star_marks_printed: bool = True
    star_marks_note: str = ""
    disqualifiers_note: str = ""
    source: Mapping[str, str] = field(default_factory=dict, compare=False)
    _index: Mapping[str, Criterion] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {c.code: c for c in self.criteria})

    @property
    def label(self) -> str:
        return f"set-{self.product_set:02d}"

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """All criteria in sheet order."""
        return tuple(c for p in self.parts for c in p.criteria)

    def criterion(self, code: str) -> Criterion:
        try:
            return self._index[code]
        except KeyError:
            raise KeyError(f"{self.label}: no criterion {code!r}") from None

    def has_criterion(self, code: str) -> bool:
        return code in self._index

    def part(self, code: str) -> Part:
        for part in self.parts:
            if part.code == code:
                return part
        raise KeyError(f"{self.label}: no part {code!r}")

    def minimums(self) -> list[Minimum]:
        """Every star minimum of the sheet, in sheet order."""
        return [m for c in self.criteria for m in c.minimums()]

    @property
    def unverified(self) -> list[str]:
        """Human-readable list of the readings flagged ``verified: false``."""
        found = [f"part {p.code}" for p in self.parts if not p.verified]
        for p in self.parts:
            found += [f"section {s.code}" for s in p.sections if not s.verified]
        for c in self.criteria:
            if not c.verified:
                found.append(f"criterion {c.code}")
            found += [f"criterion {c.code} option {o.index}" for o in c.options if not o.verified]
        found += [d.code for d in (*self.disqualifiers, *self.stop_rules) if not d.verified]
        return found


@dataclass(frozen=True)
class PartFrame:
    code: str
    title_vi: str
    title_en: str
    max_points: Decimal


@dataclass(frozen=True)
class GroupEntry:
    """One heading of a classification (Annex I group, sub-group, or product line)."""

    code: str
    parent: str | None
    name_vi: str
    name_en: str
    lead_ministry_vi: str | None = None
    lead_ministry_en: str | None = None
    product_set: int | None = None
    verified: bool = True
    note: str = ""


@dataclass(frozen=True)
class ProductSetEntry:
    number: int
    slug: str
    name_vi: str
    name_en: str
    group: str
    lead_ministry_vi: str
    lead_ministry_en: str
    sheet: str


@dataclass(frozen=True)
class CriteriaSetDoc:
    id: str
    title_vi: str
    title_en: str
    issued: dt.date
    effective_from: dt.date
    effective_to: dt.date | None
    has_sheets: bool
    parts: tuple[PartFrame, ...]
    bands: tuple[Band, ...]
    total_max_points: Decimal = Decimal(100)
    classification: tuple[GroupEntry, ...] = ()
    product_sets: tuple[ProductSetEntry, ...] = ()
    sheets: tuple[Sheet, ...] = ()
    recognised_min_stars: int = 3
    verified: Mapping[str, Any] = field(default_factory=dict, compare=False)
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def sheet(self, product_set: int) -> Sheet:
        for sheet in self.sheets:
            if sheet.product_set == product_set:
                return sheet
        raise KeyError(f"{self.id}: no sheet for product set {product_set}")

    def in_force_on(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside [effective_from, effective_to] (both inclusive)."""
        if day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to
