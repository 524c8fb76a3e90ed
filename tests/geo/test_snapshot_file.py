"""The shipped snapshot file itself: consistent without touching the database."""

from collections import Counter, defaultdict

from ocop.core.text import fold
from ocop.geo.services import read_snapshot, unit_key
from tools.build_geo_snapshot import fold as tool_fold


def _data():
    data, _ = read_snapshot()
    cols = data["columns"]
    units = [dict(zip(cols["units"], u, strict=True)) for u in data["units"]]
    links = [dict(zip(cols["successions"], s, strict=True)) for s in data["successions"]]
    return data, units, links


def test_snapshot_counts_match_both_structures():
    data, units, _ = _data()
    counts = Counter((u["era"], u["level"]) for u in units)

    assert counts[("old", "province")] == 63
    assert counts[("new", "province")] == 34
    assert counts[("old", "district")] == 696
    assert counts[("old", "commune")] == data["counts"]["old_commune"] > 10_000
    assert counts[("new", "commune")] == data["counts"]["new_commune"]
    assert not counts[("new", "district")]
    assert data["sources"][0].startswith("vietnam-provinces==0.6")


def test_every_old_unit_has_one_primary_successor_in_the_new_structure():
    _, units, links = _data()
    keys = {unit_key(u["era"], u["level"], u["code"]) for u in units}
    primary = defaultdict(int)
    for s in links:
        assert s["predecessor"] in keys and s["successor"] in keys
        assert s["predecessor"].startswith("old:") and s["successor"].startswith("new:")
        primary[s["predecessor"]] += s["is_primary"]

    old_keys = {k for k in keys if k.startswith("old:")}
    assert set(primary) == old_keys
    assert set(primary.values()) == {1}


def test_every_new_commune_continues_some_old_unit():
    _, units, links = _data()
    new_communes = {
        f"new:c:{u['code']}" for u in units if (u["era"], u["level"]) == ("new", "commune")
    }
    assert new_communes <= {s["successor"] for s in links}


def test_parents_exist_and_codes_have_the_official_width():
    _, units, _ = _data()
    by_key = {(u["era"], u["level"], u["code"]): u for u in units}
    width = {"province": 2, "district": 3, "commune": 5}
    parent_level = {
        ("old", "district"): "province",
        ("old", "commune"): "district",
        ("new", "commune"): "province",
    }
    for u in units:
        assert len(u["code"]) == width[u["level"]] and u["code"].isdigit()
        if u["level"] != "province":
            assert (u["era"], parent_level[(u["era"], u["level"])], u["parent_code"]) in by_key


def test_hoa_binh_merged_into_phu_tho_with_ten_districts():
    _, units, links = _data()
    assert {s["successor"] for s in links if s["predecessor"] == "old:p:17"} == {"new:p:25"}
    districts = [u for u in units if u["level"] == "district" and u["parent_code"] == "17"]
    assert len(districts) == 10


def test_builder_folds_names_like_the_application():
    for text in ["Hoà Bình", "Đắk Lắk", "Văn Miếu - Quốc Tử Giám", "  Bà Rịa–Vũng Tàu "]:
        assert tool_fold(text) == fold(text)
