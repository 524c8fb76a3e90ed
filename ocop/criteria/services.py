"""Business actions on criteria sets (bộ tiêu chí).

``criteria_load`` reads the criteria-set directories shipped in ``ocop/criteria/data`` (or
another directory), validates them with the pure module ``ocop.criteria.sheet`` and upserts
them into the database. It runs from ``ocop criteria load`` and after every ``migrate``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from ocop.core.audit import audit_log, snapshot
from ocop.core.exceptions import DomainError
from ocop.core.text import fold
from ocop.core.versions import version_bump
from ocop.criteria import sheet as pure
from ocop.criteria.models import CriteriaSet, ProductGroup, ProductSet

SET_FILE = "criteria-set.yaml"
# Keys of criteria-set.yaml stored in their own columns or tables, not in ``meta``.
_COLUMNS = {
    "schema", "id", "title_vi", "title_en", "issued", "effective_from", "effective_to",
    "has_sheets", "parts", "bands", "classification", "product_sets",
}  # fmt: skip


@dataclass
class LoadReport:
    """What ``criteria_load`` did, per criteria set code."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass(frozen=True)
class _SetFiles:
    """One criteria-set directory read from disk: raw mappings and their hash."""

    path: Path
    digest: str
    raw: dict[str, Any]
    sheets: dict[str, Any]  # sheet file name -> raw mapping


# Parsed and validated directories by name and content hash: YAML parsing dominates the cost of a
# load, and a process (a test run, for one) may load the same files several times.
_PARSED: dict[tuple[str, str], tuple[_SetFiles, pure.CriteriaSetDoc]] = {}


def _set_dirs(path: Path) -> list[Path]:
    if (path / SET_FILE).is_file():
        return [path]
    if not path.is_dir():
        raise DomainError(_("%(path)s is not a directory.") % {"path": path}, field="path")
    found = sorted(p for p in path.iterdir() if (p / SET_FILE).is_file())
    if not found:
        raise DomainError(
            _("No criteria set was found in %(path)s.") % {"path": path}, field="path"
        )
    return found


