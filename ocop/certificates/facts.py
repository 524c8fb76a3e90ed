"""The frozen facts of a certificate (dữ kiện của giấy chứng nhận): everything the verification
page, the API and the PDF state about it, fixed when it is issued or recorded.

A later rename of the product or producer, or a move of the product, changes the registry, not
the certificate: the facts stay as they were decided, and the signature covers them. What is
shown is what is signed.
"""

from __future__ import annotations

from ocop.certificates.offline import FACT_KEYS, FACTS_VERSION, canonical
from ocop.geo.display import unit_for_day, unit_name

__all__ = ["FACT_KEYS", "FACTS_VERSION", "canonical", "facts_for", "row_agrees"]

# Facts that must agree with the certificate's own columns, which status and lists read.
ROW_FACTS = ("code", "stars", "issued_on", "expires_on")


def _name(unit, on=None) -> str | None:
    """The unit's name; with ``on``, the name of the unit in force that day (a certificate
    issued after 1 July 2025 for a product still filed under a former commune)."""
    return unit_name(unit_for_day(unit, on)) if unit is not None else None


def facts_for(certificate) -> dict:
    """The facts of ``certificate`` as its product, producer and decision stand now."""
    product = certificate.product
    producer = certificate.producer or product.producer
    decision = certificate.decision
    facts = {
        "v": FACTS_VERSION,
        "code": certificate.code,
        "product_code": product.public_code,
        "product": product.name,
        "gtin": product.gtin or None,
        "producer_code": producer.public_code if producer else None,
        "producer": producer.name if producer else None,
        "unit": _name(product.origin_unit, certificate.issued_on),
        "province": _name(product.province, certificate.issued_on),
        "stars": certificate.stars,
        "kind": certificate.kind,
        "decision_number": decision.number,
        "decision_date": decision.decided_on.isoformat() if decision.decided_on else None,
        "issuing_body": _name(decision.unit)
        if decision.unit_id
        else str(decision.get_level_display()),
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat(),
    }
    return {key: facts[key] for key in FACT_KEYS}


def row_agrees(certificate) -> bool:
    """Whether the certificate's own columns still say what its facts say."""
    facts = certificate.facts or {}
    row = {
        "code": certificate.code,
        "stars": certificate.stars,
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat(),
    }
    return all(facts.get(key) == row[key] for key in ROW_FACTS)
