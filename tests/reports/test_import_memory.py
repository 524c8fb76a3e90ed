"""The import holds one batch of model instances at a time (decision 0099; the full measure
at 20,000 rows is ``bench/memory.py``)."""

import gc
import weakref

import pytest

from bench import memory
from ocop.registry.models import Producer
from ocop.reports import import_insert
from ocop.reports.imports import Row


@pytest.mark.django_db
def test_records_are_built_and_inserted_one_batch_at_a_time(units, monkeypatch):
    monkeypatch.setattr(import_insert, "BATCH", 3)
    built: list[weakref.ref] = []
    most = []

    def build(n: int) -> Producer:
        gc.collect()
        most.append(sum(1 for ref in built if ref() is not None))
        producer = import_insert.Maker.of(Producer)(
            name=f"Hợp tác xã {n}", name_folded=f"hop tac xa {n}", province_id=units.hoa_binh.pk
        )
        built.append(weakref.ref(producer))
        return producer

    ids = [
        p.pk for _, p in import_insert.insert_batched(Producer, range(7), build, key="public_code")
    ]
    assert len(set(ids)) == 7 and Producer.objects.filter(pk__in=ids).count() == 7
    # alive when an instance is built: those of its batch, and at most the last one handed
    # to the caller; building all seven first would leave up to six alive
    assert most[:4] == [0, 1, 2, 1] and max(most) <= 3


def test_checked_rows_are_slotted():
    assert not hasattr(Row(number=2), "__dict__")


def test_time_output_is_read_in_megabytes():
    report = "\tCommand being timed: ...\n\tMaximum resident set size (kbytes): 156250\n"
    assert memory.peak_mb(report) == 160.0
    with pytest.raises(ValueError):
        memory.peak_mb("no figures")