def _digest(path: Path) -> str:
    """Hash of criteria-set.yaml and every sheet file of one directory, by name."""
    h = hashlib.sha256()
    files = [path / SET_FILE, *sorted((path / "sheets").glob("*.yaml"))]
    for file in files:
        h.update(file.relative_to(path).as_posix().encode())
        h.update(b"\0")
        h.update(file.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _parse(path: Path, digest: str) -> tuple[_SetFiles, pure.CriteriaSetDoc]:
    """Read one directory once and validate it with the pure module."""
    key = (path.name, digest)
    if key in _PARSED:
        return _PARSED[key]
    cset, raw, sheets_raw = pure.read_criteria_set_dir(path)
    parsed = (_SetFiles(path, digest, raw, sheets_raw), cset)
    _PARSED[key] = parsed
    return parsed


def _json(value: Any) -> Any:
    """The value as JSON stores it (dates as ISO strings, tuples as lists)."""
    return json.loads(json.dumps(value, default=str))


def _bands(cset: pure.CriteriaSetDoc) -> list[dict]:
    return [
        {"stars": b.stars, "min": float(b.min) if b.min % 1 else int(b.min),
         "max": float(b.max) if b.max % 1 else int(b.max), "max_inclusive": b.max_inclusive}
        for b in cset.bands
    ]  # fmt: skip


def _parts(cset: pure.CriteriaSetDoc) -> list[dict]:
    return [
        {"code": p.code, "title_vi": p.title_vi, "title_en": p.title_en,
         "max_points": int(p.max_points) if p.max_points % 1 == 0 else float(p.max_points)}
        for p in cset.parts
    ]  # fmt: skip


def _differs(obj, values: dict) -> bool:
    def raw(value):
        return value.pk if isinstance(value, models.Model) else value

    return any(
        getattr(obj, obj._meta.get_field(name).attname) != raw(value)
        for name, value in values.items()
    )


def _sync(model, existing: dict, rows: list[tuple[Any, dict]]) -> dict:
    """Create the rows missing from ``existing`` in one query; save those that changed.

    ``rows`` are (key, field values); returns key -> object. Few queries matter: this
    also runs after every ``flush`` between transactional tests.
    """
    out, new = {}, []
    for key, values in rows:
        obj = existing.get(key)
        if obj is None:
            obj = model(**values)
            new.append(obj)
        elif _differs(obj, values):
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
        out[key] = obj
    model.objects.bulk_create(new)
    return out


def _store(files: _SetFiles, cset: pure.CriteriaSetDoc, actor) -> bool:
    """Upsert one criteria set with its groups and product sets; True if it was new."""
    row = CriteriaSet.objects.filter(code=cset.id).first()
    old = snapshot(row) if row else None
    values = {
        "title_vi": cset.title_vi,
        "title_en": cset.title_en,
        "issued_on": cset.issued,
        "effective_from": cset.effective_from,
        "effective_to": cset.effective_to,
        "parts": _parts(cset),
        "bands": _bands(cset),
        "has_sheets": cset.has_sheets,
        "meta": _json({k: v for k, v in files.raw.items() if k not in _COLUMNS}),
        "data_hash": files.digest,
    }
    if row is None:
        row = CriteriaSet.objects.create(code=cset.id, **values)
    elif _differs(row, values):
        CriteriaSet.objects.filter(pk=row.pk).update(**values)
        row.refresh_from_db()

    existing = {g.code: g for g in ProductGroup.objects.filter(criteria_set=row)}
    groups: dict[str, ProductGroup] = {}
    depth: dict[str, int] = {}
    for entry in cset.classification:  # parents come before their children
        depth[entry.code] = depth[entry.parent] + 1 if entry.parent else 0
    for level in sorted(set(depth.values())):
        rows = [
            (entry.code, {
                "criteria_set": row,
                "code": entry.code,
                "name_vi": entry.name_vi,
                "name_en": entry.name_en,
                "parent": groups[entry.parent] if entry.parent else None,
                "lead_ministry_vi": entry.lead_ministry_vi or "",
                "lead_ministry_en": entry.lead_ministry_en or "",
                "name_folded": fold(entry.name_vi),
            })
            for entry in cset.classification
            if depth[entry.code] == level
        ]  # fmt: skip
        groups.update(_sync(ProductGroup, existing, rows))
    existing = {p.number: p for p in ProductSet.objects.filter(criteria_set=row)}
    rows = [
        (entry.number, {
            "criteria_set": row,
            "number": entry.number,
            "slug": entry.slug,
            "name_vi": entry.name_vi,
            "name_en": entry.name_en,
            "group": groups[entry.group],
            "lead_ministry_vi": entry.lead_ministry_vi,
            "lead_ministry_en": entry.lead_ministry_en,
            "sheet": _json(files.sheets.get(entry.sheet)),
            "name_folded": fold(entry.name_vi),
        })
        for entry in cset.product_sets
    ]  # fmt: skip
    _sync(ProductSet, existing, rows)
    new = snapshot(row, ["code", "effective_from", "effective_to", "has_sheets", "data_hash"])
    audit_log(
        actor=actor,
        action="criteria.criteria_set.loaded" if old else "criteria.criteria_set.created",
        obj=row,
        old={k: old[k] for k in new} if old else None,
        new={
            **new,
            "groups": len(cset.classification),
            "product_sets": len(cset.product_sets),
        },
    )
    return old is None


@transaction.atomic
def criteria_load(*, actor=None, path: str | Path | None = None) -> LoadReport:
    """Load every criteria-set directory under ``path`` (default: the shipped data).

    ``path`` may also be a single criteria-set directory. All sets are validated before
    anything is written; a fault raises :class:`DomainError` naming its place and leaves
    the database unchanged. A set whose files hash the same as the stored ``data_hash`` is
    not written again. Product sets and groups are updated in place (evaluations refer to
    them); entries removed from the data are kept.
    """
    root = Path(path) if path is not None else pure.DATA_DIR
    report = LoadReport()
    parsed = []
    try:
        for directory in _set_dirs(root):
            digest = _digest(directory)
            stored = CriteriaSet.objects.filter(code=directory.name).values_list(
                "data_hash", flat=True
            )
            if list(stored) == [digest]:
                report.unchanged.append(directory.name)
                continue
            parsed.append(_parse(directory, digest))
    except (pure.SheetError, OSError) as exc:
        raise DomainError(
            _("The criteria data was not loaded: %(error)s") % {"error": exc}, field="path"
        ) from exc
    for files, cset in parsed:
        if cset.id != files.path.name:
            raise DomainError(
                _(
                    "The criteria set in %(dir)s has the id %(code)s; the directory must be named after it."
                )
                % {"dir": files.path.name, "code": cset.id},
                field="path",
            )
    if parsed:
        version_bump()  # product sets are written in bulk, past the model signals
    for files, cset in parsed:
        created = _store(files, cset, actor)
        (report.created if created else report.updated).append(cset.id)
    return report
