"""Typed, located access to the parsed YAML, and the checks both file formats share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..stars import Band, to_decimal
from ..stars import format_points as _fmt
from .model import SheetError


class Reader:
    """Typed access to a mapping that reports faults with their location."""

    def __init__(self, data: Any, where: str):
        if not isinstance(data, Mapping):
            raise SheetError(f"{where}: expected a mapping, got {type(data).__name__}")
        self.data = data
        self.where = where

    def fail(self, message: str) -> SheetError:
        return SheetError(f"{self.where}: {message}")

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str, default: Any = ...) -> Any:
        if key not in self.data or self.data[key] is None:
            if default is ...:
                raise self.fail(f"missing {key}")
            return default
        return self.data[key]

    def str(self, key: str, default: Any = ...) -> Any:
        value = self.raw(key, default)
        if value is default and default is not ...:
            return value
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.fail(f"{key} must be a string")
        return str(value)

    def int(self, key: str, default: Any = ...) -> Any:
        value = self.raw(key, default)
        if value is default and default is not ...:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{key} must be an integer, got {value!r}")
        return value

    def bool(self, key: str, default: Any = ...) -> Any:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{key} must be true or false, got {value!r}")
        return value

    def number(self, key: str, default: Any = ...) -> Any:
        value = self.raw(key, default)
        if value is default and default is not ...:
            return value
        try:
            return to_decimal(value)
        except (TypeError, ValueError):
            raise self.fail(f"{key} must be a number, got {value!r}") from None

    def list(self, key: str, default: Any = ...) -> list:
        value = self.raw(key, default)
        if not isinstance(value, list):
            raise self.fail(f"{key} must be a list")
        return value

    def date(self, key: str, default: Any = ...) -> Any:
        value = self.raw(key, default)
        if value is default and default is not ...:
            return value
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(f"{key} must be an ISO date, got {value!r}") from None


def check_sum(where: str, children: str, total: Decimal, expected: Decimal) -> None:
    """Refuse children (parts, sections, criteria) whose points do not add up to the total."""
    if total != expected:
        raise SheetError(f"{where}: {children} sum to {_fmt(total)}, max_points {_fmt(expected)}")


def verification(r: Reader) -> tuple[bool, str]:
    """``verified`` and ``note`` of an entry; a doubtful reading must say why."""
    verified = r.bool("verified", True)
    note = r.str("note", "")
    if not verified and not note:
        raise r.fail("verified is false but no note explains the reading")
    return verified, note


def bands_from_list(items: Any, where: str, total: Decimal) -> tuple[Band, ...]:
    """Build and check star bands: contiguous from 0 to ``total``, one per star level."""
    if not isinstance(items, list) or not items:
        raise SheetError(f"{where}: bands must be a non-empty list")
    raw = []
    for i, item in enumerate(items):
        r = Reader(item, f"{where} band {i + 1}")
        raw.append((r.int("stars"), r.number("min"), r.number("max")))
    raw.sort(key=lambda b: b[1])
    stars_seen = [b[0] for b in raw]
    if len(set(stars_seen)) != len(stars_seen):
        raise SheetError(f"{where}: bands repeat a star level")
    if stars_seen != sorted(stars_seen):
        raise SheetError(f"{where}: bands must give more stars for higher totals")
    if raw[0][1] != 0:
        raise SheetError(f"{where}: lowest band starts at {_fmt(raw[0][1])}, not 0")
    for (s1, _lo1, hi1), (s2, lo2, _hi2) in zip(raw, raw[1:], strict=False):
        if hi1 != lo2:
            raise SheetError(
                f"{where}: band {s1} ends at {_fmt(hi1)} but band {s2} starts at {_fmt(lo2)}"
            )
    for stars, lo, hi in raw:
        if hi <= lo:
            raise SheetError(f"{where}: band {stars} is empty ({_fmt(lo)}..{_fmt(hi)})")
    if raw[-1][2] != total:
        raise SheetError(f"{where}: top band ends at {_fmt(raw[-1][2])}, not {_fmt(total)}")
    top = raw[-1][0]
    return tuple(
        Band(stars=stars, min=lo, max=hi, max_inclusive=(stars == top))
        for stars, lo, hi in reversed(raw)
    )
