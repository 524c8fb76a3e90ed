"""Build ``ocop/geo/data/units.json.gz`` from the published administrative-unit packages.

Sources (downloaded with pip, read as zip files, never imported):
- ``vietnam-provinces==0.6.0``: the three-level tree (63 provinces) before 1 July 2025;
- ``vietnam-provinces==2025.10.1``: the two-level tree (34 provinces) from 1 July 2025;
- ``vietnamadminunits==1.0.4``: the 2025 conversion table (old commune -> new commune) and
  ``dataset.db`` with geocoded centre points of old and new units;
- ``vietnam-provinces==0.2`` (the list of 2020) and ``==0.3.0`` (of 2023): former names of
  districts and communes renamed or merged before January 2025 (the 2019-2021 and 2023-2025
  rounds), as aliases of the unit that carries them on.

Usage::

    python tools/build_geo_snapshot.py            # download the wheels into a temporary folder
    python tools/build_geo_snapshot.py --wheels DIR   # use wheels already downloaded into DIR

The output is deterministic: rebuilding from the same versions gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

OLD_TREE = "vietnam-provinces==0.6.0"
NEW_TREE = "vietnam-provinces==2025.10.1"
CONVERTER = "vietnamadminunits==1.0.4"
OLDER_TREES = ["vietnam-provinces==0.2", "vietnam-provinces==0.3.0"]
OUTPUT = Path(__file__).resolve().parent.parent / "ocop" / "geo" / "data" / "units.json.gz"

# Name prefixes, longest first, and the unit type each one means at each level.
PROVINCE_PREFIXES = [("Thành phố ", "thanh_pho_tw"), ("Tỉnh ", "tinh")]
DISTRICT_PREFIXES = [
    ("Thành phố ", "thanh_pho"),
    ("Thị xã ", "thi_xa"),
    ("Quận ", "quan"),
    ("Huyện ", "huyen"),
]
COMMUNE_PREFIXES = [
    ("Thị trấn ", "thi_tran"),
    ("Phường ", "phuong"),
    ("Đặc khu ", "dac_khu"),
    ("Xã ", "xa"),
]
NEW_PROVINCE_TYPES = {"tỉnh": "tinh", "thành phố trung ương": "thanh_pho_tw"}

# Former names the packages do not carry, with the act that changed them.
FORMER_NAMES = {
    # Resolution 1314/NQ-UBTVQH15: Thừa Thiên Huế province became Huế city on 1 January 2025
    "old:p:46": ["Thừa Thiên Huế", "Tỉnh Thừa Thiên Huế"],
}


def fold(text: str) -> str:
    """Same folding as ``ocop.core.text.fold`` (kept here so the tool runs without Django)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def compact(text: str) -> str:
    """The alias form used by the conversion table: folded, without spaces ("huyenkyson")."""
    return fold(text).replace(" ", "")


def split_name(full: str, prefixes: list[tuple[str, str]]) -> tuple[str, str]:
    for prefix, unit_type in prefixes:
        if full.lower().startswith(prefix.lower()):
            return unit_type, full[len(prefix) :].strip()
    raise ValueError(f"no known prefix in {full!r}")


def download(spec: str, folder: Path) -> Path:
    name, version = spec.split("==")
    pattern = f"{name.replace('-', '_')}-{version}-*.whl"
    found = sorted(folder.glob(pattern))
    if not found:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), spec],
            check=True,
        )
        found = sorted(folder.glob(pattern))
    if not found:
        raise SystemExit(f"could not obtain {spec}")
    return found[0]


def read_json(wheel: Path, member: str):
    with zipfile.ZipFile(wheel) as zf:
        return json.loads(zf.read(member))


def read_db(wheel: Path, folder: Path) -> sqlite3.Connection:
    target = folder / "dataset.db"
    with zipfile.ZipFile(wheel) as zf:
        target.write_bytes(zf.read("vietnamadminunits/data/dataset.db"))
    conn = sqlite3.connect(target)
    conn.row_factory = sqlite3.Row
    return conn


