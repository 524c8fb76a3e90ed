from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from ocop.criteria.sheet import (
    DATA_DIR,
    SheetError,
    load_criteria_set,
    load_criteria_set_dir,
    sheet_from_dict,
)

from .conftest import SET_26_DIR, raw_sheet

REPO = Path(__file__).resolve().parents[2]
# The reference material is optional; the test of the converter runs only where it exists.
REFERENCE = next(
    (base / "shared" / "reference" / "criteria-26-2026" for base in (REPO.parent, REPO.parent.parent)
     if (base / "shared" / "reference" / "criteria-26-2026").is_dir()),
    REPO / "missing-reference",
)


def criterion(data: dict, code: str) -> dict:
    for part in data["parts"]:
        for section in part["sections"]:
            for crit in section["criteria"]:
                if crit["code"] == code:
                    return crit
    raise LookupError(code)


def section(data: dict, code: str) -> dict:
    for part in data["parts"]:
        for sec in part["sections"]:
            if sec["code"] == code:
                return sec
    raise LookupError(code)


# --------------------------------------------------------------------------- shipped data


def test_all_26_sheets_ship_and_load(criteria_set_26):
    assert criteria_set_26.has_sheets
    assert [s.product_set for s in criteria_set_26.sheets] == list(range(1, 27))
    assert [p.number for p in criteria_set_26.product_sets] == list(range(1, 27))


@pytest.mark.parametrize("number", range(1, 27))
def test_every_sheet_sums_to_100_with_parts_40_25_35(criteria_set_26, number):
    sheet = criteria_set_26.sheet(number)
    parts = {p.code: p.max_points for p in sheet.parts}
    assert parts == {"A": 40, "B": 25, "C": 35}
    assert sum(c.max_points for c in sheet.criteria) == 100
    for part in sheet.parts:
        assert sum(c.max_points for c in part.criteria) == part.max_points
        for sec in part.sections:
            assert sum(c.max_points for c in sec.criteria) == sec.max_points
    for crit in sheet.criteria:
        assert max(o.points for o in crit.options) == crit.max_points
        assert all(0 <= o.points <= crit.max_points for o in crit.options)
        assert crit.allows_none or all(o.points > 0 for o in crit.options)


def test_shipped_bands_are_half_open_with_inclusive_top(criteria_set_26):
    bands = {b.stars: (b.min, b.max, b.max_inclusive) for b in criteria_set_26.bands}
    assert bands == {
        5: (90, 100, True),
        4: (70, 90, False),
        3: (50, 70, False),
        2: (30, 50, False),
        1: (0, 30, False),
    }
    for sheet in criteria_set_26.sheets:
        assert sheet.bands == criteria_set_26.bands


def test_criteria_set_26_identity_and_classification(criteria_set_26):
    cs = criteria_set_26
    assert cs.id == "QD-26-2026-TTg"
    assert cs.issued == cs.effective_from == dt.date(2026, 5, 22)
    assert cs.effective_to is None
    groups = {g.code: g for g in cs.classification}
    assert groups["I.1.a"].parent == "I.1" and groups["I.1"].parent == "I"
    assert groups["II.1.a"].product_set == 14
    assert groups["I.5.a"].product_set == 11
    assert groups["I.6"].product_set == 13  # a group with no sub-groups
    assert {g.product_set for g in cs.classification} - {None} == set(range(1, 27))
    by_number = {p.number: p for p in cs.product_sets}
    assert by_number[14].lead_ministry_vi == "Bộ Công Thương"
    assert by_number[14].lead_ministry_en == "Ministry of Industry and Trade"
    assert by_number[26].group == "VI.1"
    assert by_number[11].sheet == "set-11-che-tuoi-che-bien.yaml"


