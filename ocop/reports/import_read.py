"""Reading import files (.xlsx or .csv) within limits, before anything is checked.

``iter_table`` streams a file as numbered rows of cells (``read_table``: the same, as a
list). The size of the file, the number of
rows and columns and the length of a cell are capped (``OCOP_IMPORT_MAX_*``); a workbook's
claimed dimension is never trusted and rows are streamed, so a small file cannot claim a
million empty rows. A refusal names the limit, the row and the column. The checks are in
``ocop.reports.imports``, the writes in ``ocop.reports.import_write``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter


def check_size(size: int) -> None:
    """Refuse (``TableError``) a file larger than ``OCOP_IMPORT_MAX_BYTES``."""
    if size > settings.IMPORT_MAX_BYTES:
        raise TableError(
            _("The file is %(size)s; an import file may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
        )


class TableError(ValueError):
    """The file cannot be read, or passes a limit; the message says where."""


def read_table(data: bytes, filename: str) -> list[tuple[int, list]]:
    """The rows of ``iter_table`` as a list."""
    return list(iter_table(data, filename))


def iter_table(data: bytes, filename: str):
    """The non-empty rows of the first sheet (.xlsx) or of the file (.csv), each with its row
    number in the file, one at a time: the cells of the whole file are never held at once.
    A file over a limit (``OCOP_IMPORT_MAX_*``) is refused with a ``TableError`` that names
    the limit and where the file passes it, when the reading gets there; the dimension a
    workbook claims is never trusted, and empty rows are skipped."""
    check_size(len(data))
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return _bounded(_xlsx_rows(data))
    if suffix == ".csv":
        return _bounded(_csv_rows(data))
    raise TableError(_("Only .xlsx and .csv files can be imported."))


def _bounded(rows):
    max_rows = settings.IMPORT_MAX_ROWS + 1  # and the header row
    max_columns = settings.IMPORT_MAX_COLUMNS
    max_chars = settings.IMPORT_MAX_CELL_CHARS
    count = 0
    for number, cells in rows:
        width = len(cells)
        while width and _blank(cells[width - 1]):
            width -= 1
        if not width:
            continue
        where = {"row": number, "column": _letter(width)}
        if count == max_rows:
            raise TableError(
                _("Row %(row)s: a file may hold at most %(limit)s rows below the header.")
                % {**where, "limit": settings.IMPORT_MAX_ROWS}
            )
        if width > max_columns:
            raise TableError(
                _("Row %(row)s, column %(column)s: a file may hold at most %(limit)s columns.")
                % {**where, "limit": max_columns}
            )
        for index, value in enumerate(cells[:width]):
            if isinstance(value, str) and len(value) > max_chars:
                raise _too_long(number, index)
        count += 1
        yield number, list(cells[:width])


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _letter(width: int) -> str:
    return get_column_letter(width)


def _too_long(row: int, index: int) -> TableError:
    return TableError(
        _("Row %(row)s, column %(column)s: a cell may hold at most %(limit)s characters.")
        % {"row": row, "column": _letter(index + 1), "limit": settings.IMPORT_MAX_CELL_CHARS}
    )


def _xlsx_rows(data: bytes):
    """(row number, values) of the first sheet, streamed; rows missing from the file are not
    made up, whatever dimension the workbook claims."""
    unreadable = _("The file is not a readable .xlsx workbook.")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(unreadable) from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except Exception as exc:  # a damaged sheet fails while it is read
        raise TableError(unreadable) from exc
    finally:
        book.close()


class _Lines:
    """The lines of a file decoded as they are read, remembering those of the record being
    read (the whole text is never held: a decoded copy costs up to four bytes a letter)."""

    def __init__(self, data: bytes):
        self._lines = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
        self.record: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.record.append(line)
        return line


def _csv_rows(data: bytes):
    """(record number, fields) of a UTF-8 file separated by commas or semicolons, streamed."""
    if b"\x00" in data:
        raise TableError(_("The file is not a text .csv file."))
    sample = data[:4096]
    delimiter = ";" if sample.count(b";") > sample.count(b",") else ","
    # the limit is process-wide; every import sets the same value
    csv.field_size_limit(settings.IMPORT_MAX_CELL_CHARS)
    lines = _Lines(data)
    reader = csv.reader(lines, delimiter=delimiter)
    number = 0
    while True:
        number += 1
        lines.record = []
        try:
            fields = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise TableError(_("A .csv file must be encoded in UTF-8.")) from exc
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise _too_long(number, _long_field("".join(lines.record), delimiter)) from exc
            raise TableError(
                _("Row %(row)s: the file is not a valid .csv file (%(error)s).")
                % {"row": number, "error": exc}
            ) from exc
        yield number, fields


def _long_field(record: str, delimiter: str) -> int:
    """The column (from 0) of the first field of a .csv record over the length limit."""
    column, length, quoted = 0, 0, False
    for ch in record:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            column, length = column + 1, 0
        else:
            length += 1
            if length > settings.IMPORT_MAX_CELL_CHARS:
                break
    return column
