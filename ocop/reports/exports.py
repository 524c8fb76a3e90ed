"""Exports (xuất dữ liệu) as .xlsx laid out for printing, and CSV that Excel opens as UTF-8.

Each export is a title, Vietnamese headers and rows; ``to_xlsx`` and ``to_csv`` write the
same table. Rows may be a generator read once: ``write_xlsx`` (openpyxl's write-only mode) and
``csv_chunks`` write them as they come, so a list of 20,000 certificates is never held whole
(decision 0099). The tables themselves come from ``ocop.reports.selectors`` and the registry
selectors, so they follow the same scope as the pages. Units are shown as on the pages
(``ocop.geo.display.unit_label``): one accent placement, and beside a former unit the unit that
covers it today; codes stay as they are.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice

from django.db.models import QuerySet
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from ocop.certificates.models import Certificate, CertificateStatus
from ocop.core.spreadsheet import safe_cell
from ocop.core.text import vi_display
from ocop.geo.display import unit_label
from ocop.registry.models import LegalForm, Product
from ocop.reports.imports import COLUMNS, LAYOUTS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
CHUNK = 2000  # rows read from the database at a time
CSV_CHUNK_ROWS = 500  # rows of a streamed CSV answer per chunk


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: Iterable[list] = field(default_factory=list)  # may be a generator, read once
    widths: list[int] | None = None


def to_xlsx(tables: list[Table]) -> bytes:
    """The workbook of ``write_xlsx`` as bytes (small exports, templates)."""
    out = io.BytesIO()
    write_xlsx(tables, out)
    return out.getvalue()


def xlsx_file(tables: list[Table]):
    """The workbook of ``write_xlsx`` in a temporary file, read from its start: a large
    export is served from disk rather than from memory."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    write_xlsx(tables, out)
    out.seek(0)
    return out


def write_xlsx(tables: list[Table], out) -> None:
    """One sheet per table: bold header row, column widths, landscape, fit to page width.

    Written in openpyxl's write-only mode, row by row: column widths come from the first 500
    rows, dates are shown dd/mm/yyyy."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(title=_sheet_title(table.title))
        rows = iter(table.rows)
        first = list(islice(rows, 500))
        widths = table.widths or [
            _width(table.headers, first, i) for i in range(len(table.headers))
        ]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.oddHeader.center.text = table.title
        header = []
        for text in table.headers:
            cell = WriteOnlyCell(sheet, value=_cell(text))
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        sheet.append(header)
        for row in chain(first, rows):
            sheet.append([_xlsx_value(sheet, v, WriteOnlyCell) for v in row])
    book.save(out)


def _xlsx_value(sheet, value, make_cell):
    if isinstance(value, datetime.date):
        cell = make_cell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return _cell(value)


def to_csv(table: Table) -> bytes:
    """The file of ``csv_chunks`` as bytes."""
    return b"".join(csv_chunks(table))


def csv_chunks(table: Table, rows_per_chunk: int | None = None) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, so that Excel shows Vietnamese letters correctly; given
    a few hundred rows at a time, for a streamed answer."""
    rows_per_chunk = rows_per_chunk or CSV_CHUNK_ROWS
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow([_plain(h) for h in table.headers])
    for number, row in enumerate(table.rows, start=1):
        writer.writerow([_plain(v) for v in row])
        if number % rows_per_chunk == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def _labels(choices) -> dict:
    """The labels of ``choices`` translated now, not when a streamed row is written."""
    return {value: str(label) for value, label in choices}


def _lazy(make, *args) -> Iterator[list]:
    """The rows ``make(*args)`` gives, read in the language active now: a streamed answer
    writes them after the view has returned (unit labels are translated as they come)."""
    return _in_language(get_language(), make, *args)


def _in_language(language: str, make, *args) -> Iterator[list]:
    with override(language):
        yield from make(*args)


def _cell(value):
    """Numbers and dates stay numbers and dates in a workbook; text is made safe to open."""
    if isinstance(value, Decimal):
        return float(value)
    return safe_cell(value)


