import gzip
import json

import pytest

COLUMNS = {
    "units": ["era", "level", "code", "name", "unit_type", "parent_code", "lat", "lon"],
    "successions": ["predecessor", "successor", "kind", "is_primary"],
    "aliases": ["unit", "alias"],
}


def tiny_snapshot() -> dict:
    """Old Hòa Bình (a city and a rural district, four communes) and old Phú Thọ (one district,
    one commune) merged into new Phú Thọ; one old commune split in two."""
    units = [
        ["old", "province", "17", "Hoà Bình", "tinh", None, 20.68613, 105.31312],
        ["old", "district", "148", "Hòa Bình", "thanh_pho", "17", None, None],
        ["old", "district", "157", "Lạc Sơn", "huyen", "17", None, None],
        ["old", "commune", "04825", "Hòa Bình", "xa", "148", 20.8, 105.3],
        ["old", "commune", "04828", "Thống Nhất", "phuong", "148", None, None],
        ["old", "commune", "05116", "Vụ Bản", "thi_tran", "157", None, None],
        ["old", "commune", "05117", "Quý Hòa", "xa", "157", None, None],
        ["old", "province", "25", "Phú Thọ", "tinh", None, None, None],
        ["old", "district", "227", "Việt Trì", "thanh_pho", "25", None, None],
        ["old", "commune", "07900", "Gia Cẩm", "phuong", "227", None, None],
        ["new", "province", "25", "Phú Thọ", "tinh", None, 20.7065, 105.333],
        ["new", "commune", "04792", "Hòa Bình", "phuong", "25", None, None],
        ["new", "commune", "05116", "Lạc Sơn", "xa", "25", None, None],
        ["new", "commune", "05130", "Quyết Thắng", "xa", "25", None, None],
        ["new", "commune", "07900", "Việt Trì", "phuong", "25", None, None],
    ]
    successions = [
        ["old:p:17", "new:p:25", "merged", True],
        ["old:p:25", "new:p:25", "merged", True],
        ["old:d:148", "new:p:25", "abolished", True],
        ["old:d:157", "new:p:25", "abolished", True],
        ["old:d:227", "new:p:25", "abolished", True],
        ["old:c:04825", "new:c:04792", "merged", True],
        ["old:c:04828", "new:c:04792", "merged", True],
        ["old:c:05116", "new:c:05116", "renamed", True],
        ["old:c:05117", "new:c:05116", "split", False],
        ["old:c:05117", "new:c:05130", "split", True],
        ["old:c:07900", "new:c:07900", "renamed", True],
    ]
    return {
        "format": 1,
        "sources": ["tiny-test-tree"],
        "valid_to_old": "2025-06-30",
        "valid_from_new": "2025-07-01",
        "counts": {"old_province": 2, "old_district": 3, "old_commune": 5, "new_province": 1},
        "notes": {},
        "columns": COLUMNS,
        "units": units,
        "successions": successions,
        # huyện Kỳ Sơn joined the city of Hòa Bình; Vụ Bản township was once spelled apart
        "aliases": [["old:d:148", "huyenkyson"], ["old:d:148", "kyson"], ["old:c:05116", "vuban"]],
    }


def write_snapshot(path, data) -> None:
    path.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False).encode(), mtime=0))


@pytest.fixture
def tiny_snapshot_file(tmp_path):
    path = tmp_path / "units.json.gz"
    write_snapshot(path, tiny_snapshot())
    return path


@pytest.fixture
def tiny_tree(db, tiny_snapshot_file):
    """The tiny snapshot loaded into the database."""
    from ocop.geo.services import geo_load_snapshot

    geo_load_snapshot(path=tiny_snapshot_file)
    return tiny_snapshot_file
