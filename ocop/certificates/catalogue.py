"""The public catalogue (danh mục sản phẩm OCOP): the products recognised today, read as their
certificates in force and valid, with what a card or a list row shows and nothing more.

One selector answers the catalogue, the unit and producer pages and the open data, so a
product leaves all of them the moment its certificate is revoked or expires. The search
matches folded words in any order over stored folded columns (product and producer names)
and the certificate code; a text index can later stand behind ``catalogue_search`` without
changing its callers (decision 0092).
"""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from ocop.accounts.scope import unit_q
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import certificates_matching, certificates_valid_in_force
from ocop.registry.models import ProductPhoto

# ?sap_xep= values, each an ordering; the first is the default.
SORTS = {
    "sao": ("-stars", "product__name", "pk"),
    "ten": ("product__name", "pk"),
    "moi": ("-issued_on", "product__name", "pk"),
}

# What a card or a row reads: never the product set's score sheet, scores or private fields.
CARD_FIELDS = (
    "code",
    "stars",
    "issued_on",
    "expires_on",
    "product__public_code",
    "product__name",
    "product__producer__public_code",
    "product__producer__name",
    "product__product_set__number",
    "product__product_set__name_vi",
    "product__product_set__name_en",
    "product__province",
)


def first_public_photo():
    """The id of the product's first public photo, as a column of a certificate row."""
    return Subquery(
        ProductPhoto.objects.filter(product_id=OuterRef("product_id"), is_public=True)
        .order_by("position", "id")
        .values("pk")[:1]
    )


def catalogue_search(qs: QuerySet[Certificate], query: str) -> QuerySet[Certificate]:
    """Every folded word of ``query`` in the product name, the producer name or the
    certificate code, in any order ("ruou do" finds "Rượu đồ"). The caller has checked the
    text against ``ocop.core.search``'s limits."""
    return certificates_matching(qs, query) if query else qs


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
    qs = catalogue_search(qs, query)
    if stars is not None:
        qs = qs.filter(stars=stars)
    if unit is not None:
        qs = qs.filter(unit_q([unit.path], "product__origin_unit__", "product__province__"))
    if set_number is not None:
        qs = qs.filter(product__product_set__number=set_number)
    if year is not None:
        qs = qs.filter(issued_on__year=year)
    if producer is not None:
        qs = qs.filter(product__producer=producer)
    return qs


def catalogue(*, sort: str = "sao", **filters) -> QuerySet[Certificate]:
    """``recognised_certificates(**filters)`` with the fields of a card and the first public
    photo (``photo_id``), sorted by ``sort`` (a key of ``SORTS``)."""
    return (
        recognised_certificates(**filters)
        .select_related(
            "product",
            "product__producer",
            "product__product_set",
            "product__province",
        )
        .only(*CARD_FIELDS)
        .annotate(photo_id=first_public_photo())
        .order_by(*SORTS.get(sort, SORTS["sao"]))
    )


def recognition_years(day: datetime.date | None = None) -> list[int]:
    """The years in which the certificates valid today were issued, newest first."""
    dates = certificates_valid_in_force(day).dates("issued_on", "year", order="DESC")
    return [d.year for d in dates]
