"""SQLite with one writer at a time: edits wait for a long write (an import) instead of failing,
and a write that cannot start in time answers 503 with nothing saved.

The suite's SQLite test database lives in memory, where locks do not wait; these tests copy it
to a file and point every new connection there, as in production.
"""

import re
import sqlite3
import sys
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from ocop.registry.models import Product
from tests import factories as f

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single-writer lock"),
    pytest.mark.django_db(transaction=True),
]

EDITORS = 6
HOLD_SECONDS = 2.0


@pytest.fixture
def file_database(transactional_db, tmp_path):
    """The test database copied to a file; the main thread and every new thread use the file
    until the test ends, then the in-memory database comes back untouched."""
    memory = connections["default"]
    memory.ensure_connection()
    path = tmp_path / "ocop.sqlite3"
    target = sqlite3.connect(path)
    memory.connection.backup(target)
    target.close()

    shared = memory.settings_dict  # the dict new connections are built from
    saved = {"NAME": shared["NAME"], "OPTIONS": shared.get("OPTIONS", {})}
    memory.settings_dict = dict(shared)  # keep the open in-memory connection as it is
    shared["NAME"] = str(path)
    shared["OPTIONS"] = dict(saved["OPTIONS"])
    on_file = connections.create_connection("default")
    connections["default"] = on_file
    try:
        yield shared
    finally:
        on_file.close()
        shared.update(saved)
        memory.settings_dict = shared
        connections["default"] = memory


def hold_write_lock(seconds: float, started: threading.Event) -> None:
    """A long write transaction, such as a large import, holding SQLite's write lock."""
    try:
        with transaction.atomic():
            Product.objects.update(description="import in progress")
            started.set()
            time.sleep(seconds)
    finally:
        connection.close()


def run_edits_during_a_long_write(user, products, hold: float) -> list:
    """Each product edited through the page by its own thread while another thread holds the
    write lock for ``hold`` seconds; the status codes of the edits."""
    clients = []
    for _ in products:
        client = Client()
        client.force_login(user)  # the session row is written here, before the lock is taken
        clients.append(client)
    statuses: list = [None] * len(products)
    go = threading.Event()

    def edit(index: int) -> None:
        product = products[index]
        go.wait(10)
        try:
            response = clients[index].post(
                reverse("registry:product_edit", kwargs={"code": product.public_code}),
                {
                    "name": f"Sản phẩm đã sửa {index}",
                    "origin_unit": product.origin_unit_id,
                    "product_set": product.product_set_id,
                    "description": "",
                    "story": "",
                    "gtin": "",
                },
            )
            statuses[index] = response.status_code
        finally:
            connection.close()

    editors = [threading.Thread(target=edit, args=(i,)) for i in range(len(products))]
    for t in editors:
        t.start()
    started = threading.Event()
    writer = threading.Thread(target=hold_write_lock, args=(hold, started))
    writer.start()
    try:
        assert started.wait(10)
    finally:
        go.set()
        for t in [writer, *editors]:
            t.join(60)
    return statuses


@pytest.fixture
def products(producer, product_set):
    return [f.ProductFactory(producer=producer, product_set=product_set) for _ in range(EDITORS)]


def test_product_edits_wait_for_a_long_write_and_all_succeed(personas, products, file_database):
    assert file_database["OPTIONS"]["timeout"] > HOLD_SECONDS
    statuses = run_edits_during_a_long_write(personas.commune, products, HOLD_SECONDS)
    assert statuses == [302] * EDITORS
    names = set(Product.objects.filter(pk__in=[p.pk for p in products]).values_list("name"))
    assert names == {(f"Sản phẩm đã sửa {i}",) for i in range(EDITORS)}


def test_an_edit_that_cannot_get_the_lock_in_time_answers_503_and_saves_nothing(
    personas, products, file_database
):
    options = file_database["OPTIONS"]
    options["timeout"] = 0.2
    options["init_command"] = re.sub(
        r"busy_timeout=\d+", "busy_timeout=200", options["init_command"]
    )
    assert "busy_timeout=200" in options["init_command"]
    statuses = run_edits_during_a_long_write(personas.commune, products[:2], 1.0)
    assert statuses == [503, 503]
    assert not Product.objects.filter(name__startswith="Sản phẩm đã sửa").exists()


def test_edits_during_a_large_results_import_wait_and_succeed(
    personas, products, file_database, monkeypatch
):
    """A real import (thousands of rows, one write transaction) and page edits at once: the
    edits wait for the import's commit and every one of them is saved."""
    from ocop.reports import import_write
    from ocop.reports import services as import_services
    from tests.reports.conftest import RESULT_HEADER

    rows = 3000
    lines = [",".join(RESULT_HEADER)]
    for n in range(rows):
        lines.append(
            f"Hòa Bình,Yên Thủy,Phú Lai,2024,1,{n // 500 + 1}/QĐ-UBND,01/03/2024,"
            f"Sản phẩm nhập {n:05d},Đồ uống,HTX Nhập {n // 3:05d},Hợp tác xã,,3,60"
        )
    data = "\n".join(lines).encode()
    in_write = threading.Event()
    signals = []
    original = import_write.Writer.producers

    def producers(self):
        # the import's write transaction has begun: let the editors go now
        in_write.set()
        for event in signals:
            event.set()
        return original(self)

    monkeypatch.setattr(import_write.Writer, "producers", producers)
    outcome = {}

    def run_import(seconds, started):
        signals.append(started)
        try:
            outcome["result"] = import_services.results_import(
                actor=None, data=data, filename="lon.csv"
            )
        finally:
            connection.close()

    monkeypatch.setattr(sys.modules[__name__], "hold_write_lock", run_import)
    began = time.monotonic()
    statuses = run_edits_during_a_long_write(personas.commune, products, 0)
    assert in_write.is_set()
    assert outcome["result"].counts["certificates_created"] == rows
    assert statuses == [302] * EDITORS, f"after {time.monotonic() - began:.1f} s: {statuses}"
