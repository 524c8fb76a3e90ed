"""Score sheets and criteria sets as validated, immutable Python objects.

A criteria set (one legal instrument, e.g. Decision 26/2026/QD-TTg) is a directory::

    <data>/<criteria-set-id>/criteria-set.yaml
    <data>/<criteria-set-id>/sheets/set-NN-<slug>.yaml   (one per product set)

The format is described in ``docs/criteria-format.md``. Loading validates every sum and
reference; any fault raises :class:`SheetError` whose message names the exact place, e.g.
``set-14 part A section 1 criterion 1.4: options max 2 != max_points 3``.

- ``model``: the dataclasses (:class:`Sheet`, :class:`CriteriaSetDoc` and their parts);
- ``reader``: typed, located access to parsed YAML and the checks both formats share (bands);
- ``sheet_format`` and ``set_format``: the two file formats, parsed and validated;
- ``files``: reading files and directories, and the shipped sets under :data:`DATA_DIR`.

No Django here: the database layer imports these objects, not the other way round.
"""

from .files import (
    DATA_DIR,
    load_criteria_set,
    load_criteria_set_dir,
    load_sheet,
    read_criteria_set_dir,
)
from .model import (
    AppliesIf,
    Case,
    CriteriaSetDoc,
    Criterion,
    Disqualifier,
    GroupEntry,
    Option,
    Part,
    PartFrame,
    ProductSetEntry,
    Section,
    Sheet,
    SheetError,
    StopRule,
    Subsection,
)
from .reader import bands_from_list
from .set_format import criteria_set_from_dict
from .sheet_format import sheet_from_dict

__all__ = [
    "DATA_DIR",
    "AppliesIf",
    "Case",
    "CriteriaSetDoc",
    "Criterion",
    "Disqualifier",
    "GroupEntry",
    "Option",
    "Part",
    "PartFrame",
    "ProductSetEntry",
    "Section",
    "Sheet",
    "SheetError",
    "StopRule",
    "Subsection",
    "bands_from_list",
    "criteria_set_from_dict",
    "load_criteria_set",
    "load_criteria_set_dir",
    "load_sheet",
    "read_criteria_set_dir",
    "sheet_from_dict",
]