def coord(value) -> float | None:
    return None if value is None else round(float(value), 5)


def build(folder: Path) -> dict:
    old_whl = download(OLD_TREE, folder)
    new_whl = download(NEW_TREE, folder)
    conv_whl = download(CONVERTER, folder)
    old_tree = read_json(old_whl, "vietnam_provinces/data/nested-divisions.json")
    new_tree = read_json(new_whl, "vietnam_provinces/data/nested-divisions.json")
    converter = read_json(conv_whl, "vietnamadminunits/data/converter_2025.json")
    db = read_db(conv_whl, folder)
    legacy_rows = [dict(r) for r in db.execute("SELECT * FROM admin_units_legacy")]
    new_rows = [dict(r) for r in db.execute("SELECT * FROM admin_units")]

    units: list[list] = []  # [era, level, code, name, unit_type, parent_code, lat, lon]
    notes: dict[str, int] = defaultdict(int)

    # --- coordinates (geocoded centre points) from dataset.db, by official code -------------
    old_points: dict[tuple[str, str], tuple] = {}
    for r in legacy_rows:
        old_points[("province", r["provinceCode"])] = (r["provinceLat"], r["provinceLon"])
        old_points[("district", r["districtCode"])] = (r["districtLat"], r["districtLon"])
        if r["wardCode"]:
            old_points[("commune", r["wardCode"])] = (r["wardLat"], r["wardLon"])
    new_province_points = {
        r["provinceCode"]: (r["provinceLat"], r["provinceLon"]) for r in new_rows
    }
    # new communes: the two packages number about a hundred communes differently, so match the
    # conversion table's rows to the official tree by province and folded name, not by code
    new_by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    new_by_exact_name: dict[tuple[str, str], str] = {}

    # --- old tree ------------------------------------------------------------------------------
    old_commune_codes: set[str] = set()
    old_district_province: dict[str, str] = {}
    old_province_names: dict[str, str] = {}
    for p in old_tree:
        pcode = f"{p['code']:02d}"
        ptype, pname = split_name(p["name"], PROVINCE_PREFIXES)
        old_province_names[pcode] = pname
        units.append(
            ["old", "province", pcode, pname, ptype, None, *pt(old_points, "province", pcode)]
        )
        for d in p["districts"]:
            dcode = f"{d['code']:03d}"
            dtype, dname = split_name(d["name"], DISTRICT_PREFIXES)
            old_district_province[dcode] = pcode
            units.append(
                ["old", "district", dcode, dname, dtype, pcode, *pt(old_points, "district", dcode)]
            )
            for w in d["wards"]:
                wcode = f"{w['code']:05d}"
                wtype, wname = split_name(w["name"], COMMUNE_PREFIXES)
                old_commune_codes.add(wcode)
                units.append(
                    [
                        "old",
                        "commune",
                        wcode,
                        wname,
                        wtype,
                        dcode,
                        *pt(old_points, "commune", wcode),
                    ]
                )

    # --- new tree ------------------------------------------------------------------------------
    new_province_names: dict[str, str] = {}
    for p in new_tree:
        pcode = f"{p['code']:02d}"
        ptype = NEW_PROVINCE_TYPES[p["division_type"]]
        pname = (
            split_name(p["name"], PROVINCE_PREFIXES)[1] if ptype == "thanh_pho_tw" else p["name"]
        )
        new_province_names[pcode] = pname
        lat, lon = new_province_points.get(pcode, (None, None))
        units.append(["new", "province", pcode, pname, ptype, None, coord(lat), coord(lon)])
        for w in p["wards"]:
            wcode = f"{w['code']:05d}"
            wtype, wname = split_name(w["name"], COMMUNE_PREFIXES)
            new_by_name[(pcode, fold(wname))].append(wcode)
            new_by_exact_name[(pcode, wname)] = wcode
            units.append(["new", "commune", wcode, wname, wtype, pcode, None, None])

    new_key_to_code: dict[tuple[str, str], str] = {}
    new_points: dict[str, tuple] = {}
    for r in new_rows:
        code = new_by_exact_name.get((r["provinceCode"], r["wardShort"]))
        folded = new_by_name.get((r["provinceCode"], fold(r["wardShort"])), [])
        if code is None and len(folded) == 1:
            code = folded[0]
        if code is None:
            notes["new_communes_unmatched_in_conversion_table"] += 1
            continue
        new_key_to_code[(r["provinceKey"], r["wardKey"])] = code
        new_points[code] = (r["wardLat"], r["wardLon"])
    for u in units:
        if u[0] == "new" and u[1] == "commune" and u[2] in new_points:
            u[6], u[7] = (coord(v) for v in new_points[u[2]])

    # --- successions: provinces ----------------------------------------------------------------
    successions: list[list] = []  # [predecessor key, successor key, kind, is_primary]
    legacy_province_code = {r["provinceKey"]: r["provinceCode"] for r in legacy_rows}
    new_province_code = {r["provinceKey"]: r["provinceCode"] for r in new_rows}
    old_to_new_province: dict[str, str] = {}
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        ncode = new_province_code[new_key]
        for old_key in old_keys:
            ocode = legacy_province_code[old_key]
            old_to_new_province[ocode] = ncode
            if len(old_keys) > 1:
                kind = "merged"
            elif fold(old_province_names[ocode]) == fold(new_province_names[ncode]):
                kind = "continued"
            else:
                kind = "renamed"
            successions.append([f"old:p:{ocode}", f"new:p:{ncode}", kind, True])
    # --- districts: the level was abolished; the territory is now in the new province ---------
    for dcode, pcode in sorted(old_district_province.items()):
        successions.append(
            [f"old:d:{dcode}", f"new:p:{old_to_new_province[pcode]}", "abolished", True]
        )

    # Island districts without communes became special zones (đặc khu) of the same name.
    special_zones = {(u[5], fold(u[3])): u[2] for u in units if u[0] == "new" and u[4] == "dac_khu"}
    with_communes = {u[5] for u in units if u[0] == "old" and u[1] == "commune"}
    for u in units:
        if u[0] == "old" and u[1] == "district" and u[2] not in with_communes:
            zone = special_zones.get((old_to_new_province[u[5]], fold(u[3])))
            if zone:
                successions.append([f"old:d:{u[2]}", f"new:c:{zone}", "renamed", False])

    # --- communes ------------------------------------------------------------------------------
    legacy_by_key = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}": r for r in legacy_rows
    }
    # successors of each legacy row: list of (new code, is_primary)
    row_successors: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for new_prov_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward_key, old_keys in wards.items():
            ncode = new_key_to_code.get((new_prov_key, new_ward_key))
            for old_key in old_keys:
                row = legacy_by_key[old_key]
                if ncode and row["wardCode"]:
                    row_successors[row["wardCode"]].append((ncode, True))
    for new_prov_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            row = legacy_by_key[old_key]
            for t in targets:
                ncode = new_key_to_code.get((new_prov_key, t["newWardKey"]))
                if ncode and row["wardCode"]:
                    row_successors[row["wardCode"]].append((ncode, bool(t["isDefaultNewWard"])))

    # Communes merged in the first half of 2025 are missing from the conversion table under
    # their own code; the table lists their former names as aliases of the commune they joined.
    alias_index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in legacy_rows:
        if r["wardCode"] and r["wardAlias"]:
            for alias in json.loads(r["wardAlias"]):
                alias_index[(r["districtCode"], alias)].append(r["wardCode"])

    legacy_by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in legacy_rows:
        if r["wardCode"]:
            legacy_by_name[(r["districtCode"], fold(r["ward"]))].append(r["wardCode"])

    commune_successors: dict[str, list[tuple[str, bool]]] = {}
    for u in units:
        if u[0] != "old" or u[1] != "commune":
            continue
        code = u[2]
        found = row_successors.get(code)
        if not found:
            full = next(
                w["codename"]
                for p in old_tree
                for d in p["districts"]
                if f"{d['code']:03d}" == u[5]
                for w in d["wards"]
                if f"{w['code']:05d}" == code
            )
            via = alias_index.get((u[5], full.replace("_", "")), [])
            if len(via) != 1:
                # renumbered after a merger: same name, same district, another code
                via = legacy_by_name.get((u[5], fold(full.replace("_", " "))), [])
            if len(via) == 1 and row_successors.get(via[0]):
                found = row_successors[via[0]]
                notes["old_communes_matched_through_alias_or_name"] += 1
        if not found:
            notes["old_communes_without_commune_successor"] += 1
            province = old_to_new_province[old_district_province[u[5]]]
            successions.append([f"old:c:{code}", f"new:p:{province}", "abolished", True])
            continue
        seen: dict[str, bool] = {}
        for ncode, primary in found:
            seen[ncode] = seen.get(ncode, False) or primary
        if not any(seen.values()):
            seen[sorted(seen)[0]] = True
        commune_successors[code] = sorted(seen.items())

    predecessors_of: dict[str, int] = defaultdict(int)
    for targets in commune_successors.values():
        for ncode, _ in targets:
            predecessors_of[ncode] += 1
    old_names = {u[2]: u[3] for u in units if u[0] == "old" and u[1] == "commune"}
    new_names = {u[2]: u[3] for u in units if u[0] == "new" and u[1] == "commune"}
    for code, targets in sorted(commune_successors.items()):
        for ncode, primary in targets:
            if len(targets) > 1:
                kind = "split"
            elif predecessors_of[ncode] > 1:
                kind = "merged"
            elif fold(old_names[code]) == fold(new_names[ncode]):
                kind = "continued"
            else:
                kind = "renamed"
            successions.append([f"old:c:{code}", f"new:c:{ncode}", kind, primary])

    counts: dict[str, int] = defaultdict(int)
    for u in units:
        counts[f"{u[0]}_{u[1]}"] += 1
        if u[6] is not None:
            counts[f"{u[0]}_{u[1]}_with_coordinates"] += 1
    # --- former and alternative names of old units ----------------------------------------------
    # dataset.db lists, per unit, the names of units merged into it before 2025 and other
    # spellings, as compact ASCII keys; its own later name is added when it differs.
    own = {
        unit_key_of(u): {compact(u[3]), compact(f"{u[4]} {u[3]}")} for u in units if u[0] == "old"
    }
    own_names = {unit_key_of(u): u for u in units if u[0] == "old"}
    alias_sets: dict[str, set[str]] = defaultdict(set)
    for r in legacy_rows:
        for level, name_col, alias_col, code_col in (
            ("p", "province", "provinceAlias", "provinceCode"),
            ("d", "district", "districtAlias", "districtCode"),
            ("c", "ward", "wardAlias", "wardCode"),
        ):
            key = f"old:{level}:{r[code_col]}"
            if not r[code_col] or key not in own_names:
                continue
            alias_sets[key].update(json.loads(r[alias_col] or "[]"))
            alias_sets[key].add(compact(r[name_col]))
            short = {"p": "provinceShort", "d": "districtShort", "c": "wardShort"}[level]
            alias_sets[key].add(compact(r[short]))
    for key, names in FORMER_NAMES.items():
        alias_sets[key].update(compact(n) for n in names)
    for key, names in older_names(folder, old_tree, notes).items():
        alias_sets[key].update(compact(n) for n in names)
    aliases = sorted(
        [key, alias]
        for key, found in alias_sets.items()
        for alias in found
        if alias
        and alias not in own[key]
        and alias != compact(own_names[key][3])
        and not alias_matches_type_only(alias, own_names[key])
    )

    counts["successions"] = len(successions)
    counts["aliases"] = len(aliases)
    return {
        "format": 1,
        "sources": [OLD_TREE, NEW_TREE, CONVERTER, *OLDER_TREES],
        "valid_to_old": "2025-06-30",
        "valid_from_new": "2025-07-01",
        "counts": dict(sorted(counts.items())),
        "notes": dict(sorted(notes.items())),
        "columns": {
            "units": ["era", "level", "code", "name", "unit_type", "parent_code", "lat", "lon"],
            "successions": ["predecessor", "successor", "kind", "is_primary"],
            "aliases": ["unit", "alias"],
        },
        "units": units,
        "successions": successions,
        "aliases": aliases,
    }


