"""Recognition decisions and certificates for the demo products.

The demo has no evaluation round to build a result from, so it cannot go through
``certificate_issue``; it writes the certificates directly and seals each one with
``ocop.certificates.signing.seal`` (frozen facts, signed), as the service does.
"""

from __future__ import annotations

import datetime

from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision
from ocop.certificates.signing import seal
from ocop.geo.models import AdminUnit
from ocop.registry.models import Product

FIRST_DECISION = ("DEMO-1021/QĐ-UBND", datetime.date(2021, 11, 26))
RENEWAL_DECISION = ("DEMO-2187/QĐ-UBND", datetime.date(2024, 11, 22))


def demo_decisions(province: AdminUnit) -> tuple[RecognitionDecision, RecognitionDecision]:
    """The 2021 decision and its 2024 renewal, made by ``province``."""
    made = []
    for number, day in (FIRST_DECISION, RENEWAL_DECISION):
        decision, _ = RecognitionDecision.objects.get_or_create(
            number=number,
            year=day.year,
            unit=province,
            defaults={
                "decided_on": day,
                "level": DecisionLevel.PROVINCE,
                "signer": "Người ký minh họa",
                "round_label": "Dữ liệu minh họa",
            },
        )
        made.append(decision)
    return made[0], made[1]


def _signed(**fields) -> Certificate:
    certificate = Certificate.objects.create(**fields)
    seal(certificate)
    return certificate


def certify(product: Product, stars: int, *, expired: bool, decisions) -> None:
    """The 2021 recognition, renewed in 2024 unless the product was left to expire."""
    first_decision, renewal_decision = decisions
    renewed_on = renewal_decision.decided_on
    first = _signed(
        product=product,
        producer=product.producer,
        decision=first_decision,
        stars=stars,
        issued_on=first_decision.decided_on,
        expires_on=first_decision.decided_on.replace(year=first_decision.decided_on.year + 3),
        superseded=not expired,
        superseded_on=None if expired else renewed_on,
    )
    if not expired:
        _signed(
            product=product,
            producer=product.producer,
            decision=renewal_decision,
            kind="reevaluation",
            previous=first,
            stars=stars,
            issued_on=renewed_on,
            expires_on=renewed_on.replace(year=renewed_on.year + 3),
        )
