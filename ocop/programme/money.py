"""Amounts in đồng as Vietnamese offices write them."""


def vnd(amount: int | None) -> str:
    """``1000000`` -> ``1.000.000 đ`` (dots between thousands, the đồng sign after)."""
    return f"{amount or 0:,} đ".replace(",", ".")