def older_names(folder: Path, current_tree: list, notes: dict) -> dict[str, set[str]]:
    """Names that earlier lists give to units of the current old tree, by unit key.

    A district or commune whose code is still listed but whose name (or type) differs gets its
    earlier name. A district no longer listed joined the district that now holds most of its
    communes' codes. A commune no longer listed was merged into a neighbour that the lists do not
    name: ``dataset.db``'s aliases cover most of those, the rest are counted in the notes.
    """
    districts: dict[int, str] = {}
    communes: dict[int, tuple[str, int]] = {}
    for p in current_tree:
        for d in p["districts"]:
            districts[d["code"]] = d["name"]
            for w in d["wards"]:
                communes[w["code"]] = (w["name"], d["code"])
    found: dict[str, set[str]] = defaultdict(set)
    for spec in OLDER_TREES:
        tree = read_json(download(spec, folder), "vietnam_provinces/data/nested-divisions.json")
        for p in tree:
            for d in p["districts"]:
                name = split_name(d["name"], DISTRICT_PREFIXES)[1]
                if d["code"] in districts:
                    if d["name"].lower() != districts[d["code"]].lower():
                        found[f"old:d:{d['code']:03d}"].update({d["name"], name})
                else:
                    holders = Counter(
                        communes[w["code"]][1] for w in d["wards"] if w["code"] in communes
                    )
                    if holders:
                        target = holders.most_common(1)[0][0]
                        found[f"old:d:{target:03d}"].update({d["name"], name})
                        notes[f"older_districts_merged ({spec})"] += 1
                    else:
                        notes[f"older_districts_without_successor ({spec})"] += 1
                for w in d["wards"]:
                    if w["code"] not in communes:
                        notes[f"older_communes_merged_into_an_unnamed_neighbour ({spec})"] += 1
                    elif w["name"].lower() != communes[w["code"]][0].lower():
                        short = split_name(w["name"], COMMUNE_PREFIXES)[1]
                        found[f"old:c:{w['code']:05d}"].update({w["name"], short})
    return found