def test_frames_of_148_and_1048_have_no_sheets_and_flag_unverified_parts():
    cs148 = load_criteria_set("QD-148-2023-TTg")
    cs1048 = load_criteria_set("QD-1048-2019-TTg")
    assert not cs148.has_sheets and cs148.sheets == ()
    assert not cs1048.has_sheets and cs1048.sheets == ()
    assert {p.code: p.max_points for p in cs148.parts} == {"A": 40, "B": 25, "C": 35}
    assert {p.code: p.max_points for p in cs1048.parts} == {"A": 35, "B": 25, "C": 40}
    assert cs148.issued == dt.date(2023, 2, 24)
    assert cs148.effective_to == dt.date(2026, 7, 20)
    assert "effective_to_basis" in cs148.verified  # computed date, not printed
    assert "star_marks" in cs148.verified
    assert cs1048.issued == dt.date(2019, 8, 21)
    assert cs1048.effective_to == dt.date(2023, 2, 23)
    assert len(cs148.classification) == 6 and len(cs1048.classification) == 6
    assert [b.min for b in cs148.bands] == [b.min for b in cs1048.bands] == [90, 70, 50, 30, 0]


def test_criteria_sets_follow_each_other_without_gap():
    cs1048, cs148, cs26 = (load_criteria_set(i) for i in
                           ("QD-1048-2019-TTg", "QD-148-2023-TTg", "QD-26-2026-TTg"))
    assert cs1048.effective_to + dt.timedelta(days=1) == cs148.effective_from
    assert cs148.in_force_on(dt.date(2026, 7, 20))
    assert not cs148.in_force_on(dt.date(2026, 7, 21))
    # The 2026 set applies from its issue date; the 60-day overlap is the transition window.
    assert cs26.in_force_on(dt.date(2026, 5, 22)) and cs148.in_force_on(dt.date(2026, 5, 22))


def test_set_14_minimums_match_the_printed_star_marks(sheet14):
    expected = {
        3: {"1.1": 1, "2.2": 2, "2.3": 1, "3.5": 1, "4.1": 2, "5.3": 1, "8": 2, "9": 1},
        4: {"1.4": 2, "1.5": 1, "2.1": 4, "2.3": 3, "3.4": 2, "3.5": 2, "4.1": 3,
            "5.1": 5, "7": 3, "9": 3},
        5: {"1.4": 3, "4.1": 5, "7": 5},
    }
    got: dict[int, dict[str, int]] = {3: {}, 4: {}, 5: {}}
    for m in sheet14.minimums():
        got[m.for_stars][m.criterion] = m.required_points
    assert got == expected


def test_set_11_keeps_subsections_and_flags_the_11_point_typo(sheet11):
    sensory = sheet11.part("C").sections[0]
    assert sensory.code == "6"
    assert [(s.code, s.max_points) for s in sensory.subsections] == [("6.1", 4), ("6.2", 11)]
    assert [(c.code, c.subsection) for c in sensory.criteria] == [
        ("6.1.1", "6.1"), ("6.1.2", "6.1"), ("6.2.1", "6.2"), ("6.2.2", "6.2"), ("6.2.3", "6.2"),
    ]
    foreign = sheet11.criterion("6.1.1")
    assert not foreign.verified and foreign.note
    assert [o.points for o in foreign.options] == [0, 1, 2]
    assert not foreign.options[1].verified
    assert foreign.stop_rule == "STOP-6.1.1"
    assert [s.code for s in sheet11.stop_rules] == ["STOP-6.1.1"]
    assert sheet11.criterion("1.2").options[0].points == 0
    assert not sheet11.criterion("1.2").verified


def test_conditional_criteria_and_allows_none_are_carried(sheet14):
    story = sheet14.criterion("5.2")
    assert story.applies_if is not None
    assert (story.applies_if.criterion, story.applies_if.op, story.applies_if.value) == (
        "5.1", ">", 0)
    assert sheet14.criterion("1.2").allows_none and sheet14.criterion("1.2").allows_none_inferred
    assert sheet14.criterion("1.4").allows_none and not sheet14.criterion("1.4").allows_none_inferred
    assert not sheet14.criterion("1.1").allows_none  # disqualifier covers "none"
    assert not sheet14.criterion("3.1").allows_none
    assert sheet14.criterion("1.1").disqualifier == "DQ-1.1"
    assert {d.code for d in sheet14.disqualifiers} == {"DQ-DOSSIER", "DQ-1.1", "DQ-2.1"}


