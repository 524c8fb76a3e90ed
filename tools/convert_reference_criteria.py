#!/usr/bin/env python3
"""Convert the reference score sheets of Decision 26/2026/QD-TTg into the project format.

Usage::

    python3 tools/convert_reference_criteria.py [REFERENCE_DIR] [--out DATA_DIR]

REFERENCE_DIR holds ``catalogue.yaml`` and the 26 ``set-NN-<slug>.yaml`` files (default
``../shared/reference/criteria-26-2026``). DATA_DIR defaults to
``ocop/criteria/data/QD-26-2026-TTg`` next to this script's repository.

The output is deterministic: running the script twice on the same input yields identical
files. Every written sheet is loaded back through ``ocop.criteria.sheet`` so a conversion
that produces an inconsistent sheet fails here rather than at runtime. The runtime only
reads the committed output; it never needs the reference directory.

The converter refuses keys it does not know, so a change in the reference schema is
noticed instead of silently dropped.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = Path("../shared/reference/criteria-26-2026")
DEFAULT_OUT = REPO_ROOT / "ocop" / "criteria" / "data" / "QD-26-2026-TTg"

CRITERIA_SET_ID = "QD-26-2026-TTg"
SHEET_SCHEMA = "ocop-criteria-sheet/1"
SET_SCHEMA = "ocop-criteria-set/1"

MINISTRIES_EN = {
    "Bộ Nông nghiệp và Môi trường": "Ministry of Agriculture and Environment",
    "Bộ Công Thương": "Ministry of Industry and Trade",
    "Bộ Y tế": "Ministry of Health",
    "Bộ Văn hóa, Thể thao và Du lịch": "Ministry of Culture, Sports and Tourism",
}

# English glosses for the Annex I headings that are not themselves a product set.
GROUP_NAMES_EN = {
    "I": "Food products",
    "I.1": "Fresh food",
    "I.2": "Raw and pre-processed food",
    "I.3": "Processed food",
    "I.4": "Spices and condiments",
    "I.5": "Tea",
    "II": "Drinks",
    "II.1": "Alcoholic drinks",
    "II.2": "Non-alcoholic drinks",
    "III": "Medicinal herbs and herb-based products",
    "IV": "Handicraft products",
    "V": "Ornamental plants and animals",
    "VI": "Community tourism, eco-tourism and tourist-site services",
}

APPLIES_IF_RE = re.compile(r"^(?P<criterion>[0-9.]+) points (?P<op>>=|<=|==|!=|>|<) (?P<value>\d+)$")
SCOPE_CRITERIA_RE = re.compile(r"^criteri(?:on|a) (?P<codes>[0-9.]+(?:, [0-9.]+)*)$")


class ConversionError(Exception):
    pass

# The reference notes are rewritten in the project's own words. A note that is not listed
# here stops the conversion, so a new reference reading is reviewed before it ships.
NOTE_REWRITES = {
    "Requirement: 100% of the product is grown in the province; the options score the share produced in the commune.":
        "All of the product must come from the province; the points grade the commune's share.",
    "Requirement: 100% of the product is raised or grown in the province; the options score the share produced in the commune.":
        "All of the product must be raised or grown in the province; the points grade the commune's share.",
    "Requirement: 100% of the product is raised in the province; the options score the share produced in the commune.":
        "All of the product must be raised in the province; the points grade the commune's share.",
    "Requirement: 100% of the product is farmed or caught in the province (fishing grounds are not counted); the options score the share produced in the commune.":
        "All of the product must be farmed or caught in the province (fishing grounds do not count); the points grade the commune's share.",
    "Capacity to meet market volume, compared with the local average of similar producers (output or value).":
        "Scale is judged against similar local producers, by output or value.",
    "Printed ranges leave exactly 75% uncovered (50% to < 75%, then > 75%).":
        "As printed, a share of exactly 75% falls in no option.",
    "No options printed; yes = 1 / no = 0 inferred.":
        "The sheet prints no options here; yes (1) / no (0) is an inferred reading.",
    "Printed ranges overlap at exactly 75% (50%-75% and >= 75%); the higher band is the natural reading.":
        "As printed, exactly 75% fits two options; the higher one is taken.",
    "Covers the business and distribution set-up.":
        "About how sales and distribution are organised.",
    "Requirement: the story must show origin, local resources, culture, identity and distinctive value, and be moving and persuasive.":
        "The story is expected to convey origin, local resources, culture and identity, and to persuade.",
    "Counts nutrient contents shown on an authorised test report (e.g. protein, lipid, vitamins).":
        "Number of nutrient values on an accredited test report (protein, lipid, vitamins…).",
    "Counts nutrient contents shown on the test report (e.g. amylose, carbohydrate, energy, lipid).":
        "Number of nutrient values on the test report (amylose, carbohydrate, energy, lipid…).",
    "Distinct, clearly recognisable, with potential to become a local brand.":
        "Easy to tell apart; could grow into a local brand.",
    "Distinct (scent, colour, performance…), clearly recognisable, with potential to become a local brand.":
        "Easy to tell apart (scent, colour, effect…); could grow into a local brand.",
    "Distinct (colour, scent…), clearly recognisable, with potential to become a local brand.":
        "Easy to tell apart (colour, scent…); could grow into a local brand.",
    "Distinct and not confusable with other products.":
        "Cannot be mistaken for other products.",
    "The declared product standard must be backed by a food-safety test report.":
        "A food-safety test report must support the declared standard.",
    "Mandatory where a quality declaration is legally required; encouraged for other products. The declared product standard must be backed by a food-safety test report.":
        "Required where the law requires a declaration, recommended otherwise; a food-safety test report must support the declared standard.",
    "Judged on executed export contracts, certifications held, market assessments or trade-promotion results.":
        "Evidence: export contracts carried out, certificates, market studies or trade-promotion results.",
    "option 1: Points not printed; 0 inferred (lowest step of the scale).":
        "Option 0 has no printed points; 0 is inferred as the bottom of the scale.",
    "Points not printed; 0 inferred (lowest step of the scale).":
        "No printed points; 0 is inferred as the bottom of the scale.",
    "option 3: Points printed as '13', above the criterion maximum of 3; read as 3 (the same option is worth 3 on sheets 1 and 3). Counts nutrient contents shown on the test report (e.g. vitamins B2, B3, B5, B6, B9, reducing sugars).":
        "Option 2 is printed as 13 points, more than the maximum 3; taken as 3, its value on sheets 1 and 3. Number of nutrient values on the test report (B vitamins, reducing sugars…).",
    "Points printed as '13', above the criterion maximum of 3; read as 3 (the same option is worth 3 on sheets 1 and 3).":
        "Printed as 13 points, more than the maximum 3; taken as 3, its value on sheets 1 and 3.",
    "option 2: Printed 1, equal to the option above; on the other 25 sheets this option is worth 2. Kept as printed (1); 2 is probably intended.":
        "Option 1 is printed as 1 point like option 0, while every other sheet gives it 2; the printed 1 is kept, 2 is likely meant.",
    "Printed 1, equal to the option above; on the other 25 sheets this option is worth 2. Kept as printed (1); 2 is probably intended.":
        "Printed as 1 point like the option before, while every other sheet gives 2; the printed 1 is kept, 2 is likely meant.",
    "No 0-point option ('commonly made in many provinces') is printed on this sheet, unlike the other food sheets; printed options start at 1.":
        "Unlike the other food sheets, this one has no 0-point option for common products; options start at 1.",
    "option 2: No **** mark printed on this option, while the other 25 sheets mark it ****. Recorded as printed (no mark).":
        "Option 1 carries no 4-star mark here although all other sheets mark it; kept without the mark as printed.",
    "No **** mark printed on this option, while the other 25 sheets mark it ****. Recorded as printed (no mark).":
        "No 4-star mark here although all other sheets mark this option; kept without the mark as printed.",
    "option 2: Points printed as '11', above the criterion maximum of 2; read as 1 (scale 0-1-2).":
        "Option 1 is printed as 11 points, more than the maximum 2; taken as 1 (scale 0, 1, 2).",
    "Points printed as '11', above the criterion maximum of 2; read as 1 (scale 0-1-2).":
        "Printed as 11 points, more than the maximum 2; taken as 1 (scale 0, 1, 2).",
    "Appearance of the (herbal) tea.":
        "How the tea looks.",
    "Printed clause is garbled ('hoặc giấy phép sản xuất theo quy định', the word 'không có' is missing); read as 'no production licence', as on sheet 15.":
        "The printed clause lacks its negation; taken as 'no production licence', the wording of sheet 15.",
    "Judged by direct use, or official literature, research results and user evidence.":
        "Assessed by trying the product or from literature, research and user evidence.",
    "Records of periodic testing of safety indicators.":
        "Evidence: periodic test records of the safety indicators.",
    "option 1: Option text is printed as the trademark-application wording of 3.5 (apparent copy error); on the other sheets this 1-point option is 'complete, compliant label'. Label paraphrases the printed text; points and *** kept as printed.":
        "Option 0 repeats the trademark wording of 3.5, apparently by mistake; elsewhere it is the compliant-label option. Text, points and 3-star mark kept as printed.",
    "Option text is printed as the trademark-application wording of 3.5 (apparent copy error); on the other sheets this 1-point option is 'complete, compliant label'. Label paraphrases the printed text; points and *** kept as printed.":
        "Repeats the trademark wording of 3.5, apparently by mistake; elsewhere this is the compliant-label option. Kept as printed.",
    "Checked against the declared product standard.":
        "Compared with the declared standard.",
    "Based on research and testing records.":
        "Evidence: research and test records.",
    "E.g. harmonious form and patterns, even and attractive colours, sound balanced structure, fitting size and proportions.":
        "Looks at form, pattern, colour, structure and proportions.",
    "Use value, e.g. decorative pictures, cosmetic pouches, bracelets.":
        "Practical use, for example wall pictures, pouches, bracelets.",
    "option 2: Printed 1, equal to the option above ('acceptable'); kept as printed. A 0 for the first option or a 2 here may be intended.":
        "Option 1 is printed as 1 point like option 0; kept as printed, though 0 for option 0 or 2 here may be meant.",
    "Printed 1, equal to the option above ('acceptable'); kept as printed. A 0 for the first option or a 2 here may be intended.":
        "Printed as 1 point like the option before; kept as printed, though 0 before or 2 here may be meant.",
    "Criterion maximum printed as '4' and '1' on two lines of one cell; read as 4, which equals the best option (4) and makes Part C sum to 35.":
        "The maximum cell shows both 4 and 1; 4 is taken, matching the best option and a Part C total of 35.",
    "No sheet-level elimination condition is printed on this sheet.":
        "This sheet lists no elimination conditions.",
    "The star-mark footnote is not printed under this sheet; the legend of the other sheets is assumed.":
        "This sheet lacks the star-mark footnote; the marks are read as on the other sheets.",
    "Part A heading reads '(35 Điểm)' but the points column shows 40 and the sections sum to 14 + 12 + 14 = 40; 40 used.":
        "The Part A heading says 35 points, but its column and its sections (14 + 12 + 14) give 40; 40 is used.",
    "Score only one of the two cases below, whichever applies. Case b is labelled 'tourism service site' here but 'service provided by an organisation or individual' in criteria 9 and 15.":
        "Use the options of the one case that fits. Case b is named differently here than in criteria 9 and 15.",
    "Score only one of the two cases below, whichever applies.":
        "Use the options of the one case that fits.",
}


def rewrite_note(text: str, where: str) -> str:
    try:
        return NOTE_REWRITES[text]
    except KeyError:
        raise ConversionError(f"{where}: note has no project wording: {text!r}") from None


# --------------------------------------------------------------------------- YAML output


class _Flow(dict):
    """A mapping written on one line (used for options, cases and bands)."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # Quote strings that look like numbers or codes ("6", "1.1") so they stay strings.
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')


