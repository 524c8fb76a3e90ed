"""The import's memory grows slowly with its rows (decision 0099; the full measure at 20,000
rows is ``bench/memory.py``)."""

import random
import tracemalloc

import pytest

from bench import memory
from bench import run as bench
from ocop.reports import services


def _peak(path) -> int:
    data = path.read_bytes()
    tracemalloc.start()
    try:
        services.results_import(actor=None, data=data, filename=path.name, dry_run=True)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.django_db
def test_import_memory_per_row_stays_small(tmp_path):
    rng = random.Random(7)
    provinces = bench.build_units(rng)
    small, large = tmp_path / "small.xlsx", tmp_path / "large.xlsx"
    bench.write_results(small, 100, provinces, rng)
    bench.write_results(large, 500, provinces, rng)
    _peak(small)  # caches and compiled queries of a first import
    per_row = (_peak(large) - _peak(small)) / 400
    # Python objects at the peak, per row: about 4.8 KB (slotted rows, rows streamed into the
    # check); it was 8.1 KB when the whole sheet and every record were held at once
    assert per_row < 6_000, per_row


def test_time_output_is_read_in_megabytes():
    report = "\tCommand being timed: ...\n\tMaximum resident set size (kbytes): 156250\n"
    assert memory.peak_mb(report) == 160.0
    with pytest.raises(ValueError):
        memory.peak_mb("no figures")
