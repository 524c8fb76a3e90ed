"""Text normalisation for search and matching: diacritics, case and spacing are ignored.

``fold("Rượu đồ Mường Đình")`` -> ``"ruou do muong dinh"``.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def fold(text: str | None) -> str:
    """Lower-case ASCII form: strip Vietnamese diacritics (đ -> d), punctuation and extra spaces."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _PUNCT.sub(" ", stripped.lower())
    return _SPACES.sub(" ", stripped).strip()


def nfc(text: str | None) -> str:
    """Unicode NFC with collapsed spaces: the stored form of names typed by people."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


# C0 controls except tab and newline, DEL, and C1 controls: invisible, and refused by .xlsx.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control(text: str | None) -> str:
    """``text`` without control characters (tab and newline are kept)."""
    if not text:
        return text or ""
    return _CONTROL.sub("", text)
