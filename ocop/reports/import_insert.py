"""Inserting the rows of an import quickly and in batches (``ocop.reports.import_write``).

Model instances are built only for one batch at a time (``insert_batched``): a Django
instance costs about two kilobytes, and an import of 20,000 rows creates more than 50,000
records, so building them all first would hold them all at once (decision 0099). Every batch
is written in the import's one transaction: nothing changes unless every row passed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from django.db import connection
from django.utils import timezone

BATCH = 1000


class Maker:
    """Builds unsaved model instances quickly.

    Django's keyword constructor walks every field for every object; the positional one only
    assigns. Defaults are taken once, callables (public codes, JSON defaults) per object.
    Foreign keys are given by their ``_id`` attribute.
    """

    def __init__(self, model):
        fields = model._meta.concrete_fields
        self.model = model
        self.position = {f.attname: i for i, f in enumerate(fields)}
        dynamic = [f.has_default() and callable(f.default) for f in fields]
        self.base = [
            None if f.primary_key or call else f.get_default()
            for f, call in zip(fields, dynamic, strict=True)
        ]
        self.calls = [(i, f.default) for i, f in enumerate(fields) if dynamic[i]]

    @classmethod
    @functools.cache
    def of(cls, model) -> Maker:
        return cls(model)

    def __call__(self, **values):
        args = list(self.base)
        for index, default in self.calls:
            args[index] = default()
        for name, value in values.items():
            args[self.position[name]] = value
        return self.model(*args)


_PLAIN = (str, int, bool, type(None))


def insert(model, objects: list, *, key: str) -> list:
    """Insert ``objects`` with the driver's ``executemany`` and give them their ids.

    ``bulk_create`` prepares every value of every row through the field API, which costs more
    than reading the spreadsheet. Here only values that need it (dates, decimals, JSON) go
    through ``get_db_prep_save``; the ids are then read back by ``key``, a unique column whose
    values were generated for these objects (a public code).
    """
    if not objects:
        return objects
    unique_keys(model, objects, key)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    # creation and update times: the same instant for the whole import, prepared once
    stamped = {
        f.attname: f.get_db_prep_save(now, connection)
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    rows = []
    for obj in objects:
        values = []
        for f in fields:
            if f.attname in stamped:
                setattr(obj, f.attname, now)
                values.append(stamped[f.attname])
                continue
            value = getattr(obj, f.attname)
            values.append(value if type(value) in _PLAIN else f.get_db_prep_save(value, connection))
        rows.append(values)
    quote = connection.ops.quote_name
    # table and column names come from the model and are quoted; values are parameters
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    by_key = {getattr(obj, key): obj for obj in objects}
    for chunk in chunks(by_key):
        for value, pk in model.objects.filter(**{f"{key}__in": chunk}).values_list(key, "pk"):
            by_key[value].pk = pk
            by_key[value]._state.adding = False
    return objects


def unique_keys(model, objects: list, key: str) -> None:
    """Random codes are drawn again where they repeat, in the batch or in the table.

    A certificate code has 23^7 possible bodies: among tens of thousands drawn at once, a
    repeat is unlikely but possible, and would fail the whole import.
    """
    draw = model._meta.get_field(key).default
    seen: set[str] = set()
    clashes = [obj for obj in objects if getattr(obj, key) in seen or seen.add(getattr(obj, key))]
    checking = objects
    while True:
        for obj in clashes:
            while (code := draw()) in seen:
                pass
            setattr(obj, key, code)
            seen.add(code)
        codes = {getattr(obj, key) for obj in checking} | {getattr(obj, key) for obj in clashes}
        taken = {
            code
            for chunk in chunks(codes)
            for code in model.objects.filter(**{f"{key}__in": chunk}).values_list(key, flat=True)
        }
        if not taken:
            return
        clashes = [obj for obj in objects if getattr(obj, key) in taken]
        checking = []


def chunks(ids, size: int = 5000):
    """Ids in slices small enough for any database's limit on query parameters."""
    ids = sorted(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def insert_batched(
    model, specs: Iterable, build: Callable, *, key: str, prepare: Callable | None = None
) -> Iterable[tuple]:
    """Insert one record per item of ``specs``, ``BATCH`` at a time, and yield each
    ``(spec, instance)`` once the instance has its id. ``prepare(batch)`` (optional) reads
    what a batch needs, then ``build(spec)`` returns each unsaved instance. Only one batch of
    instances is alive at a time."""
    batch: list = []
    for spec in [*specs, None]:
        if spec is not None:
            batch.append(spec)
        if batch and (spec is None or len(batch) == BATCH):
            if prepare is not None:
                prepare(batch)
            yield from zip(batch, insert(model, [build(s) for s in batch], key=key), strict=True)
            batch = []
