"""The certified list as open data (dữ liệu mở): one stable schema for JSON and CSV, read row
by row so that a national list never sits in memory.

The rows are exactly the certificates in force and valid today
(``ocop.certificates.catalogue.catalogue``, the catalogue's own selector): an expired or
revoked certificate is never listed, and a revocation leaves the list at once since nothing
is cached. Names of the product, producer and units are the certificate's frozen facts (what
was decided and signed); the unit under the current structure is the one covering the
product's origin today. No score, ever. The schema is documented in docs/open-data.md; a
change that removes or renames a field raises ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.certificates import catalogue as certified
from ocop.certificates.pdf import verification_url
from ocop.certificates.status import status_on
from ocop.geo.display import unit_name
from ocop.geo.models import AdminUnit, Era

SCHEMA_VERSION = 1
SCHEMA_NAME = "ocop-certified-products"

# The fields of a row, in CSV column order (see docs/open-data.md).
FIELDS = (
    "certificate_code",
    "status",
    "stars",
    "product_code",
    "product",
    "producer_code",
    "producer",
    "unit",
    "province",
    "unit_code",
    "province_code",
    "unit_old",
    "province_old",
    "unit_as_certified",
    "province_as_certified",
    "decision_number",
    "decision_date",
    "issuing_body",
    "issued_on",
    "expires_on",
    "verification_url",
)

# What each field holds, for the open-data page (docs/open-data.md says the same).
FIELD_HELP = {
    "certificate_code": _("The code printed on the certificate and in its QR code."),
    "status": _("The certificate's status today: always “valid” in this list."),
    "stars": _("Stars: 3, 4 or 5."),
    "product_code": _("The product's public code (its page is /san-pham/<code>/)."),
    "product": _("The product's name as decided."),
    "producer_code": _("The producer's public code (its page is /chu-the/<code>/)."),
    "producer": _("The producer's name as decided."),
    "unit": _("The commune the product comes from, under the structure in force today."),
    "province": _("The province, under the structure in force today."),
    "unit_code": _("The official code of that commune."),
    "province_code": _("The official code of that province."),
    "unit_old": _(
        "The commune (or district) under the structure before 1 July 2025, when the product "
        "was recorded under it."
    ),
    "province_old": _(
        "The province under the structure before 1 July 2025, when the product was recorded "
        "under it."
    ),
    "unit_as_certified": _("The unit as written on the certificate when it was issued."),
    "province_as_certified": _("The province as written on the certificate when it was issued."),
    "decision_number": _("The number of the recognition decision."),
    "decision_date": _("The date of the decision (YYYY-MM-DD)."),
    "issuing_body": _("Who issued the decision."),
    "issued_on": _("First day of validity (YYYY-MM-DD)."),
    "expires_on": _("Last day of validity (YYYY-MM-DD)."),
    "verification_url": _("The public verification page of the certificate."),
}

# What a row reads from the database: the certificate, its facts and the product's units.
ROW_FIELDS = (
    "code",
    "stars",
    "issued_on",
    "expires_on",
    "revoked",
    "revoked_on",
    "superseded",
    "superseded_on",
    "facts",
    "product__public_code",
    "product__name",
    "product__producer__public_code",
    "product__producer__name",
    "decision__number",
    "decision__decided_on",
    "product__origin_unit__full_name",
    "product__origin_unit__path",
    "product__origin_unit__current_path",
    "product__origin_unit__era",
    "product__province__full_name",
    "product__province__path",
    "product__province__current_path",
    "product__province__era",
)


class CurrentUnits:
    """The units of the current structure by path, read once per list (a few thousand rows)."""

    def __init__(self):
        self.by_path = {
            path: (code, unit_name(AdminUnit(full_name=full_name)))
            for path, code, full_name in AdminUnit.objects.filter(era=Era.NEW).values_list(
                "path", "code", "full_name"
            )
        }

    def of(self, unit: AdminUnit | None) -> tuple[str, str, str, str]:
        """(unit code, unit name, province code, province name) today, for a unit of either
        structure; a former district has no single commune today, only its province."""
        if unit is None:
            return ("", "", "", "")
        path = unit.path if unit.era == Era.NEW else unit.current_path
        if not path:
            return ("", "", "", "")
        province_path = "/".join(path.strip("/").split("/")[:2])
        province_code, province = self.by_path.get(f"/{province_path}/", ("", ""))
        code, name = self.by_path.get(path, ("", ""))
        return (code, name, province_code, province)


def _registry_facts(cert) -> dict:
    """For a certificate recorded before facts were frozen: its names as the registry holds
    them (the same fallback as ``ocop.certificates.public.facts_of``, without a query)."""
    producer = cert.product.producer
    decided_on = cert.decision.decided_on
    return {
        "product_code": cert.product.public_code,
        "product": cert.product.name,
        "producer_code": producer.public_code if producer else None,
        "producer": producer.name if producer else None,
        "decision_number": cert.decision.number,
        "decision_date": decided_on.isoformat() if decided_on else None,
    }


def _former(unit: AdminUnit | None) -> str | None:
    """The unit's name under the former structure; none for a unit of the current one."""
    return unit_name(unit) if unit is not None and unit.era == Era.OLD else None


def certified_count(day: datetime.date | None = None) -> int:
    return certified.recognised_certificates(day=day).count()


def certified_rows(day: datetime.date | None = None) -> Iterator[dict]:
    """One dict per certificate valid on ``day`` (today), keys ``FIELDS``, ordered by code."""
    day = day or timezone.localdate()
    units = CurrentUnits()
    qs = (
        certified.recognised_certificates(day=day)
        .select_related(
            "product__origin_unit", "product__province", "product__producer", "decision"
        )
        .only(*ROW_FIELDS)
        .order_by("code")
    )
    for cert in qs.iterator(chunk_size=2000):
        product = cert.product
        facts = cert.facts or _registry_facts(cert)
        unit_code, unit, province_code, province = units.of(product.origin_unit)
        if not province:
            _, _, province_code, province = units.of(product.province)
        yield {
            "certificate_code": cert.code,
            "status": str(status_on(cert, day)),
            "stars": cert.stars,
            "product_code": facts.get("product_code"),
            "product": facts.get("product"),
            "producer_code": facts.get("producer_code"),
            "producer": facts.get("producer"),
            "unit": unit or None,
            "province": province or None,
            "unit_code": unit_code or None,
            "province_code": province_code or None,
            "unit_old": _former(product.origin_unit),
            "province_old": _former(product.province),
            "unit_as_certified": facts.get("unit"),
            "province_as_certified": facts.get("province"),
            "decision_number": facts.get("decision_number"),
            "decision_date": facts.get("decision_date"),
            "issuing_body": facts.get("issuing_body"),
            "issued_on": cert.issued_on.isoformat(),
            "expires_on": cert.expires_on.isoformat(),
            "verification_url": verification_url(cert.code),
        }
