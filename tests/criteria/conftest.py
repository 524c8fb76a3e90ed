from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from ocop.criteria.sheet import DATA_DIR, Sheet, load_criteria_set

SET_26_DIR = DATA_DIR / "QD-26-2026-TTg"


def sheet_path(number: int) -> Path:
    (path,) = (SET_26_DIR / "sheets").glob(f"set-{number:02d}-*.yaml")
    return path


def raw_sheet(number: int) -> dict:
    """A fresh, mutable copy of a shipped sheet file."""
    return copy.deepcopy(yaml.safe_load(sheet_path(number).read_text(encoding="utf-8")))


def best_answers(sheet: Sheet) -> dict[str, Decimal]:
    return {c.code: c.max_points for c in sheet.criteria}


@pytest.fixture(scope="session")
def criteria_set_26():
    return load_criteria_set("QD-26-2026-TTg")


@pytest.fixture(scope="session")
def sheet14(criteria_set_26):
    return criteria_set_26.sheet(14)


@pytest.fixture(scope="session")
def sheet11(criteria_set_26):
    return criteria_set_26.sheet(11)