def unit_key_of(u: list) -> str:
    return f"{u[0]}:{u[1][0]}:{u[2]}"


_TYPE_WORDS = {
    "tinh": "tinh",
    "thanh_pho_tw": "thanhpho",
    "thanh_pho": "thanhpho",
    "huyen": "huyen",
    "quan": "quan",
    "thi_xa": "thixa",
    "xa": "xa",
    "phuong": "phuong",
    "thi_tran": "thitran",
    "dac_khu": "dackhu",
}


def alias_matches_type_only(alias: str, unit: list) -> bool:
    """True for an alias that only spells the unit's own name with its own type word."""
    return alias == _TYPE_WORDS.get(unit[4], "") + compact(unit[3])


def pt(points: dict, level: str, code: str) -> tuple:
    lat, lon = points.get((level, code), (None, None))
    return coord(lat), coord(lon)


def write(snapshot: dict, target: Path) -> None:
    raw = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")).encode()
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buf.getvalue())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="folder holding (or receiving) the wheels")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if args.wheels:
        args.wheels.mkdir(parents=True, exist_ok=True)
        snapshot = build(args.wheels)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            snapshot = build(Path(tmp))
    write(snapshot, args.output)
    print(json.dumps({"counts": snapshot["counts"], "notes": snapshot["notes"]}, indent=1))
    print(f"wrote {args.output} ({args.output.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
