"""Checking import files before anything is written (read: ``import_read``; write:
``import_write``; the service that runs the three: ``services``).

A file has one header row; each column is known by its English key or its Vietnamese header,
with or without diacritics and in any case. ``check_rows`` validates every row and returns
cleaned rows plus every problem found, each with its row number and column.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.core.text import fold, nfc, strip_control
from ocop.geo.services import LAST_OLD_DAY
from ocop.registry.validators import (
    is_valid_tax_code,
    normalise_registration_code,
    normalise_tax_code,
    validate_producer_code,
)
from ocop.reports.units import UnitIndex
from ocop.reports.vocabulary import (
    RECOGNISED_STARS,
    legal_form_from,
    product_group_from,
    stars_from,
)


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    aliases: tuple[str, ...] = ()


COLUMNS: dict[str, Column] = {
    c.key: c
    for c in [
        Column("province", "Tỉnh", ("tinh thanh pho", "tinh tp")),
        Column("district", "Huyện", ("quan huyen", "huyen thi xa")),
        Column("commune", "Xã", ("xa phuong", "xa phuong thi tran")),
        Column("year", "Năm"),
        Column("round", "Đợt"),
        Column("decision_no", "Số quyết định", ("so qd",)),
        Column("decision_date", "Ngày quyết định", ("ngay qd",)),
        Column("product_name", "Tên sản phẩm"),
        Column("product_group", "Nhóm sản phẩm", ("bo san pham",)),
        Column("producer_name", "Tên chủ thể"),
        Column("producer_type", "Loại hình chủ thể"),
        Column("producer_tax_code", "Mã số thuế"),
        Column("stars", "Số sao", ("hang sao",)),
        Column("score", "Điểm"),
        Column("address", "Địa chỉ"),
        Column("representative", "Người đại diện"),
        Column("phone", "Điện thoại"),
        Column("description", "Mô tả"),
    ]
}

LOCATION = ["province", "district", "commune"]
EXTRA = ("address", "representative", "phone", "description")
NO_EXTRA: Mapping = MappingProxyType({})  # shared by the rows without any of ``EXTRA``
PRODUCER = ["producer_name", "producer_type", "producer_tax_code"]

# Columns of each import kind, in template order, and those the header must contain.
LAYOUTS: dict[str, list[str]] = {
    "results": [
        *LOCATION,
        "year",
        "round",
        "decision_no",
        "decision_date",
        "product_name",
        "product_group",
        *PRODUCER,
        "stars",
        "score",
    ],
    "producers": [*LOCATION, *PRODUCER, "address", "representative", "phone"],
    "products": [*LOCATION, "product_name", "product_group", *PRODUCER, "description"],
}
REQUIRED: dict[str, list[str]] = {
    "results": ["province", "decision_no", "product_name", "stars"],
    "producers": ["province", "producer_name"],
    "products": ["province", "product_name"],
}


class Problem(dict):
    """One error or warning: ``{"row": 7, "column": "Số sao", "message": "..."}``."""

    def __init__(self, row: int | None, column: str | None, message: str):
        super().__init__(row=row, column=column or "", message=str(message))

    def __str__(self) -> str:
        if self["row"] and self["column"]:
            return _("Row %(row)s, column %(column)s: %(message)s") % self
        if self["row"]:
            return _("Row %(row)s: %(message)s") % self
        return self["message"]


@dataclass(slots=True)
class Row:
    """One checked row; slotted, as an import holds every row until it writes."""

    number: int
    province: object = None
    district: object = None
    commune: object = None
    recorded_location: str = ""
    producer_name: str = ""
    producer_folded: str = ""
    producer_tax_code: str = ""
    legal_form: str = ""
    product_name: str = ""
    product_folded: str = ""
    product_group: str = ""
    year: int | None = None
    round_label: str = ""
    decision_no: str = ""
    decided_on: datetime.date | None = None
    stars: int | None = None
    score: Decimal | None = None
    extra: Mapping = field(default_factory=lambda: NO_EXTRA)

    @property
    def origin_unit(self):
        return self.commune or self.district or self.province

    @property
    def on(self) -> datetime.date:
        """The day units are resolved at: the decision date, else 1 July of the year."""
        if self.decided_on:
            return self.decided_on
        return datetime.date(self.year, 7, 1)

    @property
    def issued_on(self) -> datetime.date:
        """The certificate's issue day: the decision date, else 31 December of the year."""
        return self.decided_on or datetime.date(self.year, 12, 31)


