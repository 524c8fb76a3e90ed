"""The words published recognition lists use for producer types, product groups and stars, in
Vietnamese and English, and what the import makes of them (table: docs/import-vocabulary.md).

Every word is compared folded (no diacritics, lower case, punctuation as spaces), so "Hợp tác
xã", "HỢP TÁC XÃ" and "hop tac xa" are one word.
"""

from __future__ import annotations

import re

from ocop.core.text import fold
from ocop.registry.models import LegalForm

LEGAL_FORMS = frozenset(LegalForm.values)

# Folded words -> legal form, longest and most specific first: "tổ hợp tác" before "hợp tác
# xã", "household business" before "business", "cooperative group" before "cooperative".
LEGAL_FORM_WORDS: list[tuple[str, str]] = [
    ("to hop tac", LegalForm.COOPERATIVE_GROUP),
    ("tht", LegalForm.COOPERATIVE_GROUP),
    ("cooperative group", LegalForm.COOPERATIVE_GROUP),
    ("co operative group", LegalForm.COOPERATIVE_GROUP),
    ("hop tac xa", LegalForm.COOPERATIVE),
    ("htx", LegalForm.COOPERATIVE),
    ("cooperative", LegalForm.COOPERATIVE),
    ("co operative", LegalForm.COOPERATIVE),
    ("doanh nghiep", LegalForm.ENTERPRISE),
    ("cong ty", LegalForm.ENTERPRISE),
    ("cty", LegalForm.ENTERPRISE),
    ("ctcp", LegalForm.ENTERPRISE),
    ("tnhh", LegalForm.ENTERPRISE),
    ("dntn", LegalForm.ENTERPRISE),
    ("enterprise", LegalForm.ENTERPRISE),
    ("company", LegalForm.ENTERPRISE),
    ("trang trai", LegalForm.FARM),
    ("farm", LegalForm.FARM),
    ("ho kinh doanh", LegalForm.HOUSEHOLD),
    ("ho san xuat", LegalForm.HOUSEHOLD),
    ("ho gia dinh", LegalForm.HOUSEHOLD),
    ("co so", LegalForm.HOUSEHOLD),
    ("hkd", LegalForm.HOUSEHOLD),
    ("ca nhan", LegalForm.HOUSEHOLD),
    ("household", LegalForm.HOUSEHOLD),
    ("establishment", LegalForm.HOUSEHOLD),
    ("production facility", LegalForm.HOUSEHOLD),
    ("individual", LegalForm.HOUSEHOLD),
    ("business", LegalForm.ENTERPRISE),
    ("ho ", LegalForm.HOUSEHOLD),
]


def legal_form_from(text: str, producer_name: str) -> str | None:
    """A legal form from the type column, else guessed from the name (household by default);
    ``None`` for a type column that names no known form."""
    folded = fold(text)
    if folded:
        if folded.replace(" ", "_") in LEGAL_FORMS:
            return folded.replace(" ", "_")
        for word, form in LEGAL_FORM_WORDS:
            if folded.startswith(word) or f" {word}" in f" {folded}":
                return form
        return None
    name = fold(producer_name) + " "
    for word, form in LEGAL_FORM_WORDS:
        if name.startswith(word):
            return form
    return LegalForm.HOUSEHOLD


RECOGNISED_STARS = (3, 4, 5)
_STAR_SIGNS = "★⭐✩☆*"
_NUMBER_WORDS = {"ba": 3, "bon": 4, "nam": 5, "three": 3, "four": 4, "five": 5}
_STARS_TEXT = re.compile(r"(\d|ba|bon|nam|three|four|five)(?: (?:sao|stars?))?(?: ocop)?")


def stars_from(text: str) -> int | None:
    """The number of stars as lists write it: "3", "3 sao", "3*", "★★★", "4 stars", "Ba sao"."""
    raw = (text or "").replace(" ", "").replace("\ufe0f", "")
    if raw and raw.strip(_STAR_SIGNS) == "":
        return len(raw)
    m = _STARS_TEXT.fullmatch(fold(text))
    if m is None:
        return None
    word = m.group(1)
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


# The six product groups (ngành / nhóm) of the programme under 1048/QĐ-TTg (2019) and
# 148/QĐ-TTg (2023), as lists write them -> the group's Vietnamese name.
_GROUPS = {
    "Thực phẩm": ("thuc pham", "food", "foods", "food products"),
    "Đồ uống": ("do uong", "drinks", "beverages", "beverage"),
    "Thảo dược": ("thao duoc", "herbs", "herbal products"),
    "Dược liệu và sản phẩm từ dược liệu": (
        "duoc lieu",
        "duoc lieu va san pham tu duoc lieu",
        "medicinal herbs",
        "medicinal herbs and herb based products",
    ),
    "Vải và may mặc": ("vai va may mac", "textiles", "textiles and garments"),
    "Lưu niệm - nội thất - trang trí": (
        "luu niem noi that trang tri",
        "souvenirs furniture decoration",
        "souvenirs furniture and decoration",
    ),
    "Hàng thủ công mỹ nghệ": ("thu cong my nghe", "hang thu cong my nghe", "handicrafts"),
    "Sinh vật cảnh": ("sinh vat canh", "ornamental plants", "ornamental plants and animals"),
    "Dịch vụ du lịch nông thôn và bán hàng": (
        "dich vu du lich nong thon va ban hang",
        "rural tourism",
        "rural tourism services",
    ),
    "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": (
        "dich vu du lich cong dong du lich sinh thai va diem du lich",
        "community tourism",
        "community tourism eco tourism and tourist sites",
    ),
}
GROUP_WORDS = {word: name for name, words in _GROUPS.items() for word in words}
_GROUP_LEAD = re.compile(r"^(?:nhom|nganh|bo|group|sector)(?: san pham)? ")


def product_group_from(text: str) -> str:
    """A product group as the programme names it ("Food", "Nhóm Thực phẩm" -> "Thực phẩm");
    a set number or any other text is kept as written."""
    folded = fold(text)
    return GROUP_WORDS.get(folded) or GROUP_WORDS.get(_GROUP_LEAD.sub("", folded)) or text
