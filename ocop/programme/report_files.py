"""A unit's progress report as the familiar paper: .docx (the national motto header, then
"BÁO CÁO kết quả thực hiện Chương trình OCOP") and .xlsx (the same figures, cells made safe)."""

from __future__ import annotations

import io

import docx
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook

from ocop.core.dates import display
from ocop.core.spreadsheet import safe_cell
from ocop.geo.display import unit_label
from ocop.programme.models import UnitReport
from ocop.programme.selectors.followup import labelled, period_days

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def period_title(report: UnitReport) -> str:
    start, end = period_days(report.year, report.period_kind, report.period)
    return _("%(period)s %(number)s of %(year)s (%(start)s to %(end)s)") % {
        "period": report.get_period_kind_display(),
        "number": report.period,
        "year": report.year,
        "start": display(start),
        "end": display(end),
    }


def _centred(document, text: str, *, bold=False, size=13):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    return paragraph


def report_docx(report: UnitReport) -> bytes:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = unit_label(report.unit).upper()
    header.cell(0, 1).text = MOTTO[0]
    header.cell(1, 1).text = MOTTO[1]
    day = report.submitted_at or report.updated_at
    header.cell(1, 0).text = _("Drawn up on %(day)s") % {"day": display(day)}
    _centred(document, "BÁO CÁO", bold=True, size=14)
    _centred(document, "Kết quả thực hiện Chương trình OCOP", bold=True)
    _centred(document, period_title(report))
    document.add_heading(_("1. Results"), level=2)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = _("Figure")
    table.rows[0].cells[1].text = pgettext("count", "Number")
    for label, value in labelled(report.figures):
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = str(value)
    document.add_heading(_("2. Difficulties met"), level=2)
    document.add_paragraph(report.difficulties or "—")
    document.add_heading(_("3. Proposals"), level=2)
    document.add_paragraph(report.proposals or "—")
    if report.answer:
        document.add_heading(_("Answer of the level above"), level=2)
        document.add_paragraph(report.answer)
    signer = str(report.filed_by) if report.filed_by else ""
    closing = document.add_paragraph(signer)
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_xlsx(report: UnitReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Bao cao"
    rows = [
        [MOTTO[0]],
        [MOTTO[1]],
        [],
        ["BÁO CÁO kết quả thực hiện Chương trình OCOP"],
        [unit_label(report.unit)],
        [period_title(report)],
        [],
        [_("Figure"), pgettext("count", "Number")],
        *[[label, value] for label, value in labelled(report.figures)],
        [],
        [_("Difficulties met"), report.difficulties],
        [_("Proposals"), report.proposals],
        [_("Answer of the level above"), report.answer],
    ]
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    sheet.column_dimensions["A"].width = 70
    sheet.column_dimensions["B"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
