"""Writes to the administrative-unit tables."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from ocop.core.audit import audit_log
from ocop.core.text import vi_display
from ocop.core.versions import version_bump
from ocop.geo.models import AdminUnit, Era, Level, UnitAlias, UnitSnapshot, UnitSuccession
from ocop.geo.names import compact_key, name_key

REORGANISATION_DAY = datetime.date(2025, 7, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)

_PREFIX_BY_TYPE = {
    "tinh": "Tỉnh",
    "thanh_pho_tw": "Thành phố",
    "huyen": "Huyện",
    "quan": "Quận",
    "thi_xa": "Thị xã",
    "thanh_pho": "Thành phố",
    "xa": "Xã",
    "phuong": "Phường",
    "thi_tran": "Thị trấn",
    "dac_khu": "Đặc khu",
}


def full_name(unit_type: str, name: str) -> str:
    """``("huyen", "Lạc Sơn")`` -> ``"Huyện Lạc Sơn"``."""
    return f"{_PREFIX_BY_TYPE.get(unit_type, '')} {name}".strip()


def unit_path(era: str, parent: AdminUnit | None, code: str) -> str:
    base = parent.path if parent is not None else f"/{era}/"
    return f"{base}{code}/"


@transaction.atomic
def unit_add(
    *,
    era: str,
    level: str,
    code: str,
    name: str,
    unit_type: str,
    parent: AdminUnit | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    current: AdminUnit | None = None,
    latitude=None,
    longitude=None,
) -> AdminUnit:
    """Create a unit with its path. ``current`` is the new-structure unit covering it today."""
    if era == Era.OLD and valid_to is None:
        valid_to = LAST_OLD_DAY
    if era == Era.NEW and valid_from is None:
        valid_from = REORGANISATION_DAY
    path = unit_path(era, parent, code)
    unit = AdminUnit.objects.create(
        key=f"{era}:{level[0]}:{code}",
        era=era,
        level=level,
        code=code,
        name=vi_display(name),
        unit_type=unit_type,
        full_name=full_name(unit_type, vi_display(name)),
        name_folded=name_key(name),
        parent=parent,
        path=path,
        current_path=current.path if current is not None else (path if era == Era.NEW else ""),
        valid_from=valid_from,
        valid_to=valid_to,
        latitude=latitude,
        longitude=longitude,
    )
    if current is not None and era == Era.OLD:
        UnitSuccession.objects.create(
            predecessor=unit,
            successor=current,
            effective_on=REORGANISATION_DAY,
            kind=UnitSuccession.Kind.ABOLISHED
            if level == Level.DISTRICT
            else UnitSuccession.Kind.MERGED,
        )
    return unit


# --- the shipped snapshot ------------------------------------------------------------------------

SNAPSHOT_FILE = Path(__file__).resolve().parent / "data" / "units.json.gz"
_BATCH = 1000
_LEVEL_LETTER = {Level.PROVINCE: "p", Level.DISTRICT: "d", Level.COMMUNE: "c"}
UNIT_FIELDS = [
    "era",
    "level",
    "code",
    "name",
    "unit_type",
    "full_name",
    "name_folded",
    "parent_id",
    "path",
    "current_path",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
]


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    successions_created: int
    successions_updated: int
    aliases_created: int
    counts: dict

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.successions_created
            or self.successions_updated
            or self.aliases_created
        )

    def summary(self) -> str:
        c = self.counts
        return (
            f"units: {c.get('old_province', 0)} old provinces, {c.get('old_district', 0)} "
            f"districts, {c.get('old_commune', 0)} old communes; {c.get('new_province', 0)} new "
            f"provinces, {c.get('new_commune', 0)} new communes; {self.created} created, "
            f"{self.updated} updated; successions {self.successions_created} created, "
            f"{self.successions_updated} updated; {self.aliases_created} former names added"
        )


def unit_key(era: str, level: str, code: str) -> str:
    return f"{era}:{_LEVEL_LETTER[level]}:{code}"


def read_snapshot(path: Path | None = None) -> tuple[dict, str]:
    """The snapshot as a dict, and the SHA-256 of its file."""
    raw = Path(path or SNAPSHOT_FILE).read_bytes()
    return json.loads(gzip.decompress(raw)), hashlib.sha256(raw).hexdigest()


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


@transaction.atomic
def geo_load_snapshot(*, actor=None, path: Path | None = None) -> LoadResult:
    """Load (or bring up to date) every unit, succession and former name of the snapshot.

    Idempotent: units are matched on ``key``, successions on (predecessor, successor) and former
    names on (unit, name); rows already equal to the snapshot are left alone, so a second run
    writes nothing.
    """
    data, digest = read_snapshot(path)
    old_to = datetime.date.fromisoformat(data["valid_to_old"])
    new_from = datetime.date.fromisoformat(data["valid_from_new"])
    rows = [dict(zip(data["columns"]["units"], u, strict=True)) for u in data["units"]]
    for row in rows:  # one accent placement for display: "Hoà Bình" -> "Hòa Bình"
        row["name"] = vi_display(row["name"])
    links = [dict(zip(data["columns"]["successions"], s, strict=True)) for s in data["successions"]]

    ids, created, updated = _load_units(rows, links, old_to=old_to, new_from=new_from)
    links_created, links_updated = _load_successions(links, ids, new_from=new_from)
    aliases_created = _load_aliases(data.get("aliases", []), ids)

    result = LoadResult(
        created=created,
        updated=updated,
        successions_created=links_created,
        successions_updated=links_updated,
        aliases_created=aliases_created,
        counts=data["counts"],
    )
    snapshot, fresh = UnitSnapshot.objects.get_or_create(
        digest=digest, defaults={"sources": data["sources"], "counts": data["counts"]}
    )
    if fresh or result.changed:
        version_bump()  # units are written in bulk, past the model signals
        audit_log(
            actor=actor,
            action="geo.snapshot.loaded",
            obj=snapshot,
            new={
                "sources": data["sources"],
                "created": created,
                "updated": updated,
                "successions_created": links_created,
                "successions_updated": links_updated,
                "aliases_created": aliases_created,
            },
        )
    return result


def geo_load_if_needed(*, actor=None, path: Path | None = None) -> LoadResult | None:
    """Load the snapshot unless this very file was loaded already (then ``None``): run after
    every ``migrate``, it costs one hash and one query on a database already up to date."""
    digest = hashlib.sha256(Path(path or SNAPSHOT_FILE).read_bytes()).hexdigest()
    if UnitSnapshot.objects.filter(digest=digest).exists() and AdminUnit.objects.exists():
        return None
    return geo_load_snapshot(actor=actor, path=path)


# parents before children; the new tree first, so that old units can take their successor's path
_LOAD_ORDER = [
    (Era.NEW, Level.PROVINCE, None),
    (Era.NEW, Level.COMMUNE, Level.PROVINCE),
    (Era.OLD, Level.PROVINCE, None),
    (Era.OLD, Level.DISTRICT, Level.PROVINCE),
    (Era.OLD, Level.COMMUNE, Level.DISTRICT),
]


def _load_units(rows, links, *, old_to, new_from) -> tuple[dict[str, int], int, int]:
    """Create or update units level by level; returns ids by key and the counts written."""
    primary_of = {s["predecessor"]: s["successor"] for s in links if s["is_primary"]}
    existing = {u["key"]: u for u in AdminUnit.objects.values("id", "key", *UNIT_FIELDS).iterator()}
    paths: dict[str, str] = {}
    created = updated = 0
    for era, level, parent_level in _LOAD_ORDER:
        to_create: list[AdminUnit] = []
        to_update: list[AdminUnit] = []
        for row in rows:
            if row["era"] != era or row["level"] != level:
                continue
            key = unit_key(era, level, row["code"])
            parent_key = unit_key(era, parent_level, row["parent_code"]) if parent_level else None
            own_path = f"{paths[parent_key] if parent_key else f'/{era}/'}{row['code']}/"
            paths[key] = own_path
            wanted = {
                "era": era,
                "level": level,
                "code": row["code"],
                "name": row["name"],
                "unit_type": row["unit_type"],
                "full_name": full_name(row["unit_type"], row["name"]),
                "name_folded": name_key(row["name"]),
                "parent_id": existing[parent_key]["id"] if parent_key else None,
                "path": own_path,
                "current_path": own_path if era == Era.NEW else paths[primary_of[key]],
                "valid_from": new_from if era == Era.NEW else None,
                "valid_to": old_to if era == Era.OLD else None,
                "latitude": _decimal(row["lat"]),
                "longitude": _decimal(row["lon"]),
            }
            have = existing.get(key)
            if have is None:
                to_create.append(AdminUnit(key=key, **wanted))
            elif any(have[f] != wanted[f] for f in UNIT_FIELDS):
                to_update.append(AdminUnit(id=have["id"], key=key, **wanted))
        AdminUnit.objects.bulk_create(to_create, batch_size=_BATCH)
        AdminUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=_BATCH)
        created += len(to_create)
        updated += len(to_update)
        # children need their parents' ids; fetch them where the database did not return them
        missing = [u.key for u in to_create if u.pk is None]
        for start in range(0, len(missing), _BATCH):
            chunk = missing[start : start + _BATCH]
            for pk, key in AdminUnit.objects.filter(key__in=chunk).values_list("id", "key"):
                existing[key] = {"id": pk}
        for u in to_create:
            if u.pk is not None:
                existing[u.key] = {"id": u.pk}
    return {key: u["id"] for key, u in existing.items()}, created, updated


def _load_successions(links, ids: dict[str, int], *, new_from) -> tuple[int, int]:
    have = {
        (s.predecessor_id, s.successor_id): s
        for s in UnitSuccession.objects.filter(predecessor__era=Era.OLD).only(
            "id", "predecessor_id", "successor_id", "kind", "is_primary", "effective_on"
        )
    }
    to_create: list[UnitSuccession] = []
    to_update: list[UnitSuccession] = []
    for s in links:
        pair = (ids[s["predecessor"]], ids[s["successor"]])
        wanted = {"kind": s["kind"], "is_primary": s["is_primary"], "effective_on": new_from}
        current = have.get(pair)
        if current is None:
            to_create.append(UnitSuccession(predecessor_id=pair[0], successor_id=pair[1], **wanted))
        elif any(getattr(current, f) != v for f, v in wanted.items()):
            for f, v in wanted.items():
                setattr(current, f, v)
            to_update.append(current)
    UnitSuccession.objects.bulk_create(to_create, batch_size=_BATCH)
    UnitSuccession.objects.bulk_update(
        to_update, ["kind", "is_primary", "effective_on"], batch_size=_BATCH
    )
    return len(to_create), len(to_update)


def _load_aliases(aliases, ids: dict[str, int]) -> int:
    have = set(UnitAlias.objects.values_list("unit_id", "key"))
    wanted = {(ids[unit], compact_key(alias)) for unit, alias in aliases}
    to_create = [UnitAlias(unit_id=u, key=k) for u, k in sorted(wanted - have)]
    UnitAlias.objects.bulk_create(to_create, batch_size=_BATCH)
    return len(to_create)
