"""The catalogue's index (decision 0069): one ``CatalogueEntry`` per certificate that is valid
today or may be in force later, with what a card shows and a folded search text.

``catalogue_refresh`` rebuilds the entries of some products from their certificates, in the
caller's transaction; it is called wherever the data version changes for a certificate, a
product or a producer (model signals in ``apps.py``, and explicitly by the writers that
bypass signals: certificate issue, relinking, imports, generated data). Whether an entry is in
the catalogue on a day is decided when reading, by ``status_q`` and the day the product's next
certificate takes over, so the passing of days needs no write.

The text index depends on the database: SQLite searches an FTS5 table (trigram tokenizer,
substring matches of three letters or more; shorter words fall back to ``LIKE``) that
``catalogue_refresh`` writes beside the entries; PostgreSQL runs ``LIKE`` on ``search_text``, served by a
``pg_trgm`` GIN index when the extension could be installed. ``entries_matching`` is the one
place that chooses.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ocop.certificates.models import CatalogueEntry, Certificate
from ocop.certificates.status import CertificateStatus, status_on, status_q
from ocop.core.search import search_terms
from ocop.core.text import fold
from ocop.registry.models import Product

FTS_TABLE = "certificates_catalogue_fts"
TRIGRAM = 3  # the shortest word the trigram index can find
_CHUNK = 2000

# Product fields an entry copies: a save that touches none of them leaves the index alone.
PRODUCT_FIELDS = frozenset(
    {"name", "name_folded", "public_code", "producer", "producer_id", "product_set"}
    | {"product_set_id", "origin_unit", "origin_unit_id", "province", "province_id"}
    | {"archived_at"}
)
PRODUCER_FIELDS = frozenset({"name", "name_folded", "public_code"})


def sqlite_tokenizer() -> str:
    """The FTS5 tokenizer this SQLite offers: trigram from 3.34, else prefixes of words."""
    return "trigram" if sqlite3.sqlite_version_info >= (3, 34) else "unicode61"


def _search_text(product_folded: str, producer_folded: str, code: str) -> str:
    return "\n".join((product_folded or "", producer_folded or "", fold(code)))


def _entries(product_ids: list[int], day: datetime.date) -> list[CatalogueEntry]:
    certificates = (
        Certificate.objects.filter(product_id__in=product_ids, product__archived_at__isnull=True)
        .select_related("product", "product__producer")
        .only(
            "pk",
            "code",
            "stars",
            "issued_on",
            "expires_on",
            "revoked",
            "revoked_on",
            "superseded",
            "superseded_on",
            "product__public_code",
            "product__name",
            "product__name_folded",
            "product__product_set_id",
            "product__origin_unit_id",
            "product__province_id",
            "product__producer__public_code",
            "product__producer__name",
            "product__producer__name_folded",
        )
        .order_by("product_id", "issued_on", "pk")
    )
    chains: dict[int, list[Certificate]] = defaultdict(list)
    for cert in certificates:
        chains[cert.product_id].append(cert)
    entries = []
    for chain in chains.values():
        for cert, after in zip(chain, [*chain[1:], None], strict=True):
            followed_on = after.issued_on if after is not None else None
            if status_on(cert, day) != CertificateStatus.VALID:
                continue  # revoked, superseded or expired: never valid again
            if followed_on is not None and followed_on <= day:
                continue  # a later certificate is in force from now on
            product, producer = cert.product, cert.product.producer
            entries.append(
                CatalogueEntry(
                    certificate_id=cert.pk,
                    product_id=product.pk,
                    code=cert.code,
                    stars=cert.stars,
                    issued_on=cert.issued_on,
                    expires_on=cert.expires_on,
                    revoked=cert.revoked,
                    revoked_on=cert.revoked_on,
                    superseded=cert.superseded,
                    superseded_on=cert.superseded_on,
                    followed_on=followed_on,
                    product_code=product.public_code,
                    product_name=product.name,
                    producer_id=producer.pk if producer else None,
                    producer_code=producer.public_code if producer else "",
                    producer_name=producer.name if producer else "",
                    product_set_id=product.product_set_id,
                    origin_unit_id=product.origin_unit_id,
                    province_id=product.province_id,
                    search_text=_search_text(
                        product.name_folded, producer.name_folded if producer else "", cert.code
                    ),
                )
            )
    return entries


def catalogue_refresh(*, product_ids: Iterable[int] = (), producer_ids: Iterable[int] = ()) -> None:
    """Rebuild the entries of these products (and of every product of these producers) from
    their certificates as stored, in the caller's transaction."""
    ids = set(product_ids)
    producers = sorted(set(producer_ids))
    for start in range(0, len(producers), _CHUNK):
        chunk = producers[start : start + _CHUNK]
        ids.update(Product.objects.filter(producer_id__in=chunk).values_list("pk", flat=True))
    ordered = sorted(ids)
    day = timezone.localdate()
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        _fts_write("delete", chunk)
        CatalogueEntry.objects.filter(product_id__in=chunk).delete()
        CatalogueEntry.objects.bulk_create(_entries(chunk, day), batch_size=500)
        _fts_write("insert", chunk)