def test_tourism_sheet_carries_cases_and_unverified_part(criteria_set_26):
    sheet = criteria_set_26.sheet(26)
    assert not sheet.part("A").verified and sheet.part("A").note
    assert not sheet.star_marks_printed and sheet.star_marks_note
    with_cases = [c for c in sheet.criteria if c.cases]
    assert len(with_cases) == 3
    for crit in with_cases:
        assert {o.case for o in crit.options} == {c.code for c in crit.cases}


def test_sheet_criterion_lookup(sheet14):
    assert [c.code for c in sheet14.criteria][:3] == ["1.1", "1.2", "1.3"]
    assert sheet14.criterion("10").title_en == "Global market opportunity"
    with pytest.raises(KeyError, match="set-14: no criterion '99'"):
        sheet14.criterion("99")


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference material not available")
def test_converter_reproduces_the_shipped_files(tmp_path):
    out = tmp_path / "QD-26-2026-TTg"
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "convert_reference_criteria.py"), str(REFERENCE),
         "--out", str(out)],
        check=True, capture_output=True,
    )
    shipped = sorted(p.relative_to(SET_26_DIR) for p in SET_26_DIR.rglob("*.yaml"))
    produced = sorted(p.relative_to(out) for p in out.rglob("*.yaml"))
    assert produced == shipped
    for rel in shipped:
        assert (out / rel).read_bytes() == (SET_26_DIR / rel).read_bytes(), rel


# --------------------------------------------------------------------------- refusals


def _mutate_options_max(d):
    crit = criterion(d, "1.4")
    crit["options"].pop()  # the 3-point option


def _mutate_sections_sum(d):
    crit = criterion(d, "1.3")
    crit["max_points"] = 2
    crit["options"].pop()
    section(d, "1")["max_points"] = 16


def _mutate_criteria_sum(d):
    section(d, "2")["max_points"] = 12


def _mutate_parts_total(d):
    d["total_max_points"] = 101


def _mutate_duplicate_code(d):
    criterion(d, "1.2")["code"] = "1.1"


def _mutate_min_stars(d):
    criterion(d, "1.1")["options"][0]["min_stars"] = 6


def _mutate_points_above_max(d):
    criterion(d, "1.2")["options"][0]["points"] = 7


def _mutate_negative_points(d):
    criterion(d, "1.2")["options"][0]["points"] = -1


def _mutate_not_a_number(d):
    criterion(d, "6.3")["options"][1]["points"] = "one"


def _mutate_unknown_disqualifier(d):
    criterion(d, "1.1")["disqualifier"] = "DQ-X"


def _mutate_forward_condition(d):
    criterion(d, "5.2")["applies_if"]["criterion"] = "5.3"


def _mutate_zero_option_without_none(d):
    criterion(d, "1.4")["allows_none"] = False


def _mutate_unexplained_reading(d):
    del criterion(d, "2.4")["note"]


def _mutate_band_gap(d):
    d["bands"][1]["max"] = 89


def _mutate_no_options(d):
    criterion(d, "7")["options"] = []


