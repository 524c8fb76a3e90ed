"""A small world for the inspection and misuse tests: a recognised product with a valid 3-star
certificate issued on 10/03/2025 in province A (former Hòa Bình, now Phú Thọ)."""

from __future__ import annotations

import datetime

from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision

ISSUED = datetime.date(2025, 3, 10)


def recognised_certificate(units, product, *, stars=3, issued_on=ISSUED) -> Certificate:
    decision = RecognitionDecision.objects.create(
        number=f"{product.pk}/QĐ-UBND",
        decided_on=issued_on,
        year=issued_on.year,
        level=DecisionLevel.PROVINCE,
        unit=units.phu_tho,
    )
    product.status, product.stars = "recognised", stars
    product.save(update_fields=["status", "stars"])
    return Certificate.objects.create(
        product=product,
        producer=product.producer,
        decision=decision,
        stars=stars,
        issued_on=issued_on,
        expires_on=datetime.date(issued_on.year + 3, issued_on.month, issued_on.day),
    )
