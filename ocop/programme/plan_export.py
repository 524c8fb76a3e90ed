"""Progress of a plan as a spreadsheet (.xlsx), for the progress page and ``ocop plan progress``."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ocop.core.dates import display
from ocop.core.spreadsheet import safe_cell
from ocop.programme.selectors.progress import Progress, status_label


def progress_xlsx(progress: Progress) -> bytes:
    plan = progress.plan
    book = Workbook()
    sheet = book.active
    sheet.title = str(plan.year)
    sheet.append(
        [safe_cell(_("Plan %(number)s: %(title)s") % {"number": plan.number, "title": plan.title})]
    )
    sheet.append([safe_cell(_("Progress on %(day)s") % {"day": display(progress.on)})])
    sheet.append([])
    head = [_("Unit")]
    for m in progress.measures:
        head += [
            _("%(measure)s: target") % {"measure": m.label},
            _("%(measure)s: actual") % {"measure": m.label},
        ]
    head += [_("Share reached (%)"), _("Status")]
    sheet.append([safe_cell(h) for h in head])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in progress.units:
        line = [safe_cell(row.label)]
        for m in progress.measures:
            line += [row.target.get(m.key), row.actual.get(m.key, 0)]
        line += [row.percent, safe_cell(status_label(row.status))]
        sheet.append(line)
    total = [safe_cell(_("Province (all units)"))]
    for m in progress.measures:
        total += [progress.totals["target"].get(m.key, 0), progress.totals["actual"].get(m.key, 0)]
    sheet.append(total)
    sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
