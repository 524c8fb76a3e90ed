"""Reading criteria sets and sheets from files and directories::

<data>/<criteria-set-id>/criteria-set.yaml
<data>/<criteria-set-id>/sheets/set-NN-<slug>.yaml   (one per product set)
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from .model import CriteriaSetDoc, Sheet, SheetError
from .set_format import criteria_set_from_dict
from .sheet_format import sheet_from_dict

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The C loader is much faster where libyaml is available; both are safe loaders.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506
    except OSError as exc:
        raise SheetError(f"{path.name}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise SheetError(f"{path.name}: invalid YAML: {exc}") from exc


def load_sheet(path: str | Path, *, criteria_set: CriteriaSetDoc | None = None) -> Sheet:
    """Load and validate one sheet file."""
    path = Path(path)
    data = _read_yaml(path)
    origin = path.stem.split("-", 2)
    label = "-".join(origin[:2]) if len(origin) >= 2 and origin[0] == "set" else path.stem
    return sheet_from_dict(data, origin=label, criteria_set=criteria_set)


def read_criteria_set_dir(path: str | Path) -> tuple[CriteriaSetDoc, dict, dict[str, dict]]:
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
    return replace(cset, sheets=tuple(sheets)), raw, sheets_raw


def load_criteria_set_dir(path: str | Path) -> CriteriaSetDoc:
    """Load ``criteria-set.yaml`` of a directory and, if it has sheets, all of them."""
    return read_criteria_set_dir(path)[0]


@functools.cache
def load_criteria_set(criteria_set_id: str, *, data_dir: str | Path = DATA_DIR) -> CriteriaSetDoc:
    """Load a shipped criteria set by id, e.g. ``QD-26-2026-TTg`` (cached; immutable)."""
    path = Path(data_dir) / criteria_set_id
    if not (path / "criteria-set.yaml").is_file():
        raise SheetError(f"{criteria_set_id}: no criteria set in {Path(data_dir)}")
    return load_criteria_set_dir(path)
