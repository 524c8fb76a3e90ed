from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def hoa_binh_2020():
    """An invented list with the published 2020 counts of Hòa Bình: 70 products of 59
    producers at 3 stars or more, one of them upgraded from 3 to 4 stars in round 2."""
    return DATA / "hoa-binh-2020-counts.csv"


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


RESULT_HEADER = [
    "province", "district", "commune", "year", "round", "decision_no", "decision_date",
    "product_name", "product_group", "producer_name", "producer_type", "producer_tax_code",
    "stars", "score",
]  # fmt: skip