def _plain(value):
    """A CSV field: dates in ISO form, numbers as written, text made safe to open."""
    if value is None:
        return ""
    if hasattr(value, "isoformat") or hasattr(value, "as_tuple"):
        return str(value)
    return safe_cell(value)


def _sheet_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31] or "Sheet"


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _width(headers: list, rows: list[list], index: int) -> int:
    longest = max(
        [len(str(headers[index]))] + [len(str(_plain(r[index]))) for r in rows if index < len(r)]
    )
    return max(8, min(50, longest + 2))


class UnitNames:
    """Unit names as shown (``unit_label``), each distinct unit looked up once per table."""

    def __init__(self):
        self._labels: dict[int, str] = {}

    def __call__(self, unit, fallback: str = "") -> str:
        if unit is None:
            return vi_display(fallback)
        if unit.pk not in self._labels:
            self._labels[unit.pk] = unit_label(unit)
        return self._labels[unit.pk]


def _commune(unit):
    return unit if unit is not None and unit.level == "commune" else None


# --- the tables --------------------------------------------------------------------------


def summary_tables(data: dict, units: list[dict] | None = None, sets: list[dict] | None = None):
    sel = data.get("selection", {})
    facts = Table(
        _("Summary"),
        [_("Figure"), _("Value")],
        [
            [_("Province"), vi_display(sel.get("province")) or _("Whole country")],
            [_("Year"), sel.get("year") or ""],
            [_("Decision"), sel.get("decision") or ""],
            [_("Valid on"), sel.get("on") or ""],
            [_("Recognised products"), data["products"]],
            [_("Producers"), data["producers"]],
            *[[_("%(n)s stars") % {"n": n}, c] for n, c in data["by_stars"].items()],
            [_("Upgrades"), data.get("upgrades", 0)],
            [_("Revoked certificates"), data.get("revoked", 0)],
            [_("Expired certificates"), data.get("expired", 0)],
        ],
        widths=[30, 30],
    )
    tables = [facts]
    star_headers = [_("%(n)s stars") % {"n": n} for n in ("3", "4", "5")]
    if units is not None:
        names = UnitNames()
        tables.append(
            Table(
                _("By unit"),
                [_("Unit"), _("Code"), _("Products"), _("Producers"), *star_headers],
                [
                    [
                        names(r["unit"]),
                        r["unit"].code,
                        r["products"],
                        r["producers"],
                        *r["by_stars"].values(),
                    ]
                    for r in units
                ],
            )
        )
    if sets is not None:
        tables.append(
            Table(
                _("By product set"),
                [_("Set"), _("Name"), _("Products"), _("Producers"), *star_headers],
                [
                    [
                        r.get("product__product_set__number") or "",
                        r.get("product__product_set__name_vi") or "",
                        r["products"],
                        r["producers"],
                        *r["by_stars"].values(),
                    ]
                    for r in sets
                ],
            )
        )
    return tables


def certified_table(certificates: QuerySet[Certificate], *, public: bool) -> Table:
    """The certified list: one row per certificate, newest first."""
    headers = [
        _("Certificate code"),
        _("Product"),
        _("Producer"),
        _("Producer type"),
        _("Province"),
        _("Commune"),
        _("Product set or group"),
        _("Stars"),
        _("Decision number"),
        _("Decision date"),
        _("Issued on"),
        _("Expires on"),
        _("Status"),
    ]
    if not public:
        headers.append(_("Score"))
    forms = _labels(LegalForm.choices)
    statuses = _labels(CertificateStatus.choices)
    names = UnitNames()
    qs = certificates.select_related(
        "product__producer",
        "product__province",
        "product__origin_unit",
        "product__product_set",
        "decision",
    ).order_by("-issued_on", "pk")
    return Table(
        _("Certified products"), headers, _lazy(_certified_rows, qs, public, forms, statuses, names)
    )


