"""Benchmarks of the reports app, on a temporary SQLite database.

(a) importing a 20,000-row recognition list, against openpyxl alone reading the same file
    (target: ratio <= 3);
(b) the national summary over 20,000 products, against one hand-written SQL query that
    computes the same figures (target: ratio <= 2).

Run with ``make bench`` or ``OCOP_TESTING=1 .venv/bin/python bench/run.py [--rows N]``.
The results are written up in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROWS = 20_000
OLD_PROVINCES, NEW_PROVINCES, DISTRICTS, COMMUNES = 63, 34, 4, 5

SUMMARY_SQL = """
WITH latest AS (
    SELECT c.id, c.product_id, c.stars, c.expires_on, c.revoked
    FROM certificates_certificate c
    WHERE NOT EXISTS (
        SELECT 1 FROM certificates_certificate l
        WHERE l.product_id = c.product_id
          AND (l.issued_on > c.issued_on OR (l.issued_on = c.issued_on AND l.id > c.id))
    )
)
SELECT
    (SELECT COUNT(*) FROM latest),
    (SELECT COUNT(DISTINCT p.producer_id) FROM latest JOIN registry_product p
        ON p.id = latest.product_id),
    (SELECT COUNT(*) FROM latest WHERE stars = 3),
    (SELECT COUNT(*) FROM latest WHERE stars = 4),
    (SELECT COUNT(*) FROM latest WHERE stars = 5),
    (SELECT COUNT(*) FROM latest WHERE expires_on < %s AND NOT revoked),
    (SELECT COUNT(*) FROM latest WHERE expires_on >= %s AND expires_on <= %s AND NOT revoked),
    (SELECT COUNT(*) FROM certificates_certificate),
    (SELECT COUNT(*) FROM certificates_certificate c JOIN certificates_certificate p
        ON p.id = c.previous_id WHERE c.stars > p.stars),
    (SELECT COUNT(*) FROM certificates_certificate WHERE revoked)