def _fts_write(what: str, product_ids: list[int]) -> None:
    """Remove (before the entries go) or add (after they come) the products' FTS rows."""
    if connection.vendor != "sqlite" or not product_ids:
        return
    marks = ", ".join(["%s"] * len(product_ids))
    table = CatalogueEntry._meta.db_table
    command = "'delete', " if what == "delete" else ""
    column = f"{FTS_TABLE}, " if what == "delete" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} ({column}rowid, search_text) "  # noqa: S608
            f"SELECT {command}certificate_id, search_text FROM {table} "
            f"WHERE product_id IN ({marks})",
            product_ids,
        )


def catalogue_rebuild() -> int:
    """Every entry again, from all certificates; returns how many entries there are."""
    CatalogueEntry.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")  # noqa: S608
    catalogue_refresh(product_ids=Certificate.objects.values_list("product_id", flat=True))
    return CatalogueEntry.objects.count()


def entries_on(day: datetime.date | None = None) -> QuerySet[CatalogueEntry]:
    """The entries of the certificates in force and valid on ``day`` (today): issued by then,
    not yet followed by the product's next one, and valid by ``status_q``."""
    day = day or timezone.localdate()
    return CatalogueEntry.objects.filter(
        Q(issued_on__lte=day),
        Q(followed_on__isnull=True) | Q(followed_on__gt=day),
        status_q(CertificateStatus.VALID, day),
    )


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def entries_matching(qs: QuerySet[CatalogueEntry], query: str) -> QuerySet[CatalogueEntry]:
    """Entries whose code, product or producer name holds every folded word of ``query``, in
    any order. The caller has checked the text against ``ocop.core.search``'s limits."""
    words = search_terms(query)
    if not words:
        return qs
    if connection.vendor != "sqlite":
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs
    if sqlite_tokenizer() == "trigram":
        indexed = [w for w in words if len(w) >= TRIGRAM]
        for word in words:
            if len(word) < TRIGRAM:
                qs = qs.filter(search_text__contains=word)
        expression = " AND ".join(_fts_phrase(w) for w in indexed)
    else:
        expression = " AND ".join(_fts_phrase(w) + "*" for w in words)
    if expression:
        qs = qs.filter(
            # the table is a constant; the words go in as a parameter, each quoted
            pk__in=RawSQL(  # noqa: S611
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [expression],
            )
        )
    return qs


# --------------------------------------------------------------------------- model signals
# Connected in ``apps.py`` beside the data version's, for the writes that go through save():
# a product or producer edited in the registry, a certificate saved by a service.


def _touches(update_fields, fields: frozenset) -> bool:
    return update_fields is None or bool(set(update_fields) & fields)


def on_certificate_change(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        catalogue_refresh(product_ids=[instance.product_id])


def on_product_change(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if not raw and _touches(update_fields, PRODUCT_FIELDS):
        catalogue_refresh(product_ids=[instance.pk])


def on_producer_change(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if not raw and _touches(update_fields, PRODUCER_FIELDS):
        catalogue_refresh(producer_ids=[instance.pk])


def fill_if_empty(**kwargs) -> None:
    """After ``migrate``: build the index once for a database that has certificates but no
    entries yet (the first migration to this version)."""
    if not CatalogueEntry.objects.exists() and Certificate.objects.exists():
        catalogue_rebuild()
