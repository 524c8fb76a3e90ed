"""Unit names as people type them: "TP. Hòa Bình", "huyen Lac Son", "P.12", "Xã  Phú Lai".

``split_prefix`` separates the administrative prefix (tỉnh, thành phố, huyện, xã, ...) from the
proper name; ``name_key`` is the folded form stored in ``AdminUnit.name_folded`` and compared on
search (no diacritics, lower case, single spaces, numbers without leading zeros).
"""

from __future__ import annotations

import re

from ocop.core.text import fold, nfc

# Folded prefix words -> the prefix kind. "thanh_pho" covers both a centrally-run city and a
# provincial city; the level decides which one is meant.
_PREFIXES: list[tuple[tuple[str, ...], str]] = [
    (("thanh", "pho"), "thanh_pho"),
    (("thi", "tran"), "thi_tran"),
    (("thi", "xa"), "thi_xa"),
    (("dac", "khu"), "dac_khu"),
    (("tinh",), "tinh"),
    (("huyen",), "huyen"),
    (("quan",), "quan"),
    (("phuong",), "phuong"),
    (("xa",), "xa"),
    (("tp",), "thanh_pho"),
    (("tx",), "thi_xa"),
    (("tt",), "thi_tran"),
]
# single letters count as a prefix only when written with a dot or glued to a number: Q.1, P12
_LETTER_PREFIXES = {"q": "quan", "p": "phuong"}
_LETTER_WITH_NUMBER = re.compile(r"^([QqPp])\.?\s*(\d+\b.*)$")
_WORD = re.compile(r"[^\s.]+")
_NUMBER = re.compile(r"\b0+(\d)")

# unit types each prefix kind stands for
PREFIX_UNIT_TYPES: dict[str, tuple[str, ...]] = {
    "tinh": ("tinh",),
    "thanh_pho": ("thanh_pho_tw", "thanh_pho"),
    "huyen": ("huyen",),
    "quan": ("quan",),
    "thi_xa": ("thi_xa",),
    "xa": ("xa",),
    "phuong": ("phuong",),
    "thi_tran": ("thi_tran",),
    "dac_khu": ("dac_khu",),
}


def name_key(text: str | None) -> str:
    """The searchable form of a proper name: ``"Phường 01"`` and ``"phuong 1"`` agree."""
    return _NUMBER.sub(r"\1", fold(text))


def compact_key(text: str | None) -> str:
    """``name_key`` without spaces, the form of former names: ``"Huyện Kỳ Sơn"`` -> ``"huyenkyson"``."""
    return name_key(text).replace(" ", "")


def split_prefix(text: str | None) -> tuple[str | None, str]:
    """``"TP. Hòa Bình"`` -> ``("thanh_pho", "Hòa Bình")``; no prefix -> ``(None, text)``.

    A lone prefix ("Xã") is kept as the name, since some units are called like that.
    """
    text = nfc(text)
    glued = _LETTER_WITH_NUMBER.match(text)
    if glued:
        return _LETTER_PREFIXES[glued.group(1).lower()], glued.group(2).strip()
    words = list(_WORD.finditer(text))
    folded = [fold(w.group()) for w in words]
    for prefix, kind in _PREFIXES:
        n = len(prefix)
        if tuple(folded[:n]) == prefix and len(words) > n:
            return kind, text[words[n].start() :].strip()
    if (
        len(words) > 1
        and folded[0] in _LETTER_PREFIXES
        and text[words[0].end() : words[0].end() + 1] == "."
    ):
        return _LETTER_PREFIXES[folded[0]], text[words[1].start() :].strip()
    return None, text