"""


def setup_django(data_dir: str | None = None) -> None:
    """A throw-away database in a temporary folder (unless Django is already set up)."""
    import django
    from django.conf import settings

    if settings.configured and "OCOP_BENCH_DIR" not in os.environ and data_dir is None:
        return
    os.environ.setdefault("OCOP_TESTING", "1")
    os.environ["OCOP_DATA_DIR"] = data_dir or tempfile.mkdtemp(prefix="ocop-bench-")
    os.environ["OCOP_BENCH_DIR"] = os.environ["OCOP_DATA_DIR"]
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_units(rng: random.Random) -> list[str]:
    """Old provinces with districts and communes, each mapped to a new province and commune.

    Returns the names of the old provinces."""
    from ocop.geo.models import AdminUnit
    from ocop.geo.names import name_key

    def unit(era, level, code, name, parent, current_path, utype):
        path = f"{parent.path if parent else f'/{era}/'}{code}/"
        return AdminUnit(
            key=f"{era}:{level[0]}:{code}",
            era=era,
            level=level,
            code=code,
            name=name,
            unit_type=utype,
            full_name=name,
            name_folded=name_key(name),
            parent=parent,
            path=path,
            current_path=current_path or (path if era == "new" else ""),
            latitude=round(rng.uniform(9, 23), 4),
            longitude=round(rng.uniform(103, 109), 4),
        )

    new_provinces = AdminUnit.objects.bulk_create(
        unit("new", "province", f"{k:02d}", f"Tỉnh Mới {k}", None, "", "tinh")
        for k in range(1, NEW_PROVINCES + 1)
    )
    old_provinces = AdminUnit.objects.bulk_create(
        unit(
            "old", "province", f"{i:02d}", f"Tỉnh Cũ {i}", None,
            new_provinces[i % NEW_PROVINCES].path, "tinh",
        )
        for i in range(1, OLD_PROVINCES + 1)
    )  # fmt: skip
    districts = AdminUnit.objects.bulk_create(
        unit(
            "old", "district", f"{p.code}{d}", f"Huyện {p.code}-{d}", p,
            new_provinces[int(p.code) % NEW_PROVINCES].path, "huyen",
        )
        for p in old_provinces
        for d in range(DISTRICTS)
    )  # fmt: skip
    new_communes = AdminUnit.objects.bulk_create(
        unit("new", "commune", f"9{d.code}{c}", f"Xã Mới {d.code}-{c}", new_provinces[
            int(d.code[:2]) % NEW_PROVINCES], "", "xa")
        for d in districts
        for c in range(COMMUNES)
    )  # fmt: skip
    AdminUnit.objects.bulk_create(
        unit("old", "commune", f"{d.code}{c}", f"Xã {d.code}-{c}", d, nc.path, "xa")
        for (d, c), nc in zip(
            ((d, c) for d in districts for c in range(COMMUNES)), new_communes, strict=True
        )
    )
    return [p.name for p in old_provinces]


def write_results(path: Path, rows: int, provinces: list[str], rng: random.Random) -> None:
    """A recognition list of ``rows`` rows, about 5% of them upgrades of earlier rows."""
    from openpyxl import Workbook

    from ocop.reports.imports import COLUMNS, LAYOUTS

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([COLUMNS[k].vi for k in LAYOUTS["results"]])
    producers = max(1, rows * 3 // 5)
    written: list[list] = []
    upgraded: set[str] = set()
    for n in range(rows):
        earlier = None
        if written and n % 20 == 19:  # an upgrade of an earlier product, a later decision
            earlier = list(rng.choice(written))
            if earlier[3] >= 2024 or earlier[12] == 5 or earlier[7] in upgraded:
                earlier = None
        if earlier:
            upgraded.add(earlier[7])
            year, code = earlier[3] + 1, earlier[5][:2]
            earlier[3:7] = [year, 2, f"{code}{year}-2/QĐ-UBND", f"20/11/{year}"]
            earlier[12] = earlier[12] + 1
            earlier[13] = 71 if earlier[12] == 4 else 91
            row = earlier
        else:
            p = rng.randrange(len(provinces))
            code = f"{p + 1:02d}"
            d, c = rng.randrange(DISTRICTS), rng.randrange(COMMUNES)
            year, rnd = rng.randint(2019, 2023), rng.randint(1, 2)
            producer = rng.randrange(producers)
            stars = rng.choice((3, 3, 3, 4, 4, 5))
            row = [
                provinces[p],
                f"Huyện {code}{d}",
                f"Xã {code}{d}-{c}",
                year,
                rnd,
                f"{code}{year}-{rnd}/QĐ-UBND",
                f"{15 if rnd == 1 else 20}/{6 if rnd == 1 else 11}/{year}",
                f"Sản phẩm thử {n}",
                rng.choice(("Thực phẩm", "Đồ uống", "Thảo dược", "Vải và may mặc")),
                f"Hợp tác xã Thử {producer}",
                "Hợp tác xã",
                _tax_code(producer) if producer % 2 else "",
                stars,
                {3: 60, 4: 75, 5: 92}[stars],
            ]
            written.append(row)
        sheet.append(row)
    book.save(path)


def _tax_code(serial: int) -> str:
    """A tax code with a valid check digit, or none when the serial has no check digit."""
    from ocop.registry.validators import tax_check_digit

    nine = f"{100000000 + serial:09d}"
    check = tax_check_digit(nine)
    return "" if check is None else f"{nine}{check}"


def time_read(path: Path, repeat: int = 3) -> float:
    """openpyxl alone, read-only, every cell value of every row (best of ``repeat``)."""
    import openpyxl

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
        times.append(time.perf_counter() - start)
        assert count > 1
    return min(times)


def time_import(path: Path, *, dry_run: bool = False) -> tuple[float, dict]:
    """The whole import; a dry run does every write, then rolls the transaction back."""
    from ocop.reports import services

    data = path.read_bytes()
    start = time.perf_counter()
    outcome = services.results_import(actor=None, data=data, filename=path.name, dry_run=dry_run)
    return time.perf_counter() - start, outcome.counts


def time_summary(repeat: int = 5) -> tuple[float, float, dict, tuple]:
    import datetime

    from django.db import connection
    from django.utils import timezone

    from ocop.reports import selectors

    day = timezone.localdate()
    ours, sql = [], []
    data = row = None
    for _ in range(repeat):
        start = time.perf_counter()
        data = selectors.summary()
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(SUMMARY_SQL, [day, day, day + datetime.timedelta(days=180)])
            row = cursor.fetchone()
        sql.append(time.perf_counter() - start)
    return min(ours), min(sql), data, row


def run(rows: int = ROWS, *, out=sys.stdout, seed: int = 2020) -> dict:
    """Build the data, run both measurements and print them. Returns the figures."""
    rng = random.Random(seed)
    provinces = build_units(rng)
    folder = Path(tempfile.mkdtemp(prefix="ocop-bench-files-"))
    path = folder / "results.xlsx"
    write_results(path, rows, provinces, rng)
    # interleaved, best of three each, so that both see the same load on a shared machine;
    # the first two imports are rolled back, the last one stays for the summary
    reads, imports = [], []
    for attempt in range(3):
        reads.append(time_read(path, repeat=1))
        seconds, counts = time_import(path, dry_run=attempt < 2)
        imports.append(seconds)
    read, imported = min(reads), min(imports)
    ours, sql, data, row = time_summary()
    figures = {
        "rows": rows,
        "read_s": read,
        "import_s": imported,
        "import_ratio": imported / read,
        "summary_s": ours,
        "sql_s": sql,
        "summary_ratio": ours / sql,
        "counts": counts,
        "products": data["products"],
        "producers": data["producers"],
    }
    assert (data["products"], data["producers"]) == (row[0], row[1]), (data, row)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, SQLite {_sqlite_version()}", file=out)  # fmt: skip
    print(f"(a) import {rows} rows: {imported:.2f} s; openpyxl read alone: {read:.2f} s; "
          f"ratio {figures['import_ratio']:.2f} (target <= 3)", file=out)  # fmt: skip
    print(f"(b) national summary over {data['products']} products: {ours * 1000:.1f} ms; "
          f"hand-written SQL: {sql * 1000:.1f} ms; ratio {figures['summary_ratio']:.2f} "
          f"(target <= 2)", file=out)  # fmt: skip
    print(f"    import counts: {counts}", file=out)
    return figures


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    args = parser.parse_args()
    setup_django()
    figures = run(args.rows)
    ok = figures["import_ratio"] <= 3 and figures["summary_ratio"] <= 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
