"""The benchmark code paths on a few hundred rows, so that they keep working."""

import io

import pytest

from bench import run as bench


@pytest.mark.django_db(transaction=False)
def test_benchmark_runs_end_to_end_on_a_small_file():
    out = io.StringIO()
    figures = bench.run(200, out=out)
    assert figures["counts"]["certificates_created"] == 200
    assert figures["products"] == figures["counts"]["products_created"]
    text = out.getvalue()
    assert "(a) import 200 rows" in text and "ratio" in text and "(b) national summary" in text
