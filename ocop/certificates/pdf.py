"""PDF documents: certificates (with a QR code to the public page) and printable score sheets.

fpdf2 with the DejaVu fonts shipped in ``ocop/static/ocop/fonts`` so Vietnamese renders
correctly. ``Document.texts`` keeps every string written, for checks without a PDF reader.
"""

from __future__ import annotations

import io
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS = Path(__file__).resolve().parent.parent / "static" / "ocop" / "fonts"
FAMILY = "DejaVu"


class Document(FPDF):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.texts: list[str] = []
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_font(FAMILY, size=11)
        self.set_auto_page_break(auto=True, margin=15)

    def line_text(self, text: str, *, size: float = 11, bold: bool = False, align="L", h=7):
        self.texts.append(text)
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, h, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def row(self, cells: list[tuple[str, float]], *, bold: bool = False, h: float = 6):
        self.set_font(FAMILY, "B" if bold else "", 9)
        for text, width in cells:
            self.texts.append(text)
            self.cell(width, h, text, border=1)
        self.ln(h)


def verification_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('certificates:verify', kwargs={'code': code})}"


def qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    return buffer


def certificate_document(certificate) -> Document:
    """The certificate, always in Vietnamese: it is an official paper, whatever the reader's
    interface language."""
    with translation.override("vi"):
        return _certificate_document(certificate)


def _certificate_document(certificate) -> Document:
    product = certificate.product
    producer = certificate.producer or product.producer
    decision = certificate.decision
    pdf = Document(orientation="L", format="A4")
    pdf.set_title(_("OCOP certificate %(code)s") % {"code": certificate.code})
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.ln(6)
    pdf.line_text(_("SOCIALIST REPUBLIC OF VIET NAM"), size=12, bold=True, align="C")
    pdf.line_text(_("Independence - Freedom - Happiness"), size=11, align="C")
    pdf.ln(4)
    pdf.line_text(_("CERTIFICATE OF OCOP PRODUCT"), size=22, bold=True, align="C", h=12)
    pdf.line_text(_("One Commune One Product programme"), size=11, align="C")
    pdf.ln(4)
    pdf.line_text(product.name, size=20, bold=True, align="C", h=11)
    pdf.line_text("★" * certificate.stars, size=24, align="C", h=12)
    pdf.line_text(_("Ranked %(stars)s stars") % {"stars": certificate.stars}, size=12, align="C")
    if producer is not None:
        pdf.line_text(_("Producer: %(name)s") % {"name": producer.name}, size=12, align="C")
    pdf.line_text(
        _("Recognised by decision %(number)s of %(date)s")
        % {
            "number": decision.number,
            "date": decision.decided_on.strftime("%d/%m/%Y") if decision.decided_on else "",
        },
        size=11,
        align="C",
    )
    pdf.line_text(
        _("Valid from %(issued)s to %(expires)s")
        % {
            "issued": certificate.issued_on.strftime("%d/%m/%Y"),
            "expires": certificate.expires_on.strftime("%d/%m/%Y"),
        },
        size=11,
        align="C",
    )
    pdf.line_text(
        _("Certificate code: %(code)s") % {"code": certificate.code}, bold=True, align="C"
    )
    if decision.signer:
        pdf.ln(4)
        issuer = decision.unit.full_name if decision.unit_id else decision.get_level_display()
        signer = " ".join(part for part in (decision.signer_title, decision.signer) if part)
        pdf.line_text(
            _("%(issuer)s, signed by %(signer)s") % {"issuer": issuer, "signer": signer},
            size=10,
            align="C",
        )
    url = verification_url(certificate.code)
    pdf.image(qr_png(url), x=pdf.w - 58, y=pdf.h - 62, w=40)
    pdf.set_xy(16, pdf.h - 30)
    pdf.line_text(_("Check this certificate at %(url)s") % {"url": url}, size=9)
    return pdf


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
                    (f"{crit.max_points:g}", widths[2]),
                    (str(sheet.answers.get(crit.code, "")), widths[3]),
                ]
            )
    pdf.ln(2)
    pdf.line_text(
        _("Total: %(total)s points. Status: %(status)s.")
        % {
            "total": sheet.total if sheet.total is not None else "-",
            "status": sheet.get_status_display(),
        },
        bold=True,
    )
    return pdf


def to_bytes(pdf: Document) -> bytes:
    return bytes(pdf.output())
