"""Amounts in đồng, written the page's way: ``1.000.000 đ`` in Vietnamese, ``1,000,000 đ`` in
English (the thousands separator of ``ocop/formats``), nothing written as ``—``.

One definition for every page and message that shows money (support allocations, trade-fair
sales); templates use it as ``{% load money %}{{ amount|vnd }}``.
"""

from django.utils.formats import number_format

EMPTY = "—"


def vnd(amount: int | None) -> str:
    """``1000000`` -> ``1.000.000 đ`` (the active language's grouping); ``None`` -> ``—``."""
    if amount is None or amount == "":
        return EMPTY
    return f"{number_format(amount, decimal_pos=0, force_grouping=True)} đ"
