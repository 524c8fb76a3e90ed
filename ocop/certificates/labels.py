"""The signed verification address of a certificate, its QR code (SVG, PNG) and the printable
sheet of labels of a producer (nhãn tem OCOP): each label carries the QR, the code, the stars
and the product, so a buyer can check it on the site or offline (``ocop verify``)."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ocop.certificates import signing
from ocop.certificates.public import facts_of
from ocop.core.pdf import Document, qr_png

# 15 % of the code may be soiled or torn and it still reads; an address of ~500 characters then
# needs QR version 17 (decision 0090).
QR_ERROR = "m"


def verification_url(code: str) -> str:
    """The short address of the verification page, as typed by hand."""
    return f"{settings.SITE_URL}{reverse('certificates:verify', kwargs={'code': code})}"


def verification_address(certificate) -> str:
    """The address in the QR code: the page, with the signed facts, key id and signature."""
    query = signing.address_query_of(certificate)
    url = verification_url(certificate.code)
    return f"{url}?{query}" if query else url


def qr_svg(address: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(address, error=QR_ERROR).save(
        buffer, kind="svg", scale=4, border=4, xmldecl=False, title=address[:80]
    )
    return buffer.getvalue()


def qr_png_bytes(address: str) -> bytes:
    return qr_png(address, error=QR_ERROR).getvalue()


# A4 portrait, three labels across and four down (60 x 66 mm each).
COLUMNS, ROWS = 3, 4
LABEL_W, LABEL_H = 60.0, 66.0
MARGIN_X, MARGIN_Y = 15.0, 16.0
QR_SIZE = 38.0


def label_sheet(producer, certificates) -> Document:
    """The labels of ``certificates`` (the producer's certificates in force), in Vietnamese."""
    with translation.override("vi"):
        pdf = Document(orientation="P", format="A4")
        pdf.set_title(_("OCOP labels of %(producer)s") % {"producer": producer.name})
        pdf.set_auto_page_break(auto=False)
        if not certificates:
            pdf.add_page()
            pdf.line_text(
                _("%(producer)s holds no certificate in force.") % {"producer": producer.name}
            )
        for index, certificate in enumerate(certificates):
            slot = index % (COLUMNS * ROWS)
            if slot == 0:
                pdf.add_page()
            x = MARGIN_X + (slot % COLUMNS) * LABEL_W
            y = MARGIN_Y + (slot // COLUMNS) * LABEL_H
            _label(pdf, certificate, x, y)
    return pdf


def _label(pdf: Document, certificate, x: float, y: float) -> None:
    facts = facts_of(certificate)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=1, gap=1)
    pdf.rect(x, y, LABEL_W, LABEL_H)
    pdf.set_dash_pattern()
    pdf.image(
        qr_png(verification_address(certificate), error=QR_ERROR), x=x + 11, y=y + 2, w=QR_SIZE
    )
    pdf.set_xy(x + 1, y + QR_SIZE + 2)
    for text, size, bold in (
        (certificate.code, 9, True),
        ("★" * certificate.stars + " OCOP", 11, False),
        (_shorten(facts["product"] or "", 80), 7.5, False),
    ):
        pdf.texts.append(text)
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.set_x(x + 1)
        pdf.multi_cell(LABEL_W - 2, size * 0.45, text, align="C", max_line_height=size * 0.45)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