@dataclass
class Checked:
    rows: list[Row]
    errors: list[Problem]
    warnings: list[Problem]


# --- reading -----------------------------------------------------------------------------


def _header_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for col in COLUMNS.values():
        for name in (col.key, col.key.replace("_", " "), col.vi, *col.aliases):
            names[fold(name)] = col.key
    return names


HEADER_NAMES = _header_names()


_MESSY_SPACE = re.compile(r"\s\s|[^\S ]")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = strip_control(value).strip()
        # most cells are already clean: skip the full normalisation for them
        if unicodedata.is_normalized("NFC", text) and not _MESSY_SPACE.search(text):
            return text
        return nfc(text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return nfc(str(value))


# --- checking ----------------------------------------------------------------------------


def header_map(header: list, kind: str) -> tuple[dict[str, int], dict[str, str], list[Problem]]:
    """Column key -> index, key -> header as written, and the problems of the header row."""
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    problems: list[Problem] = []
    allowed = set(LAYOUTS[kind])
    for index, raw in enumerate(header):
        text = _cell(raw)
        if not text:
            continue
        key = HEADER_NAMES.get(fold(text))
        if key is None or key not in allowed:
            continue  # unknown columns are ignored (notes, serial numbers ...)
        if key in positions:
            problems.append(
                Problem(
                    1,
                    text,
                    _("This column appears twice (also as “%(other)s”).") % {"other": written[key]},
                )
            )
            continue
        positions[key] = index
        written[key] = text
    for key in REQUIRED[kind]:
        if key not in positions:
            problems.append(
                Problem(
                    1,
                    COLUMNS[key].vi,
                    _("The required column “%(vi)s” (%(key)s) is missing.")
                    % {"vi": COLUMNS[key].vi, "key": key},
                )
            )
    if kind == "results" and "year" not in positions and "decision_date" not in positions:
        problems.append(
            Problem(
                1,
                COLUMNS["year"].vi,
                _("The file needs a “Năm” (year) or a “Ngày quyết định” (decision date) column."),
            )
        )
    return positions, written, problems


def parse_date(text: str) -> datetime.date:
    """ISO (2021-02-28) or Vietnamese dd/mm/yyyy (28/02/2021)."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not m:
            raise ValueError
        d, mo, y = (int(g) for g in m.groups())
    return datetime.date(y, mo, d)


class _RowChecker:
    def __init__(self, kind: str, positions, written, units: UnitIndex, today):
        self.kind = kind
        self.positions = positions
        self.written = written
        self.units = units
        self.today = today
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self._places: dict[tuple, tuple] = {}
        self.missing: set[str] = set()

    def col(self, key: str) -> str:
        return self.written.get(key) or COLUMNS[key].vi

    def value(self, cells: list, key: str) -> str:
        index = self.positions.get(key)
        if index is None or index >= len(cells):
            return ""
        return _cell(cells[index])

    def error(self, row: int, key: str, message) -> None:
        if key not in self.missing:
            self.errors.append(Problem(row, self.col(key), message))

    def warn(self, row: int, key: str, message) -> None:
        self.warnings.append(Problem(row, self.col(key), message))

    def check(self, number: int, cells: list) -> Row | None:
        v = {key: self.value(cells, key) for key in self.positions}
        row = Row(number=number)
        before = len(self.errors)
        if self.kind == "results":
            self._decision(row, v)
        on = self._resolution_day(row)
        self._location(row, v, on)
        self._producer(row, v)
        if self.kind in ("results", "products"):
            row.product_name = v.get("product_name", "")
            row.product_folded = fold(row.product_name)
            if not row.product_folded:
                self.error(number, "product_name", _("The product name is required."))
            row.product_group = product_group_from(v.get("product_group", ""))
        if self.kind == "producers" and not row.producer_folded:
            self.error(number, "producer_name", _("The producer name is required."))
        extra = {k: v[k] for k in EXTRA if v.get(k)}
        row.extra = extra or NO_EXTRA
        return row if len(self.errors) == before else None

    def _resolution_day(self, row: Row) -> datetime.date | None:
        if self.kind == "results":
            return row.on if (row.decided_on or row.year) else None
        return None  # registers: today's units, else the last day of the old structure

    def _decision(self, row: Row, v: dict) -> None:
        n = row.number
        row.decision_no = v.get("decision_no", "")
        if not row.decision_no:
            self.error(n, "decision_no", _("The decision number is required."))
        row.round_label = v.get("round", "")
        raw_date = v.get("decision_date", "")
        if raw_date:
            try:
                row.decided_on = parse_date(raw_date)
            except ValueError:
                self.error(
                    n,
                    "decision_date",
                    _("“%(value)s” is not a valid date (use dd/mm/yyyy or yyyy-mm-dd).")
                    % {"value": raw_date},
                )
        raw_year = v.get("year", "")
        if raw_year:
            if raw_year.isdigit() and 2000 <= int(raw_year) <= self.today.year + 1:
                row.year = int(raw_year)
            else:
                self.error(n, "year", _("“%(value)s” is not a valid year.") % {"value": raw_year})
        elif row.decided_on:
            row.year = row.decided_on.year
        elif not raw_date:
            self.error(n, "year", _("Give the year or the decision date."))
        if row.decided_on and row.year and row.decided_on.year != row.year:
            self.warn(
                n,
                "year",
                _("The decision date %(date)s is not in the year %(year)s; the year is kept.")
                % {"date": row.decided_on.strftime("%d/%m/%Y"), "year": row.year},
            )
        raw_stars = v.get("stars", "")
        if stars_from(raw_stars) in RECOGNISED_STARS:
            row.stars = stars_from(raw_stars)
        else:
            self.error(
                n,
                "stars",
                _("Stars must be 3, 4 or 5 in a recognition list (found “%(value)s”).")
                % {"value": raw_stars},
            )
        raw_score = v.get("score", "").replace(",", ".")
        if raw_score:
            try:
                row.score = Decimal(raw_score)
            except InvalidOperation:
                row.score = None
            if row.score is None or not (0 <= row.score <= 100):
                self.error(
                    n,
                    "score",
                    _("The score must be a number from 0 to 100 (found “%(value)s”).")
                    % {"value": raw_score},
                )
                row.score = None

    def _location(self, row: Row, v: dict, on: datetime.date | None) -> None:
        texts = (v.get("province", ""), v.get("district", ""), v.get("commune", ""))
        if not texts[0]:
            self.error(row.number, "province", _("The province is required."))
            return
        if self.kind == "results" and on is None:
            return  # the date error is already reported
        key = (*texts, on)
        if key not in self._places:  # rows of one list share few places: resolve each once
            self._places[key] = self._place(*texts, on)
        row.province, row.district, row.commune, row.recorded_location, notes = self._places[key]
        for column, message, is_error in notes:
            (self.error if is_error else self.warn)(row.number, column, message)

    def _place(self, province_text, district_text, commune_text, on):
        """Province, district, commune, text kept as recorded, and notes for one place.

        A register row (no date) is placed in today's units, else in the old structure; a
        result row in the units of its day, an old name on a later day in its successor.
        """
        notes = []
        days = [on] if on else [self.today, LAST_OLD_DAY]
        found = None
        for day in days:
            found = self.units.resolve(province_text, level="province", on=day)
            if found and (on or found.successor is None):
                on = day
                break
        if found is None:
            message = _("The province “%(value)s” is not known on %(date)s.") % {
                "value": province_text,
                "date": days[0].strftime("%d/%m/%Y"),
            }
            return None, None, None, "", [("province", message, True)]
        province = found.in_force
        notes += self._former(found, "province")
        recorded, district, commune = [], None, None
        if district_text and province.era == "old":
            found = self.units.below(district_text, on=on, level="district", province=province)
            district = found.unit if found else None
            notes += self._former(found, "district")
            if district is None:
                recorded.append(district_text)
                message = _("The district “%(value)s” is not found; it is kept as recorded text.")
                notes.append(("district", message % {"value": district_text}, False))
        elif district_text:
            recorded.append(district_text)
        if commune_text:
            found = self.units.below(
                commune_text, on=on, level="commune", province=province, parent=district
            )
            commune = found.in_force if found else None
            notes += self._former(found, "commune")
            if commune is None:
                recorded.append(commune_text)
                message = _("The commune “%(value)s” is not found; it is kept as recorded text.")
                notes.append(("commune", message % {"value": commune_text}, False))
        return province, district, commune, ", ".join(recorded), notes

    @staticmethod
    def _former(found, column: str) -> list[tuple]:
        """A warning when a unit was found by a former name or in the old structure."""
        if found is None or not (found.former_name or found.successor):
            return []
        message = _("“%(value)s” is now %(unit)s; the row is recorded there.") % {
            "value": found.former_name or found.unit.full_name,
            "unit": found.in_force.full_name,
        }
        return [(column, message, False)]

    def _producer(self, row: Row, v: dict) -> None:
        n = row.number
        row.producer_name = v.get("producer_name", "")
        row.producer_folded = fold(row.producer_name)
        form = legal_form_from(v.get("producer_type", ""), row.producer_name)
        if form is None:
            self.error(
                n,
                "producer_type",
                _("“%(value)s” is not a known producer type.") % {"value": v.get("producer_type")},
            )
        row.legal_form = form or ""
        code = v.get("producer_tax_code", "")
        if not code:
            return
        if not row.producer_folded:
            self.error(n, "producer_name", _("A tax code is given without a producer name."))
        try:
            validate_producer_code(code, row.legal_form)
        except ValidationError as exc:
            self.error(n, "producer_tax_code", " ".join(exc.messages))
            return
        row.producer_tax_code = (
            normalise_tax_code(code)
            if is_valid_tax_code(code)
            else normalise_registration_code(code)
        )


def check_rows(
    table: Iterable[tuple[int, list]], kind: str, *, today: datetime.date, units=None
) -> Checked:
    """Validate every row of ``table``: (row number, cells) as ``iter_table`` gives them, the
    header first. Rows are checked as they are read: only the checked rows are kept."""
    numbered = ((number, cells) for number, cells in table if any(_cell(c) for c in cells))
    first = next(numbered, None)
    if first is None:
        return Checked([], [Problem(None, None, _("The file is empty."))], [])
    header_no, header = first
    positions, written, problems = header_map(header, kind)
    for p in problems:
        p["row"] = header_no
    checker = _RowChecker(kind, positions, written, units or UnitIndex(), today)
    # rows are still checked when a column is missing, so that every error is listed at once;
    # the missing column itself is reported once, on the header row
    checker.missing = {key for key in REQUIRED[kind] if key not in positions}
    if kind == "results" and not {"year", "decision_date"} & positions.keys():
        checker.missing |= {"year", "decision_date"}
    rows = [r for number, cells in numbered if (r := checker.check(number, cells))]
    errors = problems + checker.errors
    if not errors:
        _duplicates(rows, kind, checker)
        errors = checker.errors
    return Checked(rows, errors, checker.warnings)


def _duplicates(rows: list[Row], kind: str, checker: _RowChecker) -> None:
    seen: dict[tuple, int] = {}
    for row in rows:
        producer = row.producer_tax_code or row.producer_folded
        if kind == "results":
            key = (row.province.pk, producer, row.product_folded, row.decision_no, row.year)
            column = "product_name"
        elif kind == "products":
            key = (row.province.pk, producer, row.product_folded)
            column = "product_name"
        else:
            key = (row.province.pk, producer)
            column = "producer_name"
        if key in seen:
            checker.error(
                row.number, column, _("This row repeats row %(row)s.") % {"row": seen[key]}
            )
        else:
            seen[key] = row.number
