"""Small invented files for the demo: PDF documents and product photos."""

from __future__ import annotations

import functools
import struct
import zlib
from pathlib import Path

from fpdf import FPDF

DEMO_NOTE = "Dữ liệu minh họa, không có thật."
FONTS = Path(__file__).resolve().parent.parent / "static" / "ocop" / "fonts"


@functools.lru_cache(maxsize=8)
def _pdf_page(title: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONTS / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=14)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 7, DEMO_NOTE, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def demo_pdf(title: str, owner: str) -> bytes:
    """A small PDF naming the (invented) owner in a trailing comment, so each file differs."""
    return _pdf_page(title) + f"% {owner}\n".encode()


def demo_png(rgb: tuple[int, int, int], size: int = 48) -> bytes:
    """A plain square PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )
