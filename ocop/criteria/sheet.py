"""Score sheets as validated, immutable Python objects.

A criteria set (one legal instrument, e.g. Decision 26/2026/QD-TTg) is a directory::

    <data>/<criteria-set-id>/criteria-set.yaml
    <data>/<criteria-set-id>/sheets/set-NN-<slug>.yaml   (one per product set)

The format is described in ``docs/criteria-format.md``. Loading validates every sum and
reference; any fault raises :class:`SheetError` whose message names the exact place, e.g.
``set-14 part A section 1 criterion 1.4: options max 2 != max_points 3``.

No Django here: the database layer imports these objects, not the other way round.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .stars import Band, Minimum, code_sort_key, to_decimal
from .stars import format_points as _fmt

__all__ = [
    "DATA_DIR",
    "AppliesIf",
    "Case",
    "Criterion",
    "CriteriaSet",
    "Disqualifier",
    "GroupEntry",
    "Option",
    "Part",
    "PartFrame",
    "ProductSetEntry",
    "Section",
    "Sheet",
    "SheetError",
    "StopRule",
    "Subsection",
    "bands_from_list",
    "criteria_set_from_dict",
    "load_criteria_set",
    "load_criteria_set_dir",
    "load_sheet",
    "sheet_from_dict",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
SHEET_SCHEMA = "ocop-criteria-sheet/1"
SET_SCHEMA = "ocop-criteria-set/1"
STAR_LEVELS = (3, 4, 5)

_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


# The C loader is much faster where libyaml is available; both are safe loaders.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SheetError(ValueError):
    """A criteria set or score sheet is malformed; the message names the place."""


# --------------------------------------------------------------------------- objects


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
        return _OPERATORS[self.op](points, self.value)

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
class CriteriaSet:
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


# --------------------------------------------------------------------------- validation helpers


class _Reader:
    """Typed access to a mapping that reports faults with their location."""

    def __init__(self, data: Any, where: str):
        if not isinstance(data, Mapping):
            raise SheetError(f"{where}: expected a mapping, got {type(data).__name__}")
        self.data = data
        self.where = where

    def fail(self, message: str) -> SheetError:
        return SheetError(f"{self.where}: {message}")

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str, default: Any = ...) -> Any:
        if key not in self.data or self.data[key] is None:
            if default is ...:
                raise self.fail(f"missing {key}")
            return default
        return self.data[key]

    def str(self, key: str, default: Any = ...) -> Any:
        value = self.raw(key, default)
        if value is default and default is not ...:
            return value
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.fail(f"{key} must be a string")
        return str(value)

    def int(self, key: str, default: Any = ...) -> Any:
        value = self.raw(key, default)
        if value is default and default is not ...:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{key} must be an integer, got {value!r}")
        return value

    def bool(self, key: str, default: Any = ...) -> Any:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{key} must be true or false, got {value!r}")
        return value

    def number(self, key: str, default: Any = ...) -> Any:
        value = self.raw(key, default)
        if value is default and default is not ...:
            return value
        try:
            return to_decimal(value)
        except (TypeError, ValueError):
            raise self.fail(f"{key} must be a number, got {value!r}") from None

    def list(self, key: str, default: Any = ...) -> list:
        value = self.raw(key, default)
        if not isinstance(value, list):
            raise self.fail(f"{key} must be a list")
        return value

    def date(self, key: str, default: Any = ...) -> Any:
        value = self.raw(key, default)
        if value is default and default is not ...:
            return value
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(f"{key} must be an ISO date, got {value!r}") from None


def _check_sum(where: str, children: str, total: Decimal, expected: Decimal) -> None:
    if total != expected:
        raise SheetError(f"{where}: {children} sum to {_fmt(total)}, max_points {_fmt(expected)}")


def _verification(r: _Reader) -> tuple[bool, str]:
    verified = r.bool("verified", True)
    note = r.str("note", "")
    if not verified and not note:
        raise r.fail("verified is false but no note explains the reading")
    return verified, note


def bands_from_list(items: Any, where: str, total: Decimal) -> tuple[Band, ...]:
    """Build and check star bands: contiguous from 0 to ``total``, one per star level."""
    if not isinstance(items, list) or not items:
        raise SheetError(f"{where}: bands must be a non-empty list")
    raw = []
    for i, item in enumerate(items):
        r = _Reader(item, f"{where} band {i + 1}")
        raw.append((r.int("stars"), r.number("min"), r.number("max")))
    raw.sort(key=lambda b: b[1])
    stars_seen = [b[0] for b in raw]
    if len(set(stars_seen)) != len(stars_seen):
        raise SheetError(f"{where}: bands repeat a star level")
    if stars_seen != sorted(stars_seen):
        raise SheetError(f"{where}: bands must give more stars for higher totals")
    if raw[0][1] != 0:
        raise SheetError(f"{where}: lowest band starts at {_fmt(raw[0][1])}, not 0")
    for (s1, _lo1, hi1), (s2, lo2, _hi2) in zip(raw, raw[1:], strict=False):
        if hi1 != lo2:
            raise SheetError(
                f"{where}: band {s1} ends at {_fmt(hi1)} but band {s2} starts at {_fmt(lo2)}"
            )
    for stars, lo, hi in raw:
        if hi <= lo:
            raise SheetError(f"{where}: band {stars} is empty ({_fmt(lo)}..{_fmt(hi)})")
    if raw[-1][2] != total:
        raise SheetError(f"{where}: top band ends at {_fmt(raw[-1][2])}, not {_fmt(total)}")
    top = raw[-1][0]
    return tuple(
        Band(stars=stars, min=lo, max=hi, max_inclusive=(stars == top))
        for stars, lo, hi in reversed(raw)
    )


# --------------------------------------------------------------------------- sheet parsing


def _option(data: Any, where: str, index: int, max_points: Decimal, case_codes: set[str]) -> Option:
    r = _Reader(data, f"{where} option {index}")
    points = r.number("points")
    if points < 0 or points > max_points:
        raise r.fail(f"points {_fmt(points)} outside 0..{_fmt(max_points)}")
    min_stars = r.int("min_stars", None)
    if min_stars is not None and min_stars not in STAR_LEVELS:
        raise r.fail(f"min_stars {min_stars} not in 3..5")
    case = r.str("case", None)
    if case is not None and case not in case_codes:
        raise r.fail(f"case {case!r} is not declared on the criterion")
    if case is None and case_codes:
        raise r.fail("the criterion has cases but this option names none")
    verified, note = _verification(r)
    return Option(
        index=index,
        label_vi=r.str("label_vi"),
        label_en=r.str("label_en"),
        points=points,
        min_stars=min_stars,
        case=case,
        verified=verified,
        note=note,
    )


def _criterion(
    data: Any, where: str, part: str, section: str, subsections: Mapping[str, Subsection]
) -> Criterion:
    code = str(data.get("code")) if isinstance(data, Mapping) else "?"
    r = _Reader(data, f"{where} criterion {code}")
    code = r.str("code")
    max_points = r.number("max_points")
    if max_points <= 0:
        raise r.fail(f"max_points {_fmt(max_points)} must be positive")

    cases = []
    for i, item in enumerate(r.list("cases", [])):
        cr = _Reader(item, f"{r.where} case {i + 1}")
        cases.append(Case(cr.str("code"), cr.str("label_vi"), cr.str("label_en")))
    case_codes = {c.code for c in cases}
    if len(case_codes) != len(cases):
        raise r.fail("case codes repeat")

    raw_options = r.list("options")
    if not raw_options:
        raise r.fail("no options")
    options = tuple(
        _option(o, r.where, i, max_points, case_codes) for i, o in enumerate(raw_options)
    )
    best = max(o.points for o in options)
    if best != max_points:
        raise r.fail(f"options max {_fmt(best)} != max_points {_fmt(max_points)}")
    for case in cases:
        case_best = max((o.points for o in options if o.case == case.code), default=None)
        if case_best is None:
            raise r.fail(f"case {case.code!r} has no options")

    # A higher star level may never ask for fewer points than a lower one.
    marked = sorted((o.min_stars, o.points) for o in options if o.min_stars is not None)
    for (s1, p1), (s2, p2) in zip(marked, marked[1:], strict=False):
        if s1 == s2:
            raise r.fail(f"two options are marked for {s1} stars")
        if p2 < p1:
            raise r.fail(f"{s2}-star minimum {_fmt(p2)} is below the {s1}-star minimum {_fmt(p1)}")

    allows_none = r.bool("allows_none")
    if any(o.points == 0 for o in options) and not allows_none:
        raise r.fail("an option is worth 0 but allows_none is false")
    allows_none_inferred = r.bool("allows_none_inferred", False)
    if allows_none_inferred and not allows_none:
        raise r.fail("allows_none_inferred is true but allows_none is false")

    subsection = r.str("subsection", None)
    if subsection is not None and subsection not in subsections:
        raise r.fail(f"subsection {subsection!r} is not declared on section {section}")
    if subsection is None and subsections:
        raise r.fail(f"section {section} has subsections but this criterion names none")

    applies_if = None
    if r.has("applies_if"):
        ar = _Reader(r.raw("applies_if"), f"{r.where} applies_if")
        op = ar.str("op")
        if op not in _OPERATORS:
            raise ar.fail(f"unknown operator {op!r}")
        applies_if = AppliesIf(ar.str("criterion"), op, ar.number("value"))

    verified, note = _verification(r)
    return Criterion(
        code=code,
        title_vi=r.str("title_vi"),
        title_en=r.str("title_en"),
        max_points=max_points,
        options=options,
        part=part,
        section=section,
        subsection=subsection,
        allows_none=allows_none,
        applies_if=applies_if,
        disqualifier=r.str("disqualifier", None),
        stop_rule=r.str("stop_rule", None),
        verified=verified,
        note=note,
        allows_none_inferred=allows_none_inferred,
        cases=tuple(cases),
    )


def _section(data: Any, where: str, part: str) -> Section:
    code = str(data.get("code")) if isinstance(data, Mapping) else "?"
    r = _Reader(data, f"{where} section {code}")
    code = r.str("code")
    max_points = r.number("max_points")
    subsections = {}
    for i, item in enumerate(r.list("subsections", [])):
        sr = _Reader(item, f"{r.where} subsection {i + 1}")
        sub = Subsection(
            sr.str("code"), sr.str("title_vi"), sr.str("title_en"), sr.number("max_points")
        )
        if sub.code in subsections:
            raise r.fail(f"subsection {sub.code} repeats")
        subsections[sub.code] = sub
    raw_criteria = r.list("criteria")
    if not raw_criteria:
        raise r.fail("no criteria")
    criteria = tuple(_criterion(c, r.where, part, code, subsections) for c in raw_criteria)
    _check_sum(r.where, "criteria", sum((c.max_points for c in criteria), Decimal(0)), max_points)
    for sub in subsections.values():
        _check_sum(
            f"{r.where} subsection {sub.code}",
            "criteria",
            sum((c.max_points for c in criteria if c.subsection == sub.code), Decimal(0)),
            sub.max_points,
        )
    verified, note = _verification(r)
    return Section(
        code=code,
        title_vi=r.str("title_vi"),
        title_en=r.str("title_en"),
        max_points=max_points,
        criteria=criteria,
        subsections=tuple(subsections.values()),
        verified=verified,
        note=note,
    )


def _part(data: Any, where: str) -> Part:
    code = str(data.get("code")) if isinstance(data, Mapping) else "?"
    r = _Reader(data, f"{where} part {code}")
    code = r.str("code")
    max_points = r.number("max_points")
    raw_sections = r.list("sections")
    if not raw_sections:
        raise r.fail("no sections")
    sections = tuple(_section(s, r.where, code) for s in raw_sections)
    _check_sum(r.where, "sections", sum((s.max_points for s in sections), Decimal(0)), max_points)
    verified, note = _verification(r)
    return Part(
        code=code,
        title_vi=r.str("title_vi"),
        title_en=r.str("title_en"),
        max_points=max_points,
        sections=sections,
        verified=verified,
        note=note,
    )


def _scope_criteria(r: _Reader, sheet_codes: set[str]) -> tuple[str, tuple[str, ...]]:
    scope = r.str("scope")
    criteria = tuple(str(c) for c in r.list("criteria", []))
    if scope not in ("dossier", "criteria"):
        raise r.fail(f"scope must be 'dossier' or 'criteria', got {scope!r}")
    if scope == "criteria" and not criteria:
        raise r.fail("scope is 'criteria' but no criteria are listed")
    for code in criteria:
        if code not in sheet_codes:
            raise r.fail(f"names unknown criterion {code}")
    return scope, criteria


def sheet_from_dict(
    data: Mapping[str, Any],
    *,
    origin: str = "",
    criteria_set: CriteriaSet | None = None,
) -> Sheet:
    """Build a validated :class:`Sheet` from a mapping in the project format.

    ``origin`` prefixes every error message (default ``set-NN``). When ``criteria_set`` is
    given, the sheet must belong to it and match its parts frame and bands.
    """
    if not origin:
        number = data.get("product_set") if isinstance(data, Mapping) else None
        origin = f"set-{number:02d}" if isinstance(number, int) else "sheet"
    r = _Reader(data, origin)
    schema = r.str("schema")
    if schema != SHEET_SCHEMA:
        raise r.fail(f"schema {schema!r} is not {SHEET_SCHEMA!r}")
    total = r.number("total_max_points")

    raw_parts = r.list("parts")
    if not raw_parts:
        raise r.fail("no parts")
    parts = tuple(_part(p, origin) for p in raw_parts)
    _check_sum(origin, "parts", sum((p.max_points for p in parts), Decimal(0)), total)

    codes: dict[str, str] = {}
    for part in parts:
        for section in part.sections:
            for crit in section.criteria:
                here = f"part {part.code} section {section.code}"
                if crit.code in codes:
                    raise SheetError(
                        f"{origin} {here} criterion {crit.code}: code already used in "
                        f"{codes[crit.code]}"
                    )
                codes[crit.code] = here
    part_codes = [p.code for p in parts]
    if len(set(part_codes)) != len(part_codes):
        raise r.fail(f"part codes repeat: {part_codes}")
    section_codes = [s.code for p in parts for s in p.sections]
    if len(set(section_codes)) != len(section_codes):
        raise r.fail(f"section codes repeat: {section_codes}")

    bands = bands_from_list(r.raw("bands"), f"{origin} bands", total)

    disqualifiers = []
    for i, item in enumerate(r.list("disqualifiers", [])):
        dr = _Reader(item, f"{origin} disqualifier {i + 1}")
        scope, criteria = _scope_criteria(dr, set(codes))
        kind = dr.str("kind", "disqualifier")
        if kind not in ("disqualifier", "not_assessed"):
            raise dr.fail(f"kind must be 'disqualifier' or 'not_assessed', got {kind!r}")
        verified, note = _verification(dr)
        disqualifiers.append(
            Disqualifier(
                dr.str("code"),
                kind,
                scope,
                criteria,
                dr.str("label_vi"),
                dr.str("label_en"),
                verified,
                note,
            )
        )
    stop_rules = []
    for i, item in enumerate(r.list("stop_rules", [])):
        sr = _Reader(item, f"{origin} stop rule {i + 1}")
        scope, criteria = _scope_criteria(sr, set(codes))
        if scope != "criteria":
            raise sr.fail("a stop rule must name the criteria it applies to")
        verified, note = _verification(sr)
        stop_rules.append(
            StopRule(
                sr.str("code"), criteria, sr.str("label_vi"), sr.str("label_en"), verified, note
            )
        )
    rule_codes = [d.code for d in disqualifiers] + [s.code for s in stop_rules]
    if len(set(rule_codes)) != len(rule_codes):
        raise r.fail(f"disqualifier/stop rule codes repeat: {rule_codes}")
    dq_codes = {d.code for d in disqualifiers}
    stop_codes = {s.code for s in stop_rules}

    order = {code: i for i, code in enumerate(codes)}
    all_criteria = [c for p in parts for c in p.criteria]
    for crit in all_criteria:
        here = f"{origin} part {crit.part} section {crit.section} criterion {crit.code}"
        if crit.disqualifier is not None and crit.disqualifier not in dq_codes:
            raise SheetError(f"{here}: unknown disqualifier {crit.disqualifier}")
        if crit.stop_rule is not None and crit.stop_rule not in stop_codes:
            raise SheetError(f"{here}: unknown stop rule {crit.stop_rule}")
        cond = crit.applies_if
        if cond is not None:
            if cond.criterion not in codes:
                raise SheetError(f"{here}: applies_if names unknown criterion {cond.criterion}")
            if order[cond.criterion] >= order[crit.code]:
                raise SheetError(
                    f"{here}: applies_if must refer to an earlier criterion, not {cond.criterion}"
                )
            target = next(c for c in all_criteria if c.code == cond.criterion)
            if target.applies_if is not None:
                raise SheetError(
                    f"{here}: applies_if refers to {cond.criterion}, which is conditional itself"
                )

    sheet = Sheet(
        criteria_set=r.str("criteria_set"),
        product_set=r.int("product_set"),
        slug=r.str("slug"),
        name_vi=r.str("name_vi"),
        name_en=r.str("name_en"),
        parts=parts,
        bands=bands,
        disqualifiers=tuple(disqualifiers),
        stop_rules=tuple(stop_rules),
        group=r.str("group", ""),
        lead_ministry_vi=r.str("lead_ministry_vi", ""),
        lead_ministry_en=r.str("lead_ministry_en", ""),
        total_max_points=total,
        star_marks_printed=r.bool("star_marks_printed", True),
        star_marks_note=r.str("star_marks_note", ""),
        disqualifiers_note=r.str("disqualifiers_note", ""),
        source=dict(r.raw("source", {})),
    )
    if criteria_set is not None:
        _check_against_set(sheet, criteria_set, origin)
    return sheet


def _check_against_set(sheet: Sheet, cset: CriteriaSet, origin: str) -> None:
    if sheet.criteria_set != cset.id:
        raise SheetError(f"{origin}: criteria_set {sheet.criteria_set} is not {cset.id}")
    if sheet.total_max_points != cset.total_max_points:
        raise SheetError(
            f"{origin}: total_max_points {_fmt(sheet.total_max_points)} != criteria set "
            f"{_fmt(cset.total_max_points)}"
        )
    frame = {p.code: p.max_points for p in cset.parts}
    if [p.code for p in sheet.parts] != list(frame):
        raise SheetError(
            f"{origin}: parts {[p.code for p in sheet.parts]} != criteria set {list(frame)}"
        )
    for part in sheet.parts:
        if part.max_points != frame[part.code]:
            raise SheetError(
                f"{origin} part {part.code}: max_points {_fmt(part.max_points)} != criteria "
                f"set frame {_fmt(frame[part.code])}"
            )
    if sheet.bands != cset.bands:
        raise SheetError(f"{origin}: bands differ from the criteria set {cset.id}")


# --------------------------------------------------------------------------- criteria set parsing


def criteria_set_from_dict(data: Mapping[str, Any], *, origin: str = "") -> CriteriaSet:
    """Build a validated :class:`CriteriaSet` (without sheets) from its mapping."""
    if not origin:
        origin = (
            str(data.get("id", "criteria set")) if isinstance(data, Mapping) else "criteria set"
        )
    r = _Reader(data, origin)
    schema = r.str("schema")
    if schema != SET_SCHEMA:
        raise r.fail(f"schema {schema!r} is not {SET_SCHEMA!r}")
    total = r.number("total_max_points")
    parts = []
    for i, item in enumerate(r.list("parts")):
        pr = _Reader(item, f"{r.where} part {i + 1}")
        parts.append(
            PartFrame(
                pr.str("code"), pr.str("title_vi"), pr.str("title_en"), pr.number("max_points")
            )
        )
    _check_sum(f"{r.where} frame", "parts", sum((p.max_points for p in parts), Decimal(0)), total)
    bands = bands_from_list(r.raw("bands"), f"{r.where} bands", total)

    groups = []
    group_codes: set[str] = set()
    for i, item in enumerate(r.list("classification", [])):
        gr = _Reader(item, f"{r.where} classification {i + 1}")
        parent = gr.str("parent", None)
        if parent is not None and parent not in group_codes:
            raise gr.fail(f"parent {parent} is not declared before it")
        entry = GroupEntry(
            code=gr.str("code"),
            parent=parent,
            name_vi=gr.str("name_vi"),
            name_en=gr.str("name_en"),
            lead_ministry_vi=gr.str("lead_ministry_vi", None),
            lead_ministry_en=gr.str("lead_ministry_en", None),
            product_set=gr.int("product_set", None),
            verified=gr.bool("verified", True),
            note=gr.str("note", ""),
        )
        if entry.code in group_codes:
            raise gr.fail(f"code {entry.code} repeats")
        group_codes.add(entry.code)
        groups.append(entry)

    product_sets = []
    for i, item in enumerate(r.list("product_sets", [])):
        pr = _Reader(item, f"{r.where} product set {i + 1}")
        entry = ProductSetEntry(
            number=pr.int("number"),
            slug=pr.str("slug"),
            name_vi=pr.str("name_vi"),
            name_en=pr.str("name_en"),
            group=pr.str("group"),
            lead_ministry_vi=pr.str("lead_ministry_vi"),
            lead_ministry_en=pr.str("lead_ministry_en"),
            sheet=pr.str("sheet"),
        )
        if entry.group not in group_codes:
            raise pr.fail(f"group {entry.group} is not in the classification")
        product_sets.append(entry)
    numbers = [p.number for p in product_sets]
    if numbers != sorted(set(numbers)):
        raise r.fail("product set numbers must be unique and ascending")

    effective_from = r.date("effective_from")
    effective_to = r.date("effective_to", None)
    if effective_to is not None and effective_to < effective_from:
        raise r.fail("effective_to is before effective_from")
    verified = {
        key: value
        for key, value in data.items()
        if isinstance(value, Mapping) and value.get("verified") is False
    }
    return CriteriaSet(
        id=r.str("id"),
        title_vi=r.str("title_vi"),
        title_en=r.str("title_en"),
        issued=r.date("issued"),
        effective_from=effective_from,
        effective_to=effective_to,
        has_sheets=r.bool("has_sheets"),
        parts=tuple(parts),
        bands=bands,
        total_max_points=total,
        classification=tuple(groups),
        product_sets=tuple(product_sets),
        recognised_min_stars=r.int("recognised_min_stars", 3),
        verified=verified,
        raw=dict(data),
    )


# --------------------------------------------------------------------------- files


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506
    except OSError as exc:
        raise SheetError(f"{path.name}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise SheetError(f"{path.name}: invalid YAML: {exc}") from exc


def load_sheet(path: str | Path, *, criteria_set: CriteriaSet | None = None) -> Sheet:
    """Load and validate one sheet file."""
    path = Path(path)
    data = _read_yaml(path)
    origin = path.stem.split("-", 2)
    label = "-".join(origin[:2]) if len(origin) >= 2 and origin[0] == "set" else path.stem
    return sheet_from_dict(data, origin=label, criteria_set=criteria_set)


def read_criteria_set_dir(path: str | Path) -> tuple[CriteriaSet, dict, dict[str, dict]]:
    """Read and validate a criteria-set directory, each file once.

    Returns the validated set (with its sheets in product-set order), the raw mapping of
    ``criteria-set.yaml`` and the raw mapping of each sheet file by file name, so that a caller
    storing the data does not parse it again. Every sheet is validated on its own and against
    the set (parts frame, bands, product set number, slug and group).
    """
    path = Path(path)
    raw = _read_yaml(path / "criteria-set.yaml")
    cset = criteria_set_from_dict(raw, origin=path.name)
    if not cset.has_sheets:
        if cset.product_sets and any(p.sheet for p in cset.product_sets):
            raise SheetError(f"{path.name}: has_sheets is false but sheets are listed")
        return cset, raw, {}
    sheets = []
    sheets_raw: dict[str, dict] = {}
    for entry in cset.product_sets:
        where = f"{path.name} product set {entry.number}"
        file = path / "sheets" / entry.sheet
        if not file.is_file():
            raise SheetError(f"{where}: no sheet file {entry.sheet}")
        data = _read_yaml(file)
        sheet = sheet_from_dict(data, origin=f"set-{entry.number:02d}", criteria_set=cset)
        if (sheet.product_set, sheet.slug) != (entry.number, entry.slug):
            raise SheetError(
                f"{where}: sheet {entry.sheet} is set {sheet.product_set} "
                f"({sheet.slug}), expected {entry.number} ({entry.slug})"
            )
        if sheet.group != entry.group:
            raise SheetError(f"{where}: sheet group {sheet.group} != catalogue {entry.group}")
        sheets.append(sheet)
        sheets_raw[entry.sheet] = data
    on_disk = {p.name for p in (path / "sheets").glob("*.yaml")}
    if on_disk - set(sheets_raw):
        raise SheetError(
            f"{path.name}: sheets not in the catalogue: {sorted(on_disk - set(sheets_raw))}"
        )
    return _replace_sheets(cset, tuple(sheets)), raw, sheets_raw


def load_criteria_set_dir(path: str | Path) -> CriteriaSet:
    """Load ``criteria-set.yaml`` of a directory and, if it has sheets, all of them."""
    return read_criteria_set_dir(path)[0]


def _replace_sheets(cset: CriteriaSet, sheets: tuple[Sheet, ...]) -> CriteriaSet:
    from dataclasses import replace

    return replace(cset, sheets=sheets)


@functools.cache
def load_criteria_set(criteria_set_id: str, *, data_dir: str | Path = DATA_DIR) -> CriteriaSet:
    """Load a shipped criteria set by id, e.g. ``QD-26-2026-TTg`` (cached; immutable)."""
    path = Path(data_dir) / criteria_set_id
    if not (path / "criteria-set.yaml").is_file():
        raise SheetError(f"{criteria_set_id}: no criteria set in {Path(data_dir)}")
    return load_criteria_set_dir(path)


def sorted_codes(codes: list[str]) -> list[str]:
    """Criterion codes in natural order."""
    return sorted(codes, key=code_sort_key)
