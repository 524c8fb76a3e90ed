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


# The tone mark of an open "oa", "oe" or "uy" sits on its first vowel in the traditional
# placement used by the official unit lists ("Hòa Bình", "Thủy"); "Hoà", "Thuỷ" are the same
# names with the mark moved. "qu" + vowel keeps its mark ("Quảng", "Quý").
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_NEW_PLACEMENT = re.compile(
    rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?![^\W\d_])|(?<![qQ])([uU])([yY])([{_TONES}])(?![^\W\d_])"
)


def _move_tone(match: re.Match) -> str:
    first, second, tone = (g for g in match.groups() if g is not None)
    return f"{first}{tone}{second}"


def vi_display(text: str | None) -> str:
    """``text`` in NFC with one tone placement for "oa", "oe", "uy" at a syllable's end:
    ``vi_display("Hoà Bình")`` -> ``"Hòa Bình"``, so one name is never shown two ways."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _NEW_PLACEMENT.sub(_move_tone, decomposed))
