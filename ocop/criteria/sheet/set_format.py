"""The criteria-set format (``ocop-criteria-set/1``, the ``criteria-set.yaml`` of a
directory): parts frame, star bands, classification and product-set catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .model import CriteriaSetDoc, GroupEntry, PartFrame, ProductSetEntry
from .reader import Reader, bands_from_list, check_sum

SET_SCHEMA = "ocop-criteria-set/1"


def criteria_set_from_dict(data: Mapping[str, Any], *, origin: str = "") -> CriteriaSetDoc:
    """Build a validated :class:`CriteriaSetDoc` (without sheets) from its mapping."""
    if not origin:
        origin = (
            str(data.get("id", "criteria set")) if isinstance(data, Mapping) else "criteria set"
        )
    r = Reader(data, origin)
    schema = r.str("schema")
    if schema != SET_SCHEMA:
        raise r.fail(f"schema {schema!r} is not {SET_SCHEMA!r}")
    total = r.number("total_max_points")
    parts = []
    for i, item in enumerate(r.list("parts")):
        pr = Reader(item, f"{r.where} part {i + 1}")
        parts.append(
            PartFrame(
                pr.str("code"), pr.str("title_vi"), pr.str("title_en"), pr.number("max_points")
            )
        )
    check_sum(f"{r.where} frame", "parts", sum((p.max_points for p in parts), Decimal(0)), total)
    bands = bands_from_list(r.raw("bands"), f"{r.where} bands", total)

    groups = []
    group_codes: set[str] = set()
    for i, item in enumerate(r.list("classification", [])):
        gr = Reader(item, f"{r.where} classification {i + 1}")
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
        pr = Reader(item, f"{r.where} product set {i + 1}")
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
    return CriteriaSetDoc(
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