_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(str, _represent_str)


def _plain_keys(node: yaml.Node) -> None:
    """Write mapping keys unquoted; values keep their double quotes."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                key.style = None
            _plain_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _plain_keys(item)


def dump_yaml(data: Any, header: str) -> str:
    stream = io.StringIO()
    dumper = _Dumper(stream, sort_keys=False, allow_unicode=True, width=1000, indent=2)
    try:
        dumper.open()
        node = dumper.represent_data(data)
        _plain_keys(node)
        dumper.serialize(node)
        dumper.close()
    finally:
        dumper.dispose()
    return header + stream.getvalue()


# --------------------------------------------------------------------------- helpers


def _check_keys(obj: dict, allowed: set[str], where: str) -> None:
    unknown = set(obj) - allowed
    if unknown:
        raise ConversionError(f"{where}: unknown keys {sorted(unknown)}")


def _verification(src: dict, dst: dict, where: str) -> None:
    """Copy ``verified: false`` and the (reworded) note; ``verified`` defaults to true."""
    if src.get("verified") is False:
        dst["verified"] = False
    if src.get("note"):
        dst["note"] = rewrite_note(src["note"], where)


def _ministry_en(vi: str | None) -> str | None:
    if vi is None:
        return None
    try:
        return "; ".join(MINISTRIES_EN[part.strip()] for part in vi.split(";"))
    except KeyError as exc:
        raise ConversionError(f"no English name for ministry {exc}") from exc


def _parse_applies_if(text: str, where: str) -> dict:
    match = APPLIES_IF_RE.match(text)
    if not match:
        raise ConversionError(f"{where}: cannot parse applies_if {text!r}")
    return {
        "criterion": match["criterion"],
        "op": match["op"],
        "value": int(match["value"]),
    }


def _parse_scope(text: str, where: str) -> tuple[str, list[str]]:
    if text == "whole dossier":
        return "dossier", []
    match = SCOPE_CRITERIA_RE.match(text)
    if not match:
        raise ConversionError(f"{where}: cannot parse scope {text!r}")
    return "criteria", match["codes"].split(", ")


# --------------------------------------------------------------------------- sheets

SHEET_KEYS = {
    "criteria_set_id", "criteria_set_title_vi", "issued", "annex", "source", "verified",
    "product_set", "product_code_format", "disqualifiers", "star_marker_legend",
    "star_marker_legend_printed", "star_marker_legend_note", "star_thresholds",
    "star_thresholds_basis", "implicit_zero_policy", "parts", "disqualifiers_note",
}
PART_KEYS = {"code", "title_vi", "title_en", "max_points", "sections", "verified", "note"}
SECTION_KEYS = PART_KEYS - {"sections"} | {"criteria", "groups"}
CRITERION_KEYS = {
    "code", "title_vi", "title_en", "max_points", "options", "implicit_zero", "applies_if",
    "stop_rule", "disqualifier", "note", "verified", "cases", "group",
}
OPTION_KEYS = {"label_vi", "label_en", "points", "star_marker", "verified", "note", "case"}
DISQUALIFIER_KEYS = {"code", "scope", "kind", "label_vi", "label_en", "verified", "note"}


def convert_option(src: dict, where: str) -> _Flow:
    _check_keys(src, OPTION_KEYS, where)
    out = _Flow(label_vi=src["label_vi"], label_en=src["label_en"], points=src["points"])
    if "star_marker" in src:
        out["min_stars"] = src["star_marker"]
    if "case" in src:
        out["case"] = src["case"]
    _verification(src, out, where)
    return out


def convert_criterion(src: dict, where: str, subsections: dict[str, dict]) -> dict:
    where = f"{where} criterion {src.get('code')}"
    _check_keys(src, CRITERION_KEYS, where)
    options = [
        convert_option(opt, f"{where} option {i + 1}") for i, opt in enumerate(src["options"])
    ]
    has_zero_option = any(opt["points"] == 0 for opt in options)
    implicit_zero = bool(src.get("implicit_zero"))
    out: dict[str, Any] = {"code": src["code"]}
    if "group" in src:
        code = src["group"].split(" ", 1)[0]
        if code not in subsections:
            raise ConversionError(f"{where}: group {src['group']!r} is not declared")
        out["subsection"] = code
    out["title_vi"] = src["title_vi"]
    out["title_en"] = src["title_en"]
    out["max_points"] = src["max_points"]
    out["allows_none"] = has_zero_option or implicit_zero
    if implicit_zero and not has_zero_option:
        out["allows_none_inferred"] = True
    if "applies_if" in src:
        out["applies_if"] = _Flow(_parse_applies_if(src["applies_if"], where))
    if "disqualifier" in src:
        out["disqualifier"] = src["disqualifier"]
    if "stop_rule" in src:
        out["stop_rule"] = src["stop_rule"]
    _verification(src, out, where)
    if "cases" in src:
        out["cases"] = [
            _Flow(code=c["code"], label_vi=c["label_vi"], label_en=c["label_en"])
            for c in src["cases"]
        ]
    out["options"] = options
    return out


def convert_section(src: dict, where: str) -> dict:
    where = f"{where} section {src.get('code')}"
    _check_keys(src, SECTION_KEYS, where)
    subsections = {g["code"]: g for g in src.get("groups", [])}
    out: dict[str, Any] = {
        "code": src["code"],
        "title_vi": src["title_vi"],
        "title_en": src["title_en"],
        "max_points": src["max_points"],
    }
    _verification(src, out, where)
    if subsections:
        out["subsections"] = [
            _Flow(code=g["code"], title_vi=g["title_vi"], title_en=g["title_en"],
                  max_points=g["max_points"])
            for g in src["groups"]
        ]
    out["criteria"] = [convert_criterion(c, where, subsections) for c in src["criteria"]]
    return out


def convert_part(src: dict, where: str) -> dict:
    where = f"{where} part {src.get('code')}"
    _check_keys(src, PART_KEYS, where)
    out: dict[str, Any] = {
        "code": src["code"],
        "title_vi": src["title_vi"],
        "title_en": src["title_en"],
        "max_points": src["max_points"],
    }
    _verification(src, out, where)
    out["sections"] = [convert_section(s, where) for s in src["sections"]]
    return out


def convert_bands(thresholds: list[dict]) -> list[_Flow]:
    bands = []
    for t in sorted(thresholds, key=lambda t: -t["stars"]):
        top = t.get("max_inclusive")
        bands.append(_Flow(stars=t["stars"], min=t["min_inclusive"],
                           max=top if top is not None else t["max_exclusive"]))
    return bands


def convert_sheet(src_doc: dict, where: str) -> dict:
    src = src_doc["score_sheet"]
    _check_keys(src, SHEET_KEYS, where)
    if src["criteria_set_id"] != CRITERIA_SET_ID:
        raise ConversionError(f"{where}: unexpected criteria set {src['criteria_set_id']}")
    ps = src["product_set"]
    disqualifiers, stop_rules = [], []
    for i, dq in enumerate(src["disqualifiers"]):
        dq_where = f"{where} disqualifier {dq.get('code', i + 1)}"
        _check_keys(dq, DISQUALIFIER_KEYS, dq_where)
        scope, criteria = _parse_scope(dq["scope"], dq_where)
        item: dict[str, Any] = {"code": dq["code"]}
        if dq["kind"] != "stop":
            item["kind"] = dq["kind"]
        item["scope"] = scope
        if criteria:
            item["criteria"] = criteria
        item["label_vi"] = dq["label_vi"]
        item["label_en"] = dq["label_en"]
        _verification(dq, item, dq_where)
        (stop_rules if dq["kind"] == "stop" else disqualifiers).append(item)

    out: dict[str, Any] = {
        "schema": SHEET_SCHEMA,
        "criteria_set": CRITERIA_SET_ID,
        "product_set": ps["number"],
        "slug": ps["slug"],
        "name_vi": ps["name_vi"],
        "name_en": ps["name_en"],
        "group": ps["annex_i_ref"],
        "lead_ministry_vi": ps["lead_ministry_vi"],
        "lead_ministry_en": _ministry_en(ps["lead_ministry_vi"]),
        "source": {"document": f"Decision 26/2026/QĐ-TTg, Annex II, sheet {ps['number']}",
                   "transcript": src["source"]["transcript"]},
        "total_max_points": 100,
        "bands": convert_bands(src["star_thresholds"]),
        "star_marks_printed": bool(src["star_marker_legend_printed"]),
    }
    if "star_marker_legend_note" in src:
        out["star_marks_note"] = rewrite_note(src["star_marker_legend_note"], where)
    out["disqualifiers"] = disqualifiers
    out["stop_rules"] = stop_rules
    if "disqualifiers_note" in src:
        out["disqualifiers_note"] = rewrite_note(src["disqualifiers_note"], where)
    out["parts"] = [convert_part(p, where) for p in src["parts"]]
    return out


def sheet_header(sheet: dict) -> str:
    unverified = []
    for part in sheet["parts"]:
        if part.get("verified") is False:
            unverified.append(f"part {part['code']}")
        for section in part["sections"]:
            if section.get("verified") is False:
                unverified.append(f"section {section['code']}")
            for crit in section["criteria"]:
                if crit.get("verified") is False:
                    unverified.append(f"criterion {crit['code']}")
    for dq in sheet["disqualifiers"] + sheet["stop_rules"]:
        if dq.get("verified") is False:
            unverified.append(dq["code"])
    lines = [
        f"# OCOP score sheet {sheet['product_set']:02d}: {sheet['name_vi']} ({sheet['name_en']})",
        f"# Criteria set {CRITERIA_SET_ID}. Generated by tools/convert_reference_criteria.py;",
        "# do not edit by hand, change the converter or its input and regenerate.",
        "# Labels are condensed paraphrases, not the legal wording; points, maxima and",
        "# star minimums (min_stars) follow the printed sheet.",
        "# Readings marked verified: false: " + (", ".join(unverified) or "none") + ".",
        "",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- criteria set

CRITERIA_SET_HEADER = """\
# OCOP criteria set of Decision 26/2026/QD-TTg (issued and effective 2026-05-22).
# Generated by tools/convert_reference_criteria.py from the reference catalogue;
# do not edit by hand. Bands are half-open: min inclusive, max exclusive, except
# the top band, whose max (the total of the sheet) is inclusive.