def _mutate_star_order(d):
    criterion(d, "7")["options"][2]["min_stars"] = 5
    criterion(d, "7")["options"][3]["min_stars"] = 4


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_mutate_options_max,
         "set-14 part A section 1 criterion 1.4: options max 2 != max_points 3"),
        (_mutate_sections_sum, "set-14 part A: sections sum to 39, max_points 40"),
        (_mutate_criteria_sum, "set-14 part A section 2: criteria sum to 11, max_points 12"),
        (_mutate_parts_total, "set-14: parts sum to 100, max_points 101"),
        (_mutate_duplicate_code,
         "set-14 part A section 1 criterion 1.1: code already used in part A section 1"),
        (_mutate_min_stars,
         "set-14 part A section 1 criterion 1.1 option 0: min_stars 6 not in 3..5"),
        (_mutate_points_above_max,
         "set-14 part A section 1 criterion 1.2 option 0: points 7 outside 0..3"),
        (_mutate_negative_points,
         "set-14 part A section 1 criterion 1.2 option 0: points -1 outside 0..3"),
        (_mutate_not_a_number,
         "set-14 part C section 6 criterion 6.3 option 1: points must be a number"),
        (_mutate_unknown_disqualifier,
         "set-14 part A section 1 criterion 1.1: unknown disqualifier DQ-X"),
        (_mutate_forward_condition,
         "set-14 part B section 5 criterion 5.2: applies_if must refer to an earlier "
         "criterion, not 5.3"),
        (_mutate_zero_option_without_none,
         "set-14 part A section 1 criterion 1.4: an option is worth 0 but allows_none is false"),
        (_mutate_unexplained_reading,
         "set-14 part A section 2 criterion 2.4: verified is false but no note"),
        (_mutate_band_gap, "set-14 bands: band 4 ends at 89 but band 5 starts at 90"),
        (_mutate_no_options, "set-14 part C section 7 criterion 7: no options"),
        (_mutate_star_order,
         "set-14 part C section 7 criterion 7: 5-star minimum 3 is below the 4-star minimum 5"),
    ],
)
def test_loader_refuses_a_broken_sheet_naming_the_place(mutate, message):
    data = raw_sheet(14)
    sheet_from_dict(data)  # the unmodified copy loads
    mutate(data)
    with pytest.raises(SheetError) as info:
        sheet_from_dict(data)
    assert str(info.value).startswith(message), str(info.value)


def test_loader_checks_subsection_sums():
    data = raw_sheet(11)
    section(data, "6")["subsections"][0]["max_points"] = 5
    with pytest.raises(SheetError, match=r"^set-11 part C section 6 subsection 6\.1: "
                                         r"criteria sum to 4, max_points 5$"):
        sheet_from_dict(data)


def test_loader_checks_the_sheet_against_the_criteria_set_frame(criteria_set_26):
    frame_1048 = dataclasses.replace(
        criteria_set_26,
        parts=tuple(dataclasses.replace(p, max_points=Decimal(m))
                    for p, m in zip(criteria_set_26.parts, (35, 25, 40), strict=True)),
    )
    with pytest.raises(SheetError, match=r"^set-14 part A: max_points 40 != criteria set "
                                         r"frame 35$"):
        sheet_from_dict(raw_sheet(14), criteria_set=frame_1048)


def test_directory_loader_reports_the_broken_file(tmp_path):
    target = tmp_path / "QD-26-2026-TTg"
    shutil.copytree(SET_26_DIR, target)
    path = next((target / "sheets").glob("set-14-*.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    criterion(data, "1.4")["options"].pop()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SheetError, match=r"^set-14 part A section 1 criterion 1\.4: "
                                         r"options max 2 != max_points 3$"):
        load_criteria_set_dir(target)


def test_directory_loader_refuses_a_sheet_missing_from_the_catalogue(tmp_path):
    target = tmp_path / "QD-26-2026-TTg"
    shutil.copytree(SET_26_DIR, target)
    shutil.copy(next((target / "sheets").glob("set-14-*.yaml")),
                target / "sheets" / "set-99-extra.yaml")
    with pytest.raises(SheetError, match="sheets not in the catalogue"):
        load_criteria_set_dir(target)


def test_unknown_criteria_set_is_refused():
    with pytest.raises(SheetError, match="QD-0-0000: no criteria set"):
        load_criteria_set("QD-0-0000", data_dir=DATA_DIR)
