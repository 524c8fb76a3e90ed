"""The public catalogue (danh mục sản phẩm OCOP): the products recognised today, read as their
certificates in force and valid, with what a card or a list row shows and nothing more.

``recognised_certificates`` is the answer on the certificates themselves (open data, counts);
``catalogue`` reads the same answer from the catalogue's index (``catalogue_index``, decision
0069), one row per card with no join, so that a page of the catalogue, a unit's or a
producer's products costs one query. A product leaves both the moment its certificate is
revoked or expires. The search matches folded words in any order in the product and producer
names and the certificate code, through the text index of the database in use.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from ocop.accounts.scope import unit_q
from ocop.certificates.catalogue_index import entries_matching, entries_on
from ocop.certificates.models import CatalogueEntry, Certificate
from ocop.certificates.selectors import certificates_matching, certificates_valid_in_force

# ?sap_xep= values, each an ordering of entries; the first is the default.
SORTS = {
    "sao": ("-stars", "product_name", "pk"),
    "ten": ("product_name", "pk"),
    "moi": ("-issued_on", "product_name", "pk"),
}

# What a card reads: never the product set's score sheet, scores or private fields.
CARD_FIELDS = (
    "code",
    "stars",
    "issued_on",
    "expires_on",
    "product_id",
    "product_code",
    "product_name",
    "producer_code",
    "producer_name",
    "product_set_id",
    "province_id",
)


def catalogue_search(qs: QuerySet[CatalogueEntry], query: str) -> QuerySet[CatalogueEntry]:
    """Every folded word of ``query`` in the product name, the producer name or the
    certificate code, in any order ("ruou do" finds "Rượu đồ"), through the database's text
    index. The caller has checked the text against ``ocop.core.search``'s limits."""
    return entries_matching(qs, query) if query else qs


def recognised_certificates(
    *,
    query: str = "",
    stars: int | None = None,
    unit=None,
    set_number: int | None = None,
    year: int | None = None,
    producer=None,
    day: datetime.date | None = None,
) -> QuerySet[Certificate]:
    """Certificates in force and valid on ``day`` (today), one per recognised product, of a
    product not archived.

    ``unit`` is a unit of either structure: a former unit lists what was recorded under it,
    a current one also what was recorded under the units it absorbed. ``year`` is the year
    the certificate was issued (the year of recognition)."""
    qs = certificates_valid_in_force(day).filter(product__archived_at__isnull=True)
    qs = certificates_matching(qs, query) if query else qs
    return _narrow(qs, "product__", stars, unit, set_number, year, producer)


def _narrow(qs, product: str, stars, unit, set_number, year, producer):
    """The filters, on certificates (``product`` = ``"product__"``) or on entries, which
    carry the product's fields under the same names (``""``)."""
    if stars is not None:
        qs = qs.filter(stars=stars)
    if unit is not None:
        qs = qs.filter(unit_q([unit.path], f"{product}origin_unit__", f"{product}province__"))
    if set_number is not None:
        qs = qs.filter(**{f"{product}product_set__number": set_number})
    if year is not None:
        qs = qs.filter(issued_on__year=year)
    if producer is not None:
        qs = qs.filter(**{f"{product}producer": producer})
    return qs


def catalogue(
    *,
    query: str = "",
    stars: int | None = None,
    unit=None,
    set_number: int | None = None,
    year: int | None = None,
    producer=None,
    day: datetime.date | None = None,
    sort: str = "sao",
) -> QuerySet[CatalogueEntry]:
    """The entries of ``recognised_certificates`` with the same filters, sorted by ``sort``
    (a key of ``SORTS``), with the fields of a card."""
    qs = catalogue_search(entries_on(day), query)
    qs = _narrow(qs, "", stars, unit, set_number, year, producer)
    return qs.only(*CARD_FIELDS).order_by(*SORTS.get(sort, SORTS["sao"]))


def recognition_years(day: datetime.date | None = None) -> list[int]:
    """The years in which the certificates valid today were issued, newest first."""
    dates = entries_on(day).dates("issued_on", "year", order="DESC")
    return [d.year for d in dates]
