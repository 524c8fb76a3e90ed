"""PDF building blocks shared by the apps that print documents (certificates, score sheets).

fpdf2 with the DejaVu fonts shipped in ``ocop/static/ocop/fonts`` so Vietnamese renders
correctly. ``Document.texts`` keeps every string written, for checks without a PDF reader.
"""

from __future__ import annotations

import io
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS = Path(__file__).resolve().parent.parent / "static" / "ocop" / "fonts"
FAMILY = "DejaVu"


class Document(FPDF):
    """An A4 document with the shipped font registered and automatic page breaks."""

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


def qr_png(url: str, *, error: str = "m") -> io.BytesIO:
    """A QR code of ``url`` as a PNG, ready for ``Document.image``."""
    buffer = io.BytesIO()
    segno.make(url, error=error).save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    return buffer


def to_bytes(pdf: Document) -> bytes:
    return bytes(pdf.output())
