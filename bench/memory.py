"""Peak memory of an import and of the national certified-list export (decision 0099).

Builds a throw-away SQLite data directory with the unit tree of ``bench/run.py``, writes its
20,000-row recognition list as .xlsx and .csv, then runs each command in a fresh process
under ``/usr/bin/time -v`` and reads its maximum resident set size:

- ``ocop check`` (for reference: Django with every module loaded);
- ``ocop import results list.xlsx --dry-run`` (every write done, then rolled back);
- ``ocop import results list.csv`` (kept, for the exports);
- ``ocop report certified --format csv|xlsx --output FILE`` (the published list).

Run with ``make bench-memory`` or ``OCOP_TESTING=1 .venv/bin/python bench/memory.py
[--rows N]``. Exits 1 when a peak passes its limit. The results are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run as bench  # noqa: E402 (the repository is put on the path first)

TIME = "/usr/bin/time"
IMPORT_LIMIT_MB = 160
EXPORT_LIMIT_MB = 160
PEAK = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


def peak_mb(report: str) -> float:
    """The maximum resident set size that ``time -v`` printed, in MB (10^6 bytes)."""
    found = PEAK.search(report)
    if found is None:
        raise ValueError("no 'Maximum resident set size' in the output of time -v")
    return int(found.group(1)) * 1024 / 1e6


def measure(args: list[str], data_dir: str) -> float:
    """Run ``python -m django ARGS`` under ``time -v`` against ``data_dir``; its peak in MB."""
    env = {
        **os.environ,
        "OCOP_TESTING": "1",
        "OCOP_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "ocop.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603 (fixed program, arguments from this file)
        [TIME, "-v", sys.executable, "-m", "django", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return peak_mb(done.stderr)


def prepare(rows: int, data_dir: str) -> tuple[Path, Path]:
    """The unit tree in ``data_dir`` and the recognition list as .xlsx and .csv."""
    import csv

    import openpyxl

    bench.setup_django(data_dir)
    rng = random.Random(2020)
    provinces = bench.build_units(rng)
    folder = Path(tempfile.mkdtemp(prefix="ocop-bench-memory-"))
    xlsx, text = folder / "results.xlsx", folder / "results.csv"
    bench.write_results(xlsx, rows, provinces, rng)
    book = openpyxl.load_workbook(xlsx, read_only=True)
    with open(text, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        for row in book.worksheets[0].iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
    book.close()
    return xlsx, text


def run(rows: int, *, out=sys.stdout) -> dict[str, float]:
    data_dir = tempfile.mkdtemp(prefix="ocop-bench-memory-data-")
    xlsx, text = prepare(rows, data_dir)
    folder = xlsx.parent
    figures = {
        "check": measure(["check"], data_dir),
        "import_xlsx": measure(["import", "results", str(xlsx), "--dry-run"], data_dir),
        "import_csv": measure(["import", "results", str(text)], data_dir),
    }
    for fmt in ("csv", "xlsx"):
        target = str(folder / f"certified.{fmt}")
        args = ["report", "certified", "--format", fmt, "--output", target]
        figures[f"export_{fmt}"] = measure(args, data_dir)
    limits = {
        "check": None,
        "import_xlsx": IMPORT_LIMIT_MB,
        "import_csv": IMPORT_LIMIT_MB,
        "export_csv": EXPORT_LIMIT_MB,
        "export_xlsx": EXPORT_LIMIT_MB,
    }
    labels = {
        "check": "ocop check (reference)",
        "import_xlsx": f"import {rows} rows, .xlsx, dry run",
        "import_csv": f"import {rows} rows, .csv",
        "export_csv": f"export certified list ({rows} rows), .csv",
        "export_xlsx": f"export certified list ({rows} rows), .xlsx",
    }
    print(f"{'measure':44} {'peak MB':>8} {'limit':>6}", file=out)
    for key, peak in figures.items():
        limit = limits[key]
        verdict = "" if limit is None else ("ok" if peak <= limit else "OVER")
        print(f"{labels[key]:44} {peak:8.1f} {limit or '':>6} {verdict}", file=out)
    figures["over"] = sum(
        1 for key, limit in limits.items() if limit is not None and figures[key] > limit
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=bench.ROWS)
    args = parser.parse_args()
    if not Path(TIME).exists():
        print(f"{TIME} is needed (Debian: apt-get install time)", file=sys.stderr)
        return 2
    figures = run(args.rows)
    return 1 if figures["over"] else 0


if __name__ == "__main__":
    sys.exit(main())
