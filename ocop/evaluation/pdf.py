"""The printable score sheet of one council member, as filed with the council's records
(over ``ocop.core.pdf``)."""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import gettext as _

from ocop.core.pdf import Document


def score_sheet_document(sheet, sheet_def) -> Document:
    """A member's score sheet as printed for the council's file, in Vietnamese."""
    with translation.override("vi"):
        return _score_sheet_document(sheet, sheet_def)


def _score_sheet_document(sheet, sheet_def) -> Document:
    enrolment = sheet.assignment.enrolment
    member = sheet.assignment.member
    pdf = Document(orientation="P", format="A4")
    pdf.set_title(_("Score sheet"))
    pdf.add_page()
    pdf.line_text(_("OCOP SCORE SHEET"), size=16, bold=True, align="C")
    pdf.line_text(
        _("Product: %(product)s (product set %(set)s)")
        % {"product": enrolment.product.name, "set": enrolment.product_set},
    )
    pdf.line_text(
        _("Member: %(member)s, %(position)s, %(department)s")
        % {
            "member": member.user,
            "position": member.get_position_display(),
            "department": member.department or "-",
        }
    )
    pdf.line_text(_("Round: %(round)s") % {"round": enrolment.round})
    pdf.ln(2)
    widths = (18, 132, 20, 20)
    pdf.row(
        [
            (_("Code"), widths[0]),
            (_("Criterion"), widths[1]),
            (_("Max"), widths[2]),
            (_("Points"), widths[3]),
        ],
        bold=True,
    )
    for part in sheet_def.parts:
        pdf.row([(part.code, widths[0]), (part.title_vi[:80], sum(widths[1:]))], bold=True)
        for crit in part.criteria:
            pdf.row(
                [
                    (crit.code, widths[0]),
                    (crit.title_vi[:80], widths[1]),
                    (
                        f"{crit.max_points:g}".replace(
                            ".", formats.get_format("DECIMAL_SEPARATOR")
                        ),
                        widths[2],
                    ),
                    (str(sheet.answers.get(crit.code, "")), widths[3]),
                ]
            )
    pdf.ln(2)
    pdf.line_text(
        _("Total: %(total)s points. Status: %(status)s.")
        % {
            "total": formats.localize(sheet.total) if sheet.total is not None else "-",
            "status": sheet.get_status_display(),
        },
        bold=True,
    )
    return pdf
