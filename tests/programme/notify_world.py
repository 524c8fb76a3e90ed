"""A certificate of the producer's recognised product, made directly (no round), for the
expiry warnings and notification tests."""

from __future__ import annotations

import datetime

from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision


def make_certificate(product, unit, *, expires_on: datetime.date, stars: int = 3, **extra):
    decision = RecognitionDecision.objects.create(
        number=f"{product.pk}/QĐ-UBND",
        decided_on=expires_on.replace(year=expires_on.year - 3),
        year=expires_on.year - 3,
        level=DecisionLevel.PROVINCE,
        unit=unit,
    )
    return Certificate.objects.create(
        product=product,
        producer=product.producer,
        decision=decision,
        stars=stars,
        issued_on=expires_on.replace(year=expires_on.year - 3),
        expires_on=expires_on,
        **extra,
    )