"""


def _flatten_groups(nodes: list[dict], parent: str | None, names_en: dict[int, str],
                    out: list[dict]) -> None:
    for node in nodes:
        code = node["ref"]
        product_set = node.get("product_set")
        if product_set is not None:
            name_en = names_en[product_set]
        elif code in GROUP_NAMES_EN:
            name_en = GROUP_NAMES_EN[code]
        else:
            raise ConversionError(f"catalogue group {code}: no English gloss")
        item: dict[str, Any] = {
            "code": code,
            "parent": parent,
            "name_vi": node["name_vi"],
            "name_en": name_en,
            "lead_ministry_vi": node.get("lead_ministry_vi"),
            "lead_ministry_en": _ministry_en(node.get("lead_ministry_vi")),
            "product_set": product_set,
        }
        out.append(item)
        children = node.get("groups", []) + node.get("sub_groups", [])
        _flatten_groups(children, code, names_en, out)


def convert_catalogue(doc: dict, sheet_files: dict[int, str]) -> dict:
    cat = doc["catalogue"]
    if cat["criteria_set_id"] != CRITERIA_SET_ID:
        raise ConversionError("catalogue: unexpected criteria set id")
    names_en = {ps["number"]: ps["name_en"] for ps in cat["product_sets"]}
    groups: list[dict] = []
    _flatten_groups(cat["classification_annex_i"], None, names_en, groups)
    product_sets = []
    for ps in cat["product_sets"]:
        product_sets.append({
            "number": ps["number"],
            "slug": ps["slug"],
            "name_vi": ps["name_vi"],
            "name_en": ps["name_en"],
            "group": ps["annex_i_ref"],
            "lead_ministry_vi": ps["lead_ministry_vi"],
            "lead_ministry_en": _ministry_en(ps["lead_ministry_vi"]),
            "sheet": sheet_files[ps["number"]],
        })
    return {
        "schema": SET_SCHEMA,
        "id": CRITERIA_SET_ID,
        "decision_vi": "Quyết định số 26/2026/QĐ-TTg",
        "title_vi": cat["criteria_set_title_vi"],
        "title_en": "Criteria and procedure for evaluating and star-ranking "
                    "One Commune One Product (OCOP) products",
        "issued": cat["issued"],
        "effective_from": cat["issued"],
        "effective_to": None,
        "has_sheets": True,
        "source": {
            "document": "Decision 26/2026/QĐ-TTg: Art. 3, Annex I, Annex II",
            "transcript": cat["source"]["transcript"],
        },
        "total_max_points": cat["total_max_points"],
        "parts": [
            {"code": p["code"], "title_vi": p["title_vi"], "title_en": p["title_en"],
             "max_points": p["max_points"]}
            for p in cat["parts_frame"]
        ],
        "bands": convert_bands(cat["star_thresholds"]),
        "star_marks": {
            "used": True,
            "verified": True,
            "note": "Options marked for 3, 4 or 5 stars are the minimum a product must "
                    "reach on that criterion for that star level (sheet footnote).",
        },
        "recognised_min_stars": 3,
        "classification": groups,
        "product_sets": product_sets,
    }


# --------------------------------------------------------------------------- main


def _load(path: Path) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506


def convert(reference: Path, out_dir: Path) -> list[Path]:
    catalogue = _load((reference / "catalogue.yaml"))
    sheets_dir = out_dir / "sheets"
    sheets_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    sheet_files: dict[int, str] = {}
    for ps in catalogue["catalogue"]["product_sets"]:
        src_path = reference / ps["file"]
        doc = _load(src_path)
        where = f"set-{ps['number']:02d}"
        sheet = convert_sheet(doc, where)
        if sheet["product_set"] != ps["number"] or sheet["slug"] != ps["slug"]:
            raise ConversionError(f"{where}: file does not match the catalogue entry")
        name = f"set-{ps['number']:02d}-{ps['slug']}.yaml"
        path = sheets_dir / name
        path.write_text(dump_yaml(sheet, sheet_header(sheet)), encoding="utf-8")
        sheet_files[ps["number"]] = name
        written.append(path)
    criteria_set = convert_catalogue(catalogue, sheet_files)
    set_path = out_dir / "criteria-set.yaml"
    set_path.write_text(dump_yaml(criteria_set, CRITERIA_SET_HEADER), encoding="utf-8")
    written.append(set_path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", nargs="?", type=Path, default=DEFAULT_REFERENCE,
                        help="directory with catalogue.yaml and set-NN-*.yaml")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="output directory of the criteria set")
    args = parser.parse_args(argv)
    try:
        written = convert(args.reference, args.out)
    except (ConversionError, OSError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    # Load everything back through the runtime validator.
    sys.path.insert(0, str(REPO_ROOT))
    from ocop.criteria.sheet import SheetError, load_criteria_set_dir

    try:
        criteria_set = load_criteria_set_dir(args.out)
    except SheetError as exc:
        print(f"error: converted data does not validate: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} files; {criteria_set.id} loads with "
          f"{len(criteria_set.sheets)} sheets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