def _certified_rows(qs, public: bool, forms: dict, statuses: dict, names: UnitNames):
    for c in qs.iterator(chunk_size=CHUNK):
        p = c.product
        row = [
            c.code,
            p.name,
            p.producer.name if p.producer else "",
            forms.get(p.producer.legal_form, "") if p.producer else "",
            names(p.province),
            names(_commune(p.origin_unit)),
            str(p.product_set) if p.product_set else p.product_group_label,
            c.stars,
            c.decision.number,
            c.decision.decided_on,
            c.issued_on,
            c.expires_on,
            statuses[c.status],
        ]
        if not public:
            row.append(c.score)
        yield row


def producers_table(producers) -> Table:
    forms = _labels(LegalForm.choices)
    headers = [
        _("Code"),
        _("Name"),
        _("Producer type"),
        _("Tax code"),
        _("Province"),
        _("Commune"),
        _("Address"),
        _("Legal representative"),
        _("Phone"),
    ]
    names = UnitNames()
    rows = (
        [
            p.public_code,
            p.name,
            forms.get(p.legal_form, p.legal_form),
            p.tax_code,
            names(p.province),
            names(p.commune, p.recorded_location),
            p.address,
            p.representative_name,
            p.phone,
        ]
        for p in producers.order_by("name", "pk").iterator(chunk_size=CHUNK)
    )
    return Table(_("Producers"), headers, _lazy(iter, rows))


def products_table(products) -> Table:
    headers = [
        _("Code"),
        _("Product"),
        _("Producer"),
        _("Province"),
        _("Origin"),
        _("Product set or group"),
        _("Status"),
        _("Stars"),
    ]
    names = UnitNames()
    statuses = _labels(Product._meta.get_field("status").choices)
    rows = (
        [
            p.public_code,
            p.name,
            p.producer.name if p.producer else "",
            names(p.province),
            names(p.origin_unit, p.recorded_location),
            str(p.product_set) if p.product_set else p.product_group_label,
            statuses.get(p.status, p.status),
            p.stars or "",
        ]
        for p in products.order_by("name", "pk").iterator(chunk_size=CHUNK)
    )
    return Table(_("Products"), headers, _lazy(iter, rows))


def scores_table(rows: list[dict]) -> Table:
    headers = [
        _("Year"),
        _("Round"),
        _("Title"),
        _("Products scored"),
        _("Mean score"),
        *[_("%(n)s stars") % {"n": n} for n in (1, 2, 3, 4, 5)],
    ]
    return Table(
        _("Scores per round"),
        headers,
        [
            [
                r["enrolment__round__year"],
                r["enrolment__round__number"],
                r["enrolment__round__title"],
                r["products"],
                round(float(r["mean"]), 2) if r["mean"] is not None else "",
                *[r[f"s{n}"] for n in (1, 2, 3, 4, 5)],
            ]
            for r in rows
        ],
    )


def results_table(results) -> Table:
    """Each product's council result: the mean of the members' totals and its stars."""
    headers = [
        _("Year"),
        _("Round"),
        _("Product"),
        _("Producer"),
        _("Product set or group"),
        _("Mean score"),
        _("Stars"),
        _("Members"),
    ]
    qs = results.select_related(
        "enrolment__round", "enrolment__product__producer", "product_set"
    ).order_by("enrolment__round__year", "enrolment__round__number", "-total", "pk")
    rows = (
        [
            r.enrolment.round.year,
            r.enrolment.round.number,
            r.enrolment.product.name,
            r.enrolment.product.producer.name if r.enrolment.product.producer else "",
            str(r.product_set),
            r.total,
            r.stars,
            r.member_count,
        ]
        for r in qs.iterator(chunk_size=CHUNK)
    )
    return Table(_("Results per product"), headers, _lazy(iter, rows))


def template_table(kind: str) -> Table:
    """An empty import file with the Vietnamese headers of ``kind``."""
    return Table(_("Import"), [COLUMNS[key].vi for key in LAYOUTS[kind]], [], widths=None)
