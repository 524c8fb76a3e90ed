"""The score-sheet format (``ocop-criteria-sheet/1``, one file per product set): parsing and
validation of every sum and reference. See ``docs/criteria-format.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..stars import format_points as _fmt
from .model import (
    OPERATORS,
    AppliesIf,
    Case,
    CriteriaSetDoc,
    Criterion,
    Disqualifier,
    Option,
    Part,
    Section,
    Sheet,
    SheetError,
    StopRule,
    Subsection,
)
from .reader import Reader, bands_from_list, check_sum, verification

SHEET_SCHEMA = "ocop-criteria-sheet/1"
STAR_LEVELS = (3, 4, 5)


def _option(data: Any, where: str, index: int, max_points: Decimal, case_codes: set[str]) -> Option:
    r = Reader(data, f"{where} option {index}")
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
    verified, note = verification(r)
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
    r = Reader(data, f"{where} criterion {code}")
    code = r.str("code")
    max_points = r.number("max_points")
    if max_points <= 0:
        raise r.fail(f"max_points {_fmt(max_points)} must be positive")

    cases = []
    for i, item in enumerate(r.list("cases", [])):
        cr = Reader(item, f"{r.where} case {i + 1}")
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
        ar = Reader(r.raw("applies_if"), f"{r.where} applies_if")
        op = ar.str("op")
        if op not in OPERATORS:
            raise ar.fail(f"unknown operator {op!r}")
        applies_if = AppliesIf(ar.str("criterion"), op, ar.number("value"))

    verified, note = verification(r)
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
    r = Reader(data, f"{where} section {code}")
    code = r.str("code")
    max_points = r.number("max_points")
    subsections = {}
    for i, item in enumerate(r.list("subsections", [])):
        sr = Reader(item, f"{r.where} subsection {i + 1}")
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
    check_sum(r.where, "criteria", sum((c.max_points for c in criteria), Decimal(0)), max_points)
    for sub in subsections.values():
        check_sum(
            f"{r.where} subsection {sub.code}",
            "criteria",
            sum((c.max_points for c in criteria if c.subsection == sub.code), Decimal(0)),
            sub.max_points,
        )
    verified, note = verification(r)
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
    r = Reader(data, f"{where} part {code}")
    code = r.str("code")
    max_points = r.number("max_points")
    raw_sections = r.list("sections")
    if not raw_sections:
        raise r.fail("no sections")
    sections = tuple(_section(s, r.where, code) for s in raw_sections)
    check_sum(r.where, "sections", sum((s.max_points for s in sections), Decimal(0)), max_points)
    verified, note = verification(r)
    return Part(
        code=code,
        title_vi=r.str("title_vi"),
        title_en=r.str("title_en"),
        max_points=max_points,
        sections=sections,
        verified=verified,
        note=note,
    )


def _scope_criteria(r: Reader, sheet_codes: set[str]) -> tuple[str, tuple[str, ...]]:
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
    criteria_set: CriteriaSetDoc | None = None,
) -> Sheet:
    """Build a validated :class:`Sheet` from a mapping in the project format.

    ``origin`` prefixes every error message (default ``set-NN``). When ``criteria_set`` is
    given, the sheet must belong to it and match its parts frame and bands.
    """
    if not origin:
        number = data.get("product_set") if isinstance(data, Mapping) else None
        origin = f"set-{number:02d}" if isinstance(number, int) else "sheet"
    r = Reader(data, origin)
    schema = r.str("schema")
    if schema != SHEET_SCHEMA:
        raise r.fail(f"schema {schema!r} is not {SHEET_SCHEMA!r}")
    total = r.number("total_max_points")

    raw_parts = r.list("parts")
    if not raw_parts:
        raise r.fail("no parts")
    parts = tuple(_part(p, origin) for p in raw_parts)
    check_sum(origin, "parts", sum((p.max_points for p in parts), Decimal(0)), total)

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
        dr = Reader(item, f"{origin} disqualifier {i + 1}")
        scope, criteria = _scope_criteria(dr, set(codes))
        kind = dr.str("kind", "disqualifier")
        if kind not in ("disqualifier", "not_assessed"):
            raise dr.fail(f"kind must be 'disqualifier' or 'not_assessed', got {kind!r}")
        verified, note = verification(dr)
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
        sr = Reader(item, f"{origin} stop rule {i + 1}")
        scope, criteria = _scope_criteria(sr, set(codes))
        if scope != "criteria":
            raise sr.fail("a stop rule must name the criteria it applies to")
        verified, note = verification(sr)
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


def _check_against_set(sheet: Sheet, cset: CriteriaSetDoc, origin: str) -> None:
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
